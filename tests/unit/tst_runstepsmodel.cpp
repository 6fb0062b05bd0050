#include "interfaces/clock.h"
#include "itemmodels/runstepsmodel.h"
#include "renderedrundetail.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace firebreak;

namespace {

constexpr qint64 T0 = 1'790'000'000'000;

class ManualClock final : public Clock {
public:
    qint64 nowMs() const override { return m_now; }
    qint64 m_now = T0;
};

// Three steps and two rollback steps, through the real loader and renderer.
const QByteArray ThreeSteps = "id: clean-disk\n"
                              "title: Clean the disk\n"
                              "risk: low\n"
                              "trigger: {alert: DiskFull, requires_labels: [instance]}\n"
                              "steps:\n"
                              "  - name: rotate logs\n"
                              "    run: {executor: shell, argv: [/usr/bin/rotate, '{{ labels.instance }}']}\n"
                              "  - name: clean temp\n"
                              "    run: {executor: shell, argv: [/usr/bin/clean, '{{ labels.instance }}']}\n"
                              "  - name: compact\n"
                              "    run: {executor: shell, argv: [/usr/bin/compact, '{{ labels.instance }}']}\n"
                              "rollback:\n"
                              "  - name: restore logs\n"
                              "    run: {executor: shell, argv: [/usr/bin/restore, '{{ labels.instance }}']}\n"
                              "  - name: restart agent\n"
                              "    run: {executor: shell, argv: [/usr/bin/restart-agent, '{{ labels.instance }}']}\n";

RunStepRecord record(qint64 runId, RunStepRecord::Phase phase, int index, const QString& name,
    RunStepRecord::Status status, qint64 started, qint64 finished = 0)
{
    RunStepRecord r;
    r.runId = runId;
    r.phase = phase;
    r.index = index;
    r.name = name;
    r.executor = QStringLiteral("shell");
    r.status = status;
    r.startedMs = started;
    r.finishedMs = finished;
    return r;
}

QString cell(const RunStepsModel& model, int row, int column)
{
    return model.index(row, column).data().toString();
}

} // namespace

class TestRunStepsModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void rowsComeFromThePlan();
    void recordsMergeIntoStatus();
    void stepsLeftWhenTheRunEndedAreNotRun();
    void liveUpdatesChangeRowsInPlace();
    void runningDurationTicksFromTheClock();
    void rollbackRowsAppearWhenRollbackStarts();
    void anotherRunResets();

private:
    RunDetail threeSteps(RunState state) const;

    QTemporaryDir m_dir;
    QString m_threeStepsPath;
};

void TestRunStepsModel::initTestCase()
{
    Q_INIT_RESOURCE(firebreak);
    QVERIFY(m_dir.isValid());
    m_threeStepsPath = m_dir.filePath(QStringLiteral("clean-disk.yaml"));
    QFile file(m_threeStepsPath);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(ThreeSteps);
}

RunDetail TestRunStepsModel::threeSteps(RunState state) const
{
    const auto detail = renderedRunDetail(m_threeStepsPath,
        LabelSet { { QStringLiteral("alertname"), QStringLiteral("DiskFull") },
            { QStringLiteral("instance"), QStringLiteral("db-1") } },
        3, state, T0);
    return detail.value_or(RunDetail());
}

void TestRunStepsModel::rowsComeFromThePlan()
{
    ManualClock clock;
    RunStepsModel model(clock);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const RunDetail detail = threeSteps(RunState::Executing);
    QVERIFY(!detail.plan.isEmpty());
    model.setDetail(detail);
    QCOMPARE(model.rowCount(), 3); // rollback rows wait until a rollback starts
    QCOMPARE(cell(model, 0, RunStepsModel::NameColumn), QStringLiteral("rotate logs"));
    QCOMPARE(cell(model, 2, RunStepsModel::NameColumn), QStringLiteral("compact"));
    QCOMPARE(cell(model, 1, RunStepsModel::NumberColumn), QStringLiteral("2"));
    QCOMPARE(cell(model, 1, RunStepsModel::PhaseColumn), QStringLiteral("step"));
    QCOMPARE(cell(model, 1, RunStepsModel::ExecutorColumn), QStringLiteral("shell /usr/bin/clean"));
    QVERIFY(model.index(1, 0).data(RunStepsModel::TargetRole).toString().contains(QStringLiteral("db-1")));
    for (int row = 0; row < 3; ++row) {
        QCOMPARE(model.statusAt(row), RunStepsModel::Status::Pending);
        QCOMPARE(cell(model, row, RunStepsModel::StatusColumn), QStringLiteral("pending"));
        QCOMPARE(cell(model, row, RunStepsModel::DurationColumn), QString());
    }
    QCOMPARE(model.currentRow(), -1);
}

