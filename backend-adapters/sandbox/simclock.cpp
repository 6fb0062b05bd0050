#include "simclock.h"

#include <cmath>

namespace firebreak {

SimClock::SimClock(qint64 startMs, double speed)
    : m_baseMs(startMs)
    , m_speed(speed > 0 ? speed : 1.0)
{
}

qint64 SimClock::nowLocked() const
{
    if (!m_running)
        return m_baseMs;
    return m_baseMs + std::llround(static_cast<double>(m_wall.elapsed()) * m_speed);
}

qint64 SimClock::nowMs() const
{
    const QMutexLocker lock(&m_mutex);
    return nowLocked();
}

bool SimClock::isRunning() const
{
    const QMutexLocker lock(&m_mutex);
    return m_running;
}

void SimClock::start()
{
    const QMutexLocker lock(&m_mutex);
    if (m_running)
        return;
    m_wall.start();
    m_running = true;
}

void SimClock::stop()
{
    const QMutexLocker lock(&m_mutex);
    if (!m_running)
        return;
    m_baseMs = nowLocked();
    m_running = false;
}

void SimClock::advance(qint64 simMs)
{
    const QMutexLocker lock(&m_mutex);
    if (simMs > 0)
        m_baseMs += simMs;
}

} // namespace firebreak
