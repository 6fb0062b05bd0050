#include "interfaces/clock.h"
#include "itemmodels/runstepsmodel.h"
#include "renderedrundetail.h"
#include "roster/operatorsession.h"
#include "runs/runactiondialog.h"
#include "runs/runview.h"
#include "runs/verificationchart.h"
#include "runs/verificationchartview.h"
#include "style/theme.h"

#include <QApplication>
#include <QComboBox>
#include <QDateTimeAxis>
#include <QJsonArray>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScatterSeries>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>
#include <QTreeView>
#include <QTreeWidget>
#include <QValueAxis>

using namespace firebreak;

namespace {

const qint64 T0 = QDateTime(QDate(2026, 11, 21), QTime(3, 4, 5)).toMSecsSinceEpoch();
constexpr qint64 Second = 1000;
constexpr qint64 Minute = 60'000;

class ManualClock final : public Clock {
public:
    qint64 nowMs() const override { return m_now; }
    qint64 m_now = T0;
};

const LabelSet DiskLabels { { QStringLiteral("alertname"), QStringLiteral("DiskSpaceHigh") },
    { QStringLiteral("service"), QStringLiteral("db") }, { QStringLiteral("instance"), QStringLiteral("db-eu-1") } };
const LabelSet LeakLabels { { QStringLiteral("alertname"), QStringLiteral("ContainerOOMKilled") },
    { QStringLiteral("service"), QStringLiteral("web") }, { QStringLiteral("region"), QStringLiteral("eu") } };

RunDetail diskCleanup(RunState state)
{
    return renderedRunDetail(QStringLiteral(":/playbooks/disk-cleanup.yaml"), DiskLabels, 4, state, T0)
        .value_or(RunDetail());
}

RunDetail memoryLeak(RunState state)
{
    return renderedRunDetail(QStringLiteral(":/playbooks/memory-leak-restart.yaml"), LeakLabels, 5, state, T0)
        .value_or(RunDetail());
}

RunStepRecord step(const RunDetail& detail, RunStepRecord::Phase phase, int index, RunStepRecord::Status status,
    qint64 started, qint64 finished = 0)
{
    const QString list = phase == RunStepRecord::Phase::Steps ? QStringLiteral("steps") : QStringLiteral("rollback");
    RunStepRecord r;
    r.runId = detail.run.id;
    r.phase = phase;
    r.index = index;
    r.name = detail.plan.value(list).toArray().at(index).toObject().value(QStringLiteral("name")).toString();
    r.executor = QStringLiteral("sandbox");
    r.status = status;
    r.startedMs = started;
    r.finishedMs = finished;
    return r;
}

VerifySample sample(VerifySample::Phase phase, int check, int index, qint64 time, std::optional<double> value,
    VerifySample::Outcome outcome)
{
    VerifySample s;
    s.runId = 4;
    s.phase = phase;
    s.checkIndex = check;
    s.sampleIndex = index;
    s.timeMs = time;
    s.hasValue = value.has_value();
    s.value = value.value_or(0);
    s.outcome = outcome;
    s.detail = value ? QString() : QStringLiteral("no data");
    return s;
}

Event timelineEvent(qint64 id, qint64 time, const char* kind, const QString& title)
{
    Event e;
    e.id = id;
    e.incidentId = 7;
    e.timeMs = time;
    e.source = QStringLiteral("firebreak");
    e.kind = QString::fromLatin1(kind);
    e.title = title;
    e.actor = QStringLiteral("firebreak");
    return e;
}

// disk-cleanup verifying: the step done, three samples of "space reclaimed" (one of each outcome).
RunDetail verifyingDisk()
{
    RunDetail detail = diskCleanup(RunState::Verifying);
    detail.run.stateReason = QStringLiteral("steps succeeded; verifying");
    detail.run.updatedMs = T0 + 40 * Second;
    detail.run.silenceId = QStringLiteral("a1b2c3");
    detail.run.silenceEndsMs = T0 + 60 * Minute;
    RunStepRecord done
        = step(detail, RunStepRecord::Phase::Steps, 0, RunStepRecord::Status::Succeeded, T0 + Second, T0 + 9 * Second);
    done.summary = QStringLiteral("archived 214 files, deleted 187 (41.2 GiB)");
    for (int i = 1; i <= 60; ++i)
        done.output += QStringLiteral("removed /var/log/postgresql/postgresql-2026-09-%1.log.gz\n")
                           .arg(i, 2, 10, QLatin1Char('0'));
    done.output += QStringLiteral("done: 41.2 GiB reclaimed");
    detail.steps = { done };
    const auto V = VerifySample::Phase::Verify;
    detail.samples = { sample(V, 0, 0, T0 + 40 * Second, 75.5, VerifySample::Outcome::Success),
        sample(V, 0, 1, T0 + 70 * Second, 84.0, VerifySample::Outcome::Failure),
        sample(V, 0, 2, T0 + 100 * Second, std::nullopt, VerifySample::Outcome::Inconclusive) };
    detail.events
        = { timelineEvent(1, T0, EventKind::RunProposed, QStringLiteral("Run 4 proposed: disk-cleanup for db-eu-1")),
              timelineEvent(2, T0 + 500, EventKind::GatePassed, QStringLiteral("Gate sustained passed: 94% for 5m")),
              timelineEvent(
                  3, T0 + Second, EventKind::StepStarted, QStringLiteral("Step 1 started: archive, then delete logs")),
              timelineEvent(
                  4, T0 + 9 * Second, EventKind::StepSucceeded, QStringLiteral("Step 1 succeeded: 41.2 GiB reclaimed")),
              timelineEvent(5, T0 + 10 * Second, EventKind::SuppressionStarted,
                  QStringLiteral("Silenced DiskSpaceHigh until 04:04")),
              timelineEvent(6, T0 + 70 * Second, EventKind::VerifyFailed,
                  QStringLiteral("space reclaimed: 84 is not < 80 (1 of 1 allowed)")) };
    return detail;
}

QVector<QPointF> points(QXYSeries* series)
{
    return series->points();
}

} // namespace

