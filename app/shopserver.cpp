#include "shopserver.h"

#include "sandbox/sandboxmetricsexporter.h"
#include "sandbox/sandboxplatform.h"

#include <atomic>
#include <csignal>

namespace firebreak {

namespace {
std::atomic_bool g_stopRequested { false };
extern "C" void requestShopStop(int)
{
    g_stopRequested = true;
}
} // namespace

ShopServer::ShopServer(const SandboxOptions& options, const QHostAddress& address, quint16 port, double forSeconds,
    std::FILE* out, std::FILE* err, QObject* parent)
    : QObject(parent)
    , m_platform(std::make_unique<SandboxPlatform>(options))
    , m_exporter(std::make_unique<SandboxMetricsExporter>(m_platform->world()))
    , m_address(address)
    , m_port(port)
    , m_forSeconds(forSeconds)
    , m_out(out)
    , m_err(err)
{
    // Signal handlers may only set a flag; the event loop looks at it.
    m_signalPoll.setInterval(100);
    connect(&m_signalPoll, &QTimer::timeout, this, [this] {
        if (g_stopRequested)
            finish(0);
    });
}

ShopServer::~ShopServer() = default;

void ShopServer::start()
{
    QString error;
    if (!m_exporter->listen(m_address, m_port, &error)) {
        std::fprintf(m_err, "firebreak: %s\n", qPrintable(error));
        std::fflush(m_err);
        QTimer::singleShot(0, this, [this] { finish(1); });
        return;
    }
    std::signal(SIGINT, requestShopStop);
    std::signal(SIGTERM, requestShopStop);
    m_signalPoll.start();
    if (m_forSeconds >= 0)
        QTimer::singleShot(qRound64(m_forSeconds * 1000), this, [this] { finish(0); });
    m_platform->start();
    const QString host = m_address.protocol() == QAbstractSocket::IPv6Protocol
        ? QStringLiteral("[%1]").arg(m_address.toString())
        : m_address.toString();
    const QStringList scenarios = m_platform->options().scenarios;
    std::fprintf(m_out, "serving the simulated shop's metrics at http://%s:%u/metrics (scenarios: %s, speed %gx)\n",
        qPrintable(host), unsigned(m_exporter->port()),
        qPrintable(scenarios.isEmpty() ? QStringLiteral("all, cycling") : scenarios.join(QStringLiteral(", "))),
        m_platform->options().speed);
    std::fflush(m_out);
}

void ShopServer::finish(int exitCode)
{
    if (m_finished)
        return;
    m_finished = true;
    m_signalPoll.stop();
    m_platform->stop();
    Q_EMIT finished(exitCode);
}

} // namespace firebreak
