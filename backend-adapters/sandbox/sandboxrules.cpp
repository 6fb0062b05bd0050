#include "sandboxrules.h"

namespace firebreak {

namespace {
constexpr qint64 Minute = 60LL * 1000;

AlertRule rule(const char* name, const char* expression, qint64 forMs, const char* severity, const char* summary,
    const char* description)
{
    AlertRule result;
    result.name = QString::fromLatin1(name);
    result.expression = QString::fromLatin1(expression);
    result.forMs = forMs;
    result.labels.insert(QStringLiteral("severity"), QString::fromLatin1(severity));
    result.annotations.insert(QStringLiteral("summary"), QString::fromLatin1(summary));
    result.annotations.insert(QStringLiteral("description"), QString::fromLatin1(description));
    return result;
}
} // namespace

QVector<AlertRule> SandboxRules::defaults()
{
    return {
        rule("DiskSpaceHigh", R"(disk_used_percent{service="db"} > 90)", 2 * Minute, "critical",
            "Disk almost full on {{ $labels.instance }}",
            "{{ $labels.instance }} ({{ $labels.region }}) has {{ $value | humanize }}% of its disk used; "
            "threshold 90%."),
        rule("MemoryHigh", R"(container_memory_working_set_bytes{service="web"} > 400000000)", 1 * Minute, "warning",
            "Pod {{ $labels.pod }} close to its memory limit",
            "{{ $labels.pod }} in {{ $labels.region }} uses {{ $value | humanize }}B of its 500MB limit."),
        rule("ContainerOOMKilled",
            R"(kube_pod_container_status_last_terminated_reason{reason="OOMKilled",service="web"} > 0)", 0, "warning",
            "Container of {{ $labels.pod }} was OOM-killed",
            "{{ $labels.pod }} in {{ $labels.region }} last terminated with reason OOMKilled."),
        rule("PodRestartsHigh", R"(pod:kube_pod_container_status_restarts:increase15m{service="web"} >= 2)", 0,
            "critical", "Pod {{ $labels.pod }} is crash-looping",
            "{{ $labels.pod }} in {{ $labels.region }} restarted {{ $value }} times in 15 minutes."),
        rule("CheckoutLatencyHigh", R"(http_request_duration_seconds_p99{service="checkout"} > 1)", 2 * Minute,
            "warning", "Checkout is slow in {{ $labels.region }}",
            "p99 latency of checkout in {{ $labels.region }} is {{ $value | humanizeDuration }}; SLO 1s."),
        rule("CheckoutErrorRateHigh", R"(http_requests_error_ratio{service="checkout"} > 0.05)", 2 * Minute, "critical",
            "Checkout is failing in {{ $labels.region }}",
            "{{ $value | humanizePercentage }} of checkout requests in {{ $labels.region }} fail; SLO 5%."),
        rule("DatabaseConnectionsHigh", R"(db_connections_active{service="db"} > 400)", 2 * Minute, "warning",
            "Database {{ $labels.instance }} near its connection limit",
            "{{ $labels.instance }} ({{ $labels.role }}) has {{ $value }} of 500 connections in use."),
        rule("DatabaseSlowQueries", R"(db_slow_queries{service="db"} > 20)", 2 * Minute, "warning",
            "Slow queries piling up on {{ $labels.instance }}",
            "{{ $labels.instance }} has {{ $value }} queries running longer than 5s."),
        rule("DatabaseReplicaLagHigh", R"(db_replica_lag_seconds{service="db"} > 60)", 2 * Minute, "warning",
            "Replica {{ $labels.instance }} is lagging",
            "{{ $labels.instance }} is {{ $value | humanizeDuration }} behind the primary."),
        rule("DatabasePrimaryDown", R"(db_primary_up{service="db"} == 0)", 1 * Minute, "critical",
            "No writable database primary", "The shop database cluster has no primary accepting writes."),
        rule("CacheDown", R"(cache_up{service="cache"} == 0)", 1 * Minute, "critical",
            "Cache {{ $labels.instance }} is down",
            "{{ $labels.instance }} in {{ $labels.region }} does not answer; reads fall through to the database."),
        rule("RegionPartitioned", R"(region_link_up == 0)", 1 * Minute, "critical",
            "Network partition between {{ $labels.from }} and {{ $labels.to }}",
            "The link from {{ $labels.from }} to {{ $labels.to }} is down."),
    };
}

} // namespace firebreak
