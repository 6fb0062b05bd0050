#include "systemclock.h"

#include <QDateTime>

namespace firebreak {

qint64 SystemClock::nowMs() const
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace firebreak
