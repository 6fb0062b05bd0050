#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonDocument>
#include <QList>
#include <QMap>
#include <QObject>
#include <QSslConfiguration>
#include <QUrl>
#include <QUrlQuery>
#include <optional>

class QTcpServer;
class QTcpSocket;

namespace firebreak::testing {

// One request as the fake server received it. Header names are lower case.
struct RecordedRequest {
    QByteArray method;
    QString path; // decoded, without the query
    QUrlQuery query;
    QMap<QByteArray, QByteArray> headers;
    QByteArray body;

    QByteArray header(const QByteArray& name) const { return headers.value(name.toLower()); }
    QJsonDocument json() const { return QJsonDocument::fromJson(body); }
    QString queryValue(const QString& key) const { return query.queryItemValue(key, QUrl::FullyDecoded); }
};

struct ScriptedResponse {
    int status = 200;
    QByteArray body;
    QByteArray contentType = "application/json";
    int delayMs = 0; // answer after this long
    bool neverAnswer = false; // keep the connection open without a word (for timeouts)
};

// A loopback HTTP/1.1 server for contract tests of HTTP clients: it records every request (method,
// path, query, headers, body) and answers from a script keyed by method and path. Each key holds a
// queue of responses; the last one repeats, so "running, running, succeeded" scripts a poll.
// Unscripted requests get 404 with a body naming them. Optionally serves TLS (QSslServer).
class RecordingHttpServer final : public QObject {
    Q_OBJECT
public:
    explicit RecordingHttpServer(QObject* parent = nullptr);
    ~RecordingHttpServer() override;

    // Listens on 127.0.0.1 on a free port; with a configuration, speaks TLS.
    bool listen(const std::optional<QSslConfiguration>& tls = std::nullopt);
    QUrl url() const; // http(s)://127.0.0.1:PORT

    void script(const QByteArray& method, const QString& path, const ScriptedResponse& response);
    void script(const QByteArray& method, const QString& path, const QList<ScriptedResponse>& responses);
    // A response with the body read from a file (fixtures).
    static ScriptedResponse fromFile(const QString& file, int status = 200);

    QList<RecordedRequest> requests() const { return m_requests; }
    QList<RecordedRequest> requests(const QByteArray& method, const QString& path) const;
    int count(const QByteArray& method, const QString& path) const;
    // Processes events until at least `n` requests to method+path arrived (any when method is empty).
    bool waitFor(const QByteArray& method, const QString& path, int n = 1, int timeoutMs = 5000) const;

Q_SIGNALS:
    void received(const firebreak::testing::RecordedRequest& request);

private:
    struct Connection {
        QByteArray buffer;
        bool answered = false;
    };

    void onConnection();
    void onReadyRead(QTcpSocket* socket);
    void respond(QTcpSocket* socket, const RecordedRequest& request);

    QTcpServer* m_server = nullptr;
    bool m_tls = false;
    QHash<QTcpSocket*, Connection> m_connections;
    QHash<QString, QList<ScriptedResponse>> m_script;
    QList<RecordedRequest> m_requests;
};

// A self-signed certificate for CN=localhost with IP 127.0.0.1, made by the openssl command in `dir`.
// Returns false (with `error`) when openssl is missing or fails.
bool makeSelfSignedCertificate(const QString& dir, QString& certificateFile, QString& keyFile, QString& error);

} // namespace firebreak::testing
