#include "chartpanel.h"

#include "interfaces/clock.h"
#include "itemmodels/eventfilter.h"
#include "itemmodels/requestids.h"
#include "markerfamilies.h"
#include "metricchartview.h"
#include "store/writebatch.h"
#include "style/theme.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>

namespace firebreak {

namespace {
QString clockText(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("HH:mm:ss"));
}

QString minuteText(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(QStringLiteral("HH:mm"));
}
} // namespace

ChartPanel::ChartPanel(const Clock& clock, const Theme& theme, QWidget* parent)
    : QWidget(parent)
    , m_clock(clock)
    , m_theme(theme)
    , m_header(new QLabel(tr("Metrics"), this))
    , m_resetZoom(new QPushButton(tr("Reset"), this))
    , m_legend(new QLabel(this))
    , m_placeholder(new QLabel(this))
    , m_staleBanner(new QLabel(this))
    , m_staleTimer(new QTimer(this))
    , m_scroll(new QScrollArea(this))
    , m_chartsHost(new QWidget)
    , m_refreshTimer(new QTimer(this))
    , m_markerTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("chartPanel"));
    QFont headerFont = m_header->font();
    headerFont.setBold(true);
    headerFont.setPointSizeF(headerFont.pointSizeF() * 1.1);
    m_header->setFont(headerFont);
    m_header->setTextFormat(Qt::PlainText);
    QPalette muted = m_placeholder->palette();
    muted.setColor(QPalette::WindowText, theme.mutedText);
    m_placeholder->setPalette(muted);
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_staleBanner->setObjectName(QStringLiteral("staleBanner"));
    m_staleBanner->setTextFormat(Qt::PlainText);
    m_staleBanner->setWordWrap(true);
    m_staleBanner->setContentsMargins(8, 6, 8, 6);
    m_staleBanner->setAutoFillBackground(true);
    QPalette warning = m_staleBanner->palette();
    warning.setColor(QPalette::Window, theme.warningBackground);
    warning.setColor(QPalette::WindowText, theme.warningText);
    m_staleBanner->setPalette(warning);
    m_staleBanner->setVisible(false);
    m_staleTimer->setInterval(1000);
    connect(m_staleTimer, &QTimer::timeout, this, &ChartPanel::updateStaleBanner);

    m_chartsLayout = new QVBoxLayout(m_chartsHost);
    m_chartsLayout->setContentsMargins(0, 0, 0, 0);
    m_chartsLayout->setSpacing(1);
    // Charts share the panel's height (each at least its minimum, then the panel scrolls), so one
    // or two charts fill the space instead of leaving it blank.
    m_scroll->setWidget(m_chartsHost);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    QPalette surface = m_chartsHost->palette();
    surface.setColor(QPalette::Window, theme.border);
    m_chartsHost->setPalette(surface);
    m_chartsHost->setAutoFillBackground(true);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_header->setContentsMargins(8, 6, 8, 6);
    m_resetZoom->setObjectName(QStringLiteral("resetZoom"));
    m_resetZoom->setFlat(true);
    QPalette link = m_resetZoom->palette();
    link.setColor(QPalette::ButtonText, theme.dark ? theme.accent.lighter(140) : theme.accent);
    m_resetZoom->setPalette(link);
    QFont linkFont = m_resetZoom->font();
    linkFont.setBold(true);
    linkFont.setUnderline(true);
    m_resetZoom->setFont(linkFont);
    m_resetZoom->setCursor(Qt::PointingHandCursor);
    m_resetZoom->setToolTip(tr("Back to following the incident live (Esc or double-click on a chart)"));
    m_resetZoom->setVisible(false);
    connect(m_resetZoom, &QPushButton::clicked, this, &ChartPanel::resetZoom);
    auto* headerRow = new QHBoxLayout;
    headerRow->setContentsMargins(0, 0, 8, 0);
    headerRow->setSpacing(4);
    headerRow->addWidget(m_header);
    headerRow->addWidget(m_resetZoom);
    headerRow->addStretch(1);
    layout->addLayout(headerRow);
    buildLegend();
    layout->addWidget(m_legend);
    layout->addWidget(m_staleBanner);
    layout->addWidget(m_placeholder, 1);
    layout->addWidget(m_scroll, 1);

    m_refreshTimer->setInterval(RefreshIntervalMs);
    connect(m_refreshTimer, &QTimer::timeout, this, &ChartPanel::refresh);
    m_markerTimer->setSingleShot(true);
    m_markerTimer->setInterval(MarkerUpdateIntervalMs);
    connect(m_markerTimer, &QTimer::timeout, this, &ChartPanel::updateMarkers);
    updatePlaceholder();
}

