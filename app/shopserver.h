#pragma once

#include "sandbox/sandboxoptions.h"

#include <QHostAddress>
#include <QObject>
#include <QTimer>
#include <cstdio>
#include <memory>

namespace firebreak {

class SandboxMetricsExporter;
class SandboxPlatform;

// `firebreak --serve-metrics HOST:PORT`: the simulated shop alone, headless, publishing its metrics
// for a real Prometheus to scrape. No store and no alert notifier of its own: in the lab the alerts
// come from Prometheus' rules through Alertmanager, exactly as in production. Runs for SECONDS of
// wall time or until SIGINT/SIGTERM.
class ShopServer : public QObject {
    Q_OBJECT
public:
    ShopServer(const SandboxOptions& options, const QHostAddress& address, quint16 port, double forSeconds,
        std::FILE* out, std::FILE* err, QObject* parent = nullptr);
    ~ShopServer() override;

    void start();

Q_SIGNALS:
    void finished(int exitCode);

private:
    void finish(int exitCode);

    std::unique_ptr<SandboxPlatform> m_platform;
    std::unique_ptr<SandboxMetricsExporter> m_exporter;
    QHostAddress m_address;
    quint16 m_port;
    double m_forSeconds;
    std::FILE* m_out;
    std::FILE* m_err;
    QTimer m_signalPoll;
    bool m_finished = false;
};

} // namespace firebreak
