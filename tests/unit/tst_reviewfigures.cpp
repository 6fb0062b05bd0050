// Review figures against a hand-built store whose every time is known, so each figure is checked
// against a value computed by hand; and the timeline import keeps source events and preselects pins.
#include "domain/metatypes.h"
#include "reviews/reviewfigures.h"
#include "reviews/reviewtimelineimport.h"
#include "store/database.h"
#include "store/storereader.h"
#include "store/storewriter.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace firebreak;

namespace {

CommittedBatch writeOne(const QString& path, const WriteBatch& batch)
{
    StoreWriter writer(path);
    QSignalSpy committed(&writer, &StoreWriter::committed);
    writer.open();
    writer.enqueue(batch);
    writer.close();
    return committed.size() == 1 ? committed.first().first().value<CommittedBatch>() : CommittedBatch {};
}

Alert alert(const QString& fingerprint, qint64 startsAtMs, qint64 incidentId)
{
    Alert a;
    a.fingerprint = fingerprint;
    a.startsAtMs = startsAtMs;
    a.incidentId = incidentId;
    return a;
}

Run run(qint64 id, qint64 incidentId, RunState state)
{
    Run r;
    r.id = id;
    r.incidentId = incidentId;
    r.risk = QStringLiteral("low");
    r.state = state;
    return r;
}

Event makeEvent(qint64 incidentId, qint64 timeMs, const char* kind, qint64 runId, int approvers = 0)
{
    Event e;
    e.incidentId = incidentId;
    e.timeMs = timeMs;
    e.kind = QString::fromLatin1(kind);
    e.title = QStringLiteral("%1 run %2").arg(e.kind).arg(runId);
    QJsonObject body { { QStringLiteral("run"), runId } };
    if (approvers > 0)
        body.insert(QStringLiteral("approvers"), approvers);
    e.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return e;
}

VerifySample sample(qint64 runId, int index, VerifySample::Outcome outcome)
{
    VerifySample s;
    s.runId = runId;
    s.sampleIndex = index;
    s.outcome = outcome;
    return s;
}

} // namespace

