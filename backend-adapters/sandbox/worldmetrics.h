#pragma once

#include "metricpoint.h"

#include <QVector>

namespace firebreak {

class Prng;
struct WorldState;

// What a Prometheus scrape of the shop returns at one tick: exporter-style names and labels
// (node, kube-state-metrics, cAdvisor, database and cache exporters, service histograms already
// reduced to p99/ratios, and one recording rule), read from the world state plus a little noise.
class WorldMetrics {
public:
    static QVector<MetricPoint> collect(const WorldState& state, Prng& prng);
};

} // namespace firebreak