class TestRunView : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void executingShowsTheRunningStepLive();
    void verificationChartMarksEveryOutcome();
    void rollbackBringsRollbackRowsAndChecks();
    void pausedOffersResumeRollbackAndAbort();
    void interruptedOffersReapproval();
    void confirmationSaysWhatHappensAndNeedsAReason();
    void shortcutResumesAfterConfirmation();
    void viewersAndNobodyCannotAct();
    void timelineFollowsTheBottom();
    void screenshot();

private:
    Theme m_theme = Theme::lightTheme();
    ManualClock m_clock;
    std::unique_ptr<OperatorSession> m_session;
};

void TestRunView::initTestCase()
{
    Q_INIT_RESOURCE(firebreak);
    m_theme.applyTo(*qApp);
    QVERIFY(!diskCleanup(RunState::Executing).plan.isEmpty());
    QVERIFY(!memoryLeak(RunState::Executing).plan.isEmpty());
}

void TestRunView::init()
{
    m_clock.m_now = T0;
    m_session = std::make_unique<OperatorSession>(
        QVector<OperatorIdentity> { { QStringLiteral("ana"), QStringLiteral("Ana Ortiz"), Role::Commander },
            { QStringLiteral("vic"), QStringLiteral("Vic Lee"), Role::Viewer } });
    m_session->signIn(QStringLiteral("ana"));
}

void TestRunView::executingShowsTheRunningStepLive()
{
    RunView view(m_clock, m_theme, *m_session);
    RunDetail detail = memoryLeak(RunState::Executing);
    RunStepRecord running = step(detail, RunStepRecord::Phase::Steps, 0, RunStepRecord::Status::Intent, T0);
    for (int i = 1; i <= 100; ++i)
        running.output += QStringLiteral("pod web-%1 restarted\n").arg(i);
    running.output += QStringLiteral("waiting for rollout");
    detail.steps = { running };
    m_clock.m_now = T0 + 5 * Second;
    view.setDetail(detail);

    QAbstractItemModel* model = view.stepsView()->model();
    QCOMPARE(model->rowCount(), 1); // no rollback rows before a rollback
    QCOMPARE(model->index(0, RunStepsModel::NameColumn).data().toString(), QStringLiteral("rollout restart of web"));
    QCOMPARE(model->index(0, RunStepsModel::StatusColumn).data().toString(), QStringLiteral("running"));
    QCOMPARE(model->index(0, RunStepsModel::DurationColumn).data().toString(), QStringLiteral("5 s"));
    m_clock.m_now = T0 + 65 * Second;
    view.stepsModel()->tick();
    QCOMPARE(model->index(0, RunStepsModel::DurationColumn).data().toString(), QStringLiteral("1m 05s"));

    // The running step is selected by itself and its output is tailed: the last 40 lines.
    QCOMPARE(view.stepsView()->currentIndex().row(), 0);
    const QStringList tail = view.outputTail()->toPlainText().split(QLatin1Char('\n'));
    QCOMPARE(tail.size(), RunView::TailLines);
    QCOMPARE(tail.last(), QStringLiteral("waiting for rollout"));
    QCOMPARE(tail.first(), QStringLiteral("pod web-62 restarted"));
    QVERIFY(!view.stepError()->isVisibleTo(&view));

    QVERIFY(view.abortButton()->isEnabled());
    QVERIFY(!view.rollbackButton()->isEnabled());
    QVERIFY(!view.resumeButton()->isEnabled());
    QVERIFY(!view.reproposeButton()->isEnabled());
    QCOMPARE(view.stateBadge()->text(), QStringLiteral("EXECUTING"));
}

