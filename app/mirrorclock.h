#pragma once

#include "interfaces/clock.h"

#include <QElapsedTimer>
#include <QMutex>

namespace firebreak {

// A thread-safe view of the engine's clock for the GUI thread. The sandbox clock lives on the engine
// thread and jumps on fast-forward; the engine re-anchors this mirror after every jump, and the GUI
// extrapolates from the anchor at the same speed. Until anchored it tells wall-clock time.
class MirrorClock final : public Clock {
public:
    MirrorClock();
    qint64 nowMs() const override;
    void anchor(qint64 engineNowMs, double speed);

private:
    mutable QMutex m_mutex;
    QElapsedTimer m_wall;
    qint64 m_anchorEngineMs = 0;
    qint64 m_anchorWallNs = 0;
    double m_speed = 1;
    bool m_anchored = false;
};

} // namespace firebreak
