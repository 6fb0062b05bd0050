#include "sandboxplatform.h"

#include "alertnotifier.h"
#include "ruleevaluator.h"
#include "sandboxexecutor.h"
#include "sandboxmetricsource.h"
#include "sandboxrules.h"
#include "sandboxsuppressor.h"
#include "sandboxworld.h"
#include "scenarioschedule.h"
#include "simclock.h"

#include <QDateTime>
#include <QTimer>
#include <cmath>

namespace firebreak {

namespace {
constexpr double MaxSpeed = 100000;
const QString Source = QStringLiteral("sandbox");

SandboxOptions resolved(SandboxOptions options)
{
    if (options.startMs == 0)
        options.startMs = QDateTime::currentMSecsSinceEpoch();
    if (!(options.speed > 0) || options.speed > MaxSpeed)
        options.speed = 60;
    return options;
}
} // namespace

SandboxPlatform::SandboxPlatform(const SandboxOptions& options, QObject* parent)
    : QObject(parent)
    , m_options(resolved(options))
    , m_clock(std::make_unique<SimClock>(m_options.startMs, m_options.speed))
    , m_world(std::make_unique<SandboxWorld>(m_options.seed, m_options.startMs, m_options.scenarios))
    , m_rules(std::make_unique<RuleEvaluator>(SandboxRules::defaults()))
    , m_suppressor(std::make_unique<SandboxSuppressor>(*m_clock))
    , m_notifier(std::make_unique<AlertNotifier>(
          [this](const LabelSet& labels, qint64 atMs) { return m_suppressor->mutes(labels, atMs); }))
    , m_metricSource(std::make_unique<SandboxMetricSource>(*m_world))
    , m_executor(std::make_unique<SandboxExecutor>(*m_world, [this] { flushEvents(); }))
    , m_timer(new QTimer(this))
{
    // One tick of simulated time per timer shot, but never slower than once a second of wall time.
    const double interval = static_cast<double>(SandboxWorld::TickMs) / m_options.speed;
    m_timer->setInterval(static_cast<int>(qBound(10.0, std::round(interval), 1000.0)));
    m_timer->setTimerType(Qt::PreciseTimer);
    connect(m_timer, &QTimer::timeout, this, [this] { advanceTo(m_clock->nowMs()); });
}

SandboxPlatform::~SandboxPlatform() = default;

QStringList SandboxPlatform::scenarioNames()
{
    return ScenarioSchedule::names();
}

QString SandboxPlatform::validate(const SandboxOptions& options)
{
    if (!(options.speed > 0) || options.speed > MaxSpeed)
        return QStringLiteral("sandbox speed must be a number above 0 and at most %1, got %2")
            .arg(MaxSpeed)
            .arg(options.speed);
    return ScenarioSchedule::validate(options.scenarios);
}

MetricSource& SandboxPlatform::metricSource()
{
    return *m_metricSource;
}

Executor& SandboxPlatform::executor()
{
    return *m_executor;
}

SandboxSuppressor& SandboxPlatform::suppressor()
{
    return *m_suppressor;
}

const Clock& SandboxPlatform::clock() const
{
    return *m_clock;
}

SandboxWorld& SandboxPlatform::world()
{
    return *m_world;
}

const RuleEvaluator& SandboxPlatform::rules() const
{
    return *m_rules;
}

bool SandboxPlatform::injectScenario(const QString& scenario, QString* error)
{
    return m_world->inject(scenario, error);
}

void SandboxPlatform::start()
{
    if (m_clock->isRunning())
        return;
    m_clock->start();
    advanceTo(m_clock->nowMs());
    m_timer->start();
    const QStringList scenarios = m_world->schedule().scenarios();
    Q_EMIT health(SourceHealth { Source, SourceHealth::State::Up,
        QStringLiteral("simulating at %1x; scenarios: %2")
            .arg(m_options.speed)
            .arg(scenarios.join(QStringLiteral(", "))),
        m_clock->nowMs() });
}

void SandboxPlatform::stop()
{
    if (!m_clock->isRunning())
        return;
    m_timer->stop();
    advanceTo(m_clock->nowMs());
    m_clock->stop();
    Q_EMIT health(SourceHealth { Source, SourceHealth::State::Down, QStringLiteral("stopped"), m_clock->nowMs() });
}

void SandboxPlatform::fastForward(qint64 simMs)
{
    if (simMs <= 0)
        return;
    m_clock->advance(simMs);
    advanceTo(m_clock->nowMs());
}

void SandboxPlatform::advanceTo(qint64 simMs)
{
    // A slot connected to our own signals could call back in; the world must not step re-entrantly.
    if (m_advancing)
        return;
    m_advancing = true;
    const qint64 delta = simMs - m_world->nowMs();
    // The very first call also runs the tick at the start instant.
    if (delta > 0 || m_world->lastTickMs() < m_world->startMs())
        m_world->step(qMax<qint64>(0, delta), [this](qint64 tickMs) { onTick(tickMs); });
    m_advancing = false;
}

void SandboxPlatform::onTick(qint64 tickMs)
{
    flushEvents();
    const QVector<AlertInstance> changes = m_rules->evaluate(tickMs, m_world->currentPoints());
    for (const QByteArray& body : m_notifier->notify(changes, tickMs))
        Q_EMIT webhook(body, Source);
}

void SandboxPlatform::flushEvents()
{
    for (const WorldEvent& item : m_world->takeEvents())
        Q_EMIT changeEvent(item.event, item.labels);
}

} // namespace firebreak
