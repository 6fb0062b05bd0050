#include "roundaxisrange.h"

#include <algorithm>
#include <cmath>

namespace firebreak {

RoundAxisRange RoundAxisRange::around(double low, double high)
{
    RoundAxisRange range;
    if (!std::isfinite(low) || !std::isfinite(high)) {
        low = 0;
        high = 1;
    }
    if (high - low < 1e-9) {
        const double pad = std::max(1.0, std::abs(high) * 0.1);
        low -= pad;
        high += pad;
    }
    range.low = low;
    range.high = high;
    const double rough = (high - low) / 3.5;
    const double magnitude = std::pow(10.0, std::floor(std::log10(rough)));
    double step = magnitude;
    for (double factor : { 1.0, 2.0, 2.5, 5.0, 10.0 }) {
        step = factor * magnitude;
        if (step >= rough)
            break;
    }
    range.step = step;
    range.bottom = std::floor(low / step) * step;
    range.top = std::ceil(high / step) * step;
    while (range.decimals < 6) {
        const double scaled = step * std::pow(10.0, range.decimals);
        if (std::abs(scaled - std::round(scaled)) < 1e-6 * std::max(1.0, scaled))
            break;
        ++range.decimals;
    }
    return range;
}

int RoundAxisRange::tickCount() const
{
    return int(std::lround((top - bottom) / step)) + 1;
}

} // namespace firebreak
