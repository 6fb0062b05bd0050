#pragma once

#include <QString>
#include <QVector>

namespace firebreak {

// Time-axis ticks a person can read at a glance: on round local times (every 1, 2, 5, 10, 15 or 30
// minutes, 1, 2, 3, 6 or 12 hours, or days at midnight) rather than wherever an even division of the
// span happens to fall (09:37), with the label format the step needs.
struct RoundTimeTicks {
    QVector<qint64> times; // UTC ms, ascending, inside [startMs, endMs]
    qint64 stepMs = 0;
    QString format; // QDateTime format for the labels

    // At most `maxTicks` ticks over [startMs, endMs].
    static RoundTimeTicks over(qint64 startMs, qint64 endMs, int maxTicks = 8);
};

} // namespace firebreak
