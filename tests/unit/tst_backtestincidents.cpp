// The incidents a backtest is judged against, read from a real store: which incidents concern a
// playbook, their spans, and which review verdict counts.
#include "domain/metatypes.h"
#include "playbook/playbooktrigger.h"
#include "store/storereader.h"
#include "store/storewriter.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <limits>

using namespace firebreak;

namespace {

using V = IncidentVerdict::Verdict;
using RV = ReviewVerdict::Verdict;
constexpr qint64 Minute = 60'000;
constexpr qint64 T0 = 1'773'133'200'000; // 2026-03-10 09:00 UTC
constexpr qint64 Open = std::numeric_limits<qint64>::min(); // not resolved, still firing

Incident incident(qint64 id, qint64 detectedMinute, qint64 resolvedMinute)
{
    Incident i;
    i.id = id;
    i.title = QStringLiteral("incident %1").arg(id);
    i.detectedMs = T0 + detectedMinute * Minute;
    i.resolvedMs = resolvedMinute == Open ? 0 : T0 + resolvedMinute * Minute;
    i.status = resolvedMinute == Open ? IncidentStatus::Open : IncidentStatus::Resolved;
    return i;
}

Alert alert(const QString& fingerprint, qint64 incidentId, const QString& name, const QString& instance,
    qint64 startMinute, qint64 endMinute)
{
    Alert a;
    a.fingerprint = fingerprint;
    a.incidentId = incidentId;
    a.labels = { { "alertname", name }, { "service", "db" }, { "instance", instance } };
    a.startsAtMs = T0 + startMinute * Minute;
    a.endsAtMs = endMinute == Open ? 0 : T0 + endMinute * Minute;
    a.status = endMinute == Open ? AlertStatus::Firing : AlertStatus::Resolved;
    return a;
}

Run run(qint64 id, qint64 incidentId, const QString& playbook, const QString& fingerprint)
{
    Run r;
    r.id = id;
    r.incidentId = incidentId;
    r.playbookId = playbook;
    r.risk = QStringLiteral("low");
    r.alertFingerprint = fingerprint;
    r.labels = { { "instance", "db-eu-1" } };
    return r;
}

ReviewVerdict verdict(
    qint64 incidentId, ReviewVerdict::SubjectKind kind, const QString& subject, RV value, qint64 at = 0)
{
    return { incidentId, kind, subject, value, QStringLiteral("alice"), at };
}

} // namespace

