#pragma once

#include "correlation/correlator.h"
#include "deliveryinbox.h"
#include "incidentcommand.h"
#include "ingest/cloudeventmapper.h"
#include "ingest/recentkeys.h"
#include "ingest/webhookpayload.h"

#include <QElapsedTimer>
#include <QMap>
#include <QObject>
#include <atomic>
#include <optional>

class QTimer;

namespace firebreak {

class Clock;
class StoreWriter;

// The engine thread's front door for alerts and change events: every webhook body, whether the
// HTTP receiver got it or the sandbox produced it, is parsed and correlated here and leaves as one
// WriteBatch for the store. Keeping parse and correlation on this thread keeps them off the GUI's.
// A delivery whose sender waits (a ticket) goes through the store's inbox first: it is committed
// raw and answered, then correlated as DeliveryInbox decides; this needs onStoreCommitted and
// onStoreFailed connected to the store writer.
// Use: construct, moveToThread(engine thread), invoke restore() once the store has opened, then
// call the slots by queued connection.
class IngestPipeline : public QObject {
    Q_OBJECT
public:
    // Plain grouping; incidents resolve as soon as their alerts do (see Correlator).
    explicit IngestPipeline(const Clock& clock, CorrelationConfig config, QObject* parent = nullptr);
    // Grouping, resolve_after and multi-signal rules from the configuration file.
    explicit IngestPipeline(const Clock& clock, CorrelationSettings settings, QObject* parent = nullptr);
    // The same, with the inbox's limits given (tests shorten them).
    IngestPipeline(
        const Clock& clock, CorrelationSettings settings, DeliveryInbox::Limits inbox, QObject* parent = nullptr);

    // How often tick() runs by itself once the pipeline is on its thread (restore() or the first
    // webhook starts it): resolve_after must fire without any new alert arriving.
    static constexpr int TickIntervalMs = 1000;

    // Counters, safe to read from any thread (for GET /metrics and the status bar).
    quint64 payloadsReceived() const { return m_payloadsReceived.load(); } // bodies that parsed
    quint64 alertsReceived() const { return m_alertsReceived.load(); } // alerts in those bodies
    quint64 duplicatesDropped() const { return m_duplicates.load(); } // alerts that added nothing
    quint64 alertsSynced() const { return m_alertsSynced.load(); } // alerts read by ingestAlerts (API sync)
    quint64 syncedDuplicates() const { return m_syncedDuplicates.load(); } // of those, already known
    quint64 payloadsRejected() const { return m_rejected.load(); } // bodies refused
    quint64 payloadsQuarantined() const { return m_quarantined.load(); } // unknown version, kept raw
    quint64 eventsIngested() const { return m_events.load(); } // ingestEvent() calls
    quint64 cloudEventsReceived() const { return m_cloudEvents.load(); } // CloudEvents in accepted bodies
    quint64 cloudEventDuplicates() const { return m_cloudEventDuplicates.load(); } // re-delivered source + id
    quint64 cloudEventBodiesRejected() const { return m_cloudEventsRejected.load(); } // malformed bodies
    // Deliveries answered (or being committed) whose alerts are not yet correlated, and their alerts.
    int inboxDeliveries() const { return m_inboxDeliveries.load(); }
    qint64 inboxAlerts() const { return m_inboxAlerts.load(); }
    // When (wall time) the oldest delivery not yet correlated was received; 0 when none waits.
    qint64 inboxOldestReceivedMs() const { return m_inboxOldestMs.load(); }
    quint64 deliveriesRefusedOverloaded() const { return m_overloaded.load(); } // inbox full: 503

    // How many CloudEvent source + id pairs are remembered to drop re-deliveries.
    static constexpr int CloudEventMemory = 50'000;

    // The connections to the store writer, both ways: batches to it, and what it did with the inbox
    // back (without the way back, deliveries with a ticket would never be correlated).
    void connectTo(StoreWriter* writer);