void TestRunView::verificationChartMarksEveryOutcome()
{
    RunView view(m_clock, m_theme, *m_session);
    view.setDetail(verifyingDisk());
    VerificationChart* chart = view.verificationChart();
    QCOMPARE(chart->phase(), VerifySample::Phase::Verify);
    QVERIFY(!chart->phaseSelector()->isVisibleTo(chart)); // disk-cleanup has no rollback checks
    QCOMPARE(chart->checkCount(), 1);
    // disk-cleanup allows no inconclusive sample, so the caption says that one is already too many.
    QCOMPARE(
        chart->caption(0), QStringLiteral("3 of 5 samples · 1 failure of 1 allowed · 1 inconclusive of 0 allowed"));

    VerificationChartView* check = chart->checkView(0);
    QCOMPARE(check->thresholdSeries()->name(), QStringLiteral("space reclaimed < 80"));
    const QVector<QPointF> threshold = points(check->thresholdSeries());
    QCOMPARE(threshold.size(), 2);
    QCOMPARE(threshold.at(0).y(), 80.0);
    QCOMPARE(threshold.at(1).y(), 80.0);
    QCOMPARE(check->thresholdSeries()->pen().style(), Qt::DashLine);
    // The legend names the condition, escaped: legend labels are rich text, where "< 80" is a tag.
    const QList<QLegendMarker*> thresholdMarkers = check->chart()->legend()->markers(check->thresholdSeries());
    QCOMPARE(thresholdMarkers.size(), 1);
    QCOMPARE(thresholdMarkers.at(0)->label(), QStringLiteral("space reclaimed &lt; 80"));
    QCOMPARE(points(check->valueSeries()).size(), 2); // the inconclusive sample had no value

    QScatterSeries* pass = check->outcomeSeries(VerifySample::Outcome::Success);
    QScatterSeries* fail = check->outcomeSeries(VerifySample::Outcome::Failure);
    QScatterSeries* unknown = check->outcomeSeries(VerifySample::Outcome::Inconclusive);
    QCOMPARE(points(pass), (QVector<QPointF> { QPointF(T0 + 40 * Second, 75.5) }));
    QCOMPARE(points(fail), (QVector<QPointF> { QPointF(T0 + 70 * Second, 84.0) }));
    QCOMPARE(pass->brush().color(), m_theme.toneColor(Theme::Tone::Good));
    QCOMPARE(fail->brush().color(), m_theme.toneColor(Theme::Tone::Bad));
    // Hollow grey, at the bottom of the plot, below every real value.
    QCOMPARE(points(unknown).size(), 1);
    QCOMPARE(unknown->brush().color(), m_theme.surface);
    QCOMPARE(unknown->pen().color(), m_theme.healthUnknown);
    QCOMPARE(points(unknown).at(0).y(), check->valueAxis()->min());
    QVERIFY(check->valueAxis()->min() < 75.5);
    QVERIFY(check->valueAxis()->max() >= 84.0);
    QCOMPARE(check->chart()->animationOptions(), QChart::NoAnimation);
    // The time axis leaves room for the two samples still to come.
    QVERIFY(check->timeAxis()->max().toMSecsSinceEpoch() >= T0 + 160 * Second);

    // A live update adds the fourth sample in place.
    RunDetail next = verifyingDisk();
    next.samples.append(
        sample(VerifySample::Phase::Verify, 0, 3, T0 + 130 * Second, 71.0, VerifySample::Outcome::Success));
    view.setDetail(next);
    QCOMPARE(chart->checkView(0), check);
    QCOMPARE(points(pass).size(), 2);
    QCOMPARE(
        chart->caption(0), QStringLiteral("4 of 5 samples · 1 failure of 1 allowed · 1 inconclusive of 0 allowed"));
}

