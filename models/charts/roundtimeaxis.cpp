#include "roundtimeaxis.h"

#include <QDateTime>
#include <QTimeZone>
#include <algorithm>

namespace firebreak {

RoundTimeAxis RoundTimeAxis::around(qint64 startMs, qint64 endMs, int maxTicks)
{
    static constexpr qint64 Second = 1000;
    static constexpr qint64 Minute = 60 * Second;
    static constexpr qint64 Hour = 60 * Minute;
    static constexpr qint64 Steps[] = { Second, 2 * Second, 5 * Second, 10 * Second, 15 * Second, 30 * Second, Minute,
        2 * Minute, 5 * Minute, 10 * Minute, 15 * Minute, 30 * Minute, Hour, 2 * Hour, 3 * Hour, 6 * Hour, 12 * Hour,
        24 * Hour, 48 * Hour, 7 * 24 * Hour };
    RoundTimeAxis axis;
    maxTicks = std::max(2, maxTicks);
    if (endMs <= startMs)
        endMs = startMs + Minute;
    const qint64 span = endMs - startMs;
    axis.stepMs = Steps[std::size(Steps) - 1];
    for (const qint64 step : Steps) {
        if (span / step + 1 <= maxTicks) {
            axis.stepMs = step;
            break;
        }
    }
    // The first round time at or after startMs (division truncates towards zero: up before 1970).
    qint64 first = startMs / axis.stepMs * axis.stepMs;
    if (first < startMs)
        first += axis.stepMs;
    for (qint64 t = first; t <= endMs; t += axis.stepMs)
        axis.ticks.append(t);
    axis.withSeconds = axis.stepMs < Minute;
    return axis;
}

QString RoundTimeAxis::label(qint64 timeMs) const
{
    return QDateTime::fromMSecsSinceEpoch(timeMs, QTimeZone::utc())
        .toString(withSeconds ? QStringLiteral("HH:mm:ss") : QStringLiteral("HH:mm"));
}

} // namespace firebreak