    // For tests and for wiring on the engine thread only.
    const Correlator& correlator() const { return m_correlator; }

public Q_SLOTS:
    void restore(
        const QVector<firebreak::Incident>& incidents, const QVector<firebreak::Alert>& alerts, qint64 maxIncidentId);
    // Emits batchReady (with `ticket`, even when every alert was a duplicate, so the receiver can
    // answer) or rejected. A body of an unknown `version` is not rejected: it leaves as a batch
    // holding the raw body for the quarantine table and an `ingest.quarantined` event. A payload
    // with truncatedAlerts > 0 marks the incidents it touched (and says so on their timelines).
    void ingestWebhook(const QByteArray& body, const QString& source, quint64 ticket);
    // Like ingestWebhook, for a sender that waits (`ticket`, non-zero): a body that parses goes to
    // the store's inbox and is correlated later (see DeliveryInbox), so the batch with `ticket`
    // carries the raw delivery, not its rows. When the inbox is full it is refused by overloaded().
    void acceptWebhook(const QByteArray& body, const QString& source, quint64 ticket);
    // Deliveries the store still held in its inbox at start-up: correlated like new ones, oldest first.
    void replayInbox(const QVector<firebreak::InboxDelivery>& deliveries);
    // What the store did with the inbox: deliveries committed (they may now be correlated) and
    // deliveries whose rows are in (the next ones may go).
    void onStoreCommitted(const firebreak::CommittedBatch& batch);
    // Deliveries the store refused: their senders were answered 503 and deliver them again.
    void onStoreFailed(const QString& error, const QVector<quint64>& tickets);
    // Alerts already parsed elsewhere (fetched from Alertmanager's API v2 on start or reconnect):
    // correlated exactly like webhook alerts, so that ones already known are dropped as duplicates.
    // Alerts without a source get `source`. Always emits batchReady with `ticket`.
    void ingestAlerts(const QVector<firebreak::Alert>& alerts, const QString& source, quint64 ticket);
    // A non-alert event (deploy, cron, chaos): attached to the matching active incident, then
    // emitted as a batch of one.
    void ingestEvent(const firebreak::Event& event, const firebreak::LabelSet& labels);
    // A structured-mode CloudEvents body (one event or a batch; see CloudEventParser), from the
    // receiver's POST /hooks/cloudevents or a WebSocket feed. Emits one batchReady with `ticket`
    // (re-delivered events, same source + id, are left out) or rejected for the whole body.
    void ingestCloudEvents(const QByteArray& body, const QString& contentType, const QString& source, quint64 ticket);
    // An incident changed elsewhere (operator acknowledged or resolved it); see Correlator.
    void updateIncident(const firebreak::Incident& incident);
    // An operator's note, pin, status step or commander change (see IncidentCommand): applied to
    // correlation's copy of the incident (so that later alerts keep it) and emitted as one batch with
    // its audit entry, stamped with the clock's now; or refused by commandRefused, writing nothing.
    void applyCommand(const firebreak::IncidentCommand& command);
    // Resolves incidents whose resolve_after ran out by the clock's now; emits batchReady only when
    // something changed. Runs every TickIntervalMs, and after every webhook.
    void tick();

Q_SIGNALS:
    void batchReady(const firebreak::WriteBatch& batch);
    void rejected(const QString& source, quint64 ticket, const firebreak::WebhookError& error);
    // The inbox holds too many alerts not yet correlated; the sender should retry (503).
    void overloaded(const QString& source, quint64 ticket, const QString& reason);
    void commandRefused(const firebreak::IncidentCommand& command, const QString& why);

private:
    // The payload, or nothing after emitting rejected or quarantining the body.
    std::optional<WebhookPayload> parseWebhook(const QByteArray& body, const QString& source, quint64 ticket);
    void quarantine(
        const QByteArray& body, const QString& source, quint64 ticket, const WebhookError& error, qint64 inboxId = 0);
    // Correlates one parsed delivery into `batch`, as received at `receivedMs`.
    void correlate(const WebhookPayload& payload, const QString& source, qint64 receivedMs, WriteBatch& batch);
    // Correlates whatever the inbox says is due (or every committed delivery), and arms the timer
    // for what will be due.
    void drainInbox(bool everything = false);
    void publishInboxLevels();
    void markTruncated(const WebhookPayload& payload, const QString& source, WriteBatch& batch);
    void startTicking();
    // Emits batchReady, remembering the incidents it closes (see applyCommand).
    void publish(const WriteBatch& batch);

    const Clock& m_clock;
    QTimer* m_ticker = nullptr;
    Correlator m_correlator;
    DeliveryInbox m_inbox;
    QTimer* m_drainTimer = nullptr;
    QElapsedTimer m_monotonic; // the inbox's time: immune to the wall clock being stepped
    // The last version this pipeline wrote of incidents it no longer tracks because they resolved,
    // by id; the oldest ids are forgotten first.
    static constexpr int MaxClosedRemembered = 4096;
    QMap<qint64, Incident> m_closed;
    std::atomic<quint64> m_payloadsReceived { 0 };
    std::atomic<quint64> m_alertsReceived { 0 };
    std::atomic<quint64> m_duplicates { 0 };
    std::atomic<quint64> m_alertsSynced { 0 };
    std::atomic<quint64> m_syncedDuplicates { 0 };
    std::atomic<quint64> m_rejected { 0 };
    std::atomic<quint64> m_quarantined { 0 };
    std::atomic<quint64> m_events { 0 };
    CloudEventMapper m_cloudEventMapper;
    RecentKeys m_seenCloudEvents { CloudEventMemory };
    std::atomic<quint64> m_cloudEvents { 0 };
    std::atomic<quint64> m_cloudEventDuplicates { 0 };
    std::atomic<quint64> m_cloudEventsRejected { 0 };
    std::atomic<int> m_inboxDeliveries { 0 };
    std::atomic<qint64> m_inboxAlerts { 0 };
    std::atomic<qint64> m_inboxOldestMs { 0 };
    std::atomic<quint64> m_overloaded { 0 };
};

} // namespace firebreak