ChartPanel::~ChartPanel() = default;

QVector<MetricChartView*> ChartPanel::chartViews() const
{
    QVector<MetricChartView*> views;
    for (const auto& chart : m_charts)
        views.append(chart->view);
    return views;
}

void ChartPanel::clear()
{
    for (auto& chart : m_charts)
        delete chart->view;
    m_charts.clear();
    m_markerEvents.clear();
    m_markerTimer->stop();
    m_highlight = {};
    m_zoomed = false;
    m_incident = {};
    m_alertsRequest = 0;
    m_alertsLoaded = false;
    m_alertsError.clear();
    m_eventsRequest = 0;
    m_markersError.clear();
    m_refreshTimer->stop();
    updateHeader();
    updatePlaceholder();
}

void ChartPanel::setIncident(const Incident& incident)
{
    if (incident.id == m_incident.id && incident.id != 0) {
        const bool wasActive = m_incident.isActive();
        // Moving the axes relayouts every chart; an update that leaves the range as it was (a new
        // alert, a count) waits for the periodic refresh instead.
        const bool rangeMoved = incident.detectedMs != m_incident.detectedMs || incident.isActive() != wasActive
            || incident.resolvedMs != m_incident.resolvedMs;
        m_incident = incident;
        if (rangeMoved)
            updateRange();
        if (!incident.isActive() && wasActive) {
            refresh(); // one last look at the final range
            m_refreshTimer->stop();
        } else if (incident.isActive() && !m_refreshTimer->isActive()) {
            m_refreshTimer->start();
        }
        updateHeader();
        return;
    }
    clear();
    m_incident = incident;
    if (incident.id == 0)
        return;
    updateRange();
    m_alertsRequest = RequestIds::next();
    Q_EMIT alertsRequested(m_alertsRequest, incident.id);
    EventQuery query;
    query.incidentId = incident.id;
    query.contextFromMs = m_startMs;
    query.kinds = MarkerFamilies::kinds();
    query.limit = MarkerEventLimit;
    m_eventsRequest = RequestIds::next();
    Q_EMIT eventsRequested(m_eventsRequest, query);
    if (incident.isActive())
        m_refreshTimer->start();
    updateHeader();
    updatePlaceholder();
}

bool ChartPanel::eventInScope(const Event& event) const
{
    EventQuery scope;
    scope.incidentId = m_incident.id;
    scope.contextFromMs = m_incident.detectedMs - ContextBeforeMs;
    return m_incident.id != 0 && EventFilter::inScope(scope, event);
}

void ChartPanel::onAlertsFetched(quint64 requestId, const QVector<Alert>& alerts)
{
    if (requestId == 0 || requestId != m_alertsRequest)
        return;
    m_alertsRequest = 0;
    m_alertsLoaded = true;
    ingestAlerts(alerts);
    updatePlaceholder();
}

void ChartPanel::onEventsFetched(quint64 requestId, const QVector<Event>& events, bool more)
{
    Q_UNUSED(more) // the newest MarkerEventLimit events are plenty for markers
    if (requestId == 0 || requestId != m_eventsRequest)
        return;
    m_eventsRequest = 0;
    addMarkers(events);
    updateMarkers();
}

