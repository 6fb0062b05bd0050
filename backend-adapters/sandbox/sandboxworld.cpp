#include "sandboxworld.h"

#include "faultinjector.h"
#include "worlddynamics.h"
#include "worldmetrics.h"

namespace firebreak {

SandboxWorld::SandboxWorld(quint64 seed, qint64 startMs, const QStringList& scenarios)
    : m_startMs(startMs)
    , m_nowMs(startMs)
    , m_nextTickMs(startMs)
    , m_lastTickMs(startMs - TickMs)
    , m_prng(seed)
    , m_state(WorldState::initial(m_prng, startMs))
    , m_schedule(startMs, scenarios)
    , m_history(HistorySamples)
{
}

void SandboxWorld::step(qint64 simMs, const std::function<void(qint64)>& onTick)
{
    const qint64 target = m_nowMs + qMax<qint64>(0, simMs);
    while (m_nextTickMs <= target) {
        const qint64 tickMs = m_nextTickMs;
        m_nowMs = tickMs;
        tick(tickMs);
        m_nextTickMs += TickMs;
        if (onTick)
            onTick(tickMs);
    }
    m_nowMs = target;
}

void SandboxWorld::tick(qint64 tickMs)
{
    for (const ScheduledFault& fault : m_schedule.due(m_lastTickMs, tickMs))
        FaultInjector::apply(fault, m_state, m_prng, m_events);
    WorldDynamics::advance(m_state, m_prng, tickMs, TickMs, m_events);
    m_points = WorldMetrics::collect(m_state, m_prng);
    m_history.record(tickMs, m_points);
    m_lastTickMs = tickMs;
}

QVector<MetricPoint> SandboxWorld::points(const QString& name, const LabelSet& labels) const
{
    QVector<MetricPoint> result;
    for (const MetricPoint& point : m_points) {
        if (point.labels.value(QStringLiteral("__name__")) != name)
            continue;
        bool all = true;
        for (auto it = labels.cbegin(); it != labels.cend() && all; ++it)
            all = point.labels.value(it.key()) == it.value();
        if (all)
            result.append(point);
    }
    return result;
}

std::optional<double> SandboxWorld::value(const QString& name, const LabelSet& labels) const
{
    const QVector<MetricPoint> found = points(name, labels);
    if (found.isEmpty())
        return std::nullopt;
    return found.first().value;
}

QVector<WorldEvent> SandboxWorld::takeEvents()
{
    QVector<WorldEvent> events;
    events.swap(m_events);
    return events;
}

bool SandboxWorld::inject(const QString& scenario, QString* error)
{
    return m_schedule.inject(scenario, m_nextTickMs, error);
}

} // namespace firebreak
