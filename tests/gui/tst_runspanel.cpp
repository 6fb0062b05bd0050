// The runs panel as a commander uses it: the number awaiting approval in the header, opening a run
// with Enter or a double-click, narrowing the list to the selected incident, and saying so when
// there is nothing to show.
#include "domain/metatypes.h"
#include "interfaces/clock.h"
#include "itemmodels/runincidentfilter.h"
#include "itemmodels/runlistmodel.h"
#include "runs/rundelegate.h"
#include "runs/runspanel.h"
#include "store/writebatch.h"
#include "style/theme.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QLabel>
#include <QSignalSpy>
#include <QTest>
#include <QTreeView>

using namespace firebreak;

namespace {

constexpr qint64 T0 = 1'790'000'000'000;

class ManualClock final : public Clock {
public:
    qint64 nowMs() const override { return T0; }
};

Run makeRun(qint64 id, RunState state, qint64 incidentId)
{
    Run run;
    run.id = id;
    run.incidentId = incidentId;
    run.playbookId = QStringLiteral("disk-cleanup");
    run.playbookTitle = QStringLiteral("Disk cleanup");
    run.risk = QStringLiteral("critical");
    run.state = state;
    run.stateReason = QStringLiteral("because %1").arg(id);
    run.createdMs = T0 - 1000;
    run.updatedMs = T0;
    if (state == RunState::AwaitingApproval)
        run.approvalExpiresMs = T0 + 600'000 + id;
    return run;
}

void load(RunListModel& model, const QVector<Run>& runs)
{
    QSignalSpy requested(&model, &RunListModel::fetchRequested);
    model.refresh();
    model.onRunsFetched(requested.first().first().toULongLong(), runs);
}

CommittedBatch batchOf(const QVector<Run>& runs)
{
    CommittedBatch batch;
    batch.runs = runs;
    return batch;
}

QPoint centreOf(QTreeView* tree, int row)
{
    return tree->visualRect(tree->model()->index(row, RunListModel::PlaybookColumn)).center();
}

} // namespace

class TstRunsPanel : public QObject {
    Q_OBJECT
private:
    Theme m_theme = Theme::lightTheme();

private Q_SLOTS:
    void initTestCase() { registerMetaTypes(); }

    void headerCountsAwaitingApprovalInAmber()
    {
        ManualClock clock;
        RunListModel model(clock);
        RunsPanel panel(model, m_theme);
        panel.resize(900, 300);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QCOMPARE(panel.awaitingLabel()->text(), QStringLiteral("none awaiting approval"));

        load(model, { makeRun(1, RunState::AwaitingApproval, 7), makeRun(2, RunState::Executing, 7) });
        QCOMPARE(panel.awaitingLabel()->text(), QStringLiteral("1 awaiting approval"));
        model.onCommitted(batchOf({ makeRun(3, RunState::AwaitingApproval, 8) }));
        QCOMPARE(panel.awaitingLabel()->text(), QStringLiteral("2 awaiting approval"));
        QCOMPARE(
            panel.awaitingLabel()->palette().color(QPalette::WindowText), m_theme.toneColor(Theme::Tone::Attention));
        QVERIFY(panel.awaitingLabel()->font().bold());
        // The badge colour of an awaiting run is the same amber.
        QCOMPARE(
            RunDelegate::stateColor(m_theme, RunState::AwaitingApproval), m_theme.toneColor(Theme::Tone::Attention));
        QCOMPARE(RunDelegate::stateColor(m_theme, RunState::Failed), m_theme.toneColor(Theme::Tone::Bad));

        Run approved = makeRun(1, RunState::Approved, 7);
        approved.updatedMs = T0 + 1;
        Run denied = makeRun(3, RunState::Rejected, 8);
        denied.updatedMs = T0 + 1;
        model.onCommitted(batchOf({ approved, denied }));
        QCOMPARE(panel.awaitingLabel()->text(), QStringLiteral("none awaiting approval"));
        QCOMPARE(panel.awaitingLabel()->palette().color(QPalette::WindowText), m_theme.mutedText);
    }

