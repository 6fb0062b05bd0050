// The commander's flow on the real console, offscreen: the app's own wiring (GuiRunner) on the real
// sandbox, store, run engine and Authenticator, driven through the widgets a commander uses. A
// memory-leak remediation made high-risk (two commanders, passphrases) is approved from the runs
// panel, runs, fails its verification (the leak returns) and is rolled back, all watched in the run
// window; a denied run executes nothing; an unanswered one expires on screen.
#include "approval/approvaldialog.h"
#include "approval/approvalview.h"
#include "approval/signindialog.h"
#include "automationsetup.h"
#include "commandline.h"
#include "consolesession.h"
#include "domain/metatypes.h"
#include "enginehost.h"
#include "guirunner.h"
#include "itemmodels/runlistmodel.h"
#include "itemmodels/runstepsmodel.h"
#include "mainwindow/approvaltray.h"
#include "mainwindow/mainwindow.h"
#include "playbook/playbookloader.h"
#include "roster/rosterloader.h"
#include "runs/runspanel.h"
#include "runs/runview.h"
#include "runs/verificationchart.h"
#include "runs/verificationchartview.h"
#include "runsconsole.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QScatterSeries>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeView>

using namespace firebreak;

namespace {

constexpr int RunTimeoutMs = 120'000; // two busy cores may slow the sandbox several-fold
constexpr double Speed = 300;

// The demo's memory-leak playbook, made high-risk with two commanders and a longer approval window: the same engine
// path as region-failover's and db-promote-replica's approvals, on the scenario that also exercises rollback.
std::optional<Playbook> highRiskLeakPlaybook(const QString& directory, QString* error)
{
    QFile seed(QStringLiteral(":/playbooks/memory-leak-restart.yaml"));
    if (!seed.open(QIODevice::ReadOnly)) {
        *error = seed.errorString();
        return std::nullopt;
    }
    QByteArray text = seed.readAll();
    if (!text.contains("risk: medium") || !text.contains("approvers: 1") || !text.contains("expires: 15m")) {
        *error = QStringLiteral("the seed playbook changed: no 'risk: medium' / 'approvers: 1' / 'expires: 15m'");
        return std::nullopt;
    }
    // Two people each checking a passphrase (a second apiece) take longer than the sandbox's 15
    // minutes at this speed (3 wall seconds); two hours of sandbox time are 24.
    text.replace("risk: medium", "risk: high")
        .replace("approvers: 1", "approvers: 2")
        .replace("expires: 15m", "expires: 2h");
    const QString path = directory + QStringLiteral("/memory-leak-restart.yaml");
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(text) != text.size()) {
        *error = out.errorString();
        return std::nullopt;
    }
    out.close();
    auto loaded = PlaybookLoader::load(path);
    if (const auto* failures = std::get_if<QList<ConfigError>>(&loaded)) {
        *error = failures->isEmpty() ? QStringLiteral("unreadable") : failures->first().toString();
        return std::nullopt;
    }
    return std::get<Playbook>(loaded);
}

// Clicks the accept button of the confirmation box once it is up.
void confirmNextMessageBox(QString* acceptText)
{
    QTimer::singleShot(100, qApp, [acceptText] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        if (!box)
            return confirmNextMessageBox(acceptText);
        for (QAbstractButton* button : box->buttons()) {
            const QMessageBox::ButtonRole role = box->buttonRole(button);
            if (role == QMessageBox::DestructiveRole || role == QMessageBox::AcceptRole) {
                *acceptText = button->text();
                button->click();
                return;
            }
        }
    });
}

// Signs `name` in through a sign-in dialog, as a person types it.
void signInThrough(SignInDialog* dialog, const QString& name, const QString& passphrase)
{
    const int index = dialog->personBox()->findData(name);
    dialog->personBox()->setCurrentIndex(index >= 0 ? index : dialog->personBox()->findText(name, Qt::MatchContains));
    dialog->passphraseField()->setText(passphrase);
    QTest::mouseClick(dialog->signInButton(), Qt::LeftButton);
}

