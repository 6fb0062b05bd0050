#pragma once

#include "alertrule.h"

#include <QVector>

namespace firebreak {

// The alerting rules of the sandbox shop, written the way an SRE team would write them for
// Prometheus: one or more per scenario, each with a `for` so that blips do not page anyone.
class SandboxRules {
public:
    static QVector<AlertRule> defaults();
};

} // namespace firebreak
