#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <memory>

namespace firebreak::testing {

// A real server (Prometheus, Alertmanager, Firebreak itself) started by a test on loopback: it waits
// until the server answers a readiness URL, keeps its output for the failure message, and kills it
// when the test is done, so a failing test never leaves a server behind.
class ServerProcess {
public:
    ServerProcess(QString program, QStringList arguments);
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    // Starts the process and polls `readyUrl` (a GET that must answer 200) until `timeoutMs`.
    bool start(const QUrl& readyUrl, int timeoutMs = 30000);
    // Starts without waiting for readiness.
    bool startDetachedFromReadiness();
    void kill(); // SIGKILL, as a crash would
    void terminate(int timeoutMs = 10000); // SIGTERM, then SIGKILL after the timeout
    bool isRunning() const;
    qint64 pid() const;
    // What the process printed so far (stdout and stderr merged), for failure messages.
    QByteArray output();
    QString lastError() const { return m_error; }

private:
    QString m_program;
    QStringList m_arguments;
    std::unique_ptr<QProcess> m_process;
    QByteArray m_output;
    QString m_error;
};

// A loopback TCP port that was free a moment ago. Servers started on it may still lose a race
// with another program; callers retry with a new port when start() fails.
quint16 freeLoopbackPort();

// GET or POST on loopback with a short timeout, for readiness checks and simple calls in tests.
struct HttpAnswer {
    int status = 0; // 0 when no HTTP answer came
    QByteArray body;
    QString error;
};
HttpAnswer httpGet(const QUrl& url, int timeoutMs = 5000);
HttpAnswer httpPost(const QUrl& url, const QByteArray& body, const QByteArray& contentType,
    const QByteArray& authorization = {}, int timeoutMs = 10000);

} // namespace firebreak::testing
