#include "receivermetrics.h"

#include "engine/ingestpipeline.h"
#include "metrics/expositionwriter.h"

namespace firebreak {

namespace {

constexpr int MaxMessageChars = 200;

} // namespace

const QStringList& ReceiverMetrics::knownReasons()
{
    static const QStringList reasons { QStringLiteral("unauthorized"), QStringLiteral("too_large"),
        QStringLiteral("header_too_large"), QStringLiteral("unsupported_media_type"), QStringLiteral("malformed"),
        QStringLiteral("quarantined"), QStringLiteral("store_unavailable"), QStringLiteral("timeout"),
        QStringLiteral("overloaded") };
    return reasons;
}

ReceiverMetrics::ReceiverMetrics()
    : m_batchRows({ 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000 })
    , m_ingestSeconds({ 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10 })
{
    for (const QString& reason : knownReasons())
        m_stats.rejectedByReason.insert(reason, 0);
}

void ReceiverMetrics::countRequest(const QString& endpoint, int statusCode)
{
    ++m_requests[{ endpoint, statusCode }];
}

void ReceiverMetrics::countRejection(const QString& reason, const QString& message, qint64 nowMs)
{
    ++m_stats.rejectedByReason[reason];
    m_stats.lastReason = reason;
    m_stats.lastMessage = message.left(MaxMessageChars);
    m_stats.lastRejectionMs = nowMs;
}

void ReceiverMetrics::countAuthFailure(const QString& cause)
{
    ++m_authFailures[cause];
}

quint64 ReceiverMetrics::requests(const QString& endpoint, int statusCode) const
{
    return m_requests.value({ endpoint, statusCode });
}

QByteArray ReceiverMetrics::render(const IngestPipeline* pipeline, int pendingDeliveries) const
{
    ExpositionWriter out;
    out.family("firebreak_http_requests_total", "counter",
        QStringLiteral("HTTP requests answered, by endpoint and status code."));
    for (auto it = m_requests.cbegin(); it != m_requests.cend(); ++it) {
        out.sample("firebreak_http_requests_total",
            { { "endpoint", it.key().first }, { "code", QString::number(it.key().second) } }, double(it.value()));
    }

    out.family("firebreak_webhook_rejected_total", "counter",
        QStringLiteral("Deliveries refused or set aside, by reason. Senders do not retry a 4xx: these are losses "
                       "unless quarantined."));
    for (auto it = m_stats.rejectedByReason.cbegin(); it != m_stats.rejectedByReason.cend(); ++it)
        out.sample("firebreak_webhook_rejected_total", { { "reason", it.key() } }, double(it.value()));

    out.family("firebreak_webhook_auth_failures_total", "counter",
        QStringLiteral("Deliveries refused with 401, by cause (missing, wrong, unsupported_scheme)."));
    for (const char* cause : { "missing", "wrong", "unsupported_scheme" }) {
        const QString name = QString::fromLatin1(cause);
        out.sample("firebreak_webhook_auth_failures_total", { { "cause", name } }, double(m_authFailures.value(name)));
    }

    out.family("firebreak_webhook_accepted_total", "counter",
        QStringLiteral("Deliveries answered 2xx after they were committed to the store (to its inbox, when "
                       "they parsed; see firebreak_inbox_deliveries)."));
    out.sample("firebreak_webhook_accepted_total", {}, double(m_stats.accepted));

    out.family("firebreak_webhook_pending", "gauge",
        QStringLiteral("Deliveries received and waiting for the store to commit them."));
    out.sample("firebreak_webhook_pending", {}, pendingDeliveries);

    if (!m_stats.lastReason.isEmpty()) {
        out.family("firebreak_webhook_last_rejection_timestamp_seconds", "gauge",
            QStringLiteral("When the latest delivery was refused or set aside, with its reason and message."));
        out.sample("firebreak_webhook_last_rejection_timestamp_seconds",
            { { "reason", m_stats.lastReason }, { "message", m_stats.lastMessage } },
            double(m_stats.lastRejectionMs) / 1000.0);
    }

    if (pipeline) {
        out.family("firebreak_webhook_payloads_received_total", "counter",
            QStringLiteral("Webhook bodies that parsed (from every source, the sandbox included)."));
        out.sample("firebreak_webhook_payloads_received_total", {}, double(pipeline->payloadsReceived()));
        out.family("firebreak_webhook_payloads_quarantined_total", "counter",
            QStringLiteral("Webhook bodies of an unknown version, kept raw in the quarantine table."));
        out.sample("firebreak_webhook_payloads_quarantined_total", {}, double(pipeline->payloadsQuarantined()));
        out.family("firebreak_alerts_received_total", "counter",
            QStringLiteral("Alerts in the webhook bodies that parsed, duplicates included."));
        out.sample("firebreak_alerts_received_total", {}, double(pipeline->alertsReceived()));
        out.family("firebreak_alerts_deduplicated_total", "counter",
            QStringLiteral("Alerts dropped as already known (same fingerprint, startsAt and status)."));
        out.sample("firebreak_alerts_deduplicated_total", {}, double(pipeline->duplicatesDropped()));
        out.family("firebreak_alerts_synced_total", "counter",
            QStringLiteral("Active alerts read from Alertmanager's API v2 on start and reconnect."));
        out.sample("firebreak_alerts_synced_total", {}, double(pipeline->alertsSynced()));
        out.family("firebreak_alerts_synced_known_total", "counter",
            QStringLiteral("Synced alerts that were already stored."));
        out.sample("firebreak_alerts_synced_known_total", {}, double(pipeline->syncedDuplicates()));
        out.family("firebreak_inbox_deliveries", "gauge",
            QStringLiteral("Deliveries committed (or being committed) and answered whose alerts are not yet "
                           "correlated onto the timeline."));
        out.sample("firebreak_inbox_deliveries", {}, double(pipeline->inboxDeliveries()));
        out.family("firebreak_inbox_alerts", "gauge",
            QStringLiteral("Alerts in those deliveries; past the inbox's limit new deliveries get 503."));
        out.sample("firebreak_inbox_alerts", {}, double(pipeline->inboxAlerts()));
    }

    out.family("firebreak_store_batch_rows", "histogram",
        QStringLiteral("Rows (incidents, alerts, events, quarantined payloads) per committed store transaction."));
    out.histogram("firebreak_store_batch_rows", {}, m_batchRows);
    out.family("firebreak_ingest_latency_seconds", "histogram",
        QStringLiteral("From a webhook delivery being received to its commit and answer."));
    out.histogram("firebreak_ingest_latency_seconds", {}, m_ingestSeconds);
    return out.text();
}

} // namespace firebreak
