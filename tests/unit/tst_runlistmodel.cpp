// The runs list a commander picks from: approvals on top by expiry, then runs in flight or stopped
// for a decision, then the rest newest first; kept live from committed batches with inserts, moves
// and updates (never a reset), counting the runs awaiting approval and announcing only new requests.
#include "domain/metatypes.h"
#include "interfaces/clock.h"
#include "itemmodels/runincidentfilter.h"
#include "itemmodels/runlistmodel.h"
#include "store/writebatch.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace firebreak;

namespace {

constexpr qint64 T0 = 1'790'000'000'000;
constexpr qint64 Minute = 60'000;

class ManualClock final : public Clock {
public:
    qint64 nowMs() const override { return m_now; }
    qint64 m_now = T0;
};

Run makeRun(qint64 id, RunState state, qint64 incidentId = 7, qint64 updatedMs = T0)
{
    Run run;
    run.id = id;
    run.incidentId = incidentId;
    run.playbookId = QStringLiteral("disk-cleanup");
    run.playbookTitle = QStringLiteral("Disk cleanup %1").arg(id);
    run.risk = QStringLiteral("high");
    run.state = state;
    run.stateReason = QStringLiteral("reason %1").arg(id);
    run.createdMs = T0 - 10 * Minute + id;
    run.updatedMs = updatedMs;
    if (state == RunState::AwaitingApproval)
        run.approvalExpiresMs = T0 + 15 * Minute;
    return run;
}

Run awaiting(qint64 id, qint64 expiresMs, qint64 incidentId = 7)
{
    Run run = makeRun(id, RunState::AwaitingApproval, incidentId);
    run.approvalExpiresMs = expiresMs;
    return run;
}

QVector<qint64> idsOf(const QAbstractItemModel& model)
{
    QVector<qint64> ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids.append(model.index(row, 0).data(RunListModel::RunIdRole).toLongLong());
    return ids;
}

CommittedBatch batchOf(const QVector<Run>& runs)
{
    CommittedBatch batch;
    batch.runs = runs;
    return batch;
}

// Loads `runs` as the store's first answer.
void load(RunListModel& model, const QVector<Run>& runs)
{
    QSignalSpy requested(&model, &RunListModel::fetchRequested);
    model.refresh();
    QCOMPARE(requested.size(), 1);
    model.onRunsFetched(requested.first().first().toULongLong(), runs);
}

} // namespace

class TstRunListModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { registerMetaTypes(); }

    void ordersApprovalsThenAttentionThenNewest()
    {
        ManualClock clock;
        RunListModel model(clock);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        RunIncidentFilter filter;
        filter.setSourceModel(&model);
        QAbstractItemModelTester filterTester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy loaded(&model, &RunListModel::loaded);
        QSignalSpy requested(&model, &RunListModel::approvalRequested);
        QSignalSpy counted(&model, &RunListModel::awaitingApprovalCountChanged);

        load(model,
            { makeRun(1, RunState::Succeeded), makeRun(2, RunState::Executing), awaiting(3, T0 + 20 * Minute),
                makeRun(4, RunState::Blocked), awaiting(5, T0 + 5 * Minute), makeRun(6, RunState::Paused),
                makeRun(7, RunState::Gating), makeRun(8, RunState::Interrupted), makeRun(9, RunState::Failed),
                makeRun(10, RunState::RolledBack) });
        QCOMPARE(loaded.size(), 1);
        // Soonest expiry first; then approved/executing/verifying/rolling back/paused/interrupted/failed
        // newest first; then everything else newest first.
        QCOMPARE(idsOf(model), (QVector<qint64> { 5, 3, 9, 8, 6, 2, 10, 7, 4, 1 }));
        QCOMPARE(model.awaitingApprovalCount(), 2);
        QCOMPARE(counted.size(), 1);
        QCOMPARE(counted.first().first().toInt(), 2);
        // Already waiting when the list was read: not a new request.
        QCOMPARE(requested.size(), 0);
    }

    void columnsSayWhatAndWhy()
    {
        ManualClock clock;
        RunListModel model(clock);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        Run run = awaiting(12, T0 + 4 * Minute, 31);
        run.updatedMs = T0 - 3 * Minute;
        load(model, { run });
        auto cell = [&](int column) { return model.index(0, column).data().toString(); };
        QCOMPARE(cell(RunListModel::StateColumn), QStringLiteral("awaiting approval"));
        QCOMPARE(cell(RunListModel::RunColumn), QStringLiteral("#12"));
        QCOMPARE(cell(RunListModel::PlaybookColumn), QStringLiteral("Disk cleanup 12"));
        QCOMPARE(cell(RunListModel::RiskColumn), QStringLiteral("high"));
        QCOMPARE(cell(RunListModel::IncidentColumn), QStringLiteral("#31"));
        QCOMPARE(cell(RunListModel::UpdatedColumn), QStringLiteral("3m"));
        QCOMPARE(cell(RunListModel::WhyColumn), QStringLiteral("expires in 4m · reason 12"));
        QCOMPARE(model.index(0, 0).data(RunListModel::RunRole).value<Run>(), run);
        QCOMPARE(model.index(0, 0).data(RunListModel::StateNameRole).toString(), QStringLiteral("awaiting_approval"));
        QCOMPARE(model.headerData(RunListModel::WhyColumn, Qt::Horizontal).toString(), QStringLiteral("Why"));

        clock.m_now += 2 * Minute;
        QCOMPARE(cell(RunListModel::UpdatedColumn), QStringLiteral("5m"));
        QCOMPARE(cell(RunListModel::WhyColumn), QStringLiteral("expires in 2m · reason 12"));
    }

    void liveInsertsUpdatesAndMovesWithoutReset()
    {
        ManualClock clock;
        RunListModel model(clock);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        RunIncidentFilter filter;
        filter.setSourceModel(&model);
        filter.setIncidentId(7);
        QAbstractItemModelTester filterTester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
        load(model,
            { awaiting(4, T0 + 10 * Minute), makeRun(3, RunState::Executing), makeRun(2, RunState::Succeeded),
                makeRun(1, RunState::Blocked, 8) });
        QCOMPARE(idsOf(model), (QVector<qint64> { 4, 3, 2, 1 }));

        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy requested(&model, &RunListModel::approvalRequested);
        QSignalSpy counted(&model, &RunListModel::awaitingApprovalCountChanged);

        // A new run asks for approval, expiring sooner than run 4: it goes on top, and is news.
        const Run fresh = awaiting(5, T0 + 2 * Minute, 8);
        model.onCommitted(batchOf({ fresh }));
        QCOMPARE(idsOf(model), (QVector<qint64> { 5, 4, 3, 2, 1 }));
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(inserted.first().at(1).toInt(), 0);
        QCOMPARE(requested.size(), 1);
        QCOMPARE(requested.first().first().value<Run>(), fresh);
        QCOMPARE(model.awaitingApprovalCount(), 2);
        QCOMPARE(counted.size(), 1);
        QCOMPARE(model.awaitingApprovalByIncident(), (QHash<qint64, int> { { 7, 1 }, { 8, 1 } }));
        QCOMPARE(idsOf(filter), (QVector<qint64> { 4, 3, 2 }));

        // Run 4 is approved: it leaves the top band for the in-flight one, above run 3 (newer).
        Run approved = makeRun(4, RunState::Approved, 7, T0 + 1);
        model.onCommitted(batchOf({ approved }));
        QCOMPARE(idsOf(model), (QVector<qint64> { 5, 4, 3, 2, 1 }));
        QCOMPARE(moved.size(), 0);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(model.runById(4)->state, RunState::Approved);
        QCOMPARE(model.awaitingApprovalCount(), 1);
        QCOMPARE(counted.size(), 2);
        QCOMPARE(counted.last().first().toInt(), 1);

        // Run 3 succeeds: it moves down among the finished runs, above 2 and 1.
        model.onCommitted(batchOf({ makeRun(3, RunState::Succeeded, 7, T0 + 2) }));
        QCOMPARE(idsOf(model), (QVector<qint64> { 5, 4, 3, 2, 1 }));
        // Run 2 (succeeded) is rolled back by a commander: rolling_back needs attention, so it rises.
        model.onCommitted(batchOf({ makeRun(2, RunState::RollingBack, 7, T0 + 3) }));
        QCOMPARE(idsOf(model), (QVector<qint64> { 5, 4, 2, 3, 1 }));
        QCOMPARE(moved.size(), 1);
        QCOMPARE(idsOf(filter), (QVector<qint64> { 4, 2, 3 }));

        // An older version of a run (a late fetch answer, a replayed batch) never undoes a newer one.
        model.onCommitted(batchOf({ makeRun(2, RunState::Succeeded, 7, T0) }));
        QCOMPARE(model.runById(2)->state, RunState::RollingBack);

        // Interrupted, then re-approved back into awaiting approval: that is a new request again.
        model.onCommitted(batchOf({ makeRun(4, RunState::Interrupted, 7, T0 + 4) }));
        QCOMPARE(requested.size(), 1);
        model.onCommitted(batchOf({ awaiting(4, T0 + 30 * Minute) }));
        QCOMPARE(requested.size(), 1); // updatedMs T0 is older than the interrupted row: ignored
        Run again = awaiting(4, T0 + 30 * Minute);
        again.updatedMs = T0 + 5;
        model.onCommitted(batchOf({ again }));
        QCOMPARE(requested.size(), 2);
        QCOMPARE(idsOf(model), (QVector<qint64> { 5, 4, 2, 3, 1 }));
        // An update of a run already waiting is not a second request.
        again.stateReason = QStringLiteral("1 of 2 approvals");
        again.updatedMs = T0 + 6;
        model.onCommitted(batchOf({ again }));
        QCOMPARE(requested.size(), 2);
        QCOMPARE(model.index(1, RunListModel::WhyColumn).data().toString(),
            QStringLiteral("expires in 30m · 1 of 2 approvals"));
        QCOMPARE(resets.size(), 0);
    }

    void runsCommittedBeforeTheFirstAnswerAreKept()
    {
        ManualClock clock;
        RunListModel model(clock);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy fetch(&model, &RunListModel::fetchRequested);
        QSignalSpy requested(&model, &RunListModel::approvalRequested);
        model.refresh();
        const quint64 id = fetch.first().first().toULongLong();

        // Run 6 asks for approval while the list is being read (the answer does not have it); run 5
        // was already waiting in the answer, and the live batch repeats it unchanged.
        model.onCommitted(batchOf({ awaiting(6, T0 + Minute), awaiting(5, T0 + 3 * Minute) }));
        QCOMPARE(model.rowCount(), 0);
        model.onRunsFetched(id + 1000, { makeRun(99, RunState::Executing) }); // someone else's answer
        QCOMPARE(model.rowCount(), 0);
        model.onRunsFetched(id, { awaiting(5, T0 + 3 * Minute), makeRun(4, RunState::Succeeded) });
        QCOMPARE(idsOf(model), (QVector<qint64> { 6, 5, 4 }));
        QCOMPARE(requested.size(), 1);
        QCOMPARE(requested.first().first().value<Run>().id, qint64(6));
        QCOMPARE(model.awaitingApprovalCount(), 2);
        QVERIFY(!model.runById(99));
    }

    void refreshMergesWithoutResetAndFailureIsReported()
    {
        ManualClock clock;
        RunListModel model(clock);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        load(model, { makeRun(2, RunState::Executing), makeRun(1, RunState::Succeeded) });
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy requested(&model, &RunListModel::approvalRequested);
        QSignalSpy failed(&model, &RunListModel::fetchFailed);

        load(model, { awaiting(3, T0 + Minute), makeRun(2, RunState::Verifying, 7, T0 + 1) });
        QCOMPARE(idsOf(model), (QVector<qint64> { 3, 2, 1 }));
        QCOMPARE(model.runById(2)->state, RunState::Verifying);
        QCOMPARE(requested.size(), 0); // a re-read is not a committed transition
        QCOMPARE(resets.size(), 0);

        QSignalSpy fetch(&model, &RunListModel::fetchRequested);
        model.refresh();
        model.onFetchFailed(fetch.first().first().toULongLong(), QStringLiteral("disk I/O error"));
        QCOMPARE(failed.size(), 1);
        QCOMPARE(failed.first().first().toString(), QStringLiteral("disk I/O error"));
        QCOMPARE(model.rowCount(), 3);
    }

    void filterFollowsTheIncident()
    {
        ManualClock clock;
        RunListModel model(clock);
        RunIncidentFilter filter;
        filter.setSourceModel(&model);
        QAbstractItemModelTester filterTester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
        load(model, { makeRun(3, RunState::Executing, 7), makeRun(2, RunState::Executing, 8), awaiting(1, T0, 7) });
        QCOMPARE(idsOf(filter), (QVector<qint64> { 1, 3, 2 }));
        filter.setIncidentId(7);
        QCOMPARE(idsOf(filter), (QVector<qint64> { 1, 3 }));
        filter.setIncidentId(8);
        QCOMPARE(idsOf(filter), (QVector<qint64> { 2 }));
        model.onCommitted(batchOf({ makeRun(4, RunState::Proposed, 8) }));
        QCOMPARE(idsOf(filter), (QVector<qint64> { 2, 4 }));
        filter.setIncidentId(0);
        QCOMPARE(filter.rowCount(), 4);
    }
};

QTEST_GUILESS_MAIN(TstRunListModel)
#include "tst_runlistmodel.moc"
