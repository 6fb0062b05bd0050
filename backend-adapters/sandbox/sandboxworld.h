#pragma once

#include "metrichistory.h"
#include "metricpoint.h"
#include "prng.h"
#include "scenarioschedule.h"
#include "worldevent.h"
#include "worldstate.h"

#include <QVector>
#include <functional>
#include <optional>

namespace firebreak {

// The simulated two-region shop: pure state advanced by step() in fixed 15-second ticks (one
// Prometheus scrape each), with no timers and no wall clock, so that a seed and a sequence of
// steps and actions always produce the same metrics and events.
class SandboxWorld {
public:
    static constexpr qint64 TickMs = 15LL * 1000;
    static constexpr int HistorySamples = 24 * 60 * 4; // one simulated day per series

    // `scenarios` empty = cycle all; unknown names are ignored (validate with ScenarioSchedule).
    SandboxWorld(quint64 seed, qint64 startMs, const QStringList& scenarios);

    // Advances simulated time by `simMs`, running every tick that falls into it (the first one is
    // at startMs itself); `onTick` is called after each tick with its time.
    void step(qint64 simMs, const std::function<void(qint64 tickMs)>& onTick = {});

    qint64 startMs() const { return m_startMs; }
    qint64 nowMs() const { return m_nowMs; }
    qint64 lastTickMs() const { return m_lastTickMs; }

    const MetricHistory& history() const { return m_history; }
    // The points of the latest tick.
    const QVector<MetricPoint>& currentPoints() const { return m_points; }
    // Latest-tick points named `name` whose labels include all of `labels`.
    QVector<MetricPoint> points(const QString& name, const LabelSet& labels = {}) const;
    // The first of those, if any.
    std::optional<double> value(const QString& name, const LabelSet& labels = {}) const;

    // Timeline events since the last call, in the order they happened.
    QVector<WorldEvent> takeEvents();
    void addEvent(const WorldEvent& event) { m_events.append(event); }

    WorldState& state() { return m_state; }
    const WorldState& state() const { return m_state; }
    Prng& prng() { return m_prng; }
    const ScenarioSchedule& schedule() const { return m_schedule; }
    // Starts `scenario` at the next tick as a one-off chaos experiment.
    bool inject(const QString& scenario, QString* error);

private:
    void tick(qint64 tickMs);

    qint64 m_startMs;
    qint64 m_nowMs;
    qint64 m_nextTickMs;
    qint64 m_lastTickMs;
    Prng m_prng;
    WorldState m_state;
    ScenarioSchedule m_schedule;
    MetricHistory m_history;
    QVector<MetricPoint> m_points;
    QVector<WorldEvent> m_events;
};

} // namespace firebreak
