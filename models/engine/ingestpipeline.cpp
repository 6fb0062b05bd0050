#include "ingestpipeline.h"

#include "ingest/webhookparser.h"
#include "interfaces/clock.h"

#include <QTimer>

namespace firebreak {

IngestPipeline::IngestPipeline(const Clock& clock, CorrelationConfig config, QObject* parent)
    : IngestPipeline(clock, CorrelationSettings { std::move(config), 0, {} }, parent)
{
}

IngestPipeline::IngestPipeline(const Clock& clock, CorrelationSettings settings, QObject* parent)
    : QObject(parent)
    , m_clock(clock)
    , m_ticker(new QTimer(this))
    , m_correlator(std::move(settings))
{
    qRegisterMetaType<WebhookError>();
    qRegisterMetaType<WriteBatch>();
    m_ticker->setInterval(TickIntervalMs);
    connect(m_ticker, &QTimer::timeout, this, &IngestPipeline::tick);
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
    m_correlator.tick(m_clock.nowMs(), batch);
    if (batch.rowCount() > 0)
        Q_EMIT batchReady(batch);
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
    const qint64 nowMs = m_clock.nowMs();
    m_correlator.ingest(payload.alerts, nowMs, batch);
    m_correlator.tick(nowMs, batch);
    m_duplicates += quint64(m_correlator.duplicatesDropped() - duplicatesBefore);
    Q_EMIT batchReady(batch);
    startTicking();
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

void IngestPipeline::updateIncident(const Incident& incident)
{
    m_correlator.updateIncident(incident);
}

} // namespace firebreak
