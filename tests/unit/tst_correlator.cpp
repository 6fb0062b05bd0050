#include "correlation/correlator.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QTest>

using namespace firebreak;

namespace {

constexpr qint64 Minute = 60 * 1000;
constexpr qint64 T0 = 1772359200000; // 2026-03-01T10:00:00Z

struct AlertSpec {
    QString fingerprint;
    QString name = QStringLiteral("DiskSpaceHigh");
    QString service = QStringLiteral("db");
    QString region = QStringLiteral("eu");
    QString severity = QStringLiteral("warning");
    QString summary;
    qint64 startsAtMs = T0;
    qint64 endsAtMs = 0;
    AlertStatus status = AlertStatus::Firing;
    QString source = QStringLiteral("alertmanager");
};

Alert makeAlert(const AlertSpec& spec)
{
    Alert alert;
    alert.fingerprint = spec.fingerprint;
    alert.labels.insert(QStringLiteral("alertname"), spec.name);
    if (!spec.service.isEmpty())
        alert.labels.insert(QStringLiteral("service"), spec.service);
    if (!spec.region.isEmpty())
        alert.labels.insert(QStringLiteral("region"), spec.region);
    alert.labels.insert(QStringLiteral("severity"), spec.severity);
    alert.labels.insert(QStringLiteral("instance"), spec.fingerprint + QStringLiteral(":9100"));
    if (!spec.summary.isEmpty())
        alert.annotations.insert(QStringLiteral("summary"), spec.summary);
    alert.startsAtMs = spec.startsAtMs;
    alert.endsAtMs = spec.endsAtMs;
    alert.status = spec.status;
    alert.source = spec.source;
    alert.generatorUrl = QStringLiteral("http://prometheus:9090/graph?g0.expr=disk");
    return alert;
}

Alert firing(const QString& fingerprint, qint64 startsAtMs, const QString& service = QStringLiteral("db"),
    const QString& region = QStringLiteral("eu"))
{
    AlertSpec spec;
    spec.fingerprint = fingerprint;
    spec.startsAtMs = startsAtMs;
    spec.service = service;
    spec.region = region;
    return makeAlert(spec);
}

Alert resolved(Alert alert, qint64 endsAtMs)
{
    alert.status = AlertStatus::Resolved;
    alert.endsAtMs = endsAtMs;
    return alert;
}

WriteBatch ingest(Correlator& correlator, const QVector<Alert>& alerts, qint64 nowMs = T0)
{
    WriteBatch batch;
    correlator.ingest(alerts, nowMs, batch);
    return batch;
}

QStringList kinds(const WriteBatch& batch)
{
    QStringList out;
    for (const Event& event : batch.events)
        out.append(event.kind);
    return out;
}

// What the store would hold after applying batches: upserts by id and by fingerprint + startsAt.
struct FakeStore {
    QMap<qint64, Incident> incidents;
    QMap<QString, Alert> alerts;
    QVector<Event> events;

    void apply(const WriteBatch& batch)
    {
        for (const Incident& incident : batch.incidents)
            incidents.insert(incident.id, incident);
        for (const Alert& alert : batch.alerts)
            alerts.insert(alert.fingerprint + QLatin1Char('@') + QString::number(alert.startsAtMs), alert);
        events += batch.events;
    }

    QVector<Incident> openIncidents() const
    {
        QVector<Incident> out;
        for (const Incident& incident : incidents) {
            if (incident.isActive())
                out.append(incident);
        }
        return out;
    }

    QVector<Alert> alertsOf(const QVector<Incident>& of) const
    {
        QVector<Alert> out;
        for (const Alert& alert : alerts) {
            for (const Incident& incident : of) {
                if (alert.incidentId == incident.id)
                    out.append(alert);
            }
        }
        return out;
    }

    qint64 maxId() const { return incidents.isEmpty() ? 0 : incidents.lastKey(); }
};

} // namespace

