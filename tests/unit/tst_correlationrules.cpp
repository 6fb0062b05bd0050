#include "correlation/correlator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QTest>

using namespace firebreak;

namespace {

constexpr qint64 Minute = 60 * 1000;
constexpr qint64 T0 = 1772359200000; // 2026-03-01T10:00:00Z

Alert alertOf(const QString& fingerprint, const QString& name, const QString& service, const QString& region,
    qint64 startsAtMs, const QString& severity = QStringLiteral("warning"))
{
    Alert alert;
    alert.fingerprint = fingerprint;
    alert.labels = { { QStringLiteral("alertname"), name }, { QStringLiteral("service"), service },
        { QStringLiteral("region"), region }, { QStringLiteral("severity"), severity } };
    alert.startsAtMs = startsAtMs;
    alert.source = QStringLiteral("alertmanager");
    return alert;
}

// The three symptoms of the multi-region shop's database trouble, each from its own service.
Alert latency(const QString& region, qint64 startsAtMs)
{
    return alertOf(
        QStringLiteral("lat-") + region, QStringLiteral("HighLatency"), QStringLiteral("web"), region, startsAtMs);
}

Alert errors(const QString& region, qint64 startsAtMs, const QString& severity = QStringLiteral("critical"))
{
    return alertOf(QStringLiteral("err-") + region + severity, QStringLiteral("HighErrorRate"),
        QStringLiteral("checkout"), region, startsAtMs, severity);
}

Alert connections(const QString& region, qint64 startsAtMs)
{
    return alertOf(QStringLiteral("conn-") + region, QStringLiteral("DbConnectionsHigh"), QStringLiteral("db"), region,
        startsAtMs);
}

Alert resolved(Alert alert, qint64 endsAtMs)
{
    alert.status = AlertStatus::Resolved;
    alert.endsAtMs = endsAtMs;
    return alert;
}

CorrelationRule dbPrimaryRule()
{
    CorrelationRule rule;
    rule.name = QStringLiteral("db-primary");
    rule.hypothesis = QStringLiteral("database primary degraded");
    rule.signals = {
        CorrelationSignal { { { QStringLiteral("alertname"), QStringLiteral("HighLatency") } } },
        CorrelationSignal { { { QStringLiteral("alertname"), QStringLiteral("HighErrorRate") },
            { QStringLiteral("severity"), QStringLiteral("critical") } } },
        CorrelationSignal { { { QStringLiteral("alertname"), QStringLiteral("DbConnectionsHigh") } } },
    };
    rule.equal = { QStringLiteral("region") };
    rule.withinMs = 5 * Minute;
    return rule;
}

CorrelationSettings settings(qint64 resolveAfterMs = 5 * Minute,
    const QStringList& groupBy = { QStringLiteral("service"), QStringLiteral("region") })
{
    CorrelationSettings s;
    s.grouping.groupBy = groupBy;
    s.resolveAfterMs = resolveAfterMs;
    s.rules = { dbPrimaryRule() };
    return s;
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

    QVector<Event> eventsOf(qint64 incidentId, const QString& kind) const
    {
        QVector<Event> out;
        for (const Event& event : events) {
            if (event.incidentId == incidentId && event.kind == kind)
                out.append(event);
        }
        return out;
    }

    qint64 maxId() const { return incidents.isEmpty() ? 0 : incidents.lastKey(); }
};

struct Pipeline {
    Correlator correlator;
    FakeStore store;

    WriteBatch ingest(const QVector<Alert>& alerts, qint64 nowMs)
    {
        WriteBatch batch;
        correlator.ingest(alerts, nowMs, batch);
        store.apply(batch);
        return batch;
    }

    WriteBatch tick(qint64 nowMs)
    {
        WriteBatch batch;
        correlator.tick(nowMs, batch);
        store.apply(batch);
        return batch;
    }
};

QStringList kinds(const WriteBatch& batch)
{
    QStringList out;
    for (const Event& event : batch.events)
        out.append(event.kind);
    return out;
}

QJsonObject bodyOf(const Event& event)
{
    return QJsonDocument::fromJson(event.body).object();
}

} // namespace

