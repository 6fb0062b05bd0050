#include "domain/metatypes.h"
#include "engine/ingestpipeline.h"
#include "interfaces/clock.h"

#include <QFile>
#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <atomic>

using namespace firebreak;

namespace {

// A clock the test sets by hand; atomic because the pipeline may read it on another thread.
class ManualClock final : public Clock {
public:
    explicit ManualClock(qint64 nowMs)
        : m_nowMs(nowMs)
    {
    }
    qint64 nowMs() const override { return m_nowMs.load(); }
    void set(qint64 nowMs) { m_nowMs.store(nowMs); }

private:
    std::atomic<qint64> m_nowMs;
};

constexpr qint64 Now = 1772359500000; // 2026-03-01T10:05:00Z

QByteArray readSample()
{
    QFile file(QStringLiteral(FIREBREAK_TEST_DATA "/webhook/alertmanager-v4-disk.json"));
    if (!file.open(QIODevice::ReadOnly))
        return QByteArray();
    return file.readAll();
}

QByteArray oneAlert(const QString& status, const QString& fingerprint, const QString& endsAt)
{
    return QStringLiteral(R"({"version":"4","groupKey":"{}:{}","status":"%1","receiver":"firebreak",
        "alerts":[{"status":"%1","labels":{"alertname":"CacheDown","service":"cache","region":"us"},
                   "startsAt":"2026-03-01T10:00:00Z","endsAt":"%3","fingerprint":"%2"}]})")
        .arg(status, fingerprint, endsAt)
        .toUtf8();
}

// Short enough for a test to wait out; the limits otherwise as shipped.
DeliveryInbox::Limits inboxLimits()
{
    DeliveryInbox::Limits limits;
    limits.idleMs = 10;
    limits.maxLagMs = 200;
    return limits;
}

QStringList kinds(const WriteBatch& batch)
{
    QStringList out;
    for (const Event& event : batch.events)
        out.append(event.kind);
    return out;
}

} // namespace

