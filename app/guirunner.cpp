#include "guirunner.h"

#include "approval/approvaldialog.h"
#include "charts/chartpanel.h"
#include "commandline.h"
#include "consolesession.h"
#include "engine/ingestpipeline.h"
#include "engine/metricqueryservice.h"
#include "enginehost.h"
#include "itemmodels/incidentlistmodel.h"
#include "itemmodels/timelinemodel.h"
#include "mainwindow/approvaltray.h"
#include "mainwindow/mainwindow.h"
#include "reviewsconsole.h"
#include "runs/runengine.h"
#include "runs/runview.h"
#include "runsconsole.h"
#include "settings/settingsdialog.h"
#include "status/auditheadlabel.h"
#include "status/automationswitch.h"
#include "status/bannerbar.h"
#include "store/storereader.h"
#include "store/storewriter.h"
#include "style/theme.h"
#include "timeline/timelineview.h"
#include "wall/wallwindow.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QPointer>
#include <QSettings>
#include <QTimer>
#include <cstdio>

namespace firebreak {

namespace {
// How long a screenshot waits for the run it is to show (a run awaiting approval, one with samples).
constexpr int ScreenshotSearchMs = 30'000;
constexpr int ScreenshotSettleMs = 3000;

// A run worth showing in the run view: one that executed and has verification samples to chart.
int runViewPreference(RunState state)
{
    switch (state) {
    case RunState::RolledBack:
    case RunState::Succeeded:
        return 3;
    case RunState::Verifying:
    case RunState::Paused:
    case RunState::RollingBack:
        return 2;
    case RunState::Executing:
    case RunState::Failed:
    case RunState::RollbackFailed:
        return 1;
    default:
        return 0;
    }
}
} // namespace

// Objects are declared in construction order; windows go first on destruction because their views
// hold the models.
struct GuiRunner::Parts {
    Parts(EngineHost& host)
        : theme(Theme::matching(QApplication::palette()))
        , incidents(host.clock())
        , session(host.automation().roster)
        , runs(host.clock(), theme, session, *host.reader(), *host.writer())
        , reviews(host.clock(), theme, session, *host.reader(), *host.writer())
    {
    }
    Theme theme;
    Theme wallTheme = Theme::darkTheme(); // wall displays are dark whatever the desktop says
    IncidentListModel incidents;
    TimelineModel timeline;
    QSettings settings;
    ConsoleSession session;
    RunsConsole runs;
    ReviewsConsole reviews;
    std::unique_ptr<MainWindow> window;
    std::unique_ptr<WallWindow> wall;
    bool wallMode = false;
    bool demo = true;
    QString configPath;
    QString screenshotPath;
    QString screenshotView;
    double screenshotAfterSeconds = 0;
};

GuiRunner::GuiRunner(EngineHost& host, const CommandLineOptions& options, QObject* parent)
    : QObject(parent)
    , m_host(host)
    , m_parts(std::make_unique<Parts>(host))
{
    m_parts->wallMode = options.wall;
    m_parts->demo = options.configPath.isEmpty();
    m_parts->configPath = options.configPath;
    if (options.mode == CommandLineOptions::Mode::Screenshot) {
        m_parts->screenshotPath = options.screenshotPath;
        m_parts->screenshotView = options.view;
        m_parts->screenshotAfterSeconds = options.afterSeconds;
    }
}

GuiRunner::~GuiRunner()
{
    m_parts->wall.reset();
    m_parts->window.reset();
}

void GuiRunner::start()
{
    if (m_parts->wallMode)
        startWall();
    else
        startConsole();
    if (!m_parts->screenshotPath.isEmpty()) {
        // A screenshot of the demo acts for the demo roster's first commander, so that the approval
        // view shows who would decide; it renders and exits, so nothing is ever decided in that name.
        if (m_parts->demo)
            m_parts->session.session().signIn(QStringLiteral("alice"));
        connect(&m_host, &EngineHost::fastForwarded, this,
            [this] { QTimer::singleShot(ScreenshotSettleMs, this, [this] { takeScreenshot(); }); });
    }
    m_host.start();
}

void GuiRunner::connectIncidents()
{
    IncidentListModel* incidents = &m_parts->incidents;
    StoreReader* reader = m_host.reader();
    StoreWriter* writer = m_host.writer();
    RunListModel* runs = &m_parts->runs.runs();
    connect(incidents, &IncidentListModel::fetchRequested, reader, &StoreReader::fetchIncidents);
    connect(reader, &StoreReader::incidentsFetched, incidents, &IncidentListModel::onIncidentsFetched);
    connect(reader, &StoreReader::failed, incidents, &IncidentListModel::onFetchFailed);
    connect(writer, &StoreWriter::committed, incidents, &IncidentListModel::onCommitted);
    connect(&m_host, &EngineHost::readerOpened, incidents, [incidents, runs](const StoreOpenResult&) {
        incidents->refresh();
        runs->refresh();
    });
    connect(&m_host, &EngineHost::engineReady, this, [this] {
        m_parts->runs.setEngine(m_host.runEngine());
        m_parts->reviews.setBacktesting(m_host.backtestService(), m_host.automation().playbooks);
        if (!m_parts->screenshotPath.isEmpty())
            m_host.fastForward(qint64(m_parts->screenshotAfterSeconds * 1000));
    });
}

void GuiRunner::startConsole()
{
    Parts& parts = *m_parts;
    parts.theme.applyTo(*qApp);
    MainWindowDependencies dependencies;
    dependencies.incidents = &parts.incidents;
    dependencies.timeline = &parts.timeline;
    dependencies.clock = &m_host.clock();
    // A screenshot must not depend on (or change) the user's saved window layout.
    dependencies.settings = parts.screenshotPath.isEmpty() ? &parts.settings : nullptr;
    dependencies.theme = parts.theme;
    dependencies.runs = &parts.runs.runs();
    dependencies.session = &parts.session.session();
    parts.window = std::make_unique<MainWindow>(dependencies);
    MainWindow* window = parts.window.get();
    ChartPanel* charts = window->chartPanel();
    TimelineModel* timeline = &parts.timeline;
    StoreReader* reader = m_host.reader();
    StoreWriter* writer = m_host.writer();
    RunsConsole* runs = &parts.runs;
    runs->setWindow(window);
    runs->setIncidentTitles([this](qint64 id) {
        for (int row = 0; row < m_parts->incidents.rowCount(); ++row) {
            if (m_parts->incidents.incidentAt(row).id == id)
                return m_parts->incidents.incidentAt(row).title;
        }
        return QString();
    });

    // Reads go to the reader thread and come back by queued signal; every receiver drops ids it
    // did not issue, so answers can be broadcast.
    connectIncidents();
    connect(timeline, &TimelineModel::fetchRequested, reader, &StoreReader::fetchEvents);
    connect(charts, &ChartPanel::alertsRequested, reader, &StoreReader::fetchAlerts);
    connect(charts, &ChartPanel::eventsRequested, reader, &StoreReader::fetchEvents);
    connect(reader, &StoreReader::eventsFetched, timeline, &TimelineModel::onEventsFetched);
    connect(reader, &StoreReader::alertsFetched, charts, &ChartPanel::onAlertsFetched);
    connect(reader, &StoreReader::eventsFetched, charts, &ChartPanel::onEventsFetched);
    connect(reader, &StoreReader::failed, timeline, &TimelineModel::onFetchFailed);
    connect(reader, &StoreReader::failed, charts, &ChartPanel::onFetchFailed);
    connect(writer, &StoreWriter::committed, timeline, &TimelineModel::onCommitted);
    connect(timeline, &TimelineModel::pinsRequested, reader, &StoreReader::fetchPins);
    connect(reader, &StoreReader::pinsFetched, timeline, &TimelineModel::onPinsFetched);
    connect(writer, &StoreWriter::committed, charts, &ChartPanel::onCommitted);

    // Runs: the panel, the title's count, the approval dialog and run windows, freezing.
    connect(window, &MainWindow::runActivated, runs, &RunsConsole::open);
    connect(window, &MainWindow::nextApprovalRequested, runs, &RunsConsole::openNextApproval);
    connect(&runs->runs(), &RunListModel::awaitingApprovalCountChanged, window, &MainWindow::setAwaitingApprovals);
    connect(window, &MainWindow::freezeRequested, runs, &RunsConsole::setFrozen);
    connect(window, &MainWindow::signInRequested, this, [this] { m_parts->session.openSignIn(m_parts->window.get()); });
    connect(window, &MainWindow::settingsRequested, this, &GuiRunner::openSettings);

    // Reviews: one window per incident, the list of all reviews, exports, gate backtesting.
    ReviewsConsole* reviews = &parts.reviews;
    reviews->setWindow(window);
    reviews->setIncidentLookup([this](qint64 id) {
        for (int row = 0; row < m_parts->incidents.rowCount(); ++row) {
            if (m_parts->incidents.incidentAt(row).id == id)
                return m_parts->incidents.incidentAt(row);
        }
        return Incident {};
    });
    connect(window, &MainWindow::reviewRequested, reviews, &ReviewsConsole::openReview);
    connect(window, &MainWindow::reviewListRequested, reviews, &ReviewsConsole::openList);
    connect(window, &MainWindow::backtestRequested, reviews, &ReviewsConsole::openBacktest);
    if (AutomationSwitch* freeze = window->automationSwitch())
        freeze->setFrozen(m_host.automation().settings.frozen);

    connect(&m_host, &EngineHost::sourceHealth, window, &MainWindow::updateSourceHealth);
    connect(&m_host, &EngineHost::receiverStats, window, &MainWindow::updateReceiverStats);
    connect(&m_host, &EngineHost::fatalError, window, [window](const QString& message) {
        window->bannerBar()->showBanner(QStringLiteral("engine"), BannerBar::Level::Error,
            MainWindow::tr("Firebreak is not receiving alerts."), message);
    });
    connect(writer, &StoreWriter::committed, window, [window](const CommittedBatch& batch) {
        if (!batch.audit.isEmpty())
            window->auditHeadLabel()->setHead(batch.audit.constLast().id, batch.audit.constLast().hash);
    });
    connect(&m_host, &EngineHost::storeOpened, window, [window](const StoreOpenResult& result) {
        window->showStoreStatus(result);
        if (result.ok && result.auditLastId >= 0 && !result.auditHeadHash.isEmpty())
            window->auditHeadLabel()->setHead(result.auditLastId, result.auditHeadHash);
        if (!result.problem.isEmpty())
            std::fprintf(stderr, "firebreak: %s\n", qPrintable(result.problem));
    });
    connect(&m_host, &EngineHost::readerOpened, window, [window](const StoreOpenResult& result) {
        if (!result.ok)
            window->showStoreStatus(result);
    });
    connect(&m_host, &EngineHost::engineReady, this, [this, charts, window] {
        // Curation (notes, pins, status, commander) goes to the pipeline that owns the incidents; a
        // refusal comes back as a banner saying why.
        if (IngestPipeline* pipeline = m_host.pipeline()) {
            connect(window->timelineView(), &TimelineView::commandRequested, pipeline, &IngestPipeline::applyCommand);
            connect(pipeline, &IngestPipeline::commandRefused, window,
                [window](const IncidentCommand&, const QString& why) {
                    window->bannerBar()->showBanner(QStringLiteral("curation"), BannerBar::Level::Warning,
                        MainWindow::tr("That change was not made."), why);
                });
        }
        if (RunEngine* engine = m_host.runEngine()) {
            if (AutomationSwitch* freeze = window->automationSwitch())
                connect(engine, &RunEngine::frozenChanged, freeze, &AutomationSwitch::setFrozen);
        }
        // Without a metric source (a configuration that names no Prometheus) the charts stay empty.
        if (MetricQueryService* metrics = m_host.metricService()) {
            connect(charts, &ChartPanel::rangeRequested, metrics, &MetricQueryService::requestRange);
            connect(metrics, &MetricQueryService::rangeReady, charts, &ChartPanel::onRangeReady);
            connect(metrics, &MetricQueryService::stalenessChanged, charts, &ChartPanel::onStalenessChanged);
        } else {
            charts->setNoMetricSource(
                tr("No metrics: the configuration names no Prometheus (add prometheus.url to chart alerts)."));
        }
    });
    window->resize(1600, 1000);
    window->show();
}

void GuiRunner::startWall()
{
    Parts& parts = *m_parts;
    parts.wallTheme.applyTo(*qApp);
    parts.wall = std::make_unique<WallWindow>(parts.incidents, m_host.clock(), parts.wallTheme);
    WallWindow* wall = parts.wall.get();
    StoreReader* reader = m_host.reader();
    RunListModel* runs = &parts.runs.runs();
    connectIncidents();
    connect(wall, &WallWindow::alertsRequested, reader, &StoreReader::fetchAlerts);
    connect(wall, &WallWindow::eventsRequested, reader, &StoreReader::fetchEvents);
    connect(reader, &StoreReader::alertsFetched, wall, &WallWindow::onAlertsFetched);
    connect(reader, &StoreReader::eventsFetched, wall, &WallWindow::onEventsFetched);
    connect(m_host.writer(), &StoreWriter::committed, wall, &WallWindow::onCommitted);
    connect(&m_host, &EngineHost::sourceHealth, wall, &WallWindow::updateSourceHealth);
    // The count per incident can change without the total changing (one decided, another asked).
    const auto updateApprovals = [wall, runs] { wall->setAwaitingApprovals(runs->awaitingApprovalByIncident()); };
    connect(runs, &QAbstractItemModel::rowsInserted, wall, updateApprovals);
    connect(runs, &QAbstractItemModel::rowsRemoved, wall, updateApprovals);
    connect(runs, &QAbstractItemModel::rowsMoved, wall, updateApprovals);
    connect(runs, &QAbstractItemModel::dataChanged, wall, updateApprovals);
    connect(runs, &QAbstractItemModel::modelReset, wall, updateApprovals);
    connect(&m_host, &EngineHost::engineReady, this, [this, wall] {
        if (MetricQueryService* metrics = m_host.metricService()) {
            connect(wall, &WallWindow::rangeRequested, metrics, &MetricQueryService::requestRange);
            connect(metrics, &MetricQueryService::rangeReady, wall, &WallWindow::onRangeReady);
            connect(metrics, &MetricQueryService::stalenessChanged, wall, &WallWindow::onStalenessChanged);
        }
    });
    if (parts.screenshotPath.isEmpty()) {
        wall->showFullScreen();
    } else {
        wall->resize(1920, 1080);
        wall->show();
    }
}

void GuiRunner::openSettings()
{
    const std::optional<FirebreakConfig>& config = m_host.config();
    const QString path = m_parts->configPath.isEmpty() ? SettingsDialog::defaultFilePath() : m_parts->configPath;
    auto* dialog = new SettingsDialog(config ? *config : FirebreakConfig {}, path, m_parts->window.get());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

MainWindow* GuiRunner::window() const
{
    return m_parts->window.get();
}

WallWindow* GuiRunner::wall() const
{
    return m_parts->wall.get();
}

IncidentListModel& GuiRunner::incidents() const
{
    return m_parts->incidents;
}

TimelineModel& GuiRunner::timeline() const
{
    return m_parts->timeline;
}

ReviewsConsole& GuiRunner::reviews() const
{
    return m_parts->reviews;
}

RunsConsole& GuiRunner::runs() const
{
    return m_parts->runs;
}

ConsoleSession& GuiRunner::session() const
{
    return m_parts->session;
}

void GuiRunner::takeScreenshot()
{
    Parts& parts = *m_parts;
    if (parts.screenshotView == QLatin1String("wall")) {
        saveScreenshot(parts.wall.get());
        return;
    }
    if (parts.screenshotView == QLatin1String("main")) {
        saveScreenshot(parts.window.get());
        return;
    }
    // approval / run: wait (up to a limit) for a run worth showing, open its view, let it load.
    const bool approval = parts.screenshotView == QLatin1String("approval");
    auto* poll = new QTimer(this);
    auto* waited = new QElapsedTimer;
    waited->start();
    connect(poll, &QTimer::timeout, this, [this, poll, waited, approval] {
        RunListModel& runs = m_parts->runs.runs();
        qint64 chosen = 0;
        int best = 0;
        for (int row = 0; row < runs.rowCount() && chosen == 0; ++row) {
            const Run& run = runs.runAt(row);
            if (approval && run.state == RunState::AwaitingApproval)
                chosen = run.id;
            if (!approval && runViewPreference(run.state) > best) {
                best = runViewPreference(run.state);
                if (best == 3)
                    chosen = run.id;
            }
        }
        if (!approval && chosen == 0 && best > 0 && waited->elapsed() > ScreenshotSearchMs / 3) {
            for (int row = 0; row < runs.rowCount() && chosen == 0; ++row) {
                if (runViewPreference(runs.runAt(row).state) == best)
                    chosen = runs.runAt(row).id;
            }
        }
        if (chosen == 0 && waited->elapsed() < ScreenshotSearchMs)
            return;
        poll->stop();
        poll->deleteLater();
        delete waited;
        if (chosen == 0) {
            std::fprintf(stderr, "firebreak: no run %s within %d s of the demo; try a longer --after\n",
                approval ? "awaiting approval" : "with verification to show", ScreenshotSearchMs / 1000);
            Q_EMIT finished(1);
            return;
        }
        QWidget* shown = nullptr;
        if (approval) {
            m_parts->runs.openApproval(chosen);
            shown = m_parts->runs.approvalDialog(chosen);
        } else {
            m_parts->runs.openRunView(chosen);
            shown = m_parts->runs.runView(chosen);
        }
        QPointer<QWidget> target = shown;
        QTimer::singleShot(ScreenshotSettleMs, this, [this, target] { saveScreenshot(target.data()); });
    });
    poll->start(250);
}

void GuiRunner::saveScreenshot(QWidget* widget)
{
    const bool saved = widget && widget->grab().save(m_parts->screenshotPath, "PNG");
    if (!saved)
        std::fprintf(stderr, "firebreak: could not write the screenshot to %s\n", qPrintable(m_parts->screenshotPath));
    Q_EMIT finished(saved ? 0 : 1);
}

} // namespace firebreak
