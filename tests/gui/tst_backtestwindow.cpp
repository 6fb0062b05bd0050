// The backtest window end to end: a real store written by the ingest pipeline from the sandbox's
// disk-full scenario (with automation cleaning the disk early in two cycles, so an early-warning gate
// fires where no incident followed), the StoreReader on its own thread, the sandbox's metric source
// behind a BacktestService on an "engine" thread, and a copy of the disk-cleanup playbook whose gate
// (above 80 for 1m) is too eager. Set FIREBREAK_GRAB_DIR to get the window as a PNG.

#include "../unit/sandboxstore.h"
#include "domain/metatypes.h"
#include "interfaces/clock.h"
#include "learning/backtestchart.h"
#include "learning/backtestcontrols.h"
#include "learning/backtestfindingsmodel.h"
#include "learning/backtestresultpane.h"
#include "learning/backtestservice.h"
#include "learning/backtestwindow.h"
#include "learning/suggestionpanel.h"
#include "learning/suggestionsentence.h"
#include "playbook/playbookloader.h"
#include "roster/operatorsession.h"
#include "status/bannerbar.h"
#include "store/storereader.h"
#include "style/theme.h"

#include <QAreaSeries>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScatterSeries>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QValueAxis>

using namespace firebreak;
using namespace SandboxStore;

namespace {

constexpr qint64 RunFor = 74 * Minute; // four disk-full cycles: faults at 0:30, 19:00, 37:30 and 56:00

class FixedClock final : public Clock {
public:
    qint64 nowMs() const override { return Start + RunFor; }
};

QByteArray read(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool write(const QString& path, const QByteArray& text)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(text) == text.size();
}

Playbook load(const QString& path)
{
    const auto loaded = PlaybookLoader::load(path);
    if (const auto* errors = std::get_if<QList<ConfigError>>(&loaded)) {
        qWarning("%s", qPrintable(errors->isEmpty() ? path : errors->first().toString()));
        return {};
    }
    return std::get<Playbook>(loaded);
}

} // namespace

class TestBacktestWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        Q_INIT_RESOURCE(firebreak);
        registerMetaTypes();
        m_theme.applyTo(*qApp);
        QVERIFY(m_dir.isValid());
        m_dbPath = m_dir.filePath(QStringLiteral("store.db"));

        // In the second and third cycles automation cleans the logs whenever the disk reaches 88 %:
        // the disk falls back, fills again, and never holds above 90 % for the alert's 2m. The first
        // and fourth cycles run to a full disk and become incidents.
        m_platform = std::make_unique<SandboxPlatform>(diskFull());
        const auto cleanEarly = [](SandboxPlatform& platform) {
            const qint64 now = platform.world().lastTickMs();
            const bool cleaning = now >= faultStart(1) && now < faultStart(3);
            const std::optional<double> disk = platform.world().value(QStringLiteral("disk_used_percent"), DbEu);
            if (cleaning && disk && *disk >= 88)
                platform.executor().execute(
                    { QStringLiteral("cleanup-logs"), { { "instance", "db-eu-1" } }, 0, {} }, {});
        };
        const Recorded recorded = record(*m_platform, m_dbPath, RunFor, cleanEarly);
        QCOMPARE(recorded.incidents.size(), 2);
        // The first incident's alert was useful; nobody reviewed the second yet.
        QVERIFY(SandboxStore::write(m_dbPath,
            WriteBatch {
                .reviewVerdicts = { alertVerdict(recorded.alerts.first(), ReviewVerdict::Verdict::Useful) } }));

        QByteArray text = read(QStringLiteral(FIREBREAK_TEST_DATA "/../../resources/playbooks/disk-cleanup.yaml"));
        text.replace("above: 90, for: 5m", "above: 80, for: 1m");
        m_playbookPath = m_dir.filePath(QStringLiteral("disk-cleanup.yaml"));
        QVERIFY(write(m_playbookPath, text));
        QVERIFY(QFile::setPermissions(m_playbookPath, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup));
        m_original = text;
        QByteArray quiet = text;
        quiet.replace("id: disk-cleanup", "id: disk-cleanup-quiet");
        quiet.replace(
            "  - sustained: {query: 'disk_used_percent{service=\"db\",instance=\"{{ labels.instance }}\"}', above: 80, "
            "for: 1m}\n",
            "");
        QVERIFY(write(m_dir.filePath(QStringLiteral("quiet.yaml")), quiet));
        m_playbooks = { load(m_playbookPath), load(m_dir.filePath(QStringLiteral("quiet.yaml"))),
            load(QStringLiteral(":/playbooks/db-slow-queries.yaml")) };
        for (const Playbook& playbook : std::as_const(m_playbooks))
            QVERIFY(!playbook.id.isEmpty());
        QVERIFY(m_playbooks.at(1).gates.first().kind != PlaybookGate::Kind::Sustained);

        m_readerThread.start();
        m_reader = new StoreReader(m_dbPath);
        m_reader->moveToThread(&m_readerThread);
        QSignalSpy opened(m_reader, &StoreReader::opened);
        QMetaObject::invokeMethod(m_reader, &StoreReader::open, Qt::QueuedConnection);
        QVERIFY(opened.wait(10000));
        m_engineThread.start();
        m_service = new BacktestService(m_platform->metricSource());
        m_service->moveToThread(&m_engineThread);

        m_session = std::make_unique<OperatorSession>(
            QVector<OperatorIdentity> { { QStringLiteral("ana"), QStringLiteral("Ana Ortiz"), Role::Commander },
                { QStringLiteral("rui"), QStringLiteral("Rui Sato"), Role::Responder } });
    }

    void cleanupTestCase()
    {
        QMetaObject::invokeMethod(m_service, &QObject::deleteLater);
        QMetaObject::invokeMethod(m_reader, &QObject::deleteLater);
        m_engineThread.quit();
        m_readerThread.quit();
        m_engineThread.wait();
        m_readerThread.wait();
    }

    void errorsAreBannersNotCrashes()
    {
        BacktestWindow noSource(m_theme, m_clock, *m_session, *m_reader, nullptr, m_playbooks);
        noSource.run();
        QVERIFY(noSource.banners()->bannerText("backtest").contains(QStringLiteral("No metric source")));

        BacktestWindow window(m_theme, m_clock, *m_session, *m_reader, m_service, m_playbooks);
        BacktestControls* controls = window.controls();
        controls->playbookBox()->setCurrentIndex(1);
        window.run();
        QVERIFY2(window.banners()->bannerText("backtest").contains(QStringLiteral("Gate not sustained")),
            qPrintable(window.banners()->bannerText("backtest")));
        QVERIFY(!window.isRunning());

        controls->playbookBox()->setCurrentIndex(0);
        controls->setCustomSpan(Start, Start + RunFor);
        QVERIFY(controls->labelEdit(QStringLiteral("instance")));
        controls->labelEdit(QStringLiteral("instance"))->clear();
        window.run();
        QVERIFY(window.banners()->bannerText("backtest").contains(QStringLiteral("Label values missing")));
        controls->labelEdit(QStringLiteral("instance"))->setText(QStringLiteral("db eu 1"));
        window.run();
        QVERIFY2(window.banners()->bannerText("backtest").contains(QStringLiteral("Label value refused")),
            qPrintable(window.banners()->bannerText("backtest")));

        // A well-formed instance that does not exist: the query answers with no series.
        controls->labelEdit(QStringLiteral("instance"))->setText(QStringLiteral("db-zz-9"));
        window.run();
        QVERIFY(window.isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(!window.isRunning(), 20000);
        QVERIFY2(window.banners()->bannerText("backtest").contains(QStringLiteral("No data")),
            qPrintable(window.banners()->bannerText("backtest")));
    }

    void backtestShowsTheGateBesideTheIncidents()
    {
        BacktestWindow window(m_theme, m_clock, *m_session, *m_reader, m_service, m_playbooks);
        window.show();
        BacktestControls* controls = window.controls();
        controls->setCustomSpan(Start, Start + RunFor);
        // The past incidents offer their instance, and the first one fills the empty field.
        QTRY_COMPARE(controls->labelEdit(QStringLiteral("instance"))->text(), QStringLiteral("db-eu-1"));
        QVERIFY2(controls->incidentBox()->itemText(0).startsWith(QStringLiteral("instance=db-eu-1")),
            qPrintable(controls->incidentBox()->itemText(0)));

        QTest::keyClick(&window, Qt::Key_Return, Qt::ControlModifier);
        QVERIFY(window.isRunning());
        QVERIFY(controls->cancelButton()->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(window.suggestion().has_value(), 60000);
        QVERIFY(!window.isRunning());
        const BacktestResult& result = window.lastResult();
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.incidents.size(), 2);
        QVERIFY(!result.incidents.at(1).reviewed);
        // Both incidents are hits (the eager gate already fires as they begin); the early cleanups
        // are false alarms, more of them than hits: a noisy gate.
        QCOMPARE(result.hits, 2);
        QVERIFY2(result.falseAlarms > result.hits, qPrintable(QString::number(result.falseAlarms)));
        QCOMPARE(result.misses, 0);

        BacktestChart* chart = window.chart();
        const auto threshold = chart->thresholdSeries()->points();
        QCOMPARE(threshold.size(), 2);
        QCOMPARE(threshold.first().y(), 80.0);
        QCOMPARE(qint64(threshold.first().x()), Start);
        QCOMPARE(qint64(threshold.last().x()), Start + RunFor);
        QCOMPARE(chart->metricSeries().size(), 1);
        QVERIFY(!chart->metricSeries().first()->points().isEmpty());
        // Each firing is a raised span of the area for its kind, starting where it fired.
        for (const BacktestFiring& firing : result.firings) {
            const bool falseAlarm
                = std::any_of(result.findings.cbegin(), result.findings.cend(), [&](const BacktestFinding& f) {
                      return f.firedMs == firing.firedMs && f.kind == BacktestFinding::Kind::FalseAlarm;
                  });
            const QList<QPointF> upper = chart->firedArea(falseAlarm)->upperSeries()->points();
            const qint64 cleared = firing.clearedMs < 0 ? result.evaluatedToMs : firing.clearedMs;
            QVERIFY(upper.contains(QPointF(double(firing.firedMs), chart->valueAxis()->max())));
            QVERIFY(upper.contains(QPointF(double(cleared), chart->valueAxis()->max())));
        }
        QCOMPARE(chart->firedMarkers()->count(), int(result.firings.size()));

        // The table and its figures say what the result says.
        BacktestResultPane* pane = window.resultPane();
        using F = BacktestResultPane::Figure;
        QCOMPARE(pane->figureText(F::Hits), QString::number(result.hits));
        QCOMPARE(pane->figureText(F::FalseAlarms), QString::number(result.falseAlarms));
        QCOMPARE(pane->figureText(F::Misses), QStringLiteral("0"));
        QVERIFY(pane->figureText(F::MedianDelay).startsWith(QStringLiteral("\u2212"))); // fired before they began
        using O = BacktestFindingsModel::Outcome;
        QCOMPARE(pane->model()->count(O::Hit), result.hits);
        QCOMPARE(pane->model()->count(O::FalseAlarm), result.falseAlarms);
        QCOMPARE(pane->model()->rowCount(), int(result.findings.size()));
        QVERIFY(pane->scopeLabel()->text().contains(QStringLiteral("1 unreviewed, counted as real")));

        // The suggestion raises the threshold, and says so in one sentence and as a diff.
        const ThresholdSuggestion& s = *window.suggestion();
        QCOMPARE(s.change, ThresholdSuggestion::Change::Threshold);
        QCOMPARE(s.oldValue, QStringLiteral("80"));
        QVERIFY2(s.newValue.toDouble() > 80 && s.newValue.toDouble() < 99.5, qPrintable(s.newValue));
        QCOMPARE(s.after.falseAlarms, 0);
        QCOMPARE(s.after.hits, 2);
        SuggestionPanel* panel = window.suggestionPanel();
        const QString sentence = panel->sentenceLabel()->text();
        QCOMPARE(sentence, SuggestionSentence::of(result, s));
        QVERIFY2(sentence.startsWith(QStringLiteral("Raising the threshold from 80 to %1 removes %2 false alarms")
                                         .arg(s.newValue)
                                         .arg(result.falseAlarms)),
            qPrintable(sentence));
        QVERIFY2(sentence.endsWith(QStringLiteral(" and keeps both hits.")), qPrintable(sentence));
        const QString diff = panel->diffView()->toPlainText();
        QVERIFY(diff.startsWith(QStringLiteral("--- a/disk-cleanup.yaml\n+++ b/disk-cleanup.yaml\n")));
        QVERIFY(
            diff.contains(QStringLiteral("\n-  - sustained: {query: 'disk_used_percent{service=\"db\",instance=\"{{ "
                                         "labels.instance }}\"}', above: 80, for: 1m}\n")));
        QVERIFY(
            diff.contains(QStringLiteral("\n+  - sustained: {query: 'disk_used_percent{service=\"db\",instance=\"{{ "
                                         "labels.instance }}\"}', above: %1, for: 1m}\n")
                              .arg(s.newValue)));
        // Nobody is signed in: Save is disabled and says why.
        QVERIFY(!panel->saveButton()->isEnabled());
        QVERIFY2(panel->saveReason()->text().contains(QStringLiteral("Sign in as a commander")),
            qPrintable(panel->saveReason()->text()));

        grab(window, QStringLiteral("backtest-window.png"));
        if (!qEnvironmentVariableIsEmpty("FIREBREAK_GRAB_DIR")) {
            // The same, as a console on a dark desktop shows it.
            const Theme dark = Theme::darkTheme();
            dark.applyTo(*qApp);
            BacktestWindow darkWindow(dark, m_clock, *m_session, *m_reader, m_service, m_playbooks);
            darkWindow.show();
            darkWindow.controls()->setCustomSpan(Start, Start + RunFor);
            QTRY_COMPARE(
                darkWindow.controls()->labelEdit(QStringLiteral("instance"))->text(), QStringLiteral("db-eu-1"));
            darkWindow.run();
            QTRY_VERIFY_WITH_TIMEOUT(darkWindow.suggestion().has_value(), 60000);
            grab(darkWindow, QStringLiteral("backtest-window-dark.png"));
            m_theme.applyTo(*qApp);
        }
    }

    void savingTakesACommanderAConfirmationAndAnUnchangedFile()
    {
        QVERIFY(write(m_playbookPath, m_original));
        BacktestWindow window(m_theme, m_clock, *m_session, *m_reader, m_service, m_playbooks);
        QSignalSpy changed(&window, &BacktestWindow::playbookChanged);
        window.show();
        window.controls()->setCustomSpan(Start, Start + RunFor);
        QTRY_COMPARE(window.controls()->labelEdit(QStringLiteral("instance"))->text(), QStringLiteral("db-eu-1"));
        window.run();
        QTRY_VERIFY_WITH_TIMEOUT(window.suggestion().has_value(), 60000);
        const ThresholdSuggestion suggestion = *window.suggestion();
        QPushButton* save = window.suggestionPanel()->saveButton();

        m_session->signIn(QStringLiteral("rui"));
        QVERIFY(!save->isEnabled());
        QVERIFY2(window.suggestionPanel()->saveReason()->text().contains(QStringLiteral("Only a commander")),
            qPrintable(window.suggestionPanel()->saveReason()->text()));
        m_session->signIn(QStringLiteral("ana"));
        QVERIFY(save->isEnabled());

        // Save asks first, names the file and the change, and defaults to Cancel: nothing written yet.
        QTest::mouseClick(save, Qt::LeftButton);
        QMessageBox* box = window.saveConfirmation();
        QVERIFY(box);
        QTRY_VERIFY(box->isVisible());
        QVERIFY(box->text().contains(m_playbookPath));
        QVERIFY(box->text().contains(QStringLiteral("above: 80")));
        QVERIFY(box->text().contains(QStringLiteral("above: %1").arg(suggestion.newValue)));
        QCOMPARE(box->defaultButton(), box->button(QMessageBox::Cancel));
        QCOMPARE(read(m_playbookPath), m_original);
        box->button(QMessageBox::Cancel)->click();
        QTRY_VERIFY(!window.saveConfirmation());
        QCOMPARE(read(m_playbookPath), m_original);
        QCOMPARE(changed.size(), 0);

        // Someone edits the file meanwhile: Save refuses and leaves their edit alone.
        const QByteArray edited = m_original + "# tuned by hand\n";
        QVERIFY(write(m_playbookPath, edited));
        confirmSave(window);
        QVERIFY2(
            window.banners()->bannerText("backtest").contains(QStringLiteral("changed on disk since the backtest")),
            qPrintable(window.banners()->bannerText("backtest")));
        QCOMPARE(read(m_playbookPath), edited);
        QCOMPARE(changed.size(), 0);

        // As the backtest read it again: Save writes the change, and the file loads.
        QVERIFY(write(m_playbookPath, m_original));
        confirmSave(window);
        QCOMPARE(read(m_playbookPath), suggestion.proposedText);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().at(0).toString(), m_playbookPath);
        QCOMPARE(changed.first().at(1).toString(), PlaybookFileSaver::sha256(m_original));
        QCOMPARE(changed.first().at(2).toString(), PlaybookFileSaver::sha256(suggestion.proposedText));
        QCOMPARE(changed.first().at(3).toString(), QStringLiteral("ana"));
        QCOMPARE(QFile::permissions(m_playbookPath) & 0x0fff, QFile::ReadUser | QFile::WriteUser | QFile::ReadGroup);
        const Playbook reloaded = load(m_playbookPath);
        QCOMPARE(reloaded.gates.first().threshold, suggestion.newValue.toDouble());
        QCOMPARE(window.playbooks().first().gates.first().threshold, suggestion.newValue.toDouble());
        QVERIFY(!save->isEnabled()); // saved: nothing left to save
        QVERIFY(window.suggestionPanel()->sentenceLabel()->text().startsWith(QStringLiteral("Saved:")));
        m_session->signOut();
    }

    void cancelStopsTheRun()
    {
        BacktestWindow window(m_theme, m_clock, *m_session, *m_reader, m_service, m_playbooks);
        window.controls()->setCustomSpan(Start, Start + RunFor);
        window.controls()->labelEdit(QStringLiteral("instance"))->setText(QStringLiteral("db-eu-1"));
        window.run();
        QVERIFY(window.isRunning());
        QTest::mouseClick(window.controls()->cancelButton(), Qt::LeftButton);
        QVERIFY(!window.isRunning());
        QTest::qWait(500);
        QVERIFY(!window.suggestion().has_value());
        QCOMPARE(window.controls()->statusLabel()->text(), QStringLiteral("Cancelled."));
    }

