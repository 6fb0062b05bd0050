#pragma once

#include "correlationconfig.h"
#include "correlationrule.h"

#include <QVector>

namespace firebreak {

// Everything the `correlation:` section of a configuration says: plain grouping, how long an
// incident waits after its last alert resolved before it resolves itself (so that a flapping alert
// does not open a new incident each time it fires again), and the multi-signal rules.
struct CorrelationSettings {
    CorrelationConfig grouping; // group_by and window
    qint64 resolveAfterMs = 5 * 60 * 1000;
    QVector<CorrelationRule> rules;
};

} // namespace firebreak
