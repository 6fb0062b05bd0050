#include "scenarioschedule.h"

#include <algorithm>

namespace firebreak {

namespace {
constexpr qint64 Minute = 60LL * 1000;
const QString DiskFull = QStringLiteral("disk-full");
const QString MemoryLeak = QStringLiteral("memory-leak");
const QString MultiRegion = QStringLiteral("multi-region");
} // namespace

QStringList ScenarioSchedule::names()
{
    return { DiskFull, MemoryLeak, MultiRegion };
}

QString ScenarioSchedule::validate(const QStringList& scenarios)
{
    for (const QString& name : scenarios) {
        if (!names().contains(name))
            return QStringLiteral("unknown scenario '%1'; known scenarios: %2")
                .arg(name, names().join(QStringLiteral(", ")));
    }
    return {};
}

QVector<ScenarioSchedule::Step> ScenarioSchedule::script(const QString& scenario)
{
    using Kind = ScheduledFault::Kind;
    if (scenario == DiskFull)
        return { { 0, Kind::DiskLogs, true }, { 14 * Minute, Kind::DiskLogs, false } };
    if (scenario == MemoryLeak)
        return { { 0, Kind::LeakyDeploy, true }, { 20 * Minute, Kind::LeakyDeploy, false } };
    if (scenario == MultiRegion)
        return { { 0, Kind::PeakLoad, true }, { 1 * Minute, Kind::CacheFailure, true },
            { 2 * Minute, Kind::Partition, true }, { 15 * Minute / 2, Kind::PrimaryCrash, true },
            { 16 * Minute, Kind::PrimaryCrash, false }, { 16 * Minute, Kind::CacheFailure, false },
            { 16 * Minute, Kind::Partition, false }, { 16 * Minute, Kind::PeakLoad, false } };
    return {};
}

qint64 ScenarioSchedule::durationMs(const QString& scenario)
{
    const QVector<Step> steps = script(scenario);
    return steps.isEmpty() ? 0 : steps.constLast().offsetMs;
}

qint64 ScenarioSchedule::staggerMs(const QString& scenario)
{
    // How long after this scenario the next one in the cycle starts: late enough that the first
    // one's alerts are already firing, early enough that two incidents show within 20 wall seconds.
    if (scenario == DiskFull)
        return 5 * Minute / 2;
    if (scenario == MemoryLeak)
        return 9 * Minute;
    return 10 * Minute;
}

ScenarioSchedule::ScenarioSchedule(qint64 startMs, const QStringList& scenarios)
    : m_startMs(startMs)
{
    for (const QString& name : names()) {
        if (scenarios.isEmpty() || scenarios.contains(name))
            m_scenarios.append(name);
    }
    qint64 offset = FirstStartMs;
    qint64 end = 0;
    for (const QString& name : std::as_const(m_scenarios)) {
        m_offsets.append(offset);
        end = qMax(end, offset + durationMs(name));
        offset += staggerMs(name);
    }
    m_cycleMs = end + QuietAfterMs;
}

qint64 ScenarioSchedule::offsetMs(const QString& scenario) const
{
    const auto index = m_scenarios.indexOf(scenario);
    return index < 0 ? -1 : m_offsets.at(index);
}

void ScenarioSchedule::appendRun(
    const QString& scenario, qint64 startMs, qint64 afterMs, qint64 untilMs, QVector<ScheduledFault>& out) const
{
    for (const Step& step : script(scenario)) {
        const qint64 at = startMs + step.offsetMs;
        if (at > afterMs && at <= untilMs)
            out.append(ScheduledFault { at, step.kind, step.on, scenario });
    }
}

QVector<ScheduledFault> ScenarioSchedule::due(qint64 afterMs, qint64 untilMs) const
{
    QVector<ScheduledFault> result;
    if (untilMs <= afterMs)
        return result;
    if (m_cycleMs > 0 && !m_scenarios.isEmpty()) {
        // A run that started in an earlier cycle may still have steps due; look one cycle back.
        const qint64 first = qMax<qint64>(0, (afterMs - m_startMs) / m_cycleMs - 1);
        const qint64 last = qMax<qint64>(0, (untilMs - m_startMs) / m_cycleMs);
        for (qint64 cycle = first; cycle <= last; ++cycle) {
            for (int i = 0; i < m_scenarios.size(); ++i)
                appendRun(m_scenarios.at(i), m_startMs + cycle * m_cycleMs + m_offsets.at(i), afterMs, untilMs, result);
        }
    }
    for (const auto& [scenario, start] : m_injected)
        appendRun(scenario, start, afterMs, untilMs, result);
    std::stable_sort(
        result.begin(), result.end(), [](const ScheduledFault& a, const ScheduledFault& b) { return a.atMs < b.atMs; });
    return result;
}

bool ScenarioSchedule::inject(const QString& scenario, qint64 atMs, QString* error)
{
    const QString problem = validate({ scenario });
    if (!problem.isEmpty()) {
        if (error)
            *error = problem;
        return false;
    }
    for (const auto& [name, start] : std::as_const(m_injected)) {
        if (name == scenario && atMs < start + durationMs(name)) {
            if (error)
                *error = QStringLiteral("scenario '%1' is already injected and still running").arg(scenario);
            return false;
        }
    }
    m_injected.append({ scenario, atMs });
    return true;
}

} // namespace firebreak
