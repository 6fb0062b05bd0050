#include "sandboxmetricsexporter.h"

#include "metrics/expositionwriter.h"
#include "sandboxworld.h"

#include <QHash>
#include <QHttpServer>
#include <QHttpServerResponse>

namespace firebreak {

namespace {
const QString NameLabel = QStringLiteral("__name__");

// HELP lines, so that the exposition reads well in a browser and passes `promtool check metrics`.
QByteArray helpOf(const QString& name)
{
    static const QHash<QString, QByteArray> help {
        { QStringLiteral("disk_used_percent"), "Share of the database host's disk in use, in percent." },
        { QStringLiteral("db_up"), "1 if the database instance answers." },
        { QStringLiteral("db_connections_active"), "Open client connections (limit 500)." },
        { QStringLiteral("db_query_duration_seconds_p99"), "99th percentile query duration." },
        { QStringLiteral("db_slow_queries"), "Queries running longer than 5 s." },
        { QStringLiteral("db_write_latency_p99_seconds"), "99th percentile write latency." },
        { QStringLiteral("db_replica_lag_seconds"), "How far the replica is behind the primary." },
        { QStringLiteral("db_primary_up"), "1 if the cluster has a primary accepting writes." },
        { QStringLiteral("cache_up"), "1 if the cache answers." },
        { QStringLiteral("cache_hit_ratio"), "Share of reads served by the cache." },
        { QStringLiteral("region_link_up"), "1 if the network link between the regions is up." },
        { QStringLiteral("batch_job_running"), "1 while the batch job runs." },
        { QStringLiteral("http_requests_per_second"), "Request rate of the service." },
        { QStringLiteral("http_request_duration_seconds_p99"), "99th percentile request duration." },
        { QStringLiteral("http_requests_error_ratio"), "Share of requests that failed." },
        { QStringLiteral("container_memory_working_set_bytes"), "Working set memory of the pod's container." },
        { QStringLiteral("container_spec_memory_limit_bytes"), "Memory limit of the pod's container." },
        { QStringLiteral("kube_pod_container_status_restarts_total"), "Restarts of the pod's container." },
        { QStringLiteral("kube_pod_container_status_last_terminated_reason"),
            "1 for the reason the container last terminated." },
        { QStringLiteral("pod:kube_pod_container_status_restarts:increase15m"),
            "Restarts in the last 15 simulated minutes (the recording rule, computed in simulated time)." },
    };
    return help.value(name, QByteArrayLiteral("Simulated by the Firebreak sandbox."));
}

} // namespace

SandboxMetricsExporter::SandboxMetricsExporter(const SandboxWorld& world, QObject* parent)
    : QObject(parent)
    , m_world(world)
    , m_server(std::make_unique<QHttpServer>())
{
    m_server->route(QStringLiteral("/metrics"), QHttpServerRequest::Method::Get, [this] {
        ++m_scrapes;
        return QHttpServerResponse(QByteArray(ContentType.data(), ContentType.size()), render(m_world.currentPoints()));
    });
}

SandboxMetricsExporter::~SandboxMetricsExporter() = default;

bool SandboxMetricsExporter::listen(const QHostAddress& address, quint16 port, QString* error)
{
    m_port = m_server->listen(address, port);
    if (m_port == 0 && error) {
        *error = QStringLiteral("cannot serve metrics on %1:%2 (address in use or not available)")
                     .arg(address.toString())
                     .arg(port);
    }
    return m_port != 0;
}

QByteArray SandboxMetricsExporter::render(const QVector<MetricPoint>& points)
{
    // All samples of one family must stand together under its TYPE line.
    QVector<QString> order;
    QHash<QString, QVector<const MetricPoint*>> families;
    for (const MetricPoint& point : points) {
        const QString name = point.labels.value(NameLabel);
        if (name.isEmpty())
            continue;
        auto it = families.find(name);
        if (it == families.end()) {
            order.append(name);
            it = families.insert(name, {});
        }
        it->append(&point);
    }
    ExpositionWriter out;
    for (const QString& name : std::as_const(order)) {
        const QByteArray family = name.toUtf8();
        out.family(
            family, name.endsWith(QLatin1String("_total")) ? "counter" : "gauge", QString::fromUtf8(helpOf(name)));
        for (const MetricPoint* point : families.value(name)) {
            MetricLabels labels;
            for (auto label = point->labels.cbegin(); label != point->labels.cend(); ++label) {
                if (label.key() != NameLabel)
                    labels.append({ label.key().toUtf8(), label.value() });
            }
            out.sample(family, labels, point->value);
        }
    }
    return out.text();
}

} // namespace firebreak
