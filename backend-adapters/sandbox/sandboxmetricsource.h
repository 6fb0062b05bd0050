#pragma once

#include "interfaces/metricsource.h"

namespace firebreak {

class SandboxWorld;

// The sandbox's answer to PromQL: series selectors only, evaluated over the world's history with
// Prometheus' lookback and staleness rules. Anything else (functions, operators, range vectors)
// gets an error naming what is unsupported, never a silently wrong answer.
class SandboxMetricSource final : public MetricSource {
public:
    static constexpr int MaxPointsPerSeries = 11000; // Prometheus' own limit for range queries

    explicit SandboxMetricSource(const SandboxWorld& world);

    QString name() const override;
    void instantQuery(const QString& query, qint64 atMs, Callback done) override;
    void rangeQuery(const QString& query, qint64 startMs, qint64 endMs, qint64 stepMs, Callback done) override;

private:
    const SandboxWorld& m_world;
};

} // namespace firebreak
