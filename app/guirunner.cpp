#include "guirunner.h"

#include "charts/chartpanel.h"
#include "commandline.h"
#include "engine/metricqueryservice.h"
#include "enginehost.h"
#include "itemmodels/incidentlistmodel.h"
#include "itemmodels/timelinemodel.h"
#include "mainwindow/mainwindow.h"
#include "status/auditheadlabel.h"
#include "status/bannerbar.h"
#include "store/storereader.h"
#include "store/storewriter.h"
#include "style/theme.h"

#include <QApplication>
#include <QSettings>
#include <QTimer>
#include <cstdio>

namespace firebreak {

// Objects are declared in construction order; the window goes first on destruction because its
// views hold the models.
struct GuiRunner::Parts {
    explicit Parts(const Clock& clock)
        : incidents(clock)
    {
    }
    IncidentListModel incidents;
    TimelineModel timeline;
    QSettings settings;
    std::unique_ptr<MainWindow> window;
    QString screenshotPath;
    double screenshotAfterSeconds = 0;
};

GuiRunner::GuiRunner(EngineHost& host, const CommandLineOptions& options, QObject* parent)
    : QObject(parent)
    , m_host(host)
    , m_parts(std::make_unique<Parts>(host.clock()))
{
    if (options.mode == CommandLineOptions::Mode::Screenshot) {
        m_parts->screenshotPath = options.screenshotPath;
        m_parts->screenshotAfterSeconds = options.afterSeconds;
    }
}

GuiRunner::~GuiRunner()
{
    m_parts->window.reset();
}

void GuiRunner::start()
{
    const Theme theme = Theme::matching(QApplication::palette());
    theme.applyTo(*qApp);
    MainWindowDependencies dependencies;
    dependencies.incidents = &m_parts->incidents;
    dependencies.timeline = &m_parts->timeline;
    dependencies.clock = &m_host.clock();
    // A screenshot must not depend on (or change) the user's saved window layout.
    dependencies.settings = m_parts->screenshotPath.isEmpty() ? &m_parts->settings : nullptr;
    dependencies.theme = theme;
    m_parts->window = std::make_unique<MainWindow>(dependencies);
    MainWindow* window = m_parts->window.get();
    ChartPanel* charts = window->chartPanel();
    IncidentListModel* incidents = &m_parts->incidents;
    TimelineModel* timeline = &m_parts->timeline;
    StoreReader* reader = m_host.reader();
    StoreWriter* writer = m_host.writer();

    // Reads go to the reader thread and come back by queued signal; every receiver drops ids it
    // did not issue, so answers can be broadcast.
    connect(incidents, &IncidentListModel::fetchRequested, reader, &StoreReader::fetchIncidents);
    connect(timeline, &TimelineModel::fetchRequested, reader, &StoreReader::fetchEvents);
    connect(charts, &ChartPanel::alertsRequested, reader, &StoreReader::fetchAlerts);
    connect(charts, &ChartPanel::eventsRequested, reader, &StoreReader::fetchEvents);
    connect(reader, &StoreReader::incidentsFetched, incidents, &IncidentListModel::onIncidentsFetched);
    connect(reader, &StoreReader::eventsFetched, timeline, &TimelineModel::onEventsFetched);
    connect(reader, &StoreReader::alertsFetched, charts, &ChartPanel::onAlertsFetched);
    connect(reader, &StoreReader::eventsFetched, charts, &ChartPanel::onEventsFetched);
    connect(reader, &StoreReader::failed, incidents, &IncidentListModel::onFetchFailed);
    connect(reader, &StoreReader::failed, timeline, &TimelineModel::onFetchFailed);
    connect(reader, &StoreReader::failed, charts, &ChartPanel::onFetchFailed);
    connect(writer, &StoreWriter::committed, incidents, &IncidentListModel::onCommitted);
    connect(writer, &StoreWriter::committed, timeline, &TimelineModel::onCommitted);
    connect(writer, &StoreWriter::committed, charts, &ChartPanel::onCommitted);

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
    connect(&m_host, &EngineHost::readerOpened, incidents, [incidents, window](const StoreOpenResult& result) {
        if (!result.ok)
            window->showStoreStatus(result);
        incidents->refresh();
    });
    connect(&m_host, &EngineHost::engineReady, this, [this, charts, window] {
        // Without a metric source (a configuration that names no Prometheus) the charts stay empty.
        if (MetricQueryService* metrics = m_host.metricService()) {
            connect(charts, &ChartPanel::rangeRequested, metrics, &MetricQueryService::requestRange);
            connect(metrics, &MetricQueryService::rangeReady, charts, &ChartPanel::onRangeReady);
            connect(metrics, &MetricQueryService::stalenessChanged, charts, &ChartPanel::onStalenessChanged);
        } else {
            charts->setNoMetricSource(
                tr("No metrics: the configuration names no Prometheus (add prometheus.url to chart alerts)."));
        }
        if (!m_parts->screenshotPath.isEmpty())
            m_host.fastForward(qint64(m_parts->screenshotAfterSeconds * 1000));
    });
    if (!m_parts->screenshotPath.isEmpty()) {
        // Give the store, the models and the charts a moment to show what the fast-forward produced.
        connect(&m_host, &EngineHost::fastForwarded, this,
            [this] { QTimer::singleShot(3000, this, [this] { saveScreenshot(); }); });
    }

    m_host.start();
    window->resize(1600, 1000);
    window->show();
}

MainWindow* GuiRunner::window() const
{
    return m_parts->window.get();
}

IncidentListModel& GuiRunner::incidents() const
{
    return m_parts->incidents;
}

TimelineModel& GuiRunner::timeline() const
{
    return m_parts->timeline;
}

void GuiRunner::saveScreenshot()
{
    const bool saved = m_parts->window->grab().save(m_parts->screenshotPath, "PNG");
    if (!saved)
        std::fprintf(stderr, "firebreak: could not write the screenshot to %s\n", qPrintable(m_parts->screenshotPath));
    Q_EMIT finished(saved ? 0 : 1);
}

} // namespace firebreak
