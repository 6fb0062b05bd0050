#pragma once

#include "domain/labelset.h"

#include <QString>

namespace firebreak {

// One symptom a multi-signal rule waits for, written as the labels an alert must carry (at least
// `alertname`; optionally others such as `severity`). Exact equality, like an Alertmanager route's
// `match`: a rule is read by people during an outage, and plain equality is what they expect.
struct CorrelationSignal {
    LabelSet matchers;

    bool matches(const LabelSet& labels) const;
    // "HighLatency" or "HighLatency{severity=critical}", for timeline titles.
    QString describe() const;
    bool operator==(const CorrelationSignal&) const = default;
};

} // namespace firebreak
