#pragma once

// A recorded disk-usage history with known breaches, shared by the backtest and suggestion tests.

#include "learning/backtestinput.h"
#include "playbook/playbookgate.h"

#include <QDateTime>
#include <limits>

namespace RecordedDisk {

using namespace firebreak;

constexpr qint64 Second = 1000;
constexpr qint64 Minute = 60 * Second;
constexpr qint64 Step = 15 * Second;
const qint64 T0 = QDateTime(QDate(2026, 3, 10), QTime(8, 0), Qt::UTC).toMSecsSinceEpoch();
const LabelSet Labels { { "__name__", "disk_used_percent" }, { "instance", "db-eu-1" } };

inline qint64 at(qint64 minutes, qint64 seconds = 0)
{
    return T0 + minutes * Minute + seconds * Second;
}

// Two hours of disk usage at 50% every 15 s, with: incident A (95% from 10m to 20m), a noise spike
// (93% from 30m to 33m), a 45 s blip (99% at 40m), a slow build (a ramp from 80% at 50m that is above
// 90% only from 58m30s to 60m, 1m30s), incident B (96% from 80m to 90m), a 94% stretch from 100m to
// 102m30s broken by a 45 s gap, and a 94% stretch from 110m to 112m30s with a NaN at 111m. With
// `extraSpikes`, two more: 93% from 70m to 73m and 92% from 120m to 123m.
inline QVector<Sample> recorded(bool extraSpikes = false)
{
    QVector<Sample> samples;
    for (qint64 t = at(0); t <= at(130); t += Step) {
        double value = 50;
        if (t >= at(10) && t < at(20))
            value = 95;
        else if (t >= at(30) && t <= at(33))
            value = 93;
        else if (t >= at(40) && t <= at(40, 45))
            value = 99;
        else if (t >= at(50) && t <= at(60))
            value = 80 + 12.0 * double(t - at(50)) / double(10 * Minute);
        else if (t >= at(80) && t < at(90))
            value = 96;
        else if (t >= at(100) && t <= at(102, 30))
            value = 94;
        else if (t >= at(110) && t <= at(112, 30))
            value = t == at(111) ? std::numeric_limits<double>::quiet_NaN() : 94;
        if (extraSpikes && t >= at(70) && t <= at(73))
            value = 93;
        if (extraSpikes && t >= at(120) && t <= at(123))
            value = 92;
        if (t == at(101) || t == at(101, 15))
            continue; // the gap
        samples.append({ t, value });
    }
    return samples;
}

inline GateHistory history(bool extraSpikes = false)
{
    return { { Series { Labels, recorded(extraSpikes) } }, at(0), at(130), Step };
}

inline PlaybookGate diskGate(double above = 90, qint64 forMs = 2 * Minute)
{
    PlaybookGate gate;
    gate.kind = PlaybookGate::Kind::Sustained;
    gate.line = 9;
    gate.query = QStringLiteral(R"(disk_used_percent{instance="db-eu-1"})");
    gate.threshold = above;
    gate.forMs = forMs;
    return gate;
}

} // namespace RecordedDisk