void TestRunView::rollbackBringsRollbackRowsAndChecks()
{
    RunView view(m_clock, m_theme, *m_session);
    RunDetail detail = memoryLeak(RunState::Verifying);
    detail.steps
        = { step(detail, RunStepRecord::Phase::Steps, 0, RunStepRecord::Status::Succeeded, T0, T0 + 20 * Second) };
    const auto V = VerifySample::Phase::Verify;
    detail.samples = { sample(V, 0, 0, T0 + Minute, 4.6e8, VerifySample::Outcome::Failure) };
    view.setDetail(detail);
    QCOMPARE(view.stepsView()->model()->rowCount(), 1);
    QCOMPARE(view.verificationChart()->checkCount(), 3);
    QCOMPARE(view.verificationChart()->phase(), V);

    QSignalSpy resets(view.stepsView()->model(), &QAbstractItemModel::modelReset);
    detail.run.state = RunState::RollingBack;
    detail.run.stateReason = QStringLiteral("rolling back: verification failed");
    detail.steps.append(step(detail, RunStepRecord::Phase::Rollback, 0, RunStepRecord::Status::Succeeded,
        T0 + 2 * Minute, T0 + 2 * Minute + 15 * Second));
    const auto R = VerifySample::Phase::RollbackVerify;
    detail.samples.append(sample(R, 0, 0, T0 + 3 * Minute, 2.1e8, VerifySample::Outcome::Success));
    detail.samples.append(sample(R, 1, 0, T0 + 3 * Minute, 0, VerifySample::Outcome::Success));
    view.setDetail(detail);

    QAbstractItemModel* model = view.stepsView()->model();
    QCOMPARE(resets.count(), 0);
    QCOMPARE(model->rowCount(), 2);
    QCOMPARE(model->index(1, RunStepsModel::PhaseColumn).data().toString(), QStringLiteral("rollback"));
    QCOMPARE(model->index(1, RunStepsModel::StatusColumn).data().toString(), QStringLiteral("succeeded"));
    VerificationChart* chart = view.verificationChart();
    QCOMPARE(chart->phase(), R);
    QCOMPARE(chart->checkCount(), 2);
    QCOMPARE(chart->caption(0), QStringLiteral("1 of 5 samples · 0 failures of 0 allowed"));
    QVERIFY(chart->phaseSelector()->isVisibleTo(chart));
    QCOMPARE(chart->checkView(0)->thresholdSeries()->points().at(0).y(), 4e8);

    // The commander looks back at the verification that failed; the choice sticks through updates.
    chart->setPhase(V);
    QCOMPARE(chart->checkCount(), 3);
    QCOMPARE(points(chart->checkView(0)->outcomeSeries(VerifySample::Outcome::Failure)).size(), 1);
    view.setDetail(detail);
    QCOMPARE(chart->phase(), V);

    // A rollback in progress is not stopped halfway.
    QVERIFY(!view.abortButton()->isEnabled());
    QVERIFY(view.abortButton()->toolTip().contains(QStringLiteral("rollback in progress")));
    QVERIFY(!view.rollbackButton()->isEnabled());
}

void TestRunView::pausedOffersResumeRollbackAndAbort()
{
    RunView view(m_clock, m_theme, *m_session);
    view.setDetail(memoryLeak(RunState::Paused));
    QVERIFY(view.resumeButton()->isEnabled());
    QVERIFY(view.rollbackButton()->isEnabled());
    QVERIFY(view.abortButton()->isEnabled()); // the engine accepts paused -> aborted
    QVERIFY(!view.reproposeButton()->isEnabled());

    // disk-cleanup pauses too, but has nothing to roll back with.
    view.setDetail(diskCleanup(RunState::Paused));
    QVERIFY(view.resumeButton()->isEnabled());
    QVERIFY(!view.rollbackButton()->isEnabled());
    QCOMPARE(view.rollbackButton()->toolTip(), QStringLiteral("This playbook has no rollback steps."));

    // A success can be rolled back (the fix made things worse) but no longer aborted or resumed.
    view.setDetail(memoryLeak(RunState::Succeeded));
    QVERIFY(view.rollbackButton()->isEnabled());
    QVERIFY(!view.abortButton()->isEnabled());
    QVERIFY(!view.resumeButton()->isEnabled());
}