class TestBacktestIncidents : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        registerMetaTypes();
        QVERIFY(m_dir.isValid());
        using K = ReviewVerdict::SubjectKind;
        WriteBatch batch;
        // 1: a disk alert, judged useful; a latency alert in the same incident does not count.
        // 2: two disk alerts, one noise and one missed or late: late wins.
        // 3: a disk alert judged noise, but the playbook's run judged useful (twice; the later wins).
        // 4: a disk alert nobody judged: unreviewed.
        // 5: only a run of the playbook (its alert is a different one): included through the run.
        // 6: another playbook's run and another alert: not about this playbook.
        // 7: still open, firing: ends with the span.
        // 8: over before the span begins. 9: after it ends.
        batch.incidents = { incident(1, 10, 30), incident(2, 40, 60), incident(3, 70, 90), incident(4, 100, 120),
            incident(5, 130, 150), incident(6, 160, 170), incident(7, 200, Open), incident(8, -60, -20),
            incident(9, 400, 420) };
        batch.alerts = { alert("a1", 1, "DiskSpaceHigh", "db-eu-1", 8, 28),
            alert("l1", 1, "CheckoutLatencyHigh", "db-eu-1", 5, 29), alert("a2", 2, "DiskSpaceHigh", "db-eu-1", 39, 50),
            alert("b2", 2, "DiskSpaceHigh", "db-us-1", 41, 58), alert("a3", 3, "DiskSpaceHigh", "db-eu-1", 69, 88),
            alert("a4", 4, "DiskSpaceHigh", "db-eu-1", 99, 119), alert("m5", 5, "ManualPage", "db-eu-1", 129, 149),
            alert("x6", 6, "CacheDown", "cache-eu-1", 159, 169), alert("a7", 7, "DiskSpaceHigh", "db-eu-1", 199, Open),
            alert("a8", 8, "DiskSpaceHigh", "db-eu-1", -61, -25),
            alert("a9", 9, "DiskSpaceHigh", "db-eu-1", 399, 410) };
        batch.runs = { run(31, 3, "disk-cleanup", "a3"), run(32, 3, "disk-cleanup", "a3"),
            run(51, 5, "disk-cleanup", "m5"), run(61, 6, "cache-restart", "x6") };
        batch.reviewVerdicts = { verdict(1, K::Alert, "a1", RV::Useful), verdict(1, K::Alert, "l1", RV::Noise),
            verdict(2, K::Alert, "a2", RV::Noise), verdict(2, K::Alert, "b2", RV::MissedOrLate),
            verdict(3, K::Alert, "a3", RV::Noise), verdict(3, K::Run, "31", RV::Noise, 100),
            verdict(3, K::Run, "32", RV::Useful, 200), verdict(6, K::Run, "61", RV::Noise) };
        StoreWriter writer(path());
        QSignalSpy committed(&writer, &StoreWriter::committed);
        writer.open();
        writer.enqueue(batch);
        writer.close();
        QCOMPARE(committed.size(), 1);
    }

    void incidentsOfThePlaybookWithTheirVerdicts()
    {
        PlaybookTrigger trigger;
        trigger.alertname = QStringLiteral("DiskSpaceHigh");
        trigger.match = { { "service", "db" } };
        trigger.requiredLabels = { QStringLiteral("instance") };
        StoreReader reader(path());
        QSignalSpy fetched(&reader, &StoreReader::backtestIncidentsFetched);
        QSignalSpy failed(&reader, &StoreReader::failed);
        reader.open();
        reader.fetchBacktestIncidents(4, QStringLiteral("disk-cleanup"), trigger, T0, T0 + 300 * Minute);
        QCOMPARE(failed.size(), 0);
        QCOMPARE(fetched.size(), 1);
        QCOMPARE(fetched.first().at(0).value<quint64>(), quint64(4));
        const auto incidents = fetched.first().at(1).value<QVector<IncidentVerdict>>();

        QVector<qint64> ids;
        for (const IncidentVerdict& i : incidents)
            ids.append(i.incidentId);
        QCOMPARE(ids, (QVector<qint64> { 1, 2, 3, 4, 5, 7 }));
        const auto at = [&](int row) { return incidents.at(row); };
        // The span is the matching alerts' (not the latency alert's earlier start in incident 1).
        QCOMPARE(at(0).startMs, T0 + 8 * Minute);
        QCOMPARE(at(0).endMs, T0 + 28 * Minute);
        QCOMPARE(at(0).verdict, V::Useful);
        QVERIFY(at(0).reviewed);
        QCOMPARE(at(0).label, QStringLiteral("#1 incident 1"));
        QCOMPARE(at(0).labels.value("instance"), QStringLiteral("db-eu-1"));
        QCOMPARE(at(1).startMs, T0 + 39 * Minute);
        QCOMPARE(at(1).endMs, T0 + 58 * Minute);
        QCOMPARE(at(1).verdict, V::MissedOrLate);
        QCOMPARE(at(2).verdict, V::Useful); // the latest run verdict beats the alert's noise
        QVERIFY(!at(3).reviewed);
        QCOMPARE(at(3).verdict, V::Useful); // unreviewed counts as real
        // Through its run only: no matching alert, so the incident's detection starts it.
        QCOMPARE(at(4).startMs, T0 + 129 * Minute);
        QVERIFY(!at(4).reviewed);
        // Still firing: open until the end of the span.
        QCOMPARE(at(5).startMs, T0 + 199 * Minute);
        QCOMPARE(at(5).endMs, T0 + 300 * Minute);
    }

    void aClosedReaderSaysSo()
    {
        StoreReader reader(path());
        QSignalSpy failed(&reader, &StoreReader::failed);
        reader.fetchBacktestIncidents(5, QStringLiteral("disk-cleanup"), {}, T0, T0 + Minute);
        QCOMPARE(failed.size(), 1);
        QVERIFY(failed.first().at(1).toString().contains(QStringLiteral("not open")));
    }

private:
    QString path() const { return m_dir.filePath(QStringLiteral("store.db")); }
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestBacktestIncidents)
#include "tst_backtestincidents.moc"