class TestCorrelationRules : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void threeSignalsOpenOneIncidentStatingTheHypothesis()
    {
        Pipeline run { Correlator { settings() }, {} };
        run.ingest({ latency(QStringLiteral("eu"), T0) }, T0);
        run.ingest({ errors(QStringLiteral("eu"), T0 + Minute) }, T0 + Minute);
        QCOMPARE(run.correlator.activeIncidents().size(), 2); // one per service until the rule completes
        const WriteBatch batch = run.ingest({ connections(QStringLiteral("eu"), T0 + 2 * Minute) }, T0 + 2 * Minute);

        const QVector<Incident> active = run.correlator.activeIncidents();
        QCOMPARE(active.size(), 1);
        const Incident& incident = active.first();
        QCOMPARE(incident.id, qint64(3));
        QCOMPARE(incident.hypothesis, QStringLiteral("database primary degraded"));
        QCOMPARE(incident.title, QStringLiteral("database primary degraded (region=eu)"));
        QCOMPARE(incident.groupKey, QStringLiteral("rule:db-primary;region=eu"));
        QCOMPARE(incident.alertCount, 3);
        QCOMPARE(incident.firingCount, 3);
        QCOMPARE(incident.detectedMs, T0);
        QCOMPARE(incident.severity, 2); // the critical error rate

        // Every member alert belongs to the rule incident, in the store too.
        QCOMPARE(run.store.alerts.size(), 3);
        for (const Alert& alert : std::as_const(run.store.alerts))
            QCOMPARE(alert.incidentId, qint64(3));
        QCOMPARE(run.store.incidents.value(3), incident);

        // The per-service incidents are closed, each pointing at the rule incident.
        for (const qint64 absorbed : { 1, 2 }) {
            const Incident closed = run.store.incidents.value(absorbed);
            QCOMPARE(closed.status, IncidentStatus::Resolved);
            QCOMPARE(closed.alertCount, 0);
            const QVector<Event> status = run.store.eventsOf(absorbed, QStringLiteral("incident.status"));
            QCOMPARE(status.size(), 1);
            QCOMPARE(status.first().title,
                QStringLiteral("Incident #%1 merged into #3: database primary degraded (rule db-primary)")
                    .arg(absorbed));
            QCOMPARE(bodyOf(status.first()).value(QStringLiteral("mergedInto")).toInteger(), 3);
        }

        const QVector<Event> correlated = run.store.eventsOf(3, QStringLiteral("incident.correlated"));
        QCOMPARE(correlated.size(), 1);
        QCOMPARE(correlated.first().title,
            QStringLiteral("correlation: rule db-primary matched: HighLatency + HighErrorRate{severity=critical} + "
                           "DbConnectionsHigh in region=eu within 5m; took in #1, #2"));
        QCOMPARE(correlated.first().timeMs, T0 + 2 * Minute);
        QCOMPARE(bodyOf(correlated.first()).value(QStringLiteral("tookIn")).toArray().size(), 2);
        QCOMPARE(run.store.eventsOf(3, QStringLiteral("incident.opened")).size(), 1);
        // The completing alert went straight to the rule incident: no third per-service incident.
        QCOMPARE(kinds(batch).count(QStringLiteral("incident.opened")), 1);
        QCOMPARE(run.store.eventsOf(3, QStringLiteral("incident.opened")).first().title,
            QStringLiteral("Incident #3 opened: database primary degraded (region=eu)"));
        QCOMPARE(run.store.incidents.size(), 3);

        // Later alerts of the taken-in services, and their deploys, belong to the rule incident.
        const WriteBatch later = run.ingest({ alertOf(QStringLiteral("pods"), QStringLiteral("PodRestarts"),
                                                QStringLiteral("web"), QStringLiteral("eu"), T0 + 4 * Minute) },
            T0 + 4 * Minute);
        QCOMPARE(later.alerts.first().incidentId, qint64(3));
        Event deploy;
        run.correlator.attach(deploy,
            { { QStringLiteral("service"), QStringLiteral("db") },
                { QStringLiteral("region"), QStringLiteral("eu") } });
        QCOMPARE(deploy.incidentId, qint64(3));
    }

    void twoOfThreeSignalsOpenNoRuleIncident()
    {
        Pipeline run { Correlator { settings() }, {} };
        run.ingest({ latency(QStringLiteral("eu"), T0), errors(QStringLiteral("eu"), T0 + Minute) }, T0 + Minute);
        const QVector<Incident> active = run.correlator.activeIncidents();
        QCOMPARE(active.size(), 2);
        for (const Incident& incident : active)
            QVERIFY(incident.hypothesis.isEmpty());
        QVERIFY(run.store.eventsOf(1, QStringLiteral("incident.correlated")).isEmpty());
    }

    void signalsInDifferentRegionsDoNotMatch()
    {
        Pipeline run { Correlator { settings() }, {} };
        run.ingest({ latency(QStringLiteral("eu"), T0), errors(QStringLiteral("eu"), T0 + Minute),
                       connections(QStringLiteral("us"), T0 + 2 * Minute) },
            T0 + 2 * Minute);
        QCOMPARE(run.correlator.activeIncidents().size(), 3);
        for (const Incident& incident : run.correlator.activeIncidents())
            QVERIFY(incident.hypothesis.isEmpty());
        // The missing eu signal arrives: now eu matches, and the us alert stays on its own.
        run.ingest({ connections(QStringLiteral("eu"), T0 + 3 * Minute) }, T0 + 3 * Minute);
        QCOMPARE(run.correlator.activeIncidents().size(), 2);
        QCOMPARE(run.store.alerts.value(QStringLiteral("conn-us@%1").arg(T0 + 2 * Minute)).incidentId, qint64(3));
        QCOMPARE(run.store.alerts.value(QStringLiteral("conn-eu@%1").arg(T0 + 3 * Minute)).incidentId, qint64(4));
        QCOMPARE(run.store.incidents.value(4).hypothesis, QStringLiteral("database primary degraded"));
    }

    void signalsFurtherApartThanWithinDoNotMatch_data()
    {
        QTest::addColumn<qint64>("lastStartMs");
        QTest::addColumn<bool>("matches");
        QTest::newRow("all within 5m") << qint64(T0 + 5 * Minute) << true;
        QTest::newRow("1 ms too late") << qint64(T0 + 5 * Minute + 1) << false;
        QTest::newRow("an hour later") << qint64(T0 + 60 * Minute) << false;
    }

    void signalsFurtherApartThanWithinDoNotMatch()
    {
        QFETCH(qint64, lastStartMs);
        QFETCH(bool, matches);
        Pipeline run { Correlator { settings() }, {} };
        run.ingest({ latency(QStringLiteral("eu"), T0), errors(QStringLiteral("eu"), T0 + Minute) }, T0 + Minute);
        run.ingest({ connections(QStringLiteral("eu"), lastStartMs) }, lastStartMs);
        bool anyHypothesis = false;
        for (const Incident& incident : run.correlator.activeIncidents())
            anyHypothesis = anyHypothesis || !incident.hypothesis.isEmpty();
        QCOMPARE(anyHypothesis, matches);
    }

    void resolvedSignalDoesNotBreachTogetherWithLaterOnes()
    {
        Pipeline run { Correlator { settings() }, {} };
        const Alert lat = latency(QStringLiteral("eu"), T0);
        run.ingest({ lat, errors(QStringLiteral("eu"), T0) }, T0);
        run.ingest({ resolved(lat, T0 + Minute) }, T0 + Minute);
        run.ingest({ connections(QStringLiteral("eu"), T0 + 2 * Minute) }, T0 + 2 * Minute);
        for (const Incident& incident : run.correlator.activeIncidents())
            QVERIFY(incident.hypothesis.isEmpty());
    }

    void signalLabelsBeyondAlertnameMustMatch()
    {
        Pipeline run { Correlator { settings() }, {} };
        run.ingest({ latency(QStringLiteral("eu"), T0), errors(QStringLiteral("eu"), T0, QStringLiteral("warning")),
                       connections(QStringLiteral("eu"), T0) },
            T0);
        QCOMPARE(run.correlator.activeIncidents().size(), 3);
        // The error rate turns critical (a separate alert in Alertmanager: its labels differ).
        run.ingest({ errors(QStringLiteral("eu"), T0 + Minute) }, T0 + Minute);
        const QVector<Incident> active = run.correlator.activeIncidents();
        QCOMPARE(active.size(), 1);
        // The warning-level alert sat in the checkout incident that was taken in, so it moved too.
        QCOMPARE(active.first().alertCount, 4);
    }

    void oneGroupIsConvertedInPlace()
    {
        // Grouped by region only, all three symptoms are already one incident: it keeps its id and
        // its commander, and now states the hypothesis.
        Pipeline run { Correlator { settings(5 * Minute, { QStringLiteral("region") }) }, {} };
        Incident incident = run.ingest({ latency(QStringLiteral("eu"), T0) }, T0).incidents.first();
        incident.transitionTo(IncidentStatus::Acknowledged, T0 + 30 * 1000);
        incident.commander = QStringLiteral("alice");
        run.correlator.updateIncident(incident);
        run.ingest({ errors(QStringLiteral("eu"), T0 + Minute), connections(QStringLiteral("eu"), T0 + 2 * Minute) },
            T0 + 2 * Minute);
        const QVector<Incident> active = run.correlator.activeIncidents();
        QCOMPARE(active.size(), 1);
        QCOMPARE(active.first().id, qint64(1));
        QCOMPARE(active.first().hypothesis, QStringLiteral("database primary degraded"));
        QCOMPARE(active.first().commander, QStringLiteral("alice"));
        QCOMPARE(active.first().status, IncidentStatus::Acknowledged);
        QCOMPARE(active.first().alertCount, 3);
        const QVector<Event> correlated = run.store.eventsOf(1, QStringLiteral("incident.correlated"));
        QCOMPARE(correlated.size(), 1);
        QVERIFY(
            correlated.first().title.endsWith(QStringLiteral("incident #1 now states \"database primary degraded\"")));
        QCOMPARE(run.store.incidents.size(), 1);
    }

    void takenInIncidentPassesOnItsAcknowledgement()
    {
        Pipeline run { Correlator { settings() }, {} };
        Incident web = run.ingest({ latency(QStringLiteral("eu"), T0) }, T0).incidents.first();
        web.transitionTo(IncidentStatus::Acknowledged, T0 + Minute);
        web.commander = QStringLiteral("bob");
        run.correlator.updateIncident(web);
        run.ingest(
            { errors(QStringLiteral("eu"), T0 + Minute), connections(QStringLiteral("eu"), T0 + Minute) }, T0 + Minute);
        const Incident rule = run.correlator.activeIncidents().first();
        QCOMPARE(rule.commander, QStringLiteral("bob"));
        QCOMPARE(rule.status, IncidentStatus::Acknowledged);
        QCOMPARE(rule.acknowledgedMs, T0 + Minute);
    }

    void resolveAfterHoldsTheIncidentOpen()
    {
        CorrelationSettings plain = settings();
        plain.rules.clear();
        Pipeline run { Correlator { plain }, {} };
        const Alert disk = alertOf(
            QStringLiteral("d1"), QStringLiteral("DiskSpaceHigh"), QStringLiteral("db"), QStringLiteral("eu"), T0);
        run.ingest({ disk }, T0);
        const WriteBatch quiet = run.ingest({ resolved(disk, T0 + 10 * Minute) }, T0 + 10 * Minute);
        QCOMPARE(quiet.incidents.first().status, IncidentStatus::Open);
        QCOMPARE(quiet.incidents.first().firingCount, 0);
        QCOMPARE(run.correlator.nextResolutionMs(), T0 + 15 * Minute);
        QCOMPARE(run.tick(T0 + 14 * Minute).rowCount(), 0);

        // It fires again inside resolve_after: the same incident, no new one.
        Alert again = disk;
        again.startsAtMs = T0 + 12 * Minute;
        const WriteBatch refire = run.ingest({ again }, T0 + 14 * Minute);
        QCOMPARE(kinds(refire), QStringList { QStringLiteral("alert.firing") });
        QCOMPARE(refire.alerts.first().incidentId, qint64(1));
        QCOMPARE(refire.incidents.first().firingCount, 1);
        QCOMPARE(run.correlator.nextResolutionMs(), qint64(0));
        QCOMPARE(run.tick(T0 + 30 * Minute).rowCount(), 0);

        run.ingest({ resolved(again, T0 + 20 * Minute) }, T0 + 20 * Minute);
        QCOMPARE(run.tick(T0 + 25 * Minute - 1).rowCount(), 0);
        const WriteBatch done = run.tick(T0 + 25 * Minute);
        QCOMPARE(kinds(done), QStringList { QStringLiteral("incident.status") });
        QCOMPARE(done.incidents.first().status, IncidentStatus::Resolved);
        QCOMPARE(done.incidents.first().resolvedMs, T0 + 20 * Minute); // when the alerts ended
        QCOMPARE(done.events.first().timeMs, T0 + 25 * Minute);
        QCOMPARE(done.events.first().title, QStringLiteral("Incident #1 resolved: all alerts resolved for 5m"));
        QVERIFY(run.correlator.activeIncidents().isEmpty());
        QCOMPARE(run.store.incidents.size(), 1);

        // After resolve_after, the next firing is a new incident.
        Alert third = disk;
        third.startsAtMs = T0 + 26 * Minute;
        QCOMPARE(run.ingest({ third }, T0 + 26 * Minute).alerts.first().incidentId, qint64(2));
    }

    void lateFiringLandsInTheIncidentItBelongsToAndReopensIt()
    {
        // Its startsAt is earlier than a resolution already seen: the incident was not over.
        CorrelationSettings plain = settings();
        plain.rules.clear();
        Pipeline run { Correlator { plain }, {} };
        const Alert first = alertOf(
            QStringLiteral("a1"), QStringLiteral("DiskSpaceHigh"), QStringLiteral("db"), QStringLiteral("eu"), T0);
        run.ingest({ first }, T0);
        run.ingest({ resolved(first, T0 + 2 * Minute) }, T0 + 2 * Minute);
        run.tick(T0 + 8 * Minute);
        QVERIFY(run.correlator.activeIncidents().isEmpty());

        const Alert late = alertOf(QStringLiteral("a2"), QStringLiteral("DbSlowQueries"), QStringLiteral("db"),
            QStringLiteral("eu"), T0 + Minute);
        const WriteBatch batch = run.ingest({ late }, T0 + 9 * Minute);
        QCOMPARE(kinds(batch), (QStringList { QStringLiteral("incident.status"), QStringLiteral("alert.firing") }));
        QCOMPARE(batch.alerts.first().incidentId, qint64(1));
        QCOMPARE(batch.incidents.size(), 1);
        QCOMPARE(batch.incidents.first().id, qint64(1));
        QCOMPARE(batch.incidents.first().status, IncidentStatus::Open);
        QCOMPARE(batch.incidents.first().resolvedMs, qint64(0));
        QCOMPARE(batch.incidents.first().firingCount, 1);
        QVERIFY(batch.events.first().title.startsWith(QStringLiteral("Incident #1 reopened: DbSlowQueries")));
        QCOMPARE(run.store.incidents.size(), 1);
    }

    void lateResolvedLandsInResolvedIncidentWithoutReopening()
    {
        CorrelationSettings plain = settings();
        plain.rules.clear();
        Pipeline run { Correlator { plain }, {} };
        const Alert first = alertOf(
            QStringLiteral("a1"), QStringLiteral("DiskSpaceHigh"), QStringLiteral("db"), QStringLiteral("eu"), T0);
        run.ingest({ first }, T0);
        run.ingest({ resolved(first, T0 + 2 * Minute) }, T0 + 2 * Minute);
        run.tick(T0 + 8 * Minute);

        // Firing and resolved of an alert from that time arrive together, late: recorded once,
        // in incident #1, which stays resolved.
        const Alert late = alertOf(QStringLiteral("a2"), QStringLiteral("DbSlowQueries"), QStringLiteral("db"),
            QStringLiteral("eu"), T0 + Minute);
        const WriteBatch batch = run.ingest({ late, resolved(late, T0 + 3 * Minute) }, T0 + 20 * Minute);
        QCOMPARE(kinds(batch), QStringList { QStringLiteral("alert.resolved") });
        QCOMPARE(batch.alerts.first().incidentId, qint64(1));
        QCOMPARE(batch.incidents.first().status, IncidentStatus::Resolved);
        QCOMPARE(batch.incidents.first().alertCount, 2);
        QCOMPARE(batch.incidents.first().resolvedMs, T0 + 3 * Minute);
        QVERIFY(run.correlator.activeIncidents().isEmpty());
        // The firing notification, once more and on its own: a duplicate.
        QCOMPARE(run.ingest({ late }, T0 + 21 * Minute).rowCount(), 0);
    }

    void resolvedBeforeFiringLandsInItsIncident()
    {
        CorrelationSettings plain = settings();
        plain.rules.clear();
        Pipeline run { Correlator { plain }, {} };
        run.ingest({ alertOf(QStringLiteral("a1"), QStringLiteral("DiskSpaceHigh"), QStringLiteral("db"),
                       QStringLiteral("eu"), T0) },
            T0);
        const Alert other = alertOf(QStringLiteral("a2"), QStringLiteral("DbSlowQueries"), QStringLiteral("db"),
            QStringLiteral("eu"), T0 + Minute);
        const WriteBatch first = run.ingest({ resolved(other, T0 + 2 * Minute) }, T0 + 2 * Minute);
        QCOMPARE(first.alerts.first().incidentId, qint64(1));
        QCOMPARE(first.incidents.first().firingCount, 1);
        const WriteBatch firingAfter = run.ingest({ other }, T0 + 3 * Minute);
        QCOMPARE(firingAfter.rowCount(), 0);
        QCOMPARE(run.store.incidents.value(1).firingCount, 1);
    }

    void minutesLateAlertJoinsTheOlderIncidentOfItsTime()
    {
        CorrelationSettings plain = settings();
        plain.rules.clear();
        Pipeline run { Correlator { plain }, {} };
        const Alert early = alertOf(
            QStringLiteral("a1"), QStringLiteral("DiskSpaceHigh"), QStringLiteral("db"), QStringLiteral("eu"), T0);
        run.ingest({ early }, T0);
        run.ingest({ resolved(early, T0 + 5 * Minute) }, T0 + 5 * Minute);
        run.tick(T0 + 10 * Minute);
        run.ingest({ alertOf(QStringLiteral("a3"), QStringLiteral("DiskSpaceHigh"), QStringLiteral("db"),
                       QStringLiteral("eu"), T0 + 60 * Minute) },
            T0 + 60 * Minute);
        QCOMPARE(run.correlator.activeIncidents().first().id, qint64(2));

        // Delivered 58 minutes late, it started during incident #1: it goes there, not to #2.
        const Alert late = alertOf(QStringLiteral("a2"), QStringLiteral("DbSlowQueries"), QStringLiteral("db"),
            QStringLiteral("eu"), T0 + 2 * Minute);
        const WriteBatch batch = run.ingest({ resolved(late, T0 + 4 * Minute) }, T0 + 61 * Minute);
        QCOMPARE(batch.alerts.first().incidentId, qint64(1));
        QCOMPARE(batch.events.first().incidentId, qint64(1));
        // One that started just before #2 was detected, inside its window, joins #2.
        const WriteBatch near = run.ingest({ alertOf(QStringLiteral("a4"), QStringLiteral("DbSlowQueries"),
                                               QStringLiteral("db"), QStringLiteral("eu"), T0 + 57 * Minute) },
            T0 + 62 * Minute);
        QCOMPARE(near.alerts.first().incidentId, qint64(2));
        QCOMPARE(near.incidents.first().detectedMs, T0 + 57 * Minute);
    }

    void lateSignalCompletesTheRuleByItsStartTime()
    {
        // The database alert started between the other two but arrives minutes later.
        Pipeline run { Correlator { settings() }, {} };
        run.ingest(
            { latency(QStringLiteral("eu"), T0), errors(QStringLiteral("eu"), T0 + 2 * Minute) }, T0 + 2 * Minute);
        run.ingest({ connections(QStringLiteral("eu"), T0 + Minute) }, T0 + 9 * Minute);
        const QVector<Incident> active = run.correlator.activeIncidents();
        QCOMPARE(active.size(), 1);
        QCOMPARE(active.first().hypothesis, QStringLiteral("database primary degraded"));
        QCOMPARE(active.first().detectedMs, T0);
    }

    void restoredResolvedIncidentStillTakesLateNotifications()
    {
        CorrelationSettings plain = settings();
        plain.rules.clear();
        FakeStore store;
        {
            Pipeline before { Correlator { plain }, {} };
            const Alert first = alertOf(
                QStringLiteral("a1"), QStringLiteral("DiskSpaceHigh"), QStringLiteral("db"), QStringLiteral("eu"), T0);
            before.ingest({ first }, T0);
            before.ingest({ resolved(first, T0 + 2 * Minute) }, T0 + 2 * Minute);
            before.tick(T0 + 7 * Minute);
            store = before.store;
        }
        QVERIFY(store.openIncidents().isEmpty());
        const QVector<Incident> all = store.incidents.values().toVector();
        Pipeline after { Correlator { plain }, store };
        after.correlator.restore(all, store.alertsOf(all), store.maxId());
        QVERIFY(after.correlator.activeIncidents().isEmpty());
        const Alert late = alertOf(QStringLiteral("a2"), QStringLiteral("DbSlowQueries"), QStringLiteral("db"),
            QStringLiteral("eu"), T0 + Minute);
        const WriteBatch batch = after.ingest({ resolved(late, T0 + 3 * Minute) }, T0 + 10 * Minute);
        QCOMPARE(batch.alerts.first().incidentId, qint64(1));
        QCOMPARE(batch.incidents.first().status, IncidentStatus::Resolved);
        QCOMPARE(after.store.incidents.size(), 1);
    }

    void restartKeepsRuleIncidentsAndPendingResolutions()
    {
        FakeStore store;
        {
            Pipeline before { Correlator { settings() }, {} };
            before.ingest({ latency(QStringLiteral("eu"), T0), errors(QStringLiteral("eu"), T0),
                              connections(QStringLiteral("eu"), T0 + Minute) },
                T0 + Minute);
            before.ingest({ resolved(latency(QStringLiteral("eu"), T0), T0 + 8 * Minute),
                              resolved(errors(QStringLiteral("eu"), T0), T0 + 9 * Minute),
                              resolved(connections(QStringLiteral("eu"), T0 + Minute), T0 + 10 * Minute) },
                T0 + 10 * Minute);
            store = before.store;
        }
        const QVector<Incident> open = store.openIncidents();
        QCOMPARE(open.size(), 1);
        QCOMPARE(open.first().hypothesis, QStringLiteral("database primary degraded"));

        // Restored, the wait for resolve_after continues from the alerts' end.
        Pipeline waiting { Correlator { settings() }, store };
        waiting.correlator.restore(open, store.alertsOf(open), store.maxId());
        QCOMPARE(waiting.correlator.activeIncidents(), open);
        QCOMPARE(waiting.correlator.nextResolutionMs(), T0 + 15 * Minute);
        QCOMPARE(waiting.tick(T0 + 15 * Minute - 1).rowCount(), 0);
        const WriteBatch done = waiting.tick(T0 + 15 * Minute);
        QCOMPARE(done.incidents.first().id, open.first().id);
        QCOMPARE(done.incidents.first().status, IncidentStatus::Resolved);

        // Restored again from the same rows: a re-fired signal rejoins the rule incident.
        Pipeline refire { Correlator { settings() }, store };
        refire.correlator.restore(open, store.alertsOf(open), store.maxId());
        const WriteBatch again = refire.ingest({ latency(QStringLiteral("eu"), T0 + 12 * Minute) }, T0 + 12 * Minute);
        QCOMPARE(again.alerts.first().incidentId, open.first().id);
        QCOMPARE(refire.correlator.nextResolutionMs(), qint64(0));
        // And an old notification re-sent by Alertmanager after the restart is still a duplicate.
        QCOMPARE(
            refire.ingest({ resolved(errors(QStringLiteral("eu"), T0), T0 + 9 * Minute) }, T0 + 13 * Minute).rowCount(),
            0);
    }
};

QTEST_GUILESS_MAIN(TestCorrelationRules)
#include "tst_correlationrules.moc"
