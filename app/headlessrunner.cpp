#include "headlessrunner.h"

#include "domain/eventformat.h"
#include "enginehost.h"
#include "store/storewriter.h"

#include <QCoreApplication>
#include <atomic>
#include <csignal>

namespace firebreak {

namespace {
std::atomic_bool g_stopRequested { false };
extern "C" void requestStop(int)
{
    g_stopRequested = true;
}
} // namespace

HeadlessRunner::HeadlessRunner(EngineHost& host, std::FILE* out, bool json, double forSeconds, QObject* parent)
    : QObject(parent)
    , m_host(host)
    , m_out(out)
    , m_json(json)
    , m_forSeconds(forSeconds)
{
    connect(m_host.writer(), &StoreWriter::committed, this, &HeadlessRunner::print);
    connect(&m_host, &EngineHost::storeOpened, this, &HeadlessRunner::onStoreOpened);
    connect(&m_host, &EngineHost::fatalError, this, [this](const QString& message) {
        std::fprintf(stderr, "firebreak: %s\n", qPrintable(message));
        finish(1);
    });
    // Sources that go down or come back are worth a line on stderr; stdout stays the timeline.
    connect(&m_host, &EngineHost::sourceHealth, this, [](const SourceHealth& health) {
        if (health.state == SourceHealth::State::Down || health.state == SourceHealth::State::Degraded
            || health.state == SourceHealth::State::Up)
            std::fprintf(stderr, "firebreak: %s: %s%s%s\n", qPrintable(health.name),
                health.state == SourceHealth::State::Up         ? "up"
                    : health.state == SourceHealth::State::Down ? "down"
                                                                : "degraded",
                health.detail.isEmpty() ? "" : " - ", qPrintable(health.detail));
    });
    // Signal handlers may only set a flag; the event loop looks at it.
    m_signalPoll.setInterval(100);
    connect(&m_signalPoll, &QTimer::timeout, this, [this] {
        if (g_stopRequested)
            finish(0);
    });
}

void HeadlessRunner::start()
{
    std::signal(SIGINT, requestStop);
    std::signal(SIGTERM, requestStop);
    m_signalPoll.start();
    if (m_forSeconds >= 0)
        QTimer::singleShot(qRound64(m_forSeconds * 1000), this, [this] { finish(0); });
    m_host.start();
}

void HeadlessRunner::onStoreOpened(const StoreOpenResult& result)
{
    if (!result.problem.isEmpty())
        std::fprintf(stderr, "firebreak: %s\n", qPrintable(result.problem));
    if (!result.ok || result.readOnly) {
        std::fprintf(stderr, "firebreak: the store at %s cannot be written; nothing will be ingested\n",
            qPrintable(result.path));
        finish(1);
    }
}

void HeadlessRunner::print(const CommittedBatch& batch)
{
    for (const Event& event : batch.events) {
        const QByteArray line = EventFormat::toOutputLine(event, m_json);
        std::fwrite(line.constData(), 1, size_t(line.size()), m_out);
    }
    std::fflush(m_out);
}

void HeadlessRunner::finish(int exitCode)
{
    if (m_finished)
        return;
    m_finished = true;
    m_signalPoll.stop();
    m_host.stop();
    // The writer's last commit was signalled across threads; deliver it before leaving.
    QCoreApplication::sendPostedEvents(this);
    Q_EMIT finished(exitCode);
}

} // namespace firebreak
