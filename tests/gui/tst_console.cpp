// The real console on the real sandbox, offscreen: the window built by the app's own wiring shows
// sandbox incidents and the selected incident's timeline, and keeps updating live.
#include "charts/chartpanel.h"
#include "charts/metricchartview.h"
#include "commandline.h"
#include "domain/metatypes.h"
#include "enginehost.h"
#include "guirunner.h"
#include "itemmodels/incidentlistmodel.h"
#include "itemmodels/timelinemodel.h"
#include "mainwindow/mainwindow.h"
#include "store/storereader.h"
#include "wall/wallsparkline.h"
#include "wall/walltile.h"
#include "wall/wallwindow.h"

#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QLineSeries>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <algorithm>

using namespace firebreak;

namespace {
// Points actually handed to Qt Charts on any chart of the panel.
qsizetype plottedPoints(const ChartPanel& panel)
{
    qsizetype points = 0;
    for (const MetricChartView* view : panel.chartViews()) {
        for (const QLineSeries* line : view->lineSeries())
            points += line->isVisible() ? line->count() : 0;
    }
    return points;
}
} // namespace

class TestConsole : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void showsSandboxIncidentsAndTimeline();
    void wallShowsOpenIncidentsLive();

private:
    QTemporaryDir m_dir;
};

void TestConsole::initTestCase()
{
    registerMetaTypes();
    QCoreApplication::setOrganizationName(QStringLiteral("FirebreakTest"));
    QVERIFY(m_dir.isValid());
}

void TestConsole::showsSandboxIncidentsAndTimeline()
{
    EngineOptions options;
    options.dbPath = m_dir.filePath(QStringLiteral("console.db"));
    options.speed = 120;
    EngineHost host(options);
    CommandLineOptions cli;
    GuiRunner gui(host, cli);
    gui.start();
    // What the store reader answers to alert requests, seen on this thread (queued to `context`).
    QObject context;
    QVector<Alert> fetchedAlerts;
    connect(host.reader(), &StoreReader::alertsFetched, &context,
        [&fetchedAlerts](quint64, const QVector<Alert>& alerts) { fetchedAlerts += alerts; });
    QAbstractItemModelTester incidentsTester(&gui.incidents(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester timelineTester(&gui.timeline(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(gui.window()->isVisible());

    // The demo raises its first incident within a few simulated minutes (seconds of wall time).
    QTRY_VERIFY_WITH_TIMEOUT(gui.incidents().rowCount() >= 1, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(gui.timeline().rowCount() >= 2, 10000);

    // The rows the user reads: an incident title and timeline titles, as the models present them.
    const QString incidentTitle = gui.incidents().index(0, IncidentListModel::TitleColumn).data().toString();
    QVERIFY2(!incidentTitle.isEmpty(), "incident row without a title");
    QStringList kinds;
    for (int row = 0; row < gui.timeline().rowCount(); ++row)
        kinds << gui.timeline().index(row, 0).data(TimelineModel::KindRole).toString();
    QVERIFY2(kinds.contains(QStringLiteral("alert.firing")), qPrintable(kinds.join(QLatin1Char(','))));

    // The selected incident's charts, built from its alerts as the reader decoded them (and as
    // later commits add them), draw the sandbox's metrics.
    const ChartPanel* charts = gui.window()->chartPanel();
    QTRY_VERIFY_WITH_TIMEOUT(charts->incidentId() != 0, 10000);
    const auto fetchedForPanel = [&] {
        return std::any_of(fetchedAlerts.cbegin(), fetchedAlerts.cend(), [&](const Alert& alert) {
            return alert.incidentId == charts->incidentId() && !alert.generatorUrl.isEmpty();
        });
    };
    QTRY_VERIFY_WITH_TIMEOUT(fetchedForPanel(), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!charts->chartViews().isEmpty(), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(plottedPoints(*charts) > 0, 10000);

    // Live: more incidents arrive while the window is open, without a reset.
    const int before = gui.incidents().rowCount();
    host.fastForward(20 * 60 * 1000);
    QTRY_VERIFY_WITH_TIMEOUT(gui.incidents().rowCount() > before, 20000);

    const QImage shot = gui.window()->grab().toImage();
    QVERIFY(!shot.isNull());
    QVERIFY(shot.save(m_dir.filePath(QStringLiteral("console.png"))));
    host.stop();
}

// `firebreak --wall` as the app wires it: a tile per open incident of the sandbox, new incidents
// arriving live, sparklines drawn from the sandbox's metrics, and nothing a viewer could press.
void TestConsole::wallShowsOpenIncidentsLive()
{
    EngineOptions options;
    options.dbPath = m_dir.filePath(QStringLiteral("wall.db"));
    options.speed = 120;
    EngineHost host(options);
    CommandLineOptions cli;
    cli.wall = true;
    GuiRunner gui(host, cli);
    gui.start();
    QVERIFY(gui.window() == nullptr);
    WallWindow* wall = gui.wall();
    QVERIFY(wall && wall->isVisible());
    QVERIFY(wall->isFullScreen());

    QTRY_VERIFY_WITH_TIMEOUT(!wall->tiles().isEmpty(), 20000);
    QStringList titles;
    for (const WallTile* tile : wall->tiles())
        titles << tile->titleText();
    int active = 0;
    for (int row = 0; row < gui.incidents().rowCount(); ++row)
        active += gui.incidents().incidentAt(row).isActive() ? 1 : 0;
    QCOMPARE(wall->tiles().size(), std::min(active, 9));
    const auto drawn = [wall] {
        for (const WallTile* tile : wall->tiles()) {
            for (const WallSparkline* line : tile->sparklines()) {
                if (line->sampleCount() > 0)
                    return true;
            }
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(drawn(), 20000);

    // Live: the sandbox moves on, and the wall shows incidents it did not show before.
    host.fastForward(20 * 60 * 1000);
    const auto somethingNew = [&] {
        for (const WallTile* tile : wall->tiles()) {
            if (!titles.contains(tile->titleText()))
                return true;
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(somethingNew(), 30000);
    QVERIFY(wall->findChildren<QAbstractButton*>().isEmpty());
    host.stop();
}

QTEST_MAIN(TestConsole)
#include "tst_console.moc"