void TestRunView::interruptedOffersReapproval()
{
    RunView view(m_clock, m_theme, *m_session);
    RunDetail detail = memoryLeak(RunState::Interrupted);
    detail.steps = { step(detail, RunStepRecord::Phase::Steps, 0, RunStepRecord::Status::Intent, T0) };
    view.setDetail(detail);
    QVERIFY(view.reproposeButton()->isEnabled());
    QVERIFY(!view.abortButton()->isEnabled());
    QVERIFY(!view.resumeButton()->isEnabled());
    QVERIFY(!view.rollbackButton()->isEnabled());
    QCOMPARE(view.stepsView()->model()->index(0, RunStepsModel::StatusColumn).data().toString(),
        QStringLiteral("unknown (interrupted)"));

    QSignalSpy repropose(&view, &RunView::reproposeRequested);
    view.reproposeButton()->click();
    RunActionDialog* dialog = view.confirmation();
    QVERIFY(dialog);
    QVERIFY(dialog->explanation().contains(QStringLiteral("waits for approval whatever its risk")));
    QVERIFY(dialog->explanation().contains(QStringLiteral("'rollout restart of web'")));
    QVERIFY(dialog->explanation().contains(QStringLiteral("may or may not have run")));
    QTest::keyClicks(dialog->reasonEdit(), QStringLiteral("engine restarted; leak still there"));
    dialog->confirmButton()->click();
    QCOMPARE(repropose.count(), 1);
    QCOMPARE(repropose.at(0).at(0).toLongLong(), 5);
    QCOMPARE(repropose.at(0).at(1).toString(), QStringLiteral("engine restarted; leak still there"));
}

void TestRunView::confirmationSaysWhatHappensAndNeedsAReason()
{
    RunView view(m_clock, m_theme, *m_session);
    RunDetail detail = memoryLeak(RunState::Succeeded);
    detail.run.silenceId = QStringLiteral("sil-42");
    detail.run.silenceEndsMs = T0 + 30 * Minute;
    view.setDetail(detail);
    QSignalSpy rollback(&view, &RunView::rollbackRequested);

    view.rollbackButton()->click();
    QPointer<RunActionDialog> dialog = view.confirmation();
    QVERIFY(dialog);
    const QString text = dialog->explanation();
    QVERIFY2(text.contains(QStringLiteral("1 rollback step will run:")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("'roll web back to the last good release' (sandbox rollback-deploy")));
    QVERIFY(text.contains(QStringLiteral("Then 2 checks verify it:")));
    QVERIFY(text.contains(QStringLiteral("'restarts stopped after the rollback': success < 1, 5 samples every 1 min")));
    QVERIFY(text.contains(QStringLiteral("The silence sil-42")));
    QVERIFY(dialog->cancelButton()->isDefault());
    QVERIFY(!dialog->confirmButton()->isDefault());
    QVERIFY(!dialog->confirmButton()->isEnabled()); // no reason yet

    // Cancel: nothing is asked of the engine.
    dialog->cancelButton()->click();
    QTRY_VERIFY(!dialog);
    QCOMPARE(rollback.count(), 0);

    // A reason of blanks is no reason.
    view.rollbackButton()->click();
    dialog = view.confirmation();
    QVERIFY(dialog);
    QTest::keyClicks(dialog->reasonEdit(), QStringLiteral("   "));
    QVERIFY(!dialog->confirmButton()->isEnabled());
    dialog->reasonEdit()->clear();
    QTest::keyClicks(dialog->reasonEdit(), QStringLiteral("error rate doubled after the restart"));
    QVERIFY(dialog->confirmButton()->isEnabled());
    dialog->confirmButton()->click();
    QCOMPARE(rollback.count(), 1);
    QCOMPARE(rollback.at(0).at(0).toLongLong(), 5);
    QCOMPARE(rollback.at(0).at(1).toString(), QStringLiteral("error rate doubled after the restart"));

    // Abort of an executing run says what stops and that nothing is rolled back.
    RunDetail executing = memoryLeak(RunState::Executing);
    executing.steps = { step(executing, RunStepRecord::Phase::Steps, 0, RunStepRecord::Status::Intent, T0) };
    view.setDetail(executing);
    QSignalSpy abort(&view, &RunView::abortRequested);
    view.abortButton()->click();
    dialog = view.confirmation();
    QVERIFY(dialog);
    QVERIFY(dialog->explanation().contains(QStringLiteral("The step in flight, 'rollout restart of web'")));
    QVERIFY(dialog->explanation().contains(QStringLiteral("Nothing is rolled back")));
    QVERIFY(dialog->cancelButton()->isDefault());
    // The run moves on to a state that cannot be aborted: the confirmation closes without a request.
    RunDetail rolling = executing;
    rolling.run.state = RunState::RollingBack;
    view.setDetail(rolling);
    QTRY_VERIFY(!dialog);
    QCOMPARE(abort.count(), 0);
}

