#pragma once

#include "domain/labelset.h"
#include "metrics/alertexpression.h"

#include <QString>
#include <QVector>
#include <optional>

namespace firebreak {

struct Alert;
struct Series;

// One chart on the incident's metrics panel: the expression of an alerting rule (from its
// generatorURL) and the alerts of this incident that came from it. Several alerts of one rule (one
// per host, say) share a chart; the series shown are those the alerts are about. Built from alerts
// the store has already decoded, so the GUI thread never reads a JSON payload for it.
struct ChartSpec {
    QString key; // the expression as written: one chart per distinct expression
    QString title; // alert names, e.g. "DiskSpaceHigh"
    AlertExpression expression;
    QVector<LabelSet> alertLabels;
    qint64 firstStartsAtMs = 0; // the earliest of its alerts: charts stand in the order they fired

    // Nothing when the alert's generatorURL carries no chartable expression.
    static std::optional<ChartSpec> fromAlert(const Alert& alert);
    // Folds another alert of the same expression in; returns true if it added anything.
    bool merge(const ChartSpec& other);
    // The series among `all` that belong to this chart's alerts (labels they share agree), or all
    // of them when none match, so that a relabelled metric still shows something.
    QVector<Series> seriesOfInterest(const QVector<Series>& all) const;
};

} // namespace firebreak
