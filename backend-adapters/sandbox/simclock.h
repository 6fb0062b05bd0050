#pragma once

#include "interfaces/clock.h"

#include <QElapsedTimer>
#include <QMutex>

namespace firebreak {

// The sandbox's accelerated time: `speed` simulated ms per wall ms from a start instant, so that a
// five-minute gate passes in five seconds at speed 60. Frozen until start(); advance() jumps ahead
// (fast-forward, tests) without waiting for the wall clock. nowMs() may be read from any thread.
class SimClock final : public Clock {
public:
    SimClock(qint64 startMs, double speed);

    qint64 nowMs() const override;
    void start();
    void stop();
    void advance(qint64 simMs);
    bool isRunning() const;
    double speed() const { return m_speed; }

private:
    qint64 nowLocked() const;

    mutable QMutex m_mutex;
    qint64 m_baseMs;
    double m_speed;
    QElapsedTimer m_wall;
    bool m_running = false;
};

} // namespace firebreak