class TstReviewFigures : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { registerMetaTypes(); }
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_path = m_dir->filePath(QStringLiteral("firebreak.db"));
    }
    void cleanup() { m_dir.reset(); }

    void figuresMatchHandComputedValues()
    {
        using O = VerifySample::Outcome;
        Incident incident;
        incident.id = 1;
        incident.detectedMs = 10'000;
        incident.acknowledgedMs = 70'000;
        incident.mitigatedMs = 250'000;
        incident.resolvedMs = 400'000;
        Incident other;
        other.id = 2;
        other.detectedMs = 2'000;
        WriteBatch batch;
        batch.incidents = { incident, other };
        // Alert A fires twice (a re-fire), B once; incident 2's alert must not count.
        batch.alerts = { alert(QStringLiteral("A"), 4'000, 1), alert(QStringLiteral("A"), 200'000, 1),
            alert(QStringLiteral("B"), 6'000, 1), alert(QStringLiteral("C"), 1'000, 2) };
        batch.runs = { run(1, 1, RunState::Succeeded), run(2, 1, RunState::RolledBack), run(3, 1, RunState::Rejected),
            run(9, 2, RunState::Succeeded) };
        batch.events = {
            // Run 1 needs two approvers: it waits 20 s -> 50 s (30 s), past the first grant.
            makeEvent(1, 20'000, EventKind::ApprovalRequested, 1, 2),
            makeEvent(1, 30'000, EventKind::ApprovalGranted, 1),
            makeEvent(1, 50'000, EventKind::ApprovalGranted, 1),
            // Run 2: one approver, 60 s -> 65 s (5 s); then it rolls back.
            makeEvent(1, 60'000, EventKind::ApprovalRequested, 2, 1),
            makeEvent(1, 65'000, EventKind::ApprovalGranted, 2),
            makeEvent(1, 90'000, EventKind::RollbackStarted, 2),
            // Run 3 is denied: 100 s -> 130 s (30 s).
            makeEvent(1, 100'000, EventKind::ApprovalRequested, 3, 1),
            makeEvent(1, 130'000, EventKind::ApprovalDenied, 3),
            // Another incident's wait and rollback.
            makeEvent(2, 5'000, EventKind::ApprovalRequested, 9, 1),
            makeEvent(2, 9'000, EventKind::ApprovalExpired, 9),
            makeEvent(2, 9'500, EventKind::RollbackStarted, 9),
        };
        batch.verifySamples = { sample(1, 0, O::Success), sample(1, 1, O::Success), sample(1, 2, O::Inconclusive),
            sample(2, 0, O::Failure), sample(9, 0, O::Success), sample(9, 1, O::Success) };
        batch.audit = { AuditEntry { 0, 1, QStringLiteral("alice"), QStringLiteral("incident.acknowledged"),
            QStringLiteral("incident:1"), "{}", {}, {} } };
        const CommittedBatch out = writeOne(m_path, batch);
        QCOMPARE(out.events.size(), batch.events.size());

        StoreReader reader(m_path);
        QSignalSpy fetched(&reader, &StoreReader::reviewFiguresFetched);
        QSignalSpy failed(&reader, &StoreReader::failed);
        reader.open();
        reader.fetchReviewFigures(7, 1);
        reader.fetchReviewFigures(8, 42);
        QCOMPARE(fetched.size(), 1);
        QCOMPARE(failed.size(), 1);
        QVERIFY2(failed.first().at(1).toString().contains(QStringLiteral("there is no incident 42")),
            qPrintable(failed.first().at(1).toString()));
        const ReviewFigures f = fetched.first().at(1).value<ReviewFigures>();
        QCOMPARE(f.incidentId, 1);
        QVERIFY(f.timeToDetect.known);
        QCOMPARE(f.timeToDetect.value, 6'000); // detected 10 s - first startsAt 4 s
        QCOMPARE(f.timeToAcknowledge.value, 60'000);
        QCOMPARE(f.timeToMitigate.value, 240'000);
        QCOMPARE(f.timeToResolve.value, 390'000);
        QCOMPARE(f.alerts.value, 3);
        QCOMPARE(f.distinctAlerts.value, 2);
        QCOMPARE(f.refiredAlerts.value, 1);
        QCOMPARE(f.runs.value, 3);
        QCOMPARE(f.runsByState,
            (QMap<QString, int> { { QStringLiteral("succeeded"), 1 }, { QStringLiteral("rolled_back"), 1 },
                { QStringLiteral("rejected"), 1 } }));
        QCOMPARE(f.approvalWait.value, 65'000); // 30 + 5 + 30 s
        QVERIFY2(f.approvalWait.howComputed.contains(QStringLiteral("3 approval request(s)")),
            qPrintable(f.approvalWait.howComputed));
        QVERIFY(!f.approvalWait.howComputed.contains(QStringLiteral("still waiting")));
        QCOMPARE(f.verifySuccess.value, 2);
        QCOMPARE(f.verifyFailure.value, 1);
        QCOMPARE(f.verifyInconclusive.value, 1);
        QCOMPARE(f.rollbacks.value, 1);
        QCOMPARE(f.auditHeadId, 1);
        QCOMPARE(f.auditHeadHash, out.audit.first().hash);
        for (const ReviewFigure& figure : f.all())
            QVERIFY2(!figure.howComputed.isEmpty() && !figure.label.isEmpty(), qPrintable(figure.label));
    }

    void missingMilestonesAndOpenWaitsAreSaidSo()
    {
        Incident incident;
        incident.id = 3;
        incident.detectedMs = 10'000;
        WriteBatch batch;
        batch.incidents = { incident };
        batch.runs = { run(4, 3, RunState::AwaitingApproval) };
        batch.events = { makeEvent(3, 20'000, EventKind::ApprovalRequested, 4, 1) };
        writeOne(m_path, batch);
        const StoreOpenResult opened = Database::open(QStringLiteral("figures"), m_path, Database::Mode::ReadOnly);
        QVERIFY2(opened.ok, qPrintable(opened.problem));
        {
            QSqlDatabase db = Database::connection(QStringLiteral("figures"));
            QString error;
            const std::optional<ReviewFigures> f = ReviewFigures::compute(db, 3, 50'000, &error);
            QVERIFY2(f, qPrintable(error));
            QVERIFY(!f->timeToDetect.known);
            QVERIFY2(f->timeToDetect.howComputed.contains(QStringLiteral("the incident has no alerts")),
                qPrintable(f->timeToDetect.howComputed));
            QVERIFY(!f->timeToResolve.known);
            QVERIFY(f->timeToResolve.howComputed.contains(QStringLiteral("not reached")));
            QCOMPARE(f->approvalWait.value, 30'000); // still waiting: counted until "now" (50 s)
            QVERIFY(f->approvalWait.howComputed.contains(QStringLiteral("1 still waiting")));
            QCOMPARE(f->auditHeadId, 0);
        }
        Database::close(QStringLiteral("figures"));
    }

    void timelineImportKeepsSourcesAndPreselectsPins()
    {
        Event deploy;
        deploy.timeMs = 500;
        deploy.kind = QString::fromLatin1(EventKind::ChangeDeploy);
        deploy.title = QStringLiteral("deploy api v2");
        deploy.actor = QStringLiteral("ci");
        WriteBatch batch;
        batch.events = { makeEvent(5, 3'000, EventKind::ApprovalGranted, 1),
            makeEvent(5, 1'000, EventKind::ApprovalRequested, 1), deploy,
            makeEvent(6, 2'000, EventKind::ApprovalRequested, 2) };
        batch.events[0].actor = QStringLiteral("bob");
        const CommittedBatch out = writeOne(m_path, batch);
        const qint64 granted = out.events.at(0).id;
        const qint64 requested = out.events.at(1).id;
        const qint64 deployId = out.events.at(2).id;
        writeOne(m_path,
            WriteBatch { .pins = { EventPin { granted, 5, true, QStringLiteral("alice"), 1 },
                             EventPin { deployId, 5, true, QStringLiteral("alice"), 1 } } });

        StoreReader reader(m_path);
        QSignalSpy fetched(&reader, &StoreReader::reviewTimelineImportFetched);
        reader.open();
        reader.fetchReviewTimelineImport(1, 5);
        QCOMPARE(fetched.size(), 1);
        const auto candidates = fetched.first().at(2).value<QVector<ReviewTimelineCandidate>>();
        QCOMPARE(candidates.size(), 3); // incident 6's event is not offered
        QCOMPARE(candidates.at(0).entry.sourceEventId, deployId); // pinned here, though in no incident
        QCOMPARE(candidates.at(0).entry.text, QStringLiteral("deploy api v2 — ci"));
        QVERIFY(candidates.at(0).preselected);
        QCOMPARE(candidates.at(1).entry.sourceEventId, requested);
        QVERIFY(!candidates.at(1).preselected);
        QCOMPARE(candidates.at(2).entry.sourceEventId, granted);
        QCOMPARE(candidates.at(2).entry.timeMs, 3'000);
        QCOMPARE(candidates.at(2).entry.text, QStringLiteral("approval.granted run 1 — bob"));
        QCOMPARE(candidates.at(2).kind, QStringLiteral("approval.granted"));
        const QVector<ReviewTimelineEntry> picked = ReviewTimelineImport::preselected(candidates);
        QCOMPARE(picked.size(), 2);
        QCOMPARE(picked.at(0).incidentId, 5);
        QCOMPARE(picked.at(0).id, 0);
        QCOMPARE(picked.at(1).sourceEventId, granted);
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

QTEST_GUILESS_MAIN(TstReviewFigures)
#include "tst_reviewfigures.moc"
