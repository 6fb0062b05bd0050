#pragma once

#include <QtGlobal>

namespace firebreak {

// Where engines get "now" from. The sandbox runs an accelerated clock, tests run a manual one,
// and production runs the wall clock; engines never call QDateTime::currentMSecsSinceEpoch().
class Clock {
public:
    virtual ~Clock() = default;
    virtual qint64 nowMs() const = 0; // UTC ms
};

} // namespace firebreak
