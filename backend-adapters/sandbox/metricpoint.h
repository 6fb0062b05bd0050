#pragma once

#include "domain/labelset.h"

namespace firebreak {

// One scraped value of one series at the current tick; labels include __name__.
struct MetricPoint {
    LabelSet labels;
    double value = 0;
};

} // namespace firebreak
