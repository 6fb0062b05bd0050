#include "mainwindow.h"

#include "charts/chartpanel.h"
#include "incidents/incidentlistview.h"
#include "itemmodels/incidentlistmodel.h"
#include "itemmodels/timelinemodel.h"
#include "runs/runspanel.h"
#include "status/auditheadlabel.h"
#include "status/automationswitch.h"
#include "status/bannerbar.h"
#include "status/receiverbanners.h"
#include "status/sessionbutton.h"
#include "status/sourcestatusbar.h"
#include "timeline/timelineview.h"

#include <QApplication>
#include <QCloseEvent>
#include <QMenuBar>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QVBoxLayout>

namespace firebreak {

namespace {
const QString StoreBanner = QStringLiteral("store");

const MainWindowDependencies& checked(const MainWindowDependencies& d)
{
    if (!d.incidents)
        qFatal("MainWindow: MainWindowDependencies.incidents is null; an IncidentListModel is required");
    if (!d.timeline)
        qFatal("MainWindow: MainWindowDependencies.timeline is null; a TimelineModel is required");
    if (!d.clock)
        qFatal("MainWindow: MainWindowDependencies.clock is null; a Clock is required");
    return d;
}
} // namespace

MainWindow::MainWindow(const MainWindowDependencies& dependencies, QWidget* parent)
    : QMainWindow(parent)
    , m_theme(checked(dependencies).theme.value_or(Theme::matching(QApplication::palette())))
    , m_icons(m_theme)
    , m_settings(dependencies.settings)
{
    setObjectName(QStringLiteral("mainWindow"));
    updateTitle();
    setWindowIcon(IconProvider::appIcon());
    setPalette(m_theme.palette());

    dependencies.incidents->setSeverityPalette(m_theme.severity);
    dependencies.timeline->setSeverityPalette(m_theme.severity);

    m_banners = new BannerBar(m_theme, this);
    m_incidentList = new IncidentListView(*dependencies.incidents, m_theme, this);
    m_timeline = new TimelineView(*dependencies.timeline, m_theme, m_icons, this);
    m_timeline->setSettings(dependencies.settings);
    m_timeline->setOperatorSession(dependencies.session);
    m_charts = new ChartPanel(*dependencies.clock, m_theme, this);
    m_sources = new SourceStatusBar(m_theme, this);
    if (dependencies.runs) {
        m_runs = new RunsPanel(*dependencies.runs, m_theme, this);
        connect(m_runs, &RunsPanel::runActivated, this, &MainWindow::runActivated);
    }

    m_rightSplitter = new QSplitter(Qt::Vertical, this);
    m_rightSplitter->setObjectName(QStringLiteral("rightSplitter"));
    m_rightSplitter->addWidget(panel(m_timeline));
    m_rightSplitter->addWidget(panel(m_charts));
    m_rightSplitter->setStretchFactor(0, 5);
    m_rightSplitter->setStretchFactor(1, 4);
    m_mainSplitter = new QSplitter(Qt::Horizontal, this);
    m_mainSplitter->setObjectName(QStringLiteral("mainSplitter"));
    m_leftSplitter = new QSplitter(Qt::Vertical, this);
    m_leftSplitter->setObjectName(QStringLiteral("leftSplitter"));
    m_leftSplitter->addWidget(panel(m_incidentList));
    if (m_runs)
        m_leftSplitter->addWidget(panel(m_runs));
    m_mainSplitter->addWidget(m_leftSplitter);
    m_mainSplitter->addWidget(m_rightSplitter);
    m_mainSplitter->setStretchFactor(0, 0);
    m_mainSplitter->setStretchFactor(1, 1);
    for (QSplitter* splitter : { m_mainSplitter, m_leftSplitter, m_rightSplitter }) {
        splitter->setHandleWidth(4);
        splitter->setChildrenCollapsible(false);
    }

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_banners);
    layout->addWidget(m_mainSplitter, 1);
    setCentralWidget(central);
    statusBar()->addWidget(m_sources, 1);
    m_auditHead = new AuditHeadLabel(this);
    if (dependencies.session) {
        m_automation = new AutomationSwitch(m_theme, *dependencies.session, this);
        connect(m_automation, &AutomationSwitch::freezeRequested, this, &MainWindow::freezeRequested);
        m_sessionButton = new SessionButton(*dependencies.session, this);
        connect(m_sessionButton, &SessionButton::signInRequested, this, &MainWindow::signInRequested);
        statusBar()->addPermanentWidget(m_automation);
        statusBar()->addPermanentWidget(m_sessionButton);
    }
    statusBar()->addPermanentWidget(m_auditHead);
    statusBar()->setSizeGripEnabled(false);

