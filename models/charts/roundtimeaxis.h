#pragma once

#include <QString>
#include <QVector>

namespace firebreak {

// A time axis in UTC with ticks on round wall-clock steps (10 s, 1 min, 5 min, 1 h, ...), so that a
// printed chart can be read against the timeline table without interpolating odd times.
struct RoundTimeAxis {
    qint64 stepMs = 60'000;
    QVector<qint64> ticks; // inside [startMs, endMs], ascending
    bool withSeconds = false; // labels need seconds (steps under a minute)

    // At most `maxTicks` ticks (at least 2) between `startMs` and `endMs`.
    static RoundTimeAxis around(qint64 startMs, qint64 endMs, int maxTicks);
    QString label(qint64 timeMs) const; // "14:05" or "14:05:30", UTC
};

} // namespace firebreak
