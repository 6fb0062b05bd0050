#pragma once

#include "domain/rundetail.h"
#include "reviewchart.h"

#include <QVector>

namespace firebreak {

// Turns what the store kept of one run into the charts a review prints: each sustained or confirm
// gate's evidence (the series it judged, against its threshold, up to its decision) and each
// verification check's samples (against its success condition), with the times of approvals,
// steps and rollback as markers. Only stored evidence is drawn; nothing is queried again.
class ReviewChartBuilder {
public:
    static QVector<ReviewChart> forRun(const RunDetail& detail);
    // When people and automation acted on the run: approvals, steps, the rollback; by time.
    static QVector<ReviewChartMarker> markers(const RunDetail& detail);
    // The number in a success condition as written ("< 80" -> 80); std::nullopt if there is none.
    static std::optional<double> conditionThreshold(const QString& condition);
};

} // namespace firebreak