// The console on the sandbox, with the demo roster.
struct Console {
    Console(const QString& dbPath, AutomationSetup automation)
    {
        EngineOptions options;
        options.dbPath = dbPath;
        options.scenario = QStringLiteral("memory-leak");
        options.speed = Speed;
        options.seed = 1;
        options.automation = std::move(automation);
        host = std::make_unique<EngineHost>(options);
        gui = std::make_unique<GuiRunner>(*host, CommandLineOptions {});
        gui->start();
    }
    ~Console()
    {
        gui.reset();
        host->stop();
    }
    RunListModel& runs() const { return gui->runs().runs(); }
    // The first run of the model in `state`, 0 if none.
    qint64 runIn(RunState state) const
    {
        for (int row = 0; row < runs().rowCount(); ++row) {
            if (runs().runAt(row).state == state)
                return runs().runAt(row).id;
        }
        return 0;
    }
    RunState stateOf(qint64 id) const
    {
        const std::optional<Run> run = runs().runById(id);
        return run ? run->state : RunState::Proposed;
    }
    // Opens a run from the runs panel the way a commander does: select its row and press Enter.
    void activate(qint64 id) const
    {
        RunsPanel* panel = gui->window()->runsPanel();
        QTreeView* tree = panel->treeView();
        for (int row = 0; row < tree->model()->rowCount(); ++row) {
            const QModelIndex index = tree->model()->index(row, 0);
            if (index.data(RunListModel::RunIdRole).toLongLong() == id) {
                tree->setCurrentIndex(index);
                QTest::keyClick(tree, Qt::Key_Return);
                return;
            }
        }
        QFAIL("the run is not in the runs panel");
    }

    std::unique_ptr<EngineHost> host;
    std::unique_ptr<GuiRunner> gui;
};

AutomationSetup demoAutomation(QVector<Playbook> playbooks)
{
    auto setup = AutomationSetup::forDemo(true);
    if (const auto* errors = std::get_if<QStringList>(&setup))
        qFatal("demo automation does not load: %s", qPrintable(errors->join(QLatin1Char('\n'))));
    AutomationSetup automation = std::get<AutomationSetup>(setup);
    if (!playbooks.isEmpty())
        automation.playbooks = std::move(playbooks);
    return automation;
}

// Every step's executor, action and parameter values in the plan's JSON, as an approver must see them.
QStringList planValues(const QByteArray& planJson)
{
    QStringList values;
    const QJsonObject plan = QJsonDocument::fromJson(planJson).object();
    for (const QString& list : { QStringLiteral("steps"), QStringLiteral("rollback") }) {
        for (const QJsonValue& step : plan.value(list).toArray()) {
            const QJsonObject run = step.toObject().value(QStringLiteral("run")).toObject();
            values << run.value(QStringLiteral("executor")).toString()
                   << run.value(QStringLiteral("action")).toString();
            const QJsonObject params = run.value(QStringLiteral("params")).toObject();
            for (auto it = params.begin(); it != params.end(); ++it)
                values << it.key() + QStringLiteral("=⟦") + it.value().toString() + QStringLiteral("⟧");
            for (const QJsonValue& arg : run.value(QStringLiteral("argv")).toArray())
                values << QStringLiteral("⟦") + arg.toString() + QStringLiteral("⟧");
        }
    }
    return values;
}

int plottedSamples(const VerificationChart* chart)
{
    int points = 0;
    for (int check = 0; check < chart->checkCount(); ++check) {
        for (auto outcome :
            { VerifySample::Outcome::Success, VerifySample::Outcome::Failure, VerifySample::Outcome::Inconclusive })
            points += chart->checkView(check)->outcomeSeries(outcome)->count();
    }
    return points;
}

} // namespace

class TestApprovalFlow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void twoCommandersApproveThenVerificationFailsAndRollsBack();
    void deniedRunExecutesNothing();
    void unansweredApprovalExpiresOnScreen();

private:
    QTemporaryDir m_dir;
};

void TestApprovalFlow::initTestCase()
{
    registerMetaTypes();
    QCoreApplication::setOrganizationName(QStringLiteral("FirebreakTest"));
    QVERIFY(m_dir.isValid());
}