    connect(m_incidentList, &IncidentListView::incidentSelected, this, &MainWindow::onIncidentSelected);
    connect(m_timeline, &TimelineView::eventSelected, m_charts, &ChartPanel::highlightEvent);
    connect(m_timeline, &TimelineView::selectionCleared, m_charts, &ChartPanel::clearHighlight);

    buildMenus();
    resize(1440, 900);
    m_mainSplitter->setSizes({ 560, 880 });
    m_leftSplitter->setSizes({ 520, 380 });
    m_rightSplitter->setSizes({ 390, 480 });
    restoreSettings();
}

MainWindow::~MainWindow()
{
    // The parts hold references to m_theme; QWidget would delete them only after members are gone.
    delete takeCentralWidget();
    delete m_sources;
}

QWidget* MainWindow::panel(QWidget* content)
{
    // Each part sits on the surface colour; the window colour between them reads as a gutter.
    QPalette palette = content->palette();
    palette.setColor(QPalette::Window, m_theme.surface);
    content->setPalette(palette);
    content->setAutoFillBackground(true);
    return content;
}

void MainWindow::buildMenus()
{
    QMenu* console = menuBar()->addMenu(tr("&Console"));
    QAction* signIn = console->addAction(tr("&Sign in…"), this, &MainWindow::signInRequested);
    signIn->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I));
    signIn->setEnabled(m_sessionButton != nullptr);
    QAction* settings = console->addAction(tr("Sources and &settings…"), this, &MainWindow::settingsRequested);
    settings->setShortcut(QKeySequence::Preferences);
    console->addSeparator();
    QAction* quit = console->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    QMenu* runs = menuBar()->addMenu(tr("&Runs"));
    QAction* next = runs->addAction(tr("Review the next &approval"), this, &MainWindow::nextApprovalRequested);
    next->setObjectName(QStringLiteral("nextApprovalAction"));
    next->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    next->setEnabled(m_runs != nullptr);
    if (m_automation) {
        runs->addSeparator();
        runs->addAction(tr("&Freeze or unfreeze automation…"), m_automation, &QToolButton::click);
    }
    QMenu* reviews = menuBar()->addMenu(tr("Re&views"));
    m_reviewAction = reviews->addAction(tr("&Review of this incident…"), this, [this] {
        if (m_selected.id > 0)
            Q_EMIT reviewRequested(m_selected);
    });
    m_reviewAction->setObjectName(QStringLiteral("reviewIncidentAction"));
    m_reviewAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    m_reviewAction->setEnabled(false);
    m_reviewAction->setToolTip(tr("Select an incident first"));
    QAction* list = reviews->addAction(tr("&All reviews…"), this, &MainWindow::reviewListRequested);
    list->setObjectName(QStringLiteral("reviewListAction"));
    list->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    reviews->addSeparator();
    QAction* backtest = reviews->addAction(tr("&Backtest a gate…"), this, &MainWindow::backtestRequested);
    backtest->setObjectName(QStringLiteral("backtestAction"));
    menuBar()->setPalette(m_theme.palette());
}

void MainWindow::setAwaitingApprovals(int count)
{
    m_awaiting = count;
    updateTitle();
}

void MainWindow::updateTitle()
{
    setWindowTitle(m_awaiting > 0
            ? tr("(%1) Firebreak — %n run(s) awaiting approval", nullptr, m_awaiting).arg(m_awaiting)
            : tr("Firebreak — incident console"));
}

