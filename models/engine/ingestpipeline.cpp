#include "ingestpipeline.h"

#include "incidentcurator.h"
#include "ingest/cloudeventparser.h"
#include "ingest/webhookparser.h"
#include "interfaces/clock.h"
#include "store/storewriter.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTimer>

namespace firebreak {

IngestPipeline::IngestPipeline(const Clock& clock, CorrelationConfig config, QObject* parent)
    : IngestPipeline(clock, CorrelationSettings { std::move(config), 0, {} }, parent)
{
}

IngestPipeline::IngestPipeline(const Clock& clock, CorrelationSettings settings, QObject* parent)
    : IngestPipeline(clock, std::move(settings), DeliveryInbox::Limits {}, parent)
{
}

IngestPipeline::IngestPipeline(
    const Clock& clock, CorrelationSettings settings, DeliveryInbox::Limits inbox, QObject* parent)
    : QObject(parent)
    , m_clock(clock)
    , m_ticker(new QTimer(this))
    , m_correlator(std::move(settings))
    , m_inbox(inbox)
    , m_drainTimer(new QTimer(this))
{
    qRegisterMetaType<WebhookError>();
    qRegisterMetaType<WriteBatch>();
    qRegisterMetaType<CommittedBatch>();
    qRegisterMetaType<IncidentCommand>();
    qRegisterMetaType<QVector<InboxDelivery>>();
    m_ticker->setInterval(TickIntervalMs);
    connect(m_ticker, &QTimer::timeout, this, &IngestPipeline::tick);
    m_monotonic.start();
    m_drainTimer->setSingleShot(true);
    connect(m_drainTimer, &QTimer::timeout, this, [this] { drainInbox(); });
}

void IngestPipeline::connectTo(StoreWriter* writer)
{
    connect(this, &IngestPipeline::batchReady, writer, &StoreWriter::enqueue);
    connect(writer, &StoreWriter::committed, this, &IngestPipeline::onStoreCommitted);
    connect(writer, &StoreWriter::failed, this, &IngestPipeline::onStoreFailed);
}

void IngestPipeline::restore(const QVector<Incident>& incidents, const QVector<Alert>& alerts, qint64 maxIncidentId)
{
    m_correlator.restore(incidents, alerts, maxIncidentId);
    startTicking();
}

// A timer can only be started on its own thread; these slots run there, the constructor may not.
void IngestPipeline::startTicking()
{
    if (!m_ticker->isActive())
        m_ticker->start();
}

void IngestPipeline::tick()
{
    WriteBatch batch;
    // Nothing may resolve on time that a delivery received before now, still in the inbox, would
    // have kept open: correlation's now is at most the oldest one's.
    const qint64 oldest = m_inbox.oldestReceivedMs();
    m_correlator.tick(oldest >= 0 ? qMin(m_clock.nowMs(), oldest) : m_clock.nowMs(), batch);
    if (batch.rowCount() > 0)
        publish(batch);
}

std::optional<WebhookPayload> IngestPipeline::parseWebhook(
    const QByteArray& body, const QString& source, quint64 ticket)
{
    WebhookParseResult result = WebhookParser::parse(body, source);
    if (const auto* error = std::get_if<WebhookError>(&result)) {
        if (error->unknownVersion) {
            quarantine(body, source, ticket, *error);
            return std::nullopt;
        }
        ++m_rejected;
        Q_EMIT rejected(source, ticket, *error);
        return std::nullopt;
    }
    return std::get<WebhookPayload>(std::move(result));
}

void IngestPipeline::ingestWebhook(const QByteArray& body, const QString& source, quint64 ticket)
{
    const std::optional<WebhookPayload> payload = parseWebhook(body, source, ticket);
    if (!payload)
        return;
    ++m_payloadsReceived;
    m_alertsReceived += quint64(payload->alerts.size());
    WriteBatch batch;
    batch.ticket = ticket;
    correlate(*payload, source, m_clock.nowMs(), batch);
    publish(batch);
    startTicking();
}

void IngestPipeline::acceptWebhook(const QByteArray& body, const QString& source, quint64 ticket)
{
    std::optional<WebhookPayload> payload = parseWebhook(body, source, ticket);
    if (!payload)
        return;
    const qint64 nowMs = m_clock.nowMs();
    const qint64 alerts = payload->alerts.size();
    if (!m_inbox.hold(ticket, nowMs, source, std::move(*payload), m_monotonic.elapsed())) {
        ++m_overloaded;
        Q_EMIT overloaded(source, ticket,
            QStringLiteral("%1 alerts are waiting to be correlated (the limit is %2); retry")
                .arg(m_inbox.heldAlerts())
                .arg(m_inbox.limits().maxHeldAlerts));
        return;
    }
    ++m_payloadsReceived;
    m_alertsReceived += quint64(alerts);
    WriteBatch batch;
    batch.ticket = ticket;
    batch.deliveries.append(InboxDelivery { 0, nowMs, source, body, ticket });
    publishInboxLevels();
    Q_EMIT batchReady(batch);
    startTicking();
}

void IngestPipeline::correlate(
    const WebhookPayload& payload, const QString& source, qint64 receivedMs, WriteBatch& batch)
{
    const int duplicatesBefore = m_correlator.duplicatesDropped();
    m_correlator.ingest(payload.alerts, receivedMs, batch);
    m_correlator.tick(receivedMs, batch);
    m_duplicates += quint64(m_correlator.duplicatesDropped() - duplicatesBefore);
    if (payload.truncatedAlerts > 0)
        markTruncated(payload, source, batch);
}

void IngestPipeline::replayInbox(const QVector<InboxDelivery>& deliveries)
{
    for (const InboxDelivery& delivery : deliveries) {
        WebhookParseResult result = WebhookParser::parse(delivery.body, delivery.source);
        if (const auto* error = std::get_if<WebhookError>(&result)) {
            // It parsed when it was received; a Firebreak that no longer reads it keeps it raw.
            quarantine(delivery.body, delivery.source, 0, *error, delivery.id);
            continue;
        }
        auto& payload = std::get<WebhookPayload>(result);
        ++m_payloadsReceived;
        m_alertsReceived += quint64(payload.alerts.size());
        m_inbox.holdReplayed(delivery.id, delivery.receivedMs, delivery.source, std::move(payload));
    }
    startTicking();
    drainInbox();
}

void IngestPipeline::onStoreCommitted(const CommittedBatch& batch)
{
    if (batch.delivered.isEmpty() && batch.inboxDone.isEmpty())
        return;
    for (const InboxDelivery& delivery : batch.delivered)
        m_inbox.committed(delivery.ticket, delivery.id);
    if (!batch.inboxDone.isEmpty())
        m_inbox.drained(batch.inboxDone);
    drainInbox();
}

void IngestPipeline::onStoreFailed(const QString& error, const QVector<quint64>& tickets)
{
    Q_UNUSED(error)
    for (const quint64 ticket : tickets)
        m_inbox.failed(ticket);
    drainInbox(); // publishes the inbox's new levels too
}

void IngestPipeline::drainInbox(bool everything)
{
    // One batch per delivery: the store groups them into transactions of its own size, and a
    // failed one is retried without growing into one huge batch.
    for (const DeliveryInbox::Held& held : m_inbox.take(m_monotonic.elapsed(), everything)) {
        WriteBatch batch;
        correlate(held.payload, held.source, held.receivedMs, batch);
        batch.inboxDone.append(held.id);
        publish(batch);
    }
    publishInboxLevels();
    const qint64 waitMs = m_inbox.msUntilDue(m_monotonic.elapsed());
    if (waitMs >= 0)
        m_drainTimer->start(int(qMin<qint64>(waitMs, m_inbox.limits().maxLagMs)));
    else
        m_drainTimer->stop();
}

void IngestPipeline::publishInboxLevels()
{
    m_inboxDeliveries = m_inbox.heldDeliveries();
    m_inboxAlerts = m_inbox.heldAlerts();
    m_inboxOldestMs = qMax<qint64>(0, m_inbox.oldestReceivedMs());
}

void IngestPipeline::ingestAlerts(const QVector<Alert>& alerts, const QString& source, quint64 ticket)
{
    QVector<Alert> stamped = alerts;
    for (Alert& alert : stamped) {
        if (alert.source.isEmpty())
            alert.source = source;
    }
    drainInbox(true); // deliveries received before this sync go first
    // Counted apart from webhook deliveries: a sync re-reads every active alert, so its
    // duplicates say nothing about how often senders deliver twice.
    m_alertsSynced += quint64(stamped.size());

    WriteBatch batch;
    batch.ticket = ticket;
    const int duplicatesBefore = m_correlator.duplicatesDropped();
    m_correlator.ingest(stamped, m_clock.nowMs(), batch);
    m_syncedDuplicates += quint64(m_correlator.duplicatesDropped() - duplicatesBefore);
    publish(batch);
}

void IngestPipeline::quarantine(
    const QByteArray& body, const QString& source, quint64 ticket, const WebhookError& error, qint64 inboxId)
{
    ++m_quarantined;
    const qint64 nowMs = m_clock.nowMs();
    QuarantinedPayload kept;
    kept.receivedMs = nowMs;
    kept.source = source;
    kept.reason = error.toString(); // names the version, quoted and cut by the parser
    kept.contentType = QStringLiteral("application/json"); // the webhook route admits JSON only
    kept.body = body;
    kept.ticket = ticket;

    Event event;
    event.timeMs = nowMs;
    event.source = source;
    event.kind = QString::fromLatin1(EventKind::IngestQuarantined);
    event.severity = Severity::Warning;
    event.title = QStringLiteral("Quarantined a webhook delivery from %1: %2").arg(source, error.message);
    event.body = QJsonDocument(QJsonObject {
                                   { QStringLiteral("reason"), kept.reason },
                                   { QStringLiteral("bytes"), double(body.size()) },
                               })
                     .toJson(QJsonDocument::Compact);
    event.actor = source;

    WriteBatch batch;
    batch.ticket = ticket;
    batch.quarantined.append(std::move(kept));
    batch.events.append(std::move(event));
    if (inboxId != 0)
        batch.inboxDone.append(inboxId);
    publish(batch);
}

// Alertmanager cuts a notification to the receiver's max_alerts and says how many it left out; the
// incidents it was about are then known to be incomplete. The count kept is the largest seen, and
// a timeline event marks each increase (a redelivery adds nothing).
void IngestPipeline::markTruncated(const WebhookPayload& payload, const QString& source, WriteBatch& batch)
{
    const qint64 nowMs = m_clock.nowMs();
    QSet<qint64> marked; // ingest and tick may each have put the same incident in the batch
    for (Incident& incident : batch.incidents) {
        if (incident.truncatedAlerts >= payload.truncatedAlerts)
            continue;
        incident.truncatedAlerts = payload.truncatedAlerts;
        m_correlator.noteTruncated(incident.id, payload.truncatedAlerts);
        if (marked.contains(incident.id))
            continue;
        marked.insert(incident.id);

        Event event;
        event.incidentId = incident.id;
        event.timeMs = nowMs;
        event.source = source;
        event.kind = QString::fromLatin1(EventKind::AlertTruncated);
        event.severity = Severity::Warning;
        const QString count = payload.truncatedAlerts == 1 ? QStringLiteral("1 alert")
                                                           : QStringLiteral("%1 alerts").arg(payload.truncatedAlerts);
        event.title = QStringLiteral("%1 left out %2 of a notification for incident #%3 (max_alerts)")
                          .arg(source, count)
                          .arg(incident.id);
        event.body = QJsonDocument(QJsonObject {
                                       { QStringLiteral("truncatedAlerts"), payload.truncatedAlerts },
                                       { QStringLiteral("groupKey"), payload.groupKey },
                                       { QStringLiteral("receiver"), payload.receiver },
                                   })
                         .toJson(QJsonDocument::Compact);
        event.actor = source;
        batch.events.append(std::move(event));
    }
}

void IngestPipeline::ingestEvent(const Event& event, const LabelSet& labels)
{
    drainInbox(true); // alerts received before it may open the incident it belongs to
    WriteBatch batch;
    Event attached = event;
    if (attached.incidentId == 0)
        m_correlator.attach(attached, labels);
    batch.events.append(attached);
    ++m_events;
    publish(batch);
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
    drainInbox(true); // alerts received before them may open the incident they belong to
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
    publish(batch);
}

void IngestPipeline::updateIncident(const Incident& incident)
{
    m_correlator.updateIncident(incident);
}

void IngestPipeline::applyCommand(const IncidentCommand& command)
{
    std::optional<Incident> tracked;
    for (const Incident& incident : m_correlator.activeIncidents()) {
        if (incident.id == command.incidentId) {
            tracked = incident;
            break;
        }
    }
    // Correlation forgets an incident once it resolves, but the console's copy may be older than
    // that resolution: the engine's own last word on it wins.
    if (!tracked) {
        const auto closed = m_closed.constFind(command.incidentId);
        if (closed != m_closed.cend())
            tracked = *closed;
    }
    IncidentCurator::Outcome outcome = IncidentCurator::apply(command, tracked, m_clock.nowMs());
    if (!outcome.accepted()) {
        Q_EMIT commandRefused(command, outcome.refusal);
        return;
    }
    if (outcome.updated)
        m_correlator.updateIncident(*outcome.updated);
    publish(outcome.batch);
}

void IngestPipeline::publish(const WriteBatch& batch)
{
    for (const Incident& incident : batch.incidents) {
        if (incident.status == IncidentStatus::Resolved || incident.status == IncidentStatus::Reviewed)
            m_closed.insert(incident.id, incident);
        else
            m_closed.remove(incident.id);
    }
    while (m_closed.size() > MaxClosedRemembered)
        m_closed.erase(m_closed.begin());
    Q_EMIT batchReady(batch);
}

} // namespace firebreak
