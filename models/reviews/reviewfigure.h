#pragma once

#include <QString>

namespace firebreak {

// One number in a review, with how it was computed, so that a reader can check it rather than
// trust it. Durations are in milliseconds.
struct ReviewFigure {
    enum class Unit { Milliseconds, Count };

    QString label; // "Time to detect"
    Unit unit = Unit::Count;
    bool known = false; // false when the data to compute it is missing (then `howComputed` says what)
    qint64 value = 0;
    QString howComputed; // one line

    bool operator==(const ReviewFigure&) const = default;
};

} // namespace firebreak