void MainWindow::onIncidentSelected(const Incident& incident)
{
    if (m_runs)
        m_runs->setIncident(incident.id);
    m_timeline->setIncident(incident);
    m_charts->setIncident(incident);
    m_selected = incident;
    if (m_reviewAction) {
        m_reviewAction->setEnabled(incident.id > 0);
        m_reviewAction->setText(
            incident.id > 0 ? tr("&Review of incident %1…").arg(incident.id) : tr("&Review of this incident…"));
    }
}

void MainWindow::showStoreStatus(const StoreOpenResult& result)
{
    m_sources->showStore(result);
    if (!result.ok) {
        m_banners->showBanner(StoreBanner, BannerBar::Level::Error, tr("The event store could not be opened."),
            tr("%1 — nothing is being recorded. (%2)").arg(result.problem, result.path));
    } else if (result.readOnly) {
        m_banners->showBanner(StoreBanner, BannerBar::Level::Error,
            tr("Store opened READ-ONLY — new alerts and events are not being saved."),
            tr("%1 (%2). The file was left untouched.").arg(result.problem, result.path));
    } else {
        m_banners->clearBanner(StoreBanner);
    }
}

void MainWindow::updateSourceHealth(const SourceHealth& health)
{
    m_sources->updateSource(health);
    const QString key = QStringLiteral("source:") + health.name;
    if (health.state == SourceHealth::State::Down) {
        m_banners->showBanner(key, BannerBar::Level::Warning, tr("Lost contact with %1.").arg(health.name),
            health.detail.isEmpty() ? tr("Retrying.") : health.detail);
    } else if (m_banners->hasBanner(key)) {
        m_banners->clearBanner(key);
    }
}

void MainWindow::updateReceiverStats(const ReceiverStats& stats)
{
    ReceiverBanners::apply(*m_banners, stats);
}

void MainWindow::saveSettings() const
{
    if (!m_settings)
        return;
    m_settings->beginGroup(QStringLiteral("mainWindow"));
    m_settings->setValue(QStringLiteral("geometry"), saveGeometry());
    m_settings->setValue(QStringLiteral("state"), saveState());
    m_settings->setValue(QStringLiteral("mainSplitter"), m_mainSplitter->saveState());
    m_settings->setValue(QStringLiteral("leftSplitter"), m_leftSplitter->saveState());
    if (m_runs)
        m_settings->setValue(QStringLiteral("runColumns"), m_runs->saveHeaderState());
    m_settings->setValue(QStringLiteral("rightSplitter"), m_rightSplitter->saveState());
    m_settings->setValue(QStringLiteral("incidentColumns"), m_incidentList->saveHeaderState());
    m_settings->setValue(QStringLiteral("timelineColumns"), m_timeline->saveHeaderState());
    m_settings->endGroup();
}

void MainWindow::restoreSettings()
{
    if (!m_settings)
        return;
    m_settings->beginGroup(QStringLiteral("mainWindow"));
    restoreGeometry(m_settings->value(QStringLiteral("geometry")).toByteArray());
    restoreState(m_settings->value(QStringLiteral("state")).toByteArray());
    m_mainSplitter->restoreState(m_settings->value(QStringLiteral("mainSplitter")).toByteArray());
    m_leftSplitter->restoreState(m_settings->value(QStringLiteral("leftSplitter")).toByteArray());
    if (m_runs)
        m_runs->restoreHeaderState(m_settings->value(QStringLiteral("runColumns")).toByteArray());
    m_rightSplitter->restoreState(m_settings->value(QStringLiteral("rightSplitter")).toByteArray());
    m_incidentList->restoreHeaderState(m_settings->value(QStringLiteral("incidentColumns")).toByteArray());
    m_timeline->restoreHeaderState(m_settings->value(QStringLiteral("timelineColumns")).toByteArray());
    m_settings->endGroup();
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

} // namespace firebreak