class TestIngestPipeline : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { registerMetaTypes(); }

    void webhookBodyBecomesOneBatch()
    {
        ManualClock clock(Now);
        IngestPipeline pipeline(clock, CorrelationConfig {});
        QSignalSpy batches(&pipeline, &IngestPipeline::batchReady);
        QSignalSpy rejections(&pipeline, &IngestPipeline::rejected);

        pipeline.ingestWebhook(readSample(), QStringLiteral("alertmanager"), 42);

        QCOMPARE(rejections.count(), 0);
        QCOMPARE(batches.count(), 1);
        const auto batch = batches.takeFirst().at(0).value<WriteBatch>();
        QCOMPARE(batch.ticket, quint64(42));
        // Two firing alerts of service=db,region=eu: one incident; the resolved third one joins it.
        QCOMPARE(kinds(batch),
            (QStringList { QStringLiteral("incident.opened"), QStringLiteral("alert.firing"),
                QStringLiteral("alert.firing"), QStringLiteral("alert.resolved") }));
        QCOMPARE(batch.incidents.size(), 1);
        QCOMPARE(batch.incidents.first().title, QStringLiteral("Disk almost full on db-eu-1:9100"));
        QCOMPARE(batch.incidents.first().severity, 2);
        QCOMPARE(batch.incidents.first().alertCount, 3);
        QCOMPARE(batch.incidents.first().firingCount, 2);
        QCOMPARE(batch.alerts.size(), 3);
        for (const Event& event : batch.events) {
            QCOMPARE(event.source, QStringLiteral("alertmanager"));
            QCOMPARE(event.incidentId, qint64(1));
        }
        QCOMPARE(pipeline.payloadsReceived(), quint64(1));
        QCOMPARE(pipeline.alertsReceived(), quint64(3));
        QCOMPARE(pipeline.duplicatesDropped(), quint64(0));
        QCOMPARE(pipeline.payloadsRejected(), quint64(0));
    }

    // A sender's delivery is committed raw first (the batch with its ticket holds only the body); its
    // rows follow, with the inbox id to delete, once the store has it and senders have paused.
    void acceptedDeliveryGoesThroughTheInbox()
    {
        ManualClock clock(Now);
        IngestPipeline pipeline(clock, CorrelationSettings { CorrelationConfig {}, 0, {} }, inboxLimits());
        QSignalSpy batches(&pipeline, &IngestPipeline::batchReady);
        const QByteArray body = readSample();
        pipeline.acceptWebhook(body, QStringLiteral("alertmanager"), 42);

        QCOMPARE(batches.count(), 1);
        const auto raw = batches.takeFirst().at(0).value<WriteBatch>();
        QCOMPARE(raw.ticket, quint64(42));
        QCOMPARE(raw.deliveries.size(), 1);
        QCOMPARE(raw.deliveries.first().body, body);
        QCOMPARE(raw.deliveries.first().receivedMs, Now);
        QCOMPARE(raw.alerts.size() + raw.events.size() + raw.incidents.size(), 0);
        QCOMPARE(pipeline.inboxDeliveries(), 1);
        QCOMPARE(pipeline.inboxAlerts(), qint64(3));

        clock.set(Now + 50); // past the idle time: still nothing, the store has not said it has the body
        QTest::qWait(30);
        QCOMPARE(batches.count(), 0);

        CommittedBatch committed;
        committed.delivered.append(InboxDelivery { 7, Now, QStringLiteral("alertmanager"), {}, 42 });
        pipeline.onStoreCommitted(committed);
        QTRY_COMPARE(batches.count(), 1);
        const auto rows = batches.takeFirst().at(0).value<WriteBatch>();
        QCOMPARE(rows.ticket, quint64(0)); // the sender was answered already
        QCOMPARE(rows.inboxDone, QVector<qint64> { 7 });
        QCOMPARE(rows.alerts.size(), 3);
        QCOMPARE(kinds(rows),
            (QStringList { QStringLiteral("incident.opened"), QStringLiteral("alert.firing"),
                QStringLiteral("alert.firing"), QStringLiteral("alert.resolved") }));

        CommittedBatch written;
        written.inboxDone = { 7 };
        pipeline.onStoreCommitted(written);
        QCOMPARE(pipeline.inboxDeliveries(), 0);
        QCOMPARE(pipeline.inboxAlerts(), qint64(0));
    }

    // A delivery the store refused is not correlated: its sender got 503 and sends it again.
    void refusedDeliveryIsNotCorrelated()
    {
        ManualClock clock(Now);
        IngestPipeline pipeline(clock, CorrelationSettings { CorrelationConfig {}, 0, {} }, inboxLimits());
        QSignalSpy batches(&pipeline, &IngestPipeline::batchReady);
        pipeline.acceptWebhook(readSample(), QStringLiteral("alertmanager"), 5);
        pipeline.onStoreFailed(QStringLiteral("disk full"), { 5 });
        QCOMPARE(pipeline.inboxDeliveries(), 0);
        pipeline.acceptWebhook(readSample(), QStringLiteral("alertmanager"), 6); // the retry
        clock.set(Now + 50);
        CommittedBatch committed;
        committed.delivered.append(InboxDelivery { 1, Now, QStringLiteral("alertmanager"), {}, 6 });
        pipeline.onStoreCommitted(committed);
        QTRY_COMPARE(batches.count(), 3);
        const auto rows = batches.at(2).at(0).value<WriteBatch>();
        QCOMPARE(rows.inboxDone, QVector<qint64> { 1 });
        QCOMPARE(rows.alerts.size(), 3); // once, not twice
        QCOMPARE(pipeline.duplicatesDropped(), quint64(0));
    }

    // Past the inbox's limit a delivery is refused for the sender to retry, and nothing is held.
    void fullInboxRefusesWithOverloaded()
    {
        ManualClock clock(Now);
        DeliveryInbox::Limits limits = inboxLimits();
        limits.maxHeldAlerts = 4;
        IngestPipeline pipeline(clock, CorrelationSettings { CorrelationConfig {}, 0, {} }, limits);
        QSignalSpy batches(&pipeline, &IngestPipeline::batchReady);
        QSignalSpy overloaded(&pipeline, &IngestPipeline::overloaded);
        pipeline.acceptWebhook(readSample(), QStringLiteral("alertmanager"), 1); // 3 alerts
        pipeline.acceptWebhook(readSample(), QStringLiteral("alertmanager"), 2); // 6 would be too many
        QCOMPARE(batches.count(), 1);
        QCOMPARE(overloaded.count(), 1);
        QCOMPARE(overloaded.first().at(1).toULongLong(), quint64(2));
        QVERIFY2(overloaded.first().at(2).toString().contains(QStringLiteral("limit is 4")),
            qPrintable(overloaded.first().at(2).toString()));
        QCOMPARE(pipeline.deliveriesRefusedOverloaded(), quint64(1));
        QCOMPARE(pipeline.inboxAlerts(), qint64(3));
    }

    // Deliveries left in the store's inbox by a stop are correlated at once, as received then; one
    // that no longer parses is quarantined rather than lost, and leaves the inbox too.
    void replayedInboxIsCorrelatedOrQuarantined()
    {
        ManualClock clock(Now);
        IngestPipeline pipeline(clock, CorrelationSettings { CorrelationConfig {}, 0, {} }, inboxLimits());
        QSignalSpy batches(&pipeline, &IngestPipeline::batchReady);
        const QByteArray unknown = QByteArrayLiteral(R"({"version":"9","alerts":[]})");
        pipeline.replayInbox({ InboxDelivery { 3, Now - 60'000, QStringLiteral("alertmanager"), readSample(), 0 },
            InboxDelivery { 4, Now - 59'000, QStringLiteral("alertmanager"), unknown, 0 },
            InboxDelivery { 5, Now - 58'000, QStringLiteral("alertmanager"), readSample(), 0 } });
        QCOMPARE(batches.count(), 3);
        const auto quarantined = batches.at(0).at(0).value<WriteBatch>();
        QCOMPARE(quarantined.quarantined.size(), 1);
        QCOMPARE(quarantined.quarantined.first().body, unknown);
        QCOMPARE(quarantined.inboxDone, QVector<qint64> { 4 });
        const auto rows = batches.at(1).at(0).value<WriteBatch>();
        QCOMPARE(rows.inboxDone, QVector<qint64> { 3 });
        QCOMPARE(rows.alerts.size(), 3);
        const auto copy = batches.at(2).at(0).value<WriteBatch>();
        QCOMPARE(copy.inboxDone, QVector<qint64> { 5 });
        QCOMPARE(copy.alerts.size(), 0); // the second copy adds nothing
        QCOMPARE(pipeline.duplicatesDropped(), quint64(3));
    }

    // resolve_after runs out while a firing alert of the incident, received before that moment, is
    // still in the inbox: the incident is not resolved on time and then reopened; the alert joins it.
    void heldDeliveryKeepsItsIncidentOpen()
    {
        ManualClock clock(Now);
        CorrelationSettings settings;
        settings.resolveAfterMs = 60 * 1000;
        IngestPipeline pipeline(clock, settings, inboxLimits());
        QSignalSpy batches(&pipeline, &IngestPipeline::batchReady);
        pipeline.ingestWebhook(
            oneAlert(QStringLiteral("firing"), QStringLiteral("c1"), QStringLiteral("0001-01-01T00:00:00Z")),
            QStringLiteral("alertmanager"), 0);
        pipeline.ingestWebhook(
            oneAlert(QStringLiteral("resolved"), QStringLiteral("c1"), QStringLiteral("2026-03-01T10:05:00Z")),
            QStringLiteral("alertmanager"), 0);
        QCOMPARE(batches.count(), 2);
        const qint64 incidentId = batches.at(1).at(0).value<WriteBatch>().incidents.first().id;

        clock.set(Now + 59 * 1000); // a second before resolve_after runs out, c2 fires in the same group
        QByteArray second
            = oneAlert(QStringLiteral("firing"), QStringLiteral("c2"), QStringLiteral("0001-01-01T00:00:00Z"));
        second.replace("2026-03-01T10:00:00Z", "2026-03-01T10:05:58Z");
        pipeline.acceptWebhook(second, QStringLiteral("alertmanager"), 9);
        QCOMPARE(batches.count(), 3); // the raw delivery

        clock.set(Now + 61 * 1000);
        pipeline.tick();
        QCOMPARE(batches.count(), 3); // not resolved: c2 was received before resolve_after ran out

        CommittedBatch committed;
        committed.delivered.append(InboxDelivery { 1, Now + 59 * 1000, QStringLiteral("alertmanager"), {}, 9 });
        pipeline.onStoreCommitted(committed);
        QTRY_COMPARE(batches.count(), 4);
        const auto rows = batches.at(3).at(0).value<WriteBatch>();
        QCOMPARE(rows.alerts.size(), 1);
        QCOMPARE(rows.alerts.first().incidentId, incidentId);
        QVERIFY2(!kinds(rows).contains(QStringLiteral("incident.status")), qPrintable(kinds(rows).join(u',')));
        QCOMPARE(rows.incidents.first().status, IncidentStatus::Open);
    }

    void duplicateDeliveryStillAnswersItsTicket()
    {
        ManualClock clock(Now);
        IngestPipeline pipeline(clock, CorrelationConfig {});
        QSignalSpy batches(&pipeline, &IngestPipeline::batchReady);
        pipeline.ingestWebhook(readSample(), QStringLiteral("alertmanager-0"), 1);
        pipeline.ingestWebhook(readSample(), QStringLiteral("alertmanager-1"), 2);

        QCOMPARE(batches.count(), 2);
        const auto second = batches.at(1).at(0).value<WriteBatch>();
        QCOMPARE(second.ticket, quint64(2));
        QCOMPARE(second.rowCount(), 0);
        QCOMPARE(pipeline.alertsReceived(), quint64(6));
        QCOMPARE(pipeline.duplicatesDropped(), quint64(3));
    }

    void resolveAfterRunsOnTheClockWithoutNewAlerts()
    {
        ManualClock clock(Now);
        CorrelationSettings settings;
        settings.resolveAfterMs = 60 * 1000;
        IngestPipeline pipeline(clock, settings);
        QSignalSpy batches(&pipeline, &IngestPipeline::batchReady);
        pipeline.ingestWebhook(
            oneAlert(QStringLiteral("firing"), QStringLiteral("c1"), QStringLiteral("0001-01-01T00:00:00Z")),
            QStringLiteral("alertmanager"), 1);
        pipeline.ingestWebhook(
            oneAlert(QStringLiteral("resolved"), QStringLiteral("c1"), QStringLiteral("2026-03-01T10:05:00Z")),
            QStringLiteral("alertmanager"), 2);
        QCOMPARE(batches.count(), 2);
        QCOMPARE(batches.at(1).at(0).value<WriteBatch>().incidents.first().status, IncidentStatus::Open);

        // Nothing is due yet: a tick writes nothing.
        clock.set(Now + 59 * 1000);
        pipeline.tick();
        QCOMPARE(batches.count(), 2);

        // The pipeline's own timer resolves it once the clock passes resolve_after.
        clock.set(Now + 60 * 1000);
        QVERIFY(batches.wait(3 * IngestPipeline::TickIntervalMs));
        const auto resolvedBatch = batches.at(2).at(0).value<WriteBatch>();
        QCOMPARE(kinds(resolvedBatch), QStringList { QStringLiteral("incident.status") });
        QCOMPARE(resolvedBatch.incidents.first().status, IncidentStatus::Resolved);
        QCOMPARE(resolvedBatch.incidents.first().resolvedMs, Now);
        QCOMPARE(resolvedBatch.ticket, quint64(0));
    }

    void badBodyIsRejectedWithReason()
    {
        ManualClock clock(Now);
        IngestPipeline pipeline(clock, CorrelationConfig {});
        QSignalSpy batches(&pipeline, &IngestPipeline::batchReady);
        QSignalSpy rejections(&pipeline, &IngestPipeline::rejected);

        pipeline.ingestWebhook(oneAlert(QStringLiteral("firing"), QString(), QStringLiteral("0001-01-01T00:00:00Z")),
            QStringLiteral("alertmanager"), 7);

        QCOMPARE(batches.count(), 0);
        QCOMPARE(rejections.count(), 1);
        const QList<QVariant> args = rejections.takeFirst();
        QCOMPARE(args.at(0).toString(), QStringLiteral("alertmanager"));
        QCOMPARE(args.at(1).value<quint64>(), quint64(7));
        const auto error = args.at(2).value<WebhookError>();
        QCOMPARE(error.toString(), QStringLiteral("alerts[0].fingerprint: must not be empty"));
        QVERIFY(!error.unknownVersion);
        QCOMPARE(pipeline.payloadsRejected(), quint64(1));
        QCOMPARE(pipeline.payloadsReceived(), quint64(0));
    }

    void unknownVersionIsQuarantinedNotRejected()
    {
        ManualClock clock(Now);
        IngestPipeline pipeline(clock, CorrelationConfig {});
        QSignalSpy rejections(&pipeline, &IngestPipeline::rejected);
        QSignalSpy batches(&pipeline, &IngestPipeline::batchReady);
        const QByteArray body = R"({"version":"5","alerts":[]})";
        pipeline.ingestWebhook(body, QStringLiteral("alertmanager"), 8);
        QCOMPARE(rejections.count(), 0);
        QCOMPARE(batches.count(), 1);
        const auto batch = batches.first().first().value<WriteBatch>();
        QCOMPARE(batch.ticket, quint64(8));
        QCOMPARE(batch.quarantined.size(), 1);
        QCOMPARE(batch.quarantined.first().body, body);
        QCOMPARE(batch.quarantined.first().ticket, quint64(8));
        QCOMPARE(batch.quarantined.first().receivedMs, Now);
        QCOMPARE(batch.quarantined.first().reason,
            QStringLiteral("version: unsupported webhook version \"5\" (only \"4\" is understood)"));
        QCOMPARE(kinds(batch), QStringList { QStringLiteral("ingest.quarantined") });
        QCOMPARE(batch.events.first().severity, Severity::Warning);
        QVERIFY2(batch.events.first().title.contains(QLatin1String("\"5\""))
                && batch.events.first().title.contains(QLatin1String("alertmanager")),
            qPrintable(batch.events.first().title));
        QCOMPARE(pipeline.payloadsQuarantined(), quint64(1));
        QCOMPARE(pipeline.payloadsRejected(), quint64(0));
    }

    void truncatedAlertsMarkTheIncidentOnce()
    {
        ManualClock clock(Now);
        IngestPipeline pipeline(clock, CorrelationConfig {});
        QSignalSpy batches(&pipeline, &IngestPipeline::batchReady);
        QByteArray body
            = oneAlert(QStringLiteral("firing"), QStringLiteral("t1"), QStringLiteral("0001-01-01T00:00:00Z"));
        body.replace(R"("status":"firing","receiver")", R"("truncatedAlerts":5,"status":"firing","receiver")");
        pipeline.ingestWebhook(body, QStringLiteral("alertmanager"), 1);
        QCOMPARE(batches.count(), 1);
        const auto first = batches.first().first().value<WriteBatch>();
        QCOMPARE(first.incidents.size(), 1);
        QCOMPARE(first.incidents.first().truncatedAlerts, 5);
        QVERIFY(kinds(first).contains(QStringLiteral("alert.truncated")));

        // A second alert of the same group, the notification now truncated less: the incident keeps 5,
        // and the timeline says nothing new.
        QByteArray second
            = oneAlert(QStringLiteral("firing"), QStringLiteral("t2"), QStringLiteral("0001-01-01T00:00:00Z"));
        second.replace(R"("status":"firing","receiver")", R"("truncatedAlerts":2,"status":"firing","receiver")");
        pipeline.ingestWebhook(second, QStringLiteral("alertmanager"), 2);
        const auto next = batches.at(1).first().value<WriteBatch>();
        QCOMPARE(next.incidents.size(), 1);
        QCOMPARE(next.incidents.first().truncatedAlerts, 5);
        QVERIFY(!kinds(next).contains(QStringLiteral("alert.truncated")));
    }

    // A truncated notification that ends an incident's last alert, long enough ago that the same
    // call resolves the incident: one truncation event, and correlation still knows the incident,
    // so a late alert from its time span goes back to it instead of opening another.
    void truncatedResolutionKeepsTheIncidentKnown()
    {
        ManualClock clock(Now);
        CorrelationSettings settings;
        settings.resolveAfterMs = 5 * 60 * 1000;
        IngestPipeline pipeline(clock, settings);
        QSignalSpy batches(&pipeline, &IngestPipeline::batchReady);
        pipeline.ingestWebhook(
            oneAlert(QStringLiteral("firing"), QStringLiteral("t1"), QStringLiteral("0001-01-01T00:00:00Z")),
            QStringLiteral("alertmanager"), 1);
        const qint64 incidentId = batches.first().first().value<WriteBatch>().incidents.first().id;

        clock.set(Now + 20 * 60 * 1000);
        QByteArray resolved
            = oneAlert(QStringLiteral("resolved"), QStringLiteral("t1"), QStringLiteral("2026-03-01T10:06:00Z"));
        resolved.replace(R"("status":"resolved","receiver")", R"("truncatedAlerts":3,"status":"resolved","receiver")");
        pipeline.ingestWebhook(resolved, QStringLiteral("alertmanager"), 2);
        const auto batch = batches.at(1).first().value<WriteBatch>();
        QCOMPARE(kinds(batch).count(QStringLiteral("alert.truncated")), 1);
        bool resolvedNow = false;
        for (const Incident& incident : batch.incidents) {
            QCOMPARE(incident.id, incidentId);
            QCOMPARE(incident.truncatedAlerts, 3);
            resolvedNow = resolvedNow || incident.status == IncidentStatus::Resolved;
        }
        QVERIFY(resolvedNow);

        QByteArray late
            = oneAlert(QStringLiteral("firing"), QStringLiteral("t3"), QStringLiteral("0001-01-01T00:00:00Z"));
        late.replace("2026-03-01T10:00:00Z", "2026-03-01T10:02:00Z");
        pipeline.ingestWebhook(late, QStringLiteral("alertmanager"), 3);
        const auto after = batches.at(2).first().value<WriteBatch>();
        QCOMPARE(after.alerts.size(), 1);
        QCOMPARE(after.alerts.first().incidentId, incidentId);
        for (const Incident& incident : after.incidents)
            QCOMPARE(incident.truncatedAlerts, 3);
    }

    void resolvedWithoutEndUsesTheClock()
    {
        ManualClock clock(Now);
        IngestPipeline pipeline(clock, CorrelationConfig {});
        QSignalSpy batches(&pipeline, &IngestPipeline::batchReady);
        pipeline.ingestWebhook(
            oneAlert(QStringLiteral("firing"), QStringLiteral("c1"), QStringLiteral("0001-01-01T00:00:00Z")),
            QStringLiteral("sandbox"), 1);
        clock.set(Now + 90 * 1000);
        pipeline.ingestWebhook(
            oneAlert(QStringLiteral("resolved"), QStringLiteral("c1"), QStringLiteral("0001-01-01T00:00:00Z")),
            QStringLiteral("sandbox"), 2);
        const auto batch = batches.at(1).at(0).value<WriteBatch>();
        QCOMPARE(kinds(batch), (QStringList { QStringLiteral("alert.resolved"), QStringLiteral("incident.status") }));
        QCOMPARE(batch.incidents.first().resolvedMs, Now + 90 * 1000);
    }

    void eventsAttachToTheirIncident()
    {
        ManualClock clock(Now);
        IngestPipeline pipeline(clock, CorrelationConfig {});
        QSignalSpy batches(&pipeline, &IngestPipeline::batchReady);
        pipeline.ingestWebhook(readSample(), QStringLiteral("alertmanager"), 1);

        Event deploy;
        deploy.timeMs = Now;
        deploy.source = QStringLiteral("sandbox");
        deploy.kind = QStringLiteral("change.deploy");
        deploy.title = QStringLiteral("db schema migration 42");
        pipeline.ingestEvent(deploy,
            { { QStringLiteral("service"), QStringLiteral("db") },
                { QStringLiteral("region"), QStringLiteral("eu") } });
        pipeline.ingestEvent(deploy,
            { { QStringLiteral("service"), QStringLiteral("web") },
                { QStringLiteral("region"), QStringLiteral("eu") } });

        QCOMPARE(batches.count(), 3);
        const auto matched = batches.at(1).at(0).value<WriteBatch>();
        QCOMPARE(matched.events.size(), 1);
        QCOMPARE(matched.events.first().incidentId, qint64(1));
        QCOMPARE(matched.events.first().title, deploy.title);
        QCOMPARE(batches.at(2).at(0).value<WriteBatch>().events.first().incidentId, qint64(0));
        QCOMPARE(pipeline.eventsIngested(), quint64(2));
    }

    void restoreContinuesNumbering()
    {
        ManualClock clock(Now);
        IngestPipeline pipeline(clock, CorrelationConfig {});
        QSignalSpy batches(&pipeline, &IngestPipeline::batchReady);
        pipeline.restore({}, {}, 41);
        pipeline.ingestWebhook(readSample(), QStringLiteral("alertmanager"), 1);
        QCOMPARE(batches.first().at(0).value<WriteBatch>().incidents.first().id, qint64(42));
    }

    // As wired in the app: the pipeline on the engine thread, callers and receivers elsewhere,
    // everything by queued connection.
    void worksAcrossThreads()
    {
        ManualClock clock(Now);
        QThread engine;
        auto* pipeline = new IngestPipeline(clock, CorrelationConfig {});
        pipeline->moveToThread(&engine);
        connect(&engine, &QThread::finished, pipeline, &QObject::deleteLater);
        engine.start();

        // Receivers live on this thread, so results arrive queued, copied through the meta-type system.
        QObject receiver;
        QVector<WriteBatch> batches;
        QVector<QPair<quint64, WebhookError>> rejections;
        connect(pipeline, &IngestPipeline::batchReady, &receiver, [&](const WriteBatch& batch) {
            QCOMPARE(QThread::currentThread(), thread());
            batches.append(batch);
        });
        connect(pipeline, &IngestPipeline::rejected, &receiver,
            [&](const QString&, quint64 ticket, const WebhookError& error) {
                rejections.append({ ticket, error });
            });

        const QByteArray body = readSample();
        QMetaObject::invokeMethod(pipeline, "ingestWebhook", Qt::QueuedConnection, Q_ARG(QByteArray, body),
            Q_ARG(QString, QStringLiteral("am")), Q_ARG(quint64, 5));
        QMetaObject::invokeMethod(pipeline, "ingestWebhook", Qt::QueuedConnection, Q_ARG(QByteArray, "not json"),
            Q_ARG(QString, QStringLiteral("am")), Q_ARG(quint64, 6));
        QTRY_COMPARE(batches.size(), 1);
        QTRY_COMPARE(rejections.size(), 1);
        QCOMPARE(batches.first().ticket, quint64(5));
        QCOMPARE(batches.first().incidents.size(), 1);
        QCOMPARE(rejections.first().first, quint64(6));
        QCOMPARE(rejections.first().second.message,
            QStringLiteral("body is not valid JSON: illegal value at byte offset 1"));
        QCOMPARE(pipeline->payloadsRejected(), quint64(1));

        engine.quit();
        QVERIFY(engine.wait(5000));
    }
};

QTEST_GUILESS_MAIN(TestIngestPipeline)
#include "tst_ingestpipeline.moc"