void TestRunStepsModel::recordsMergeIntoStatus()
{
    ManualClock clock;
    clock.m_now = T0 + 75'000;
    RunStepsModel model(clock);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    RunDetail detail = threeSteps(RunState::Executing);
    RunStepRecord done = record(3, RunStepRecord::Phase::Steps, 0, QStringLiteral("rotate logs"),
        RunStepRecord::Status::Succeeded, T0 + 1000, T0 + 4500);
    done.summary = QStringLiteral("rotated 12 files");
    done.output = QStringLiteral("line 1\nline 2");
    detail.steps = { done,
        record(3, RunStepRecord::Phase::Steps, 1, QStringLiteral("clean temp"), RunStepRecord::Status::Intent,
            T0 + 5000) };
    model.setDetail(detail);
    QCOMPARE(model.statusAt(0), RunStepsModel::Status::Succeeded);
    QCOMPARE(cell(model, 0, RunStepsModel::DurationColumn), QStringLiteral("3 s"));
    QCOMPARE(cell(model, 0, RunStepsModel::SummaryColumn), QStringLiteral("rotated 12 files"));
    QCOMPARE(model.index(0, 0).data(RunStepsModel::OutputRole).toString(), QStringLiteral("line 1\nline 2"));
    QCOMPARE(model.statusAt(1), RunStepsModel::Status::Running);
    QCOMPARE(cell(model, 1, RunStepsModel::StatusColumn), QStringLiteral("running"));
    QCOMPARE(cell(model, 1, RunStepsModel::DurationColumn), QStringLiteral("1m 10s"));
    QCOMPARE(model.statusAt(2), RunStepsModel::Status::Pending);
    QCOMPARE(model.currentRow(), 1);
    QVERIFY(model.hasRunningStep());

    // The same intent after a crash: nobody knows whether it ran.
    detail.run.state = RunState::Interrupted;
    model.setDetail(detail);
    QCOMPARE(model.statusAt(1), RunStepsModel::Status::Unknown);
    QCOMPARE(cell(model, 1, RunStepsModel::StatusColumn), QStringLiteral("unknown (interrupted)"));
    QCOMPARE(model.statusAt(2), RunStepsModel::Status::NotRun);
    QVERIFY(!model.hasRunningStep());
}

void TestRunStepsModel::stepsLeftWhenTheRunEndedAreNotRun()
{
    ManualClock clock;
    RunStepsModel model(clock);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    RunDetail detail = threeSteps(RunState::Aborted);
    RunStepRecord failed = record(3, RunStepRecord::Phase::Steps, 0, QStringLiteral("rotate logs"),
        RunStepRecord::Status::Failed, T0 + 1000, T0 + 2000);
    failed.error = QStringLiteral("exit status 3");
    detail.steps = { failed };
    model.setDetail(detail);
    QCOMPARE(model.statusAt(0), RunStepsModel::Status::Failed);
    QCOMPARE(cell(model, 0, RunStepsModel::ErrorColumn), QStringLiteral("exit status 3"));
    QCOMPARE(model.statusAt(1), RunStepsModel::Status::NotRun);
    QCOMPARE(cell(model, 2, RunStepsModel::StatusColumn), QStringLiteral("not run"));
}

