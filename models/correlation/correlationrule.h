#pragma once

#include "correlationsignal.h"

#include <QString>
#include <QStringList>
#include <QVector>

namespace firebreak {

// A multi-signal rule: when every signal has a firing alert, all carrying the same values of the
// `equal` labels and all starting within `withinMs` of each other, the alerts are one problem and
// one incident states `hypothesis` ("database primary degraded"), instead of one incident per
// service. `equal` follows Alertmanager's inhibit rules: a missing label counts as empty.
struct CorrelationRule {
    QString name; // [A-Za-z0-9_.-]+, unique; part of the rule incident's group key
    QString hypothesis;
    QVector<CorrelationSignal> signals; // at least one, each with an alertname
    QStringList equal; // labels the signals' alerts must share, e.g. {"region"}
    qint64 withinMs = 0;
    bool operator==(const CorrelationRule&) const = default;
};

} // namespace firebreak
