#pragma once

#include "interfaces/clock.h"

#include <QElapsedTimer>

namespace firebreak {

// The sandbox's accelerated time: `speed` simulated ms per wall ms from a start instant, so that a
// five-minute gate passes in five seconds at speed 60. Frozen until start(); advance() jumps ahead
// (fast-forward, tests) without waiting for the wall clock.
class SimClock final : public Clock {
public:
    SimClock(qint64 startMs, double speed);

    qint64 nowMs() const override;
    void start();
    void stop();
    void advance(qint64 simMs);
    bool isRunning() const { return m_running; }
    double speed() const { return m_speed; }

private:
    qint64 m_baseMs;
    double m_speed;
    QElapsedTimer m_wall;
    bool m_running = false;
};

} // namespace firebreak