    void enterAndDoubleClickOpenTheRun()
    {
        ManualClock clock;
        RunListModel model(clock);
        RunsPanel panel(model, m_theme);
        panel.resize(900, 300);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        load(model,
            { makeRun(4, RunState::Succeeded, 7), makeRun(5, RunState::AwaitingApproval, 7),
                makeRun(6, RunState::Executing, 8) });
        QSignalSpy activated(&panel, &RunsPanel::runActivated);
        QTreeView* tree = panel.treeView();
        QCOMPARE(tree->model()->rowCount(), 3);

        // Rows are 5 (awaiting), 6 (executing), 4 (succeeded).
        // A real double-click: press and release, then the double-click event and its release.
        QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, centreOf(tree, 1));
        QCOMPARE(activated.size(), 0); // a single click only selects
        QTest::mouseDClick(tree->viewport(), Qt::LeftButton, {}, centreOf(tree, 1));
        QCOMPARE(activated.size(), 1);
        QCOMPARE(activated.first().first().toLongLong(), qint64(6));

        tree->setFocus();
        tree->setCurrentIndex(tree->model()->index(0, 0));
        QTest::keyClick(tree, Qt::Key_Return);
        QCOMPARE(activated.size(), 2);
        QCOMPARE(activated.last().first().toLongLong(), qint64(5));
        QTest::keyClick(tree, Qt::Key_Down);
        QTest::keyClick(tree, Qt::Key_Down);
        QTest::keyClick(tree, Qt::Key_Enter);
        QCOMPARE(activated.size(), 3);
        QCOMPARE(activated.last().first().toLongLong(), qint64(4));
        QCOMPARE(panel.currentRunId(), qint64(4));
    }

    void incidentOnlyNarrowsTheList()
    {
        ManualClock clock;
        RunListModel model(clock);
        RunsPanel panel(model, m_theme);
        QAbstractItemModelTester tester(panel.filterModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        panel.resize(900, 300);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        auto* placeholder = panel.findChild<QLabel*>(QStringLiteral("runsPlaceholder"));
        QVERIFY(placeholder);
        QVERIFY(placeholder->isVisible());
        QVERIFY(!panel.treeView()->isVisible());
        QVERIFY(placeholder->text().startsWith(QStringLiteral("No runs yet.")));

        load(model,
            { makeRun(1, RunState::Executing, 7), makeRun(2, RunState::Executing, 8),
                makeRun(3, RunState::AwaitingApproval, 8) });
        QVERIFY(panel.treeView()->isVisible());
        QVERIFY(!placeholder->isVisible());
        QCOMPARE(panel.treeView()->model()->rowCount(), 3);

        // Without a selected incident the toggle has nothing to narrow to.
        QVERIFY(!panel.incidentOnlyToggle()->isEnabled());
        panel.setIncident(8);
        QVERIFY(panel.incidentOnlyToggle()->isEnabled());
        QCOMPARE(panel.treeView()->model()->rowCount(), 3); // not until it is ticked
        QTest::mouseClick(panel.incidentOnlyToggle(), Qt::LeftButton);
        QVERIFY(panel.incidentOnlyToggle()->isChecked());
        QCOMPARE(panel.treeView()->model()->rowCount(), 2);
        QCOMPARE(panel.treeView()->model()->index(0, 0).data(RunListModel::RunIdRole).toLongLong(), qint64(3));
        QCOMPARE(panel.treeView()->model()->index(1, 0).data(RunListModel::RunIdRole).toLongLong(), qint64(2));
        // The header still counts approvals everywhere: a commander must not miss one elsewhere.
        QCOMPARE(panel.awaitingLabel()->text(), QStringLiteral("1 awaiting approval"));

        // Another incident is selected: the list follows it; one without runs says so.
        panel.setIncident(7);
        QCOMPARE(panel.treeView()->model()->rowCount(), 1);
        panel.setIncident(9);
        QCOMPARE(panel.treeView()->model()->rowCount(), 0);
        QVERIFY(placeholder->isVisible());
        QCOMPARE(placeholder->text(), QStringLiteral("No runs for incident #9."));
        // A run proposed for it appears live.
        model.onCommitted(batchOf({ makeRun(10, RunState::Proposed, 9) }));
        QCOMPARE(panel.treeView()->model()->rowCount(), 1);
        QVERIFY(panel.treeView()->isVisible());

        QTest::mouseClick(panel.incidentOnlyToggle(), Qt::LeftButton);
        QCOMPARE(panel.treeView()->model()->rowCount(), 4);
    }
};

QTEST_MAIN(TstRunsPanel)
#include "tst_runspanel.moc"