void TestApprovalFlow::twoCommandersApproveThenVerificationFailsAndRollsBack()
{
    QString error;
    const std::optional<Playbook> playbook = highRiskLeakPlaybook(m_dir.path(), &error);
    QVERIFY2(playbook, qPrintable(error));
    Console console(m_dir.filePath(QStringLiteral("flow.db")), demoAutomation({ *playbook }));
    QAbstractItemModelTester tester(&console.runs(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    MainWindow* window = console.gui->window();

    // An approval request appears: in the runs panel, the window title and the tray.
    QTRY_VERIFY_WITH_TIMEOUT(console.runIn(RunState::AwaitingApproval) != 0, RunTimeoutMs);
    const qint64 id = console.runIn(RunState::AwaitingApproval);
    const Run waiting = *console.runs().runById(id);
    QCOMPARE(waiting.risk, QStringLiteral("high"));
    QTRY_VERIFY(window->windowTitle().startsWith(QStringLiteral("(1) Firebreak")));
    QCOMPARE(console.gui->runs().tray().count(), 1);
    QVERIFY2(console.gui->runs().tray().lastMessage().contains(QStringLiteral("run %1").arg(id)),
        qPrintable(console.gui->runs().tray().lastMessage()));

    // Alice signs in at the console: a wrong passphrase first, then hers.
    SignInDialog* signIn = console.gui->session().openSignIn(window);
    signInThrough(signIn, QStringLiteral("alice"), QStringLiteral("not-her-passphrase"));
    QTRY_VERIFY_WITH_TIMEOUT(!signIn->isBusy() && !signIn->message().isEmpty(), 10000);
    QVERIFY(!console.gui->session().session().current().isValid());
    signInThrough(signIn, QStringLiteral("alice"), QStringLiteral("alice-demo-passphrase"));
    QTRY_COMPARE_WITH_TIMEOUT(console.gui->session().session().current().name, QStringLiteral("alice"), 10000);

    // She opens the run from the panel: the plan shown is the rendered plan, hash and all.
    console.activate(id);
    QTRY_VERIFY(console.gui->runs().approvalDialog(id) != nullptr);
    ApprovalDialog* dialog = console.gui->runs().approvalDialog(id);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->view()->planText().contains(waiting.planHash), 10000);
    const QString shown = dialog->view()->planText();
    const QStringList values = planValues(waiting.plan);
    QVERIFY(values.size() >= 6);
    for (const QString& value : values)
        QVERIFY2(shown.contains(value), qPrintable(value + QStringLiteral(" not in:\n") + shown));
    QVERIFY(dialog->passphraseField()->isVisible());

    // A wrong passphrase is refused by the engine, and nothing is recorded as approved.
    dialog->reasonField()->setText(QStringLiteral("leak confirmed on the dashboards"));
    dialog->passphraseField()->setText(QStringLiteral("wrong"));
    QVERIFY(dialog->approveButton()->isEnabled());
    QTest::mouseClick(dialog->approveButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->outcomeText().contains(QStringLiteral("passphrase")), 15000);
    QVERIFY(dialog->passphraseField()->text().isEmpty());
    QCOMPARE(console.stateOf(id), RunState::AwaitingApproval);

    // Her passphrase: one of two approvals.
    dialog->passphraseField()->setText(QStringLiteral("alice-demo-passphrase"));
    QTest::mouseClick(dialog->approveButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->outcomeText().contains(QStringLiteral("1 more")), 15000);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->view()->approvalsText().contains(QStringLiteral("1 of 2")), 10000);
    QCOMPARE(console.stateOf(id), RunState::AwaitingApproval);
    QVERIFY(!dialog->approveButton()->isEnabled()); // alice has approved this plan already

    // Bob signs in on the same console for the second approval.
    QTest::mouseClick(dialog->signInButton(), Qt::LeftButton);
    QTRY_VERIFY(dialog->signInDialog() != nullptr);
    signInThrough(dialog->signInDialog(), QStringLiteral("bob"), QStringLiteral("bob-demo-passphrase"));
    QTRY_COMPARE_WITH_TIMEOUT(dialog->approver().name, QStringLiteral("bob"), 10000);
    QCOMPARE(console.gui->session().session().current().name, QStringLiteral("alice"));
    dialog->reasonField()->setText(QStringLiteral("agree: restart, roll back if it returns"));
    dialog->passphraseField()->setText(QStringLiteral("bob-demo-passphrase"));
    QVERIFY2(dialog->approveButton()->isEnabled(), qPrintable(dialog->approveBlocker()));
    QTest::mouseClick(dialog->approveButton(), Qt::LeftButton);

    // Approved: the run window takes over and the steps run.
    QTRY_VERIFY_WITH_TIMEOUT(console.gui->runs().runView(id) != nullptr, 20000);
    QCOMPARE(window->windowTitle(), QStringLiteral("Firebreak — incident console"));
    RunView* view = console.gui->runs().runView(id);
    QAbstractItemModelTester stepsTester(view->stepsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTRY_VERIFY_WITH_TIMEOUT(view->stepsModel()->rowCount() >= 1
            && view->stepsModel()->index(0, RunStepsModel::StatusColumn).data(RunStepsModel::StatusRole).toInt()
                == int(RunStepsModel::Status::Succeeded),
        RunTimeoutMs);

    // The verification chart fills while the checks sample.
    QTRY_VERIFY_WITH_TIMEOUT(plottedSamples(view->verificationChart()) >= 2, RunTimeoutMs);

    // The leak returns, verification fails, the rollback runs and verifies: rolled back.
    QTRY_COMPARE_WITH_TIMEOUT(console.stateOf(id), RunState::RolledBack, RunTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(
        view->stateBadge()->text().contains(QStringLiteral("ROLLED BACK"), Qt::CaseInsensitive), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(view->verificationChart()->phase(), VerifySample::Phase::RollbackVerify, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(plottedSamples(view->verificationChart()) >= 10, 10000);
    int failures = 0;
    view->verificationChart()->setPhase(VerifySample::Phase::Verify);
    for (int check = 0; check < view->verificationChart()->checkCount(); ++check)
        failures += view->verificationChart()->checkView(check)->outcomeSeries(VerifySample::Outcome::Failure)->count();
    QVERIFY2(failures >= 1, "the failed verification shows no failing sample");
    QStringList rows;
    for (int row = 0; row < view->stepsModel()->rowCount(); ++row)
        rows << view->stepsModel()->index(row, RunStepsModel::NameColumn).data().toString() + QLatin1Char('=')
                + view->stepsModel()->index(row, RunStepsModel::StatusColumn).data().toString();
    QCOMPARE(view->stepsModel()->rowCount(), 2); // the restart and the rollback
    QVERIFY2(rows.join(' ').count(QStringLiteral("succeeded")) == 2, qPrintable(rows.join(" | ")));
}

void TestApprovalFlow::deniedRunExecutesNothing()
{
    Console console(m_dir.filePath(QStringLiteral("deny.db")), demoAutomation({}));
    QTRY_VERIFY_WITH_TIMEOUT(console.runIn(RunState::AwaitingApproval) != 0, RunTimeoutMs);
    const qint64 id = console.runIn(RunState::AwaitingApproval);
    console.gui->session().session().signIn(QStringLiteral("bob")); // the sign-in itself is tested above
    console.activate(id);
    QTRY_VERIFY(console.gui->runs().approvalDialog(id) != nullptr);
    ApprovalDialog* dialog = console.gui->runs().approvalDialog(id);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->view()->planText().isEmpty(), 10000);
    QVERIFY(!dialog->passphraseField()->isVisible()); // medium risk: no passphrase
    QVERIFY(!dialog->denyButton()->isDefault() && !dialog->denyButton()->autoDefault());
    dialog->reasonField()->setText(QStringLiteral("a deploy is about to fix it"));
    QString acceptText;
    confirmNextMessageBox(&acceptText);
    QTest::mouseClick(dialog->denyButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(console.stateOf(id), RunState::Rejected, 20000);
    QVERIFY2(acceptText.contains(QStringLiteral("nothing will run")), qPrintable(acceptText));
    QTRY_VERIFY(dialog->outcomeText().contains(QStringLiteral("Denied")));
    QVERIFY(!dialog->approveButton()->isEnabled());

    // Nothing ran: the run window shows no step beyond pending.
    console.gui->runs().openRunView(id);
    RunView* view = console.gui->runs().runView(id);
    QVERIFY(view);
    QTRY_VERIFY_WITH_TIMEOUT(
        view->stateBadge()->text().contains(QStringLiteral("REJECTED"), Qt::CaseInsensitive), 10000);
    for (int row = 0; row < view->stepsModel()->rowCount(); ++row) {
        const int status = view->stepsModel()->index(row, 0).data(RunStepsModel::StatusRole).toInt();
        QVERIFY(status != int(RunStepsModel::Status::Succeeded) && status != int(RunStepsModel::Status::Running)
            && status != int(RunStepsModel::Status::Failed));
    }
}

void TestApprovalFlow::unansweredApprovalExpiresOnScreen()
{
    Console console(m_dir.filePath(QStringLiteral("expire.db")), demoAutomation({}));
    QTRY_VERIFY_WITH_TIMEOUT(console.runIn(RunState::AwaitingApproval) != 0, RunTimeoutMs);
    const qint64 id = console.runIn(RunState::AwaitingApproval);
    console.gui->session().session().signIn(QStringLiteral("alice"));
    console.activate(id);
    QTRY_VERIFY(console.gui->runs().approvalDialog(id) != nullptr);
    ApprovalDialog* dialog = console.gui->runs().approvalDialog(id);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->view()->countdownText().contains(QStringLiteral("Expires in")), 10000);
    // 15 minutes of the sandbox's clock pass in a few wall seconds at this speed.
    QTRY_COMPARE_WITH_TIMEOUT(console.stateOf(id), RunState::Expired, 60000);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->view()->isExpired(), 10000);
    dialog->reasonField()->setText(QStringLiteral("too late"));
    QVERIFY(!dialog->approveButton()->isEnabled());
    QVERIFY(!dialog->approveBlocker().isEmpty());
}

QTEST_MAIN(TestApprovalFlow)
#include "tst_approvalflow.moc"
