#pragma once

#include "domain/labelset.h"

#include <QString>

namespace firebreak {

// A Prometheus alerting rule as the sandbox evaluates it: `expression` is `selector OP threshold`
// (see AlertExpression), `labels` are added to every alert (severity...), and `annotations` are
// templates that may use {{ $labels.NAME }} and {{ $value }} (optionally `| humanize`,
// `| humanizePercentage`, `| humanizeDuration`).
struct AlertRule {
    QString name;
    QString expression;
    qint64 forMs = 0;
    LabelSet labels;
    LabelSet annotations;
};

} // namespace firebreak