void ChartPanel::onFetchFailed(quint64 requestId, const QString& error)
{
    if (requestId == 0)
        return;
    if (requestId == m_alertsRequest) {
        m_alertsRequest = 0;
        m_alertsError = error;
        updatePlaceholder();
    } else if (requestId == m_eventsRequest) {
        m_eventsRequest = 0;
        m_markersError = error;
        updateHeader();
    }
}

void ChartPanel::onCommitted(const CommittedBatch& batch)
{
    if (m_incident.id == 0)
        return;
    for (const Incident& incident : batch.incidents) {
        if (incident.id == m_incident.id && incident.updatedMs >= m_incident.updatedMs)
            setIncident(incident);
    }
    // Taken even while the first fetch is under way: it may have read the store before this commit,
    // and charts and markers both merge what they already have.
    QVector<Alert> alerts;
    for (const Alert& alert : batch.alerts) {
        if (alert.incidentId == m_incident.id)
            alerts.append(alert);
    }
    QVector<Event> markers;
    for (const Event& event : batch.events) {
        if (MarkerFamilies::of(event.kind) && eventInScope(event))
            markers.append(event);
    }
    if (!alerts.isEmpty()) {
        ingestAlerts(alerts);
        updatePlaceholder();
    }
    addMarkers(markers);
}

void ChartPanel::ingestAlerts(const QVector<Alert>& alerts)
{
    for (const Alert& alert : alerts) {
        if (alert.incidentId != m_incident.id)
            continue;
        const std::optional<ChartSpec> spec = ChartSpec::fromAlert(alert);
        if (!spec)
            continue;
        bool created = false;
        Chart& chart = chartFor(*spec, &created);
        if (created)
            requestRange(chart);
    }
}

void ChartPanel::addMarkers(const QVector<Event>& events)
{
    bool changed = false;
    for (const Event& event : events) {
        if (!m_markerEvents.contains(event.id)) {
            m_markerEvents.insert(event.id, event);
            changed = true;
        }
    }
    if (!changed)
        return;
    // Keep the newest markers only: more than a few thousand lines on one chart are unreadable, and
    // rebuilding them on every commit of an alert storm stalled the GUI thread.
    if (m_markerEvents.size() > MarkerEventLimit + MarkerEventLimit / 4) {
        QVector<qint64> times;
        times.reserve(m_markerEvents.size());
        for (const Event& event : std::as_const(m_markerEvents))
            times.append(event.timeMs);
        const auto cut = times.begin() + (times.size() - MarkerEventLimit);
        std::nth_element(times.begin(), cut, times.end());
        const qint64 oldestKept = *cut;
        m_markerEvents.removeIf(
            [oldestKept](const QHash<qint64, Event>::iterator it) { return it.value().timeMs < oldestKept; });
    }
    if (!m_markerTimer->isActive())
        m_markerTimer->start();
}

ChartPanel::Chart& ChartPanel::chartFor(const ChartSpec& spec, bool* created)
{
    for (auto& chart : m_charts) {
        if (chart->spec.key == spec.key) {
            Chart& found = *chart; // stays put when keepChartsInFiringOrder() reorders the pointers
            if (chart->spec.merge(spec)) {
                chart->view->setHeading(chart->spec.title + QStringLiteral("  ·  ") + chart->spec.key, chart->spec.key);
                if (chart->lastGoodMs > 0)
                    requestRange(*chart); // another alert of this rule: its series may be new
            }
            *created = false;
            keepChartsInFiringOrder();
            return found;
        }
    }
    auto chart = std::make_unique<Chart>();
    chart->spec = spec;
    chart->view = new MetricChartView(m_theme, m_chartsHost);
    chart->view->setHeading(spec.title + QStringLiteral("  ·  ") + spec.key, spec.key);
    chart->view->setThreshold(spec.expression);
    chart->view->setTimeRange(viewStartMs(), viewEndMs());
    connect(chart->view, &MetricChartView::timeRangeRequested, this, &ChartPanel::zoomTo);
    connect(chart->view, &MetricChartView::resetRequested, this, &ChartPanel::resetZoom);
    // After every chart whose alerts fired no later than this one's; the layout's last item is the stretch.
    const auto position = std::upper_bound(m_charts.begin(), m_charts.end(), spec.firstStartsAtMs,
        [](qint64 startsAtMs, const std::unique_ptr<Chart>& other) {
            return startsAtMs < other->spec.firstStartsAtMs;
        });
    m_chartsLayout->insertWidget(int(position - m_charts.begin()), chart->view, 1);
    Chart& added = **m_charts.insert(position, std::move(chart));
    *created = true;
    updateMarkers();
    if (m_highlight.id != 0)
        highlightEvent(m_highlight);
    return added;
}

