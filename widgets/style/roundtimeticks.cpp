#include "roundtimeticks.h"

#include <QDateTime>

namespace firebreak {

RoundTimeTicks RoundTimeTicks::over(qint64 startMs, qint64 endMs, int maxTicks)
{
    constexpr qint64 Minute = 60'000;
    constexpr qint64 Hour = 60 * Minute;
    constexpr qint64 Day = 24 * Hour;
    static const qint64 steps[] = { Minute, 2 * Minute, 5 * Minute, 10 * Minute, 15 * Minute, 30 * Minute, Hour,
        2 * Hour, 3 * Hour, 6 * Hour, 12 * Hour, Day, 2 * Day, 7 * Day };
    RoundTimeTicks ticks;
    if (endMs <= startMs || maxTicks < 2)
        return ticks;
    ticks.stepMs = steps[std::size(steps) - 1];
    for (const qint64 step : steps) {
        if ((endMs - startMs) / step + 1 <= maxTicks) {
            ticks.stepMs = step;
            break;
        }
    }
    ticks.format = ticks.stepMs >= Day ? QStringLiteral("MM-dd")
        : endMs - startMs > Day        ? QStringLiteral("MM-dd HH:mm")
                                       : QStringLiteral("HH:mm");
    // Round in local time, so that 3-hourly ticks fall on 09:00 and days on midnight where the reader is.
    const qint64 offset = qint64(QDateTime::fromMSecsSinceEpoch(startMs).offsetFromUtc()) * 1000;
    const qint64 localStart = startMs + offset;
    qint64 first = localStart - ((localStart % ticks.stepMs) + ticks.stepMs) % ticks.stepMs;
    if (first < localStart)
        first += ticks.stepMs;
    for (qint64 t = first - offset; t <= endMs; t += ticks.stepMs)
        ticks.times.append(t);
    return ticks;
}

} // namespace firebreak