private:
    void confirmSave(BacktestWindow& window)
    {
        QTest::mouseClick(window.suggestionPanel()->saveButton(), Qt::LeftButton);
        QMessageBox* box = window.saveConfirmation();
        QVERIFY(box);
        const QList<QAbstractButton*> buttons = box->buttons();
        const auto save = std::find_if(buttons.cbegin(), buttons.cend(),
            [box](QAbstractButton* b) { return box->buttonRole(b) == QMessageBox::AcceptRole; });
        QVERIFY(save != buttons.cend());
        (*save)->click();
        QTRY_VERIFY(!window.saveConfirmation());
    }

    void grab(QWidget& window, const QString& name)
    {
        const QString dir = qEnvironmentVariable("FIREBREAK_GRAB_DIR");
        if (dir.isEmpty())
            return;
        window.resize(1280, 880);
        QTest::qWait(50);
        QVERIFY(QDir().mkpath(dir));
        QVERIFY(window.grab().save(QDir(dir).filePath(name)));
    }

    Theme m_theme = Theme::lightTheme();
    FixedClock m_clock;
    QTemporaryDir m_dir;
    QString m_dbPath;
    QString m_playbookPath;
    QByteArray m_original;
    QVector<Playbook> m_playbooks;
    std::unique_ptr<SandboxPlatform> m_platform;
    QThread m_readerThread;
    QThread m_engineThread;
    StoreReader* m_reader = nullptr;
    BacktestService* m_service = nullptr;
    std::unique_ptr<OperatorSession> m_session;
};

QTEST_MAIN(TestBacktestWindow)
#include "tst_backtestwindow.moc"
