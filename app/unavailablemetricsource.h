#pragma once

#include "interfaces/metricsource.h"

namespace firebreak {

// What gates and verification query when the configuration names no Prometheus: every query fails,
// saying so, so that a gate that needs metrics blocks instead of passing on nothing.
class UnavailableMetricSource final : public MetricSource {
public:
    QString name() const override;
    void instantQuery(const QString& query, qint64 atMs, Callback done) override;
    void rangeQuery(const QString& query, qint64 startMs, qint64 endMs, qint64 stepMs, Callback done) override;
};

} // namespace firebreak