void TestRunView::shortcutResumesAfterConfirmation()
{
    RunView view(m_clock, m_theme, *m_session);
    view.setDetail(diskCleanup(RunState::Paused));
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.activateWindow();
    QSignalSpy resume(&view, &RunView::resumeRequested);
    QTest::keyClick(&view, Qt::Key_R, Qt::ControlModifier);
    QTRY_VERIFY(view.confirmation());
    RunActionDialog* dialog = view.confirmation();
    QVERIFY(dialog->explanation().contains(QStringLiteral("'space reclaimed': success < 80, 5 samples every 30 s")));
    QVERIFY(dialog->explanation().contains(QStringLiteral("pauses again")));
    QTest::keyClicks(dialog->reasonEdit(), QStringLiteral("scrape was stale"));
    dialog->confirmButton()->click();
    QCOMPARE(resume.count(), 1);
    QCOMPARE(resume.at(0).at(1).toString(), QStringLiteral("scrape was stale"));
}

void TestRunView::viewersAndNobodyCannotAct()
{
    RunView view(m_clock, m_theme, *m_session);
    view.setDetail(memoryLeak(RunState::Paused));
    QVERIFY(view.resumeButton()->isEnabled());

    m_session->signIn(QStringLiteral("vic"));
    for (QPushButton* button : { view.resumeButton(), view.rollbackButton(), view.abortButton() }) {
        QVERIFY(!button->isEnabled());
        QCOMPARE(button->toolTip(), QStringLiteral("Vic Lee is a viewer: only a commander can act on runs."));
    }
    QSignalSpy abort(&view, &RunView::abortRequested);
    view.abortButton()->click();
    QVERIFY(!view.confirmation());

    m_session->signOut();
    QVERIFY(!view.abortButton()->isEnabled());
    QCOMPARE(view.abortButton()->toolTip(), QStringLiteral("Sign in as a commander to act on runs."));

    m_session->signIn(QStringLiteral("ana"));
    QVERIFY(view.abortButton()->isEnabled());
    QCOMPARE(abort.count(), 0);
}

void TestRunView::timelineFollowsTheBottom()
{
    RunView view(m_clock, m_theme, *m_session);
    view.resize(1200, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    RunDetail detail = verifyingDisk();
    for (int i = 0; i < 60; ++i)
        detail.events.append(
            timelineEvent(100 + i, T0 + (120 + i) * Second, EventKind::Note, QStringLiteral("note %1").arg(i)));
    view.setDetail(detail);
    QTreeWidget* timeline = view.timelineView();
    QCOMPARE(timeline->topLevelItemCount(), int(detail.events.size()));
    QCOMPARE(timeline->topLevelItem(timeline->topLevelItemCount() - 1)->text(2), QStringLiteral("note 59"));
    QScrollBar* bar = timeline->verticalScrollBar();
    QVERIFY(bar->maximum() > 0);
    QCOMPARE(bar->value(), bar->maximum());

    detail.events.append(timelineEvent(500, T0 + 200 * Second, EventKind::VerifyPassed, QStringLiteral("newest")));
    view.setDetail(detail);
    QCOMPARE(bar->value(), bar->maximum());

    // Scrolled up to read: new events do not pull the list away.
    bar->setValue(0);
    detail.events.append(timelineEvent(501, T0 + 201 * Second, EventKind::Note, QStringLiteral("newer still")));
    view.setDetail(detail);
    QCOMPARE(bar->value(), 0);
    QCOMPARE(timeline->topLevelItemCount(), int(detail.events.size()));
}

void TestRunView::screenshot()
{
    RunView view(m_clock, m_theme, *m_session);
    view.resize(1400, 860);
    m_clock.m_now = T0 + 105 * Second;
    view.setDetail(verifyingDisk());
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QTest::qWait(50);
    QVERIFY(view.grab().save(QStringLiteral("/tmp/runview-helper.png")));
}

QTEST_MAIN(TestRunView)
#include "tst_runview.moc"