void ChartPanel::keepChartsInFiringOrder()
{
    const auto byFirstAlert = [](const std::unique_ptr<Chart>& a, const std::unique_ptr<Chart>& b) {
        return a->spec.firstStartsAtMs < b->spec.firstStartsAtMs;
    };
    if (std::is_sorted(m_charts.begin(), m_charts.end(), byFirstAlert))
        return;
    std::stable_sort(m_charts.begin(), m_charts.end(), byFirstAlert);
    for (const auto& chart : m_charts)
        m_chartsLayout->removeWidget(chart->view);
    for (int i = 0; i < int(m_charts.size()); ++i)
        m_chartsLayout->insertWidget(i, m_charts[std::size_t(i)]->view, 1);
}

void ChartPanel::setNoMetricSource(const QString& reason)
{
    m_noMetricSource = reason;
    updatePlaceholder();
}

void ChartPanel::requestRange(Chart& chart)
{
    if (!m_noMetricSource.isEmpty())
        return;
    if (chart.pending != 0 && chart.askedAt.isValid() && chart.askedAt.elapsed() < RequestTimeoutMs)
        return; // still waiting; a slow source should not be buried under more requests
    // The live range, and whatever the user scrolled to beyond it, so that panning back and forth
    // within it needs no new query.
    const qint64 start = m_zoomed ? std::min(m_startMs, m_zoomStartMs) : m_startMs;
    const qint64 end = m_zoomed ? std::max(m_endMs, m_zoomEndMs) : m_endMs;
    // About two samples per pixel column of a wide chart; the decimator does the rest.
    const qint64 step = std::max<qint64>(1000, (end - start) / 2000 / 1000 * 1000);
    chart.pending = RequestIds::next();
    chart.askedAt.start();
    Q_EMIT rangeRequested(chart.pending, chart.spec.expression.selector, start, end, step);
}

void ChartPanel::onRangeReady(quint64 requestId, const QueryResult& result)
{
    if (requestId == 0)
        return;
    for (auto& chart : m_charts) {
        if (chart->pending != requestId)
            continue;
        chart->pending = 0;
        MetricChartView* view = chart->view;
        if (!result.ok()) {
            const QString since = chart->lastGoodMs > 0 ? tr("showing data from %1").arg(clockText(chart->lastGoodMs))
                                                        : tr("no data yet");
            view->setWaiting(false);
            // The banner above the charts already says what is wrong with the source.
            if (result.unavailable && m_staleness.stale)
                view->setProblem(tr("Stale — %1").arg(since), true);
            else
                view->setProblem(tr("Query failed: %1 — %2").arg(result.error, since), true);
            return;
        }
        chart->lastGoodMs = m_clock.nowMs();
        view->setData(chart->spec.seriesOfInterest(result.series));
        if (result.series.isEmpty())
            view->setProblem(tr("No data for %1").arg(chart->spec.expression.selector), false);
        else if (view->hiddenSeriesCount() > 0)
            view->setProblem(tr("%1 more series not shown").arg(view->hiddenSeriesCount()), false);
        else
            view->setProblem({}, false);
        return;
    }
}