void TestRunStepsModel::liveUpdatesChangeRowsInPlace()
{
    ManualClock clock;
    RunStepsModel model(clock);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    RunDetail detail = threeSteps(RunState::Executing);
    detail.steps = { record(3, RunStepRecord::Phase::Steps, 0, QStringLiteral("rotate logs"),
        RunStepRecord::Status::Succeeded, T0 + 1000, T0 + 2000) };
    model.setDetail(detail);

    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserts(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
    model.setDetail(detail); // nothing changed: nothing emitted
    QCOMPARE(changes.count(), 0);

    detail.steps.append(record(
        3, RunStepRecord::Phase::Steps, 1, QStringLiteral("clean temp"), RunStepRecord::Status::Intent, T0 + 3000));
    model.setDetail(detail);
    QCOMPARE(resets.count(), 0);
    QCOMPARE(inserts.count(), 0);
    QCOMPARE(changes.count(), 1);
    QCOMPARE(changes.at(0).at(0).toModelIndex().row(), 1);
    QCOMPARE(changes.at(0).at(1).toModelIndex().row(), 1);
    QCOMPARE(model.statusAt(1), RunStepsModel::Status::Running);

    // Step 2 finishes and step 3 starts in the same update: one ranged change over both rows.
    changes.clear();
    detail.steps[1].status = RunStepRecord::Status::Succeeded;
    detail.steps[1].finishedMs = T0 + 9000;
    detail.steps.append(
        record(3, RunStepRecord::Phase::Steps, 2, QStringLiteral("compact"), RunStepRecord::Status::Intent, T0 + 9500));
    model.setDetail(detail);
    QCOMPARE(resets.count(), 0);
    QCOMPARE(changes.count(), 1);
    QCOMPARE(changes.at(0).at(0).toModelIndex().row(), 1);
    QCOMPARE(changes.at(0).at(1).toModelIndex().row(), 2);
    QCOMPARE(model.statusAt(1), RunStepsModel::Status::Succeeded);
    QCOMPARE(model.statusAt(2), RunStepsModel::Status::Running);
}

void TestRunStepsModel::runningDurationTicksFromTheClock()
{
    ManualClock clock;
    RunStepsModel model(clock);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    RunDetail detail = threeSteps(RunState::Executing);
    detail.steps = { record(
        3, RunStepRecord::Phase::Steps, 0, QStringLiteral("rotate logs"), RunStepRecord::Status::Intent, T0) };
    clock.m_now = T0 + 4000;
    model.setDetail(detail);
    QCOMPARE(cell(model, 0, RunStepsModel::DurationColumn), QStringLiteral("4 s"));

    QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
    clock.m_now = T0 + 125'000;
    model.tick();
    QCOMPARE(changes.count(), 1);
    const QModelIndex from = changes.at(0).at(0).toModelIndex();
    const QModelIndex to = changes.at(0).at(1).toModelIndex();
    QCOMPARE(from.column(), int(RunStepsModel::DurationColumn));
    QCOMPARE(to.column(), int(RunStepsModel::DurationColumn));
    QCOMPARE(from.row(), 0);
    QCOMPARE(to.row(), 0);
    QCOMPARE(cell(model, 0, RunStepsModel::DurationColumn), QStringLiteral("2m 05s"));
    QCOMPARE(model.index(0, 0).data(RunStepsModel::DurationMsRole).toLongLong(), 125'000);

    // Nothing running: a tick is silent.
    detail.steps[0].status = RunStepRecord::Status::Succeeded;
    detail.steps[0].finishedMs = T0 + 130'000;
    detail.run.state = RunState::Succeeded;
    model.setDetail(detail);
    changes.clear();
    clock.m_now += 60'000;
    model.tick();
    QCOMPARE(changes.count(), 0);
    QCOMPARE(cell(model, 0, RunStepsModel::DurationColumn), QStringLiteral("2m 10s"));
}

void TestRunStepsModel::rollbackRowsAppearWhenRollbackStarts()
{
    ManualClock clock;
    RunStepsModel model(clock);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto seed = renderedRunDetail(QStringLiteral(":/playbooks/memory-leak-restart.yaml"),
        LabelSet { { QStringLiteral("alertname"), QStringLiteral("ContainerOOMKilled") },
            { QStringLiteral("service"), QStringLiteral("web") }, { QStringLiteral("region"), QStringLiteral("eu") } },
        4, RunState::Verifying, T0);
    QVERIFY(seed);
    RunDetail detail = *seed;
    detail.steps = { record(4, RunStepRecord::Phase::Steps, 0, QStringLiteral("rollout restart of web"),
        RunStepRecord::Status::Succeeded, T0, T0 + 2000) };
    model.setDetail(detail);
    QCOMPARE(model.rowCount(), 1);

    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserts(&model, &QAbstractItemModel::rowsInserted);
    detail.run.state = RunState::RollingBack;
    detail.steps.append(record(4, RunStepRecord::Phase::Rollback, 0,
        QStringLiteral("roll web back to the last good release"), RunStepRecord::Status::Intent, T0 + 300'000));
    model.setDetail(detail);
    QCOMPARE(resets.count(), 0);
    QCOMPARE(inserts.count(), 1);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(cell(model, 1, RunStepsModel::PhaseColumn), QStringLiteral("rollback"));
    QCOMPARE(cell(model, 1, RunStepsModel::NumberColumn), QStringLiteral("1"));
    QCOMPARE(cell(model, 1, RunStepsModel::NameColumn), QStringLiteral("roll web back to the last good release"));
    QCOMPARE(cell(model, 1, RunStepsModel::ExecutorColumn), QStringLiteral("sandbox rollback-deploy"));
    QCOMPARE(model.statusAt(1), RunStepsModel::Status::Running);
    QCOMPARE(model.statusAt(0), RunStepsModel::Status::Succeeded);
    QCOMPARE(model.currentRow(), 1);

    detail.run.state = RunState::RolledBack;
    detail.steps[1].status = RunStepRecord::Status::Succeeded;
    detail.steps[1].finishedMs = T0 + 303'000;
    model.setDetail(detail);
    QCOMPARE(resets.count(), 0);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.statusAt(1), RunStepsModel::Status::Succeeded);
}

void TestRunStepsModel::anotherRunResets()
{
    ManualClock clock;
    RunStepsModel model(clock);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDetail(threeSteps(RunState::Executing));
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    const auto other = renderedRunDetail(QStringLiteral(":/playbooks/disk-cleanup.yaml"),
        LabelSet { { QStringLiteral("alertname"), QStringLiteral("DiskSpaceHigh") },
            { QStringLiteral("service"), QStringLiteral("db") },
            { QStringLiteral("instance"), QStringLiteral("db-eu-1") } },
        9, RunState::Executing, T0);
    QVERIFY(other);
    model.setDetail(*other);
    QCOMPARE(resets.count(), 1);
    QCOMPARE(model.runId(), 9);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(cell(model, 0, RunStepsModel::NameColumn), QStringLiteral("archive, then delete logs older than 30 days"));
}

QTEST_GUILESS_MAIN(TestRunStepsModel)
#include "tst_runstepsmodel.moc"
