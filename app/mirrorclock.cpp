#include "mirrorclock.h"

#include <QDateTime>

namespace firebreak {

MirrorClock::MirrorClock()
{
    m_wall.start();
}

qint64 MirrorClock::nowMs() const
{
    QMutexLocker lock(&m_mutex);
    if (!m_anchored)
        return QDateTime::currentMSecsSinceEpoch();
    const double elapsedMs = double(m_wall.nsecsElapsed() - m_anchorWallNs) / 1e6;
    return m_anchorEngineMs + qint64(elapsedMs * m_speed);
}

void MirrorClock::anchor(qint64 engineNowMs, double speed)
{
    QMutexLocker lock(&m_mutex);
    m_anchorEngineMs = engineNowMs;
    m_anchorWallNs = m_wall.nsecsElapsed();
    m_speed = speed;
    m_anchored = true;
}

} // namespace firebreak
