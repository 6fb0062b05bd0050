#include "worldmetrics.h"

#include "prng.h"
#include "worlddynamics.h"
#include "worldstate.h"

#include <cmath>

namespace firebreak {

namespace {
const QString Name = QStringLiteral("__name__");

class Collector {
public:
    explicit Collector(QVector<MetricPoint>& out)
        : m_out(out)
    {
    }
    void add(const QString& name, LabelSet labels, double value)
    {
        labels.insert(Name, name);
        m_out.append(MetricPoint { std::move(labels), value });
    }

private:
    QVector<MetricPoint>& m_out;
};

LabelSet with(LabelSet labels, const QString& name, const QString& value)
{
    labels.insert(name, value);
    return labels;
}

double dbQueryP99(const WorldState& state, const WorldState::DbHost& host)
{
    const bool batch = state.batchRunning && host.role == QLatin1String("primary");
    return 0.045 + 1.6 * host.slowLevel + (batch ? 0.33 : 0.0);
}

void databases(const WorldState& state, Prng& prng, Collector& out)
{
    for (const WorldState::DbHost& host : state.dbs) {
        const LabelSet base { { QStringLiteral("instance"), host.instance }, { QStringLiteral("region"), host.region },
            { QStringLiteral("service"), QStringLiteral("db") } };
        const LabelSet withRole = with(base, QStringLiteral("role"), host.role);
        const double disk = qMin(99.9, host.dataPercent + host.logPercent + prng.noise(0.05));
        out.add(QStringLiteral("disk_used_percent"), base, disk);
        out.add(QStringLiteral("db_up"), withRole, host.up ? 1 : 0);
        if (!host.up)
            continue; // the exporter cannot reach a crashed server: its other series go stale
        const bool primary = host.role == QLatin1String("primary");
        const bool batch = state.batchRunning && primary;
        const double connections = (primary ? 70.0 : 35.0) * state.servedLoad(host.region) + 350.0 * host.slowLevel
            + (batch ? 60.0 : 0.0) + prng.noise(4.0);
        out.add(QStringLiteral("db_connections_active"), withRole,
            std::round(qBound(0.0, connections, WorldState::MaxDbConnections)));
        out.add(QStringLiteral("db_query_duration_seconds_p99"), base, dbQueryP99(state, host) + prng.noise(0.006));
        const double slow = 1.0 + 60.0 * host.slowLevel + (batch ? 9.0 : 0.0) + prng.noise(1.2);
        out.add(QStringLiteral("db_slow_queries"), base, std::round(qMax(0.0, slow)));
        // A disk close to full makes every fsync wait: the confirming signal for DiskSpaceHigh.
        const double write = 0.012 + 0.03 * qMax(0.0, disk - 85.0) + 0.2 * host.slowLevel + prng.noise(0.002);
        out.add(QStringLiteral("db_write_latency_p99_seconds"), base, qMax(0.001, write));
        if (!primary)
            out.add(QStringLiteral("db_replica_lag_seconds"), base, host.replicaLagSeconds);
    }
    out.add(QStringLiteral("db_primary_up"),
        { { QStringLiteral("cluster"), QStringLiteral("shop") }, { QStringLiteral("service"), QStringLiteral("db") } },
        state.primaryUp() ? 1 : 0);
}

void cachesAndNetwork(const WorldState& state, Prng& prng, Collector& out)
{
    for (const WorldState::Cache& cache : state.caches) {
        const LabelSet labels { { QStringLiteral("instance"), cache.instance },
            { QStringLiteral("region"), cache.region }, { QStringLiteral("service"), QStringLiteral("cache") } };
        out.add(QStringLiteral("cache_up"), labels, cache.up ? 1 : 0);
        out.add(QStringLiteral("cache_hit_ratio"), labels,
            cache.up ? qBound(0.0, cache.hitRatio + prng.noise(0.004), 1.0) : 0.0);
    }
    for (const QString& from : state.regions) {
        const LabelSet labels { { QStringLiteral("from"), from }, { QStringLiteral("to"), state.otherRegion(from) },
            { QStringLiteral("service"), QStringLiteral("network") } };
        out.add(QStringLiteral("region_link_up"), labels, state.partitioned ? 0 : 1);
    }
    out.add(QStringLiteral("batch_job_running"), { { QStringLiteral("job"), QStringLiteral("orders-etl") } },
        state.batchRunning ? 1 : 0);
}

void services(const WorldState& state, Prng& prng, Collector& out)
{
    for (const QString& region : state.regions) {
        const double served = state.servedLoad(region);
        const bool drained = state.failedOver.contains(region);
        const double busy = qMax(0.0, served - 1.0);
        const WorldState::Cache* cache = state.cacheIn(region);
        const bool cacheDown = cache && !cache->up;

        int pods = 0;
        int ooms = 0;
        double gcPenalty = 0;
        for (const WorldState::Pod& pod : state.pods) {
            if (pod.region != region)
                continue;
            ++pods;
            ooms += pod.oomThisTick ? 1 : 0;
            gcPenalty += qMax(0.0, pod.memoryBytes / WorldState::MemoryLimitBytes - 0.75) * 2.4;
        }
        gcPenalty = pods > 0 ? gcPenalty / pods : 0;
        const LabelSet web { { QStringLiteral("region"), region },
            { QStringLiteral("service"), QStringLiteral("web") } };
        out.add(QStringLiteral("http_requests_per_second"), web, std::round(240.0 * served * (1.0 + prng.noise(0.03))));
        out.add(QStringLiteral("http_request_duration_seconds_p99"), web,
            drained ? 0.1 : 0.11 + 0.08 * busy + gcPenalty + prng.noise(0.004));
        const double webErrors = 0.0015 + (pods > 0 ? 0.15 * ooms / pods : 0.0) + (cacheDown ? 0.004 : 0.0);
        out.add(QStringLiteral("http_requests_error_ratio"), web,
            drained ? 0.0 : qMax(0.0, webErrors + prng.noise(0.0004)));

        // Checkout reads from the database of its region and writes to the primary.
        const WorldState::DbHost* readHost = state.dbIn(region);
        const bool readable = readHost && readHost->up;
        const double dbP99 = readable ? dbQueryP99(state, *readHost) : 2.0;
        const bool writable = state.writesAvailableFrom(region);
        const LabelSet checkout { { QStringLiteral("region"), region },
            { QStringLiteral("service"), QStringLiteral("checkout") } };
        out.add(
            QStringLiteral("http_requests_per_second"), checkout, std::round(35.0 * served * (1.0 + prng.noise(0.03))));
        const double latency = 0.18 + 0.15 * busy + 0.8 * dbP99 + (writable ? 0.0 : 2.2);
        out.add(QStringLiteral("http_request_duration_seconds_p99"), checkout,
            drained ? 0.18 : latency + prng.noise(0.008));
        const double errors = 0.003 + (writable ? 0.0 : 0.32) + (readable ? 0.03 * readHost->slowLevel : 0.3);
        out.add(QStringLiteral("http_requests_error_ratio"), checkout,
            drained ? 0.0 : qBound(0.0, errors + prng.noise(0.0006), 1.0));
    }
}

void pods(const WorldState& state, Collector& out)
{
    for (const WorldState::Pod& pod : state.pods) {
        const LabelSet labels { { QStringLiteral("container"), QStringLiteral("web") },
            { QStringLiteral("namespace"), QStringLiteral("shop") }, { QStringLiteral("pod"), pod.name },
            { QStringLiteral("region"), pod.region }, { QStringLiteral("service"), QStringLiteral("web") } };
        out.add(QStringLiteral("container_memory_working_set_bytes"), labels, std::round(pod.memoryBytes));
        out.add(QStringLiteral("container_spec_memory_limit_bytes"), labels, WorldState::MemoryLimitBytes);
        out.add(QStringLiteral("kube_pod_container_status_restarts_total"), labels, pod.restarts);
        out.add(QStringLiteral("kube_pod_container_status_last_terminated_reason"),
            with(labels, QStringLiteral("reason"), QStringLiteral("OOMKilled")), pod.lastTerminationOom ? 1 : 0);
        // What the recording rule increase(kube_pod_container_status_restarts_total[15m]) gives.
        out.add(QStringLiteral("pod:kube_pod_container_status_restarts:increase15m"), labels,
            static_cast<double>(pod.oomTimesMs.size()));
    }
}
} // namespace

QVector<MetricPoint> WorldMetrics::collect(const WorldState& state, Prng& prng)
{
    QVector<MetricPoint> points;
    Collector out(points);
    databases(state, prng, out);
    cachesAndNetwork(state, prng, out);
    services(state, prng, out);
    pods(state, out);
    return points;
}

} // namespace firebreak
