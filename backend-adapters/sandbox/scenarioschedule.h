#pragma once

#include "scheduledfault.h"

#include <QStringList>
#include <QVector>

namespace firebreak {

// When each scenario's faults switch on and off. Selected scenarios are placed in a cycle that
// repeats for ever (staggered so that a newcomer sees the first incident within seconds), and
// scenarios can also be injected on demand as one-off chaos experiments.
class ScenarioSchedule {
public:
    static constexpr qint64 FirstStartMs = 30LL * 1000;
    static constexpr qint64 QuietAfterMs = 4LL * 60 * 1000; // between the last scenario's end and the next cycle

    // Canonical order, which is also the order of the cycle.
    static QStringList names();
    // Empty when every name is known; otherwise says which name is unknown and lists the known ones.
    static QString validate(const QStringList& scenarios);
    // How long a scenario runs from its first fault to its last fault being cleared.
    static qint64 durationMs(const QString& scenario);

    // `scenarios` empty = all. Unknown names are ignored (validate() first).
    ScenarioSchedule(qint64 startMs, const QStringList& scenarios);

    // Fault switches with afterMs < atMs <= untilMs, in time order (script order on ties).
    QVector<ScheduledFault> due(qint64 afterMs, qint64 untilMs) const;
    // Starts `scenario` at `atMs` once, outside the cycle; false (with the reason) if unknown or
    // an injected run of it is still going on at that time.
    bool inject(const QString& scenario, qint64 atMs, QString* error);

    QStringList scenarios() const { return m_scenarios; }
    qint64 cycleMs() const { return m_cycleMs; }
    // Offset of a scenario's start within each cycle, -1 when not selected.
    qint64 offsetMs(const QString& scenario) const;

private:
    struct Step {
        qint64 offsetMs;
        ScheduledFault::Kind kind;
        bool on;
    };
    static QVector<Step> script(const QString& scenario);
    static qint64 staggerMs(const QString& scenario);
    void appendRun(
        const QString& scenario, qint64 startMs, qint64 afterMs, qint64 untilMs, QVector<ScheduledFault>& out) const;

    qint64 m_startMs;
    QStringList m_scenarios;
    QVector<qint64> m_offsets;
    qint64 m_cycleMs = 0;
    QVector<std::pair<QString, qint64>> m_injected;
};

} // namespace firebreak
