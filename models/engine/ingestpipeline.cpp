#include "ingestpipeline.h"

#include "ingest/cloudeventparser.h"
#include "ingest/webhookparser.h"
#include "interfaces/clock.h"

namespace firebreak {

IngestPipeline::IngestPipeline(const Clock& clock, CorrelationConfig config, QObject* parent)
    : QObject(parent)
    , m_clock(clock)
    , m_correlator(std::move(config))
{
    qRegisterMetaType<WebhookError>();
    qRegisterMetaType<WriteBatch>();
}

void IngestPipeline::restore(const QVector<Incident>& incidents, const QVector<Alert>& alerts, qint64 maxIncidentId)
{
    m_correlator.restore(incidents, alerts, maxIncidentId);
}

void IngestPipeline::ingestWebhook(const QByteArray& body, const QString& source, quint64 ticket)
{
    WebhookParseResult result = WebhookParser::parse(body, source);
    if (const auto* error = std::get_if<WebhookError>(&result)) {
        ++m_rejected;
        Q_EMIT rejected(source, ticket, *error);
        return;
    }
    const auto& payload = std::get<WebhookPayload>(result);
    ++m_payloadsReceived;
    m_alertsReceived += quint64(payload.alerts.size());

    WriteBatch batch;
    batch.ticket = ticket;
    const int duplicatesBefore = m_correlator.duplicatesDropped();
    m_correlator.ingest(payload.alerts, m_clock.nowMs(), batch);
    m_duplicates += quint64(m_correlator.duplicatesDropped() - duplicatesBefore);
    Q_EMIT batchReady(batch);
}

void IngestPipeline::ingestAlerts(const QVector<Alert>& alerts, const QString& source, quint64 ticket)
{
    QVector<Alert> stamped = alerts;
    for (Alert& alert : stamped) {
        if (alert.source.isEmpty())
            alert.source = source;
    }
    ++m_payloadsReceived;
    m_alertsReceived += quint64(stamped.size());

    WriteBatch batch;
    batch.ticket = ticket;
    const int duplicatesBefore = m_correlator.duplicatesDropped();
    m_correlator.ingest(stamped, m_clock.nowMs(), batch);
    m_duplicates += quint64(m_correlator.duplicatesDropped() - duplicatesBefore);
    Q_EMIT batchReady(batch);
}

void IngestPipeline::ingestEvent(const Event& event, const LabelSet& labels)
{
    WriteBatch batch;
    Event attached = event;
    if (attached.incidentId == 0)
        m_correlator.attach(attached, labels);
    batch.events.append(attached);
    ++m_events;
    Q_EMIT batchReady(batch);
}

void IngestPipeline::ingestCloudEvents(
    const QByteArray& body, const QString& contentType, const QString& source, quint64 ticket)
{
    CloudEventParseResult result = CloudEventParser::parse(body, contentType);
    if (const auto* error = std::get_if<WebhookError>(&result)) {
        ++m_cloudEventsRejected;
        Q_EMIT rejected(source, ticket, *error);
        return;
    }
    const auto& cloudEvents = std::get<QVector<CloudEvent>>(result);
    m_cloudEvents += quint64(cloudEvents.size());
    const qint64 nowMs = m_clock.nowMs();
    WriteBatch batch;
    batch.ticket = ticket;
    for (const CloudEvent& cloudEvent : cloudEvents) {
        if (!m_seenCloudEvents.insert(cloudEvent.deliveryKey())) {
            ++m_cloudEventDuplicates;
            continue;
        }
        MappedCloudEvent mapped = m_cloudEventMapper.map(cloudEvent, source, nowMs);
        m_correlator.attach(mapped.event, mapped.labels);
        batch.events.append(std::move(mapped.event));
    }
    Q_EMIT batchReady(batch);
}

void IngestPipeline::updateIncident(const Incident& incident)
{
    m_correlator.updateIncident(incident);
}

} // namespace firebreak