void ChartPanel::refresh()
{
    if (m_incident.id == 0)
        return;
    updateRange();
    for (auto& chart : m_charts)
        requestRange(*chart);
    updateHeader();
}

void ChartPanel::updateRange()
{
    const qint64 now = m_clock.nowMs();
    m_startMs = m_incident.detectedMs - ContextBeforeMs;
    if (m_incident.isActive()) {
        m_endMs = now;
    } else {
        const qint64 closed = std::max(m_incident.resolvedMs, m_incident.updatedMs);
        m_endMs = std::min(now, std::max(closed, m_incident.detectedMs) + AfterResolvedMs);
    }
    if (m_endMs <= m_startMs)
        m_endMs = m_startMs + 60'000;
    applyViewRange();
}

void ChartPanel::applyViewRange()
{
    // One range for every chart: the time axes are linked.
    for (auto& chart : m_charts)
        chart->view->setTimeRange(viewStartMs(), viewEndMs());
}

void ChartPanel::zoomTo(qint64 startMs, qint64 endMs)
{
    if (m_incident.id == 0 || endMs <= startMs)
        return;
    const bool widened
        = !m_zoomed || startMs < std::min(m_startMs, m_zoomStartMs) || endMs > std::max(m_endMs, m_zoomEndMs);
    m_zoomed = true;
    m_zoomStartMs = startMs;
    m_zoomEndMs = endMs;
    applyViewRange();
    updateHeader();
    if (widened && (startMs < m_startMs || endMs > m_endMs)) {
        for (auto& chart : m_charts)
            requestRange(*chart); // beyond what was loaded
    }
}

void ChartPanel::resetZoom()
{
    if (!m_zoomed)
        return;
    m_zoomed = false;
    updateRange();
    updateHeader();
}

void ChartPanel::updateMarkers()
{
    QVector<ChartMarker> markers;
    markers.reserve(m_markerEvents.size());
    for (const Event& event : std::as_const(m_markerEvents)) {
        const auto family = MarkerFamilies::of(event.kind);
        const QColor color = family ? m_theme.markerColor(*family) : m_theme.mutedText;
        markers.append({ event.id, event.timeMs, color, event.title });
    }
    std::sort(
        markers.begin(), markers.end(), [](const ChartMarker& a, const ChartMarker& b) { return a.timeMs < b.timeMs; });
    for (auto& chart : m_charts)
        chart->view->setMarkers(markers);
}

void ChartPanel::highlightEvent(const Event& event)
{
    m_highlight = event;
    if (m_zoomed && (event.timeMs < m_zoomStartMs || event.timeMs > m_zoomEndMs)) {
        // Keep the zoom's span and bring the event to the middle of it.
        const qint64 span = m_zoomEndMs - m_zoomStartMs;
        zoomTo(event.timeMs - span / 2, event.timeMs - span / 2 + span);
    }
    const ChartMarker marker { event.id, event.timeMs, m_theme.accent, event.title };
    for (auto& chart : m_charts)
        chart->view->setHighlight(marker);
}

void ChartPanel::clearHighlight()
{
    m_highlight = {};
    for (auto& chart : m_charts)
        chart->view->clearHighlight();
}

void ChartPanel::updateHeader()
{
    m_resetZoom->setVisible(m_zoomed && m_incident.id != 0);
    if (m_incident.id == 0) {
        m_header->setText(tr("Metrics"));
        return;
    }
    if (m_zoomed) {
        m_header->setText(
            tr("Metrics  ·  Zoomed  ·  %1–%2 UTC  ·").arg(minuteText(m_zoomStartMs), minuteText(m_zoomEndMs)));
        return;
    }
    m_header->setText(tr("Metrics  ·  %1 – %2%3%4")
                          .arg(clockText(m_startMs), m_incident.isActive() ? tr("now") : clockText(m_endMs),
                              m_incident.isActive() ? tr("  ·  live") : QString(),
                              m_markersError.isEmpty() ? QString() : tr("  ·  no event markers")));
    m_header->setToolTip(
        m_markersError.isEmpty() ? QString() : tr("Could not load this incident's events: %1").arg(m_markersError));
}