class TestCorrelator : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void firstAlertOpensIncident()
    {
        Correlator correlator { CorrelationConfig {} };
        AlertSpec spec;
        spec.fingerprint = QStringLiteral("a1");
        spec.severity = QStringLiteral("critical");
        spec.summary = QStringLiteral("Disk almost full on db-eu-1");
        spec.source = QStringLiteral("sandbox");
        const WriteBatch batch = ingest(correlator, { makeAlert(spec) });

        QCOMPARE(kinds(batch), (QStringList { QStringLiteral("incident.opened"), QStringLiteral("alert.firing") }));
        QCOMPARE(batch.incidents.size(), 1);
        const Incident& incident = batch.incidents.first();
        QCOMPARE(incident.id, qint64(1));
        QCOMPARE(incident.title, QStringLiteral("Disk almost full on db-eu-1"));
        QCOMPARE(incident.severity, 2); // critical -> SEV2
        QCOMPARE(incident.status, IncidentStatus::Open);
        QCOMPARE(incident.detectedMs, T0);
        QCOMPARE(incident.alertCount, 1);
        QCOMPARE(incident.firingCount, 1);
        QCOMPARE(incident.groupKey, QStringLiteral("region=eu,service=db"));
        QCOMPARE(incident.groupLabels.value(QStringLiteral("service")), QStringLiteral("db"));

        QCOMPARE(batch.alerts.size(), 1);
        QCOMPARE(batch.alerts.first().incidentId, qint64(1));

        const Event& opened = batch.events.at(0);
        QCOMPARE(opened.incidentId, qint64(1));
        QCOMPARE(opened.timeMs, T0);
        QCOMPARE(opened.source, QStringLiteral("sandbox"));
        QCOMPARE(opened.severity, Severity::Critical);

        const Event& fired = batch.events.at(1);
        QCOMPARE(fired.incidentId, qint64(1));
        QCOMPARE(fired.timeMs, T0);
        QCOMPARE(fired.source, QStringLiteral("sandbox"));
        QCOMPARE(fired.severity, Severity::Critical);
        QCOMPARE(fired.title, QStringLiteral("DiskSpaceHigh firing: Disk almost full on db-eu-1"));
        const QJsonObject body = QJsonDocument::fromJson(fired.body).object();
        QCOMPARE(body.value(QStringLiteral("fingerprint")).toString(), QStringLiteral("a1"));
        QCOMPARE(body.value(QStringLiteral("labels")).toObject().value(QStringLiteral("instance")).toString(),
            QStringLiteral("a1:9100"));
        QCOMPARE(body.value(QStringLiteral("annotations")).toObject().value(QStringLiteral("summary")).toString(),
            QStringLiteral("Disk almost full on db-eu-1"));
        QCOMPARE(body.value(QStringLiteral("generatorURL")).toString(),
            QStringLiteral("http://prometheus:9090/graph?g0.expr=disk"));
    }

    void alertBodyIsValidJsonWhateverTheLabels()
    {
        Correlator correlator { CorrelationConfig {} };
        Alert alert = firing(QStringLiteral("a\"1"), T0);
        const QString hostile = QStringLiteral("q\"uote \\ back\u0000nul\u001b[31m\n\u00e9\u20ac\U0001F525");
        alert.labels.insert(QStringLiteral("path"), hostile);
        alert.annotations.insert(QStringLiteral("description"), hostile);
        const WriteBatch batch = ingest(correlator, { alert });
        QJsonParseError error;
        const QJsonObject body = QJsonDocument::fromJson(batch.events.at(1).body, &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(body.value(QStringLiteral("fingerprint")).toString(), QStringLiteral("a\"1"));
        QCOMPARE(body.value(QStringLiteral("status")).toString(), QStringLiteral("firing"));
        QCOMPARE(body.value(QStringLiteral("startsAt")).toInteger(), T0);
        QCOMPARE(body.value(QStringLiteral("labels")).toObject().value(QStringLiteral("path")).toString(), hostile);
        QCOMPARE(body.value(QStringLiteral("annotations")).toObject().value(QStringLiteral("description")).toString(),
            hostile);
    }

    void titleWithoutSummaryNamesAlertAndGroup()
    {
        Correlator correlator { CorrelationConfig {} };
        const WriteBatch batch = ingest(correlator, { firing(QStringLiteral("a1"), T0) });
        QCOMPARE(batch.incidents.first().title, QStringLiteral("DiskSpaceHigh (region=eu, service=db)"));
        QCOMPARE(batch.events.at(1).title, QStringLiteral("DiskSpaceHigh firing on a1:9100"));
    }

    void groupsBySameLabelsWithinWindow()
    {
        Correlator correlator { CorrelationConfig {} };
        ingest(correlator, { firing(QStringLiteral("a1"), T0) });
        const WriteBatch second = ingest(correlator, { firing(QStringLiteral("a2"), T0 + 2 * Minute) });
        QCOMPARE(kinds(second), QStringList { QStringLiteral("alert.firing") });
        QCOMPARE(second.alerts.first().incidentId, qint64(1));
        QCOMPARE(second.incidents.size(), 1);
        QCOMPARE(second.incidents.first().alertCount, 2);
        QCOMPARE(second.incidents.first().firingCount, 2);
        QCOMPARE(second.incidents.first().updatedMs, T0 + 2 * Minute);

        const WriteBatch otherRegion = ingest(
            correlator, { firing(QStringLiteral("a3"), T0 + 3 * Minute, QStringLiteral("db"), QStringLiteral("us")) });
        QCOMPARE(otherRegion.alerts.first().incidentId, qint64(2));
        const WriteBatch otherService
            = ingest(correlator, { firing(QStringLiteral("a4"), T0 + 3 * Minute, QStringLiteral("web")) });
        QCOMPARE(otherService.alerts.first().incidentId, qint64(3));
        QCOMPARE(correlator.activeIncidents().size(), 3);
    }

    void missingGroupLabelCountsAsEmpty()
    {
        Correlator correlator { CorrelationConfig {} };
        ingest(correlator, { firing(QStringLiteral("a1"), T0, QStringLiteral("db"), QString()) });
        const WriteBatch same
            = ingest(correlator, { firing(QStringLiteral("a2"), T0, QStringLiteral("db"), QString()) });
        QCOMPARE(same.alerts.first().incidentId, qint64(1));
        QCOMPARE(same.incidents.first().groupKey, QStringLiteral("region=,service=db"));
        const WriteBatch withRegion = ingest(correlator, { firing(QStringLiteral("a3"), T0) });
        QCOMPARE(withRegion.alerts.first().incidentId, qint64(2));
    }

    void windowExpiryOpensNewIncident_data()
    {
        QTest::addColumn<qint64>("gapMs");
        QTest::addColumn<qint64>("expectedIncident");
        QTest::newRow("inside the window") << qint64(9 * Minute) << qint64(1);
        QTest::newRow("exactly at the window") << qint64(10 * Minute) << qint64(1);
        QTest::newRow("just past the window") << qint64(10 * Minute + 1) << qint64(2);
        QTest::newRow("an hour later") << qint64(60 * Minute) << qint64(2);
    }

    void windowExpiryOpensNewIncident()
    {
        QFETCH(qint64, gapMs);
        QFETCH(qint64, expectedIncident);
        Correlator correlator { CorrelationConfig {} };
        ingest(correlator, { firing(QStringLiteral("a1"), T0) });
        const WriteBatch later = ingest(correlator, { firing(QStringLiteral("a2"), T0 + gapMs) });
        QCOMPARE(later.alerts.first().incidentId, expectedIncident);
        QCOMPARE(kinds(later).contains(QStringLiteral("incident.opened")), expectedIncident == 2);
    }

    void windowIsMeasuredFromLastActivity()
    {
        // Each alert lands 8 minutes after the previous one: the incident stays one, although the
        // last alert is 24 minutes after the first.
        Correlator correlator { CorrelationConfig {} };
        for (int i = 0; i < 4; ++i) {
            const WriteBatch batch = ingest(correlator, { firing(QStringLiteral("a%1").arg(i), T0 + i * 8 * Minute) });
            QCOMPARE(batch.alerts.first().incidentId, qint64(1));
        }
    }

    void configurableGroupByAndWindow()
    {
        CorrelationConfig config;
        config.groupBy = { QStringLiteral("alertname") };
        config.windowMs = 2 * Minute;
        Correlator correlator { config };
        ingest(correlator, { firing(QStringLiteral("a1"), T0, QStringLiteral("db"), QStringLiteral("eu")) });
        const WriteBatch other = ingest(
            correlator, { firing(QStringLiteral("a2"), T0 + Minute, QStringLiteral("web"), QStringLiteral("us")) });
        QCOMPARE(other.alerts.first().incidentId, qint64(1));
        QCOMPARE(other.incidents.first().groupKey, QStringLiteral("alertname=DiskSpaceHigh"));
        const WriteBatch late = ingest(correlator, { firing(QStringLiteral("a3"), T0 + 4 * Minute) });
        QCOMPARE(late.alerts.first().incidentId, qint64(2));
    }

    void worstAlertSetsSeverity()
    {
        Correlator correlator { CorrelationConfig {} };
        AlertSpec spec;
        spec.fingerprint = QStringLiteral("info");
        spec.severity = QStringLiteral("info");
        QCOMPARE(ingest(correlator, { makeAlert(spec) }).incidents.first().severity, 4);
        spec.fingerprint = QStringLiteral("crit");
        spec.severity = QStringLiteral("critical");
        QCOMPARE(ingest(correlator, { makeAlert(spec) }).incidents.first().severity, 2);
        spec.fingerprint = QStringLiteral("warn");
        spec.severity = QStringLiteral("warning");
        QCOMPARE(ingest(correlator, { makeAlert(spec) }).incidents.first().severity, 2);
    }

    void sameNotificationThreeTimesIsOneAlert()
    {
        Correlator correlator { CorrelationConfig {} };
        const Alert alert = firing(QStringLiteral("a1"), T0);
        FakeStore store;
        for (int i = 0; i < 3; ++i)
            store.apply(ingest(correlator, { alert }, T0 + i * 1000));
        QCOMPARE(store.alerts.size(), 1);
        QCOMPARE(store.incidents.size(), 1);
        QCOMPARE(store.events.size(), 2); // incident.opened + one alert.firing
        QCOMPARE(correlator.duplicatesDropped(), 2);
        QCOMPARE(store.incidents.first().alertCount, 1);
    }

    void haPeersSendingTheSameAlertIsOneAlert()
    {
        Correlator correlator { CorrelationConfig {} };
        Alert fromPeerA = firing(QStringLiteral("a1"), T0);
        fromPeerA.source = QStringLiteral("alertmanager-0");
        Alert fromPeerB = fromPeerA;
        fromPeerB.source = QStringLiteral("alertmanager-1");
        // Both peers in one batch, then both peers again for the resolution.
        const WriteBatch fired = ingest(correlator, { fromPeerA, fromPeerB });
        QCOMPARE(kinds(fired), (QStringList { QStringLiteral("incident.opened"), QStringLiteral("alert.firing") }));
        QCOMPARE(fired.alerts.size(), 1);
        QCOMPARE(fired.incidents.first().alertCount, 1);
        // This time peer B delivers first.
        const WriteBatch resolvedB = ingest(correlator, { resolved(fromPeerB, T0 + 5 * Minute) });
        const WriteBatch resolvedA = ingest(correlator, { resolved(fromPeerA, T0 + 5 * Minute + 300) });
        QCOMPARE(
            kinds(resolvedB), (QStringList { QStringLiteral("alert.resolved"), QStringLiteral("incident.status") }));
        QCOMPARE(resolvedB.events.first().source, QStringLiteral("alertmanager-1"));
        QCOMPARE(resolvedB.alerts.first().endsAtMs, T0 + 5 * Minute);
        QCOMPARE(resolvedA.rowCount(), 0);
        QCOMPARE(correlator.duplicatesDropped(), 2);
    }

    void resolvedAlertUpdatesThenResolvesIncident()
    {
        Correlator correlator { CorrelationConfig {} };
        const Alert a1 = firing(QStringLiteral("a1"), T0);
        const Alert a2 = firing(QStringLiteral("a2"), T0 + Minute);
        ingest(correlator, { a1, a2 });

        const WriteBatch first = ingest(correlator, { resolved(a2, T0 + 20 * Minute) });
        QCOMPARE(kinds(first), QStringList { QStringLiteral("alert.resolved") });
        QCOMPARE(first.alerts.size(), 1);
        QCOMPARE(first.alerts.first().status, AlertStatus::Resolved);
        QCOMPARE(first.alerts.first().endsAtMs, T0 + 20 * Minute);
        QCOMPARE(first.alerts.first().incidentId, qint64(1));
        QCOMPARE(first.events.first().timeMs, T0 + 20 * Minute);
        QCOMPARE(first.events.first().incidentId, qint64(1));
        QCOMPARE(first.incidents.first().firingCount, 1);
        QCOMPARE(first.incidents.first().alertCount, 2);
        QCOMPARE(first.incidents.first().status, IncidentStatus::Open);

        // The last alert ends earlier than the other one did: the incident resolved when the
        // later of the two ended.
        const WriteBatch last = ingest(correlator, { resolved(a1, T0 + 15 * Minute) });
        QCOMPARE(kinds(last), (QStringList { QStringLiteral("alert.resolved"), QStringLiteral("incident.status") }));
        const Incident& incident = last.incidents.first();
        QCOMPARE(incident.status, IncidentStatus::Resolved);
        QCOMPARE(incident.firingCount, 0);
        QCOMPARE(incident.resolvedMs, T0 + 20 * Minute);
        const Event& status = last.events.at(1);
        QCOMPARE(status.timeMs, T0 + 20 * Minute);
        QCOMPARE(status.incidentId, qint64(1));
        QCOMPARE(QJsonDocument::fromJson(status.body).object().value(QStringLiteral("to")).toString(),
            QStringLiteral("resolved"));
        QVERIFY(correlator.activeIncidents().isEmpty());
    }

    void resolvedWithoutEndsAtUsesReceiveTime()
    {
        Correlator correlator { CorrelationConfig {} };
        const Alert a1 = firing(QStringLiteral("a1"), T0);
        ingest(correlator, { a1 });
        const WriteBatch batch = ingest(correlator, { resolved(a1, 0) }, T0 + 7 * Minute);
        QCOMPARE(batch.alerts.first().endsAtMs, T0 + 7 * Minute);
        QCOMPARE(batch.incidents.first().resolvedMs, T0 + 7 * Minute);
    }

    void refiringAfterResolveOpensNewIncident()
    {
        Correlator correlator { CorrelationConfig {} };
        const Alert first = firing(QStringLiteral("a1"), T0);
        ingest(correlator, { first });
        ingest(correlator, { resolved(first, T0 + 2 * Minute) });

        // Inside the window, but the incident is over: the new firing is a new incident.
        const WriteBatch again = ingest(correlator, { firing(QStringLiteral("a1"), T0 + 3 * Minute) });
        QCOMPARE(kinds(again), (QStringList { QStringLiteral("incident.opened"), QStringLiteral("alert.firing") }));
        QCOMPARE(again.incidents.first().id, qint64(2));
        QCOMPARE(again.incidents.first().detectedMs, T0 + 3 * Minute);
        QCOMPARE(again.alerts.first().incidentId, qint64(2));
    }

    void refiringWhileGroupStillFiringJoinsIt()
    {
        Correlator correlator { CorrelationConfig {} };
        const Alert a1 = firing(QStringLiteral("a1"), T0);
        ingest(correlator, { a1, firing(QStringLiteral("a2"), T0) });
        ingest(correlator, { resolved(a1, T0 + Minute) });
        const WriteBatch again = ingest(correlator, { firing(QStringLiteral("a1"), T0 + 2 * Minute) });
        QCOMPARE(again.alerts.first().incidentId, qint64(1));
        QCOMPARE(again.incidents.first().alertCount, 3);
        QCOMPARE(again.incidents.first().firingCount, 2);
    }

    void firingAfterItsResolvedDoesNotReopen()
    {
        Correlator correlator { CorrelationConfig {} };
        const Alert a1 = firing(QStringLiteral("a1"), T0);
        ingest(correlator, { a1 });
        ingest(correlator, { resolved(a1, T0 + Minute) });
        // A retried delivery of the original firing notification arrives late.
        const WriteBatch late = ingest(correlator, { a1 }, T0 + 3 * Minute);
        QCOMPARE(late.rowCount(), 0);
        QVERIFY(correlator.activeIncidents().isEmpty());
        QCOMPARE(correlator.duplicatesDropped(), 1);
    }

    void resolvedBeforeFiringIsRecordedWithoutIncident()
    {
        Correlator correlator { CorrelationConfig {} };
        const Alert a1 = firing(QStringLiteral("a1"), T0);
        const WriteBatch first = ingest(correlator, { resolved(a1, T0 + Minute) });
        QCOMPARE(kinds(first), QStringList { QStringLiteral("alert.resolved") });
        QCOMPARE(first.alerts.first().status, AlertStatus::Resolved);
        QCOMPARE(first.alerts.first().incidentId, qint64(0));
        QCOMPARE(first.events.first().incidentId, qint64(0));
        QVERIFY(first.incidents.isEmpty());

        const WriteBatch firingLate = ingest(correlator, { a1 });
        QCOMPARE(firingLate.rowCount(), 0);
        QVERIFY(correlator.activeIncidents().isEmpty());
    }

    void resolvedNeverSeenJoinsActiveIncidentOfItsGroup()
    {
        Correlator correlator { CorrelationConfig {} };
        ingest(correlator, { firing(QStringLiteral("a1"), T0) });
        const WriteBatch batch
            = ingest(correlator, { resolved(firing(QStringLiteral("a9"), T0 - Minute), T0 + Minute) });
        QCOMPARE(batch.alerts.first().incidentId, qint64(1));
        QCOMPARE(batch.events.first().incidentId, qint64(1));
        QCOMPARE(batch.incidents.first().alertCount, 2);
        QCOMPARE(batch.incidents.first().firingCount, 1);
        QCOMPARE(batch.incidents.first().status, IncidentStatus::Open);
    }

    void firingAndResolvedInOneNotification()
    {
        // Listed resolved-first: the firing is still applied first, so the incident opens and closes.
        Correlator correlator { CorrelationConfig {} };
        const Alert a1 = firing(QStringLiteral("a1"), T0);
        const WriteBatch batch = ingest(correlator, { resolved(a1, T0 + Minute), a1 });
        QCOMPARE(kinds(batch),
            (QStringList { QStringLiteral("incident.opened"), QStringLiteral("alert.firing"),
                QStringLiteral("alert.resolved"), QStringLiteral("incident.status") }));
        QCOMPARE(batch.incidents.size(), 1);
        QCOMPARE(batch.incidents.first().status, IncidentStatus::Resolved);
    }

    void lostResolutionIsImpliedByTheNextFiring()
    {
        Correlator correlator { CorrelationConfig {} };
        ingest(correlator, { firing(QStringLiteral("a1"), T0) });
        // The resolved notification was never delivered; the alert fires again an hour later.
        const WriteBatch batch = ingest(correlator, { firing(QStringLiteral("a1"), T0 + 60 * Minute) });
        QCOMPARE(kinds(batch),
            (QStringList { QStringLiteral("alert.resolved"), QStringLiteral("incident.status"),
                QStringLiteral("incident.opened"), QStringLiteral("alert.firing") }));
        QCOMPARE(batch.alerts.at(0).startsAtMs, T0);
        QCOMPARE(batch.alerts.at(0).endsAtMs, T0 + 60 * Minute);
        QCOMPARE(batch.incidents.size(), 2);
        QCOMPARE(batch.incidents.at(0).status, IncidentStatus::Resolved);
        QCOMPARE(batch.incidents.at(1).id, qint64(2));
    }

    void lateNotificationOfEarlierInstanceIsRecordedAsHistory()
    {
        // v1 dropped this notification; it is history the review needs. The earlier instance ended
        // at the latest when the later one started, and it belongs to the incident of that time.
        Correlator correlator { CorrelationConfig {} };
        ingest(correlator, { firing(QStringLiteral("a1"), T0 + 5 * Minute) });
        const WriteBatch stale = ingest(correlator, { firing(QStringLiteral("a1"), T0) });
        QCOMPARE(kinds(stale), QStringList { QStringLiteral("alert.resolved") });
        QCOMPARE(stale.alerts.size(), 1);
        QCOMPARE(stale.alerts.first().startsAtMs, T0);
        QCOMPARE(stale.alerts.first().status, AlertStatus::Resolved);
        QCOMPARE(stale.alerts.first().endsAtMs, T0 + 5 * Minute);
        QCOMPARE(stale.alerts.first().incidentId, qint64(1));
        QCOMPARE(stale.incidents.first().alertCount, 2);
        QCOMPARE(stale.incidents.first().firingCount, 1);
        QCOMPARE(stale.incidents.first().detectedMs, T0);
        QCOMPARE(correlator.activeIncidents().size(), 1);
        // Delivered again: a duplicate now.
        QCOMPARE(ingest(correlator, { firing(QStringLiteral("a1"), T0) }).rowCount(), 0);
    }

    void batchCarriesEachIncidentOnceInFinalState()
    {
        Correlator correlator { CorrelationConfig {} };
        const WriteBatch batch = ingest(correlator,
            { firing(QStringLiteral("a1"), T0), firing(QStringLiteral("a2"), T0),
                firing(QStringLiteral("a3"), T0, QStringLiteral("web")) });
        QCOMPARE(batch.incidents.size(), 2);
        QCOMPARE(batch.incidents.at(0).id, qint64(1));
        QCOMPARE(batch.incidents.at(0).alertCount, 2);
        QCOMPARE(batch.incidents.at(1).id, qint64(2));
        QCOMPARE(batch.alerts.size(), 3);
    }

    void attachPutsEventsIntoMatchingIncident()
    {
        Correlator correlator { CorrelationConfig {} };
        const Alert a1 = firing(QStringLiteral("a1"), T0);
        ingest(correlator, { a1 });

        Event deploy;
        deploy.kind = QStringLiteral("change.deploy");
        correlator.attach(deploy,
            { { QStringLiteral("service"), QStringLiteral("db") },
                { QStringLiteral("region"), QStringLiteral("eu") } });
        QCOMPARE(deploy.incidentId, qint64(1));

        Event elsewhere;
        correlator.attach(elsewhere,
            { { QStringLiteral("service"), QStringLiteral("web") },
                { QStringLiteral("region"), QStringLiteral("eu") } });
        QCOMPARE(elsewhere.incidentId, qint64(0));

        Event unlabelled;
        correlator.attach(unlabelled, {});
        QCOMPARE(unlabelled.incidentId, qint64(0));

        ingest(correlator, { resolved(a1, T0 + Minute) });
        Event afterwards;
        correlator.attach(afterwards,
            { { QStringLiteral("service"), QStringLiteral("db") },
                { QStringLiteral("region"), QStringLiteral("eu") } });
        QCOMPARE(afterwards.incidentId, qint64(0));
    }

    void restoreContinuesDedupAndGrouping()
    {
        FakeStore store;
        const Alert a1 = firing(QStringLiteral("a1"), T0);
        const Alert gone = firing(QStringLiteral("gone"), T0, QStringLiteral("cache"));
        {
            Correlator before { CorrelationConfig {} };
            store.apply(ingest(before, { a1, gone }));
            store.apply(ingest(before, { resolved(gone, T0 + Minute) }));
        }
        QCOMPARE(store.incidents.size(), 2);
        const QVector<Incident> open = store.openIncidents();
        QCOMPARE(open.size(), 1);

        Correlator after { CorrelationConfig {} };
        after.restore(open, store.alertsOf(open), store.maxId());
        QCOMPARE(after.activeIncidents(), open);

        // Alertmanager re-sends the still-firing alert after the restart: nothing new.
        QCOMPARE(ingest(after, { a1 }, T0 + 2 * Minute).rowCount(), 0);
        // A new alert of the same group joins the restored incident.
        const WriteBatch joined = ingest(after, { firing(QStringLiteral("a2"), T0 + 3 * Minute) });
        QCOMPARE(joined.alerts.first().incidentId, qint64(1));
        QCOMPARE(joined.incidents.first().alertCount, 2);
        // A new group continues the numbering after the resolved incident #2.
        const WriteBatch fresh
            = ingest(after, { firing(QStringLiteral("b1"), T0 + 3 * Minute, QStringLiteral("web")) });
        QCOMPARE(fresh.incidents.first().id, qint64(3));
        // Resolving both restored and new alerts resolves the restored incident.
        const WriteBatch done = ingest(after,
            { resolved(a1, T0 + 9 * Minute),
                resolved(firing(QStringLiteral("a2"), T0 + 3 * Minute), T0 + 8 * Minute) });
        QCOMPARE(done.incidents.first().status, IncidentStatus::Resolved);
        QCOMPARE(done.incidents.first().resolvedMs, T0 + 9 * Minute);
    }

    void restoreRemembersResolvedAlertsOfOpenIncidents()
    {
        FakeStore store;
        const Alert a1 = firing(QStringLiteral("a1"), T0);
        {
            Correlator before { CorrelationConfig {} };
            store.apply(ingest(before, { a1, firing(QStringLiteral("a2"), T0) }));
            store.apply(ingest(before, { resolved(a1, T0 + Minute) }));
        }
        const QVector<Incident> open = store.openIncidents();
        Correlator after { CorrelationConfig {} };
        after.restore(open, store.alertsOf(open), store.maxId());
        QCOMPARE(ingest(after, { resolved(a1, T0 + Minute) }).rowCount(), 0);
        QCOMPARE(ingest(after, { a1 }).rowCount(), 0);
        // The incident's resolution time still accounts for a1's end, restored from the store.
        const WriteBatch done = ingest(after, { resolved(firing(QStringLiteral("a2"), T0), T0 + 30 * 1000) });
        QCOMPARE(done.incidents.first().resolvedMs, T0 + Minute);
    }

    void operatorChangesSurviveLaterUpserts()
    {
        Correlator correlator { CorrelationConfig {} };
        Incident incident = ingest(correlator, { firing(QStringLiteral("a1"), T0) }).incidents.first();
        incident.transitionTo(IncidentStatus::Acknowledged, T0 + Minute);
        incident.commander = QStringLiteral("alice");
        correlator.updateIncident(incident);

        const WriteBatch joined = ingest(correlator, { firing(QStringLiteral("a2"), T0 + 2 * Minute) });
        QCOMPARE(joined.incidents.first().status, IncidentStatus::Acknowledged);
        QCOMPARE(joined.incidents.first().acknowledgedMs, T0 + Minute);
        QCOMPARE(joined.incidents.first().commander, QStringLiteral("alice"));
        QCOMPARE(joined.incidents.first().alertCount, 2);

        // Resolved by hand: the group's next alert opens a new incident.
        incident = joined.incidents.first();
        incident.transitionTo(IncidentStatus::Resolved, T0 + 3 * Minute);
        correlator.updateIncident(incident);
        const WriteBatch next = ingest(correlator, { firing(QStringLiteral("a3"), T0 + 4 * Minute) });
        QCOMPARE(next.alerts.first().incidentId, qint64(2));
    }

    void resolvedAlertsAreForgottenAfterRetention()
    {
        Correlator correlator { CorrelationConfig {} };
        const Alert a1 = firing(QStringLiteral("a1"), T0);
        ingest(correlator, { a1 });
        ingest(correlator, { resolved(a1, T0 + Minute) }, T0 + Minute);
        const qint64 retention = Correlator::ForgetResolvedAfterMs;
        QCOMPARE(ingest(correlator, { a1 }, T0 + Minute + retention).rowCount(), 0);
        // Past the retention the key is no longer known; memory stays bounded on long runs.
        QCOMPARE(ingest(correlator, { a1 }, T0 + Minute + retention + 1).alerts.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestCorrelator)
#include "tst_correlator.moc"
