#pragma once

namespace firebreak {

// A value axis a commander can read at a glance: the data's span (threshold included) widened to
// round steps of 1, 2, 2.5 or 5 times a power of ten, giving four or five labels, with just enough
// decimals to print the step. Every chart with a threshold line uses it, so their axes agree.
struct RoundAxisRange {
    double low = 0; // the span asked for, after an empty or flat span was given room
    double high = 1;
    double bottom = 0; // low rounded down to a step
    double top = 1; // high rounded up to a step
    double step = 1;
    int decimals = 0; // decimals that print `step` exactly (at most 6)

    // `low` and `high` may be +inf and -inf when no value was seen: the range is then 0..1.
    static RoundAxisRange around(double low, double high);
    int tickCount() const;
};

} // namespace firebreak