QString ChartPanel::headerText() const
{
    return m_resetZoom->isHidden() ? m_header->text() : m_header->text() + QLatin1Char(' ') + m_resetZoom->text();
}

void ChartPanel::buildLegend()
{
    m_legend->setObjectName(QStringLiteral("markerLegend"));
    m_legend->setTextFormat(Qt::RichText);
    m_legend->setWordWrap(true);
    m_legend->setContentsMargins(8, 0, 8, 6);
    QStringList items;
    for (const MarkerFamilies::Family family : MarkerFamilies::all()) {
        items.append(QStringLiteral("<span style=\"color:%1\">&#9646;</span>&nbsp;%2")
                         .arg(m_theme.markerColor(family).name(), MarkerFamilies::name(family).toHtmlEscaped()));
    }
    m_legend->setText(items.join(QStringLiteral("&nbsp;&nbsp;&nbsp;")));
    m_legend->setAccessibleName(tr("Event markers: %1").arg([] {
        QStringList names;
        for (const MarkerFamilies::Family family : MarkerFamilies::all())
            names.append(MarkerFamilies::name(family));
        return names.join(QStringLiteral(", "));
    }()));
}

QString ChartPanel::legendText() const
{
    return m_legend->accessibleName();
}

bool ChartPanel::isStaleBannerShown() const
{
    return !m_staleBanner->isHidden();
}

QString ChartPanel::staleBannerText() const
{
    return isStaleBannerShown() ? m_staleBanner->text() : QString();
}

void ChartPanel::onStalenessChanged(const MetricStaleness& staleness)
{
    const bool wasStale = m_staleness.stale;
    m_staleness = staleness;
    m_staleReceived.start();
    if (staleness.stale) {
        m_staleTimer->start();
    } else {
        m_staleTimer->stop();
        if (wasStale)
            refresh(); // the source is back: every chart asks again instead of waiting for the timer
    }
    updateStaleBanner();
}

void ChartPanel::updateStaleBanner()
{
    if (!m_staleness.stale) {
        m_staleBanner->setVisible(false);
        m_staleBanner->clear();
        return;
    }
    QString source = m_staleness.source.isEmpty() ? tr("The metric source") : m_staleness.source;
    source[0] = source[0].toUpper();
    const QString shown = m_staleness.lastGoodMs > 0
        ? tr("showing data as of %1").arg(clockText(m_staleness.lastGoodMs))
        : tr("no data received yet");
    const qint64 remainingMs = m_staleness.retryInMs - m_staleReceived.elapsed();
    const QString retry = remainingMs > 0 ? tr("retrying in %1 s").arg((remainingMs + 999) / 1000) : tr("retrying now");
    m_staleBanner->setText(
        tr("%1 unreachable since %2 — %3; %4").arg(source, clockText(m_staleness.failingSinceMs), shown, retry));
    m_staleBanner->setToolTip(m_staleness.error);
    m_staleBanner->setVisible(true);
}

void ChartPanel::updatePlaceholder()
{
    QString text; // empty: the charts are shown
    if (m_incident.id == 0)
        text = tr("Select an incident to see its metrics.");
    else if (!m_noMetricSource.isEmpty())
        text = m_noMetricSource;
    else if (m_charts.empty() && !m_alertsError.isEmpty())
        text = tr("Could not load this incident's alerts: %1").arg(m_alertsError);
    else if (m_charts.empty() && !m_alertsLoaded)
        text = tr("Loading alerts…");
    else if (m_charts.empty())
        text = tr("None of this incident's alerts carries an expression that can be charted.");
    m_placeholder->setText(text);
    m_placeholder->setVisible(!text.isEmpty());
    m_scroll->setVisible(text.isEmpty());
    m_legend->setVisible(text.isEmpty());
}

} // namespace firebreak
