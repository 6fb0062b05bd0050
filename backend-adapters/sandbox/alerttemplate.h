#pragma once

#include "domain/labelset.h"

#include <QString>

namespace firebreak {

// Expands the small subset of Prometheus' annotation templating the sandbox rules use, so that
// alerts read like the ones a real Prometheus sends. Unknown placeholders are left as they are.
class AlertTemplate {
public:
    static QString expand(const QString& text, const LabelSet& labels, double value);
    static QString humanize(double value);
    static QString humanizePercentage(double value);
    static QString humanizeDuration(double seconds);
};

} // namespace firebreak
