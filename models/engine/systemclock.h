#pragma once

#include "interfaces/clock.h"

namespace firebreak {

// The wall clock, for an engine fed by real sources: alerts and events arrive in real time, so
// correlation windows and resolve_after timers must run on it (the sandbox brings its own).
class SystemClock final : public Clock {
public:
    qint64 nowMs() const override;
};

} // namespace firebreak
