#pragma once

#include "interfaces/clock.h"

namespace firebreak {

// The wall clock, for everything that talks to real systems (Prometheus, Alertmanager): the one
// place that reads the system time, so that engines and adapters can be given a manual clock in tests.
class SystemClock final : public Clock {
public:
    qint64 nowMs() const override;
};

} // namespace firebreak
