#include "wallwindow.h"

#include "interfaces/clock.h"
#include "itemmodels/incidentlistmodel.h"
#include "itemmodels/requestids.h"
#include "store/writebatch.h"
#include "style/theme.h"
#include "walltile.h"

#include <QDateTime>
#include <QGridLayout>
#include <QLabel>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

namespace firebreak {

namespace {
QString utcMinute(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(QStringLiteral("HH:mm"));
}

// Worst severity first, then the newest.
bool shownBefore(const Incident& a, const Incident& b)
{
    if (a.severity != b.severity)
        return a.severity < b.severity;
    return a.detectedMs != b.detectedMs ? a.detectedMs > b.detectedMs : a.id > b.id;
}
} // namespace

WallWindow::WallWindow(IncidentListModel& incidents, const Clock& clock, const Theme& theme, QWidget* parent)
    : QWidget(parent)
    , m_model(incidents)
    , m_clock(clock)
    , m_theme(theme)
    , m_header(new QLabel(this))
    , m_banner(new QLabel(this))
    , m_empty(new QLabel(this))
    , m_grid(new QWidget(this))
    , m_gridLayout(new QGridLayout(m_grid))
    , m_refreshTimer(new QTimer(this))
    , m_tickTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("wallWindow"));
    setWindowTitle(tr("Firebreak — war room"));
    setContextMenuPolicy(Qt::NoContextMenu);
    setPalette(theme.palette());
    setAutoFillBackground(true);

    m_header->setTextFormat(Qt::PlainText);
    m_banner->setTextFormat(Qt::PlainText);
    m_banner->setWordWrap(true);
    m_banner->setAutoFillBackground(true);
    m_banner->setVisible(false);
    m_empty->setTextFormat(Qt::PlainText);
    m_empty->setAlignment(Qt::AlignCenter);
    m_gridLayout->setContentsMargins(0, 0, 0, 0);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_header);
    layout->addWidget(m_banner);
    layout->addWidget(m_grid, 1);
    layout->addWidget(m_empty, 1);

    connect(&m_model, &QAbstractItemModel::rowsInserted, this, &WallWindow::syncTiles);
    connect(&m_model, &QAbstractItemModel::rowsRemoved, this, &WallWindow::syncTiles);
    connect(&m_model, &QAbstractItemModel::rowsMoved, this, &WallWindow::syncTiles);
    connect(&m_model, &QAbstractItemModel::modelReset, this, &WallWindow::syncTiles);
    connect(&m_model, &QAbstractItemModel::layoutChanged, this, &WallWindow::syncTiles);
    connect(&m_model, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex& from, const QModelIndex& to) {
        // The age column ticks every second; the tiles keep their own ages.
        if (from.column() == IncidentListModel::AgeColumn && to.column() == IncidentListModel::AgeColumn)
            return;
        syncTiles();
    });

    m_refreshTimer->setInterval(RefreshIntervalMs);
    connect(m_refreshTimer, &QTimer::timeout, this, &WallWindow::refreshSparklines);
    m_refreshTimer->start();
    m_tickTimer->setInterval(TickIntervalMs);
    connect(m_tickTimer, &QTimer::timeout, this, &WallWindow::tick);
    m_tickTimer->start();

    applyScale();
    syncTiles();
}

WallWindow::~WallWindow() = default;

QVector<WallTile*> WallWindow::tiles() const
{
    QVector<WallTile*> tiles;
    for (const qint64 id : m_order)
        tiles.append(m_tiles.value(id));
    return tiles;
}

void WallWindow::syncTiles()
{
    QVector<Incident> active;
    for (int row = 0; row < m_model.rowCount(); ++row) {
        if (m_model.incidentAt(row).isActive())
            active.append(m_model.incidentAt(row));
    }
    std::sort(active.begin(), active.end(), shownBefore);
    m_activeCount = int(active.size());
    active = active.mid(0, MaxTiles);

    const qint64 now = m_clock.nowMs();
    QVector<qint64> order;
    for (const Incident& incident : std::as_const(active)) {
        WallTile* tile = m_tiles.value(incident.id);
        const bool created = tile == nullptr;
        if (created)
            tile = createTile(incident.id);
        tile->setIncident(incident, now);
        tile->setAwaitingApprovals(m_awaiting.value(incident.id));
        order.append(incident.id);
        if (created) {
            const quint64 alerts = RequestIds::next();
            m_alertRequests.insert(alerts, incident.id);
            Q_EMIT alertsRequested(alerts, incident.id);
            EventQuery query;
            query.incidentId = incident.id;
            query.limit = WallTile::MaxEvents;
            const quint64 events = RequestIds::next();
            m_eventRequests.insert(events, incident.id);
            Q_EMIT eventsRequested(events, query);
        }
    }
    for (auto it = m_tiles.begin(); it != m_tiles.end();) {
        if (order.contains(it.key())) {
            ++it;
            continue;
        }
        dropRequestsOf(it.key());
        delete it.value();
        it = m_tiles.erase(it);
    }
    if (order != m_order) {
        m_order = order;
        relayout();
    }
    updateHeader();
}

WallTile* WallWindow::createTile(qint64 incidentId)
{
    auto* tile = new WallTile(m_theme, m_grid);
    tile->setScale(m_scale);
    m_tiles.insert(incidentId, tile);
    return tile;
}

void WallWindow::dropRequestsOf(qint64 incidentId)
{
    m_alertRequests.removeIf([incidentId](const auto& it) { return it.value() == incidentId; });
    m_eventRequests.removeIf([incidentId](const auto& it) { return it.value() == incidentId; });
    m_rangeRequests.removeIf([incidentId](const auto& it) { return it.value().incidentId == incidentId; });
}

void WallWindow::relayout()
{
    while (m_gridLayout->count() > 0)
        delete m_gridLayout->takeAt(0);
    const int count = int(m_order.size());
    const int columns = count <= 1 ? 1 : (count <= 4 ? 2 : 3);
    for (int i = 0; i < count; ++i)
        m_gridLayout->addWidget(m_tiles.value(m_order.at(i)), i / columns, i % columns);
    for (int c = 0; c < 3; ++c)
        m_gridLayout->setColumnStretch(c, c < columns ? 1 : 0);
    const int rows = (count + columns - 1) / std::max(1, columns);
    for (int r = 0; r < 3; ++r)
        m_gridLayout->setRowStretch(r, r < rows ? 1 : 0);
    m_grid->setVisible(count > 0);
    m_empty->setVisible(count == 0);
    applyScale();
}

void WallWindow::applyScale()
{
    // Sized for 1920x1080 and scaled with the window; three rows of tiles get smaller type.
    const double window = std::clamp(std::min(width() / 1920.0, height() / 1080.0), 0.4, 3.0);
    const int count = int(m_order.size());
    const int columns = count <= 1 ? 1 : (count <= 4 ? 2 : 3);
    const int rows = std::max(1, (count + columns - 1) / columns);
    m_scale = window * (rows > 2 ? 0.8 : 1.0);
    for (WallTile* tile : std::as_const(m_tiles))
        tile->setScale(m_scale);

    QFont header = font();
    header.setPixelSize(std::max(14, int(34 * window)));
    header.setBold(true);
    m_header->setFont(header);
    m_header->setContentsMargins(int(8 * window), int(4 * window), int(8 * window), int(4 * window));
    QFont banner = header;
    banner.setPixelSize(std::max(14, int(30 * window)));
    m_banner->setFont(banner);
    m_banner->setContentsMargins(int(20 * window), int(12 * window), int(20 * window), int(12 * window));
    QFont empty = header;
    empty.setPixelSize(std::max(18, int(60 * window)));
    empty.setBold(false);
    m_empty->setFont(empty);
    const int gap = int(18 * window);
    m_gridLayout->setSpacing(gap);
    layout()->setContentsMargins(gap, gap, gap, gap);
    layout()->setSpacing(gap);
}

void WallWindow::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    applyScale();
}

void WallWindow::tick()
{
    const qint64 now = m_clock.nowMs();
    for (WallTile* tile : std::as_const(m_tiles))
        tile->tick(now);
    updateHeader();
}

void WallWindow::updateHeader()
{
    const QString time = utcMinute(m_clock.nowMs()) + tr(" UTC");
    QString count = m_activeCount == 1 ? tr("1 open incident") : tr("%1 open incidents").arg(m_activeCount);
    if (m_activeCount > m_order.size())
        count += tr(" (%1 shown)").arg(m_order.size());
    m_header->setText(QStringLiteral("FIREBREAK  ·  %1  ·  %2").arg(count, time));
    m_empty->setText(tr("No open incidents\n%1").arg(time));
}

QString WallWindow::headerText() const
{
    return m_header->text();
}

bool WallWindow::isEmptyStateShown() const
{
    return !m_empty->isHidden();
}

QString WallWindow::emptyText() const
{
    return isEmptyStateShown() ? m_empty->text() : QString();
}

void WallWindow::setAwaitingApprovals(const QHash<qint64, int>& byIncident)
{
    m_awaiting = byIncident;
    for (auto it = m_tiles.cbegin(); it != m_tiles.cend(); ++it)
        it.value()->setAwaitingApprovals(byIncident.value(it.key()));
}

void WallWindow::onAlertsFetched(quint64 requestId, const QVector<Alert>& alerts)
{
    const auto it = m_alertRequests.constFind(requestId);
    if (requestId == 0 || it == m_alertRequests.cend())
        return;
    WallTile* tile = m_tiles.value(it.value());
    m_alertRequests.erase(it);
    if (tile && tile->mergeAlerts(alerts))
        requestRanges(tile);
}

void WallWindow::onEventsFetched(quint64 requestId, const QVector<Event>& events, bool more)
{
    Q_UNUSED(more) // the newest few are all a tile shows
    const auto it = m_eventRequests.constFind(requestId);
    if (requestId == 0 || it == m_eventRequests.cend())
        return;
    WallTile* tile = m_tiles.value(it.value());
    m_eventRequests.erase(it);
    if (tile)
        tile->addEvents(events);
}

void WallWindow::requestRanges(WallTile* tile)
{
    const qint64 end = m_clock.nowMs();
    const qint64 start = end - SparklineSpanMs;
    const qint64 step = 10'000; // 180 points: plenty for a line a few hundred pixels wide
    const QVector<ChartSpec>& specs = tile->specs();
    for (int i = 0; i < std::min<int>(WallTile::MaxSparklines, int(specs.size())); ++i) {
        const QString key = specs.at(i).key;
        const qint64 incidentId = tile->incidentId();
        // An older question about the same line is no longer wanted.
        m_rangeRequests.removeIf(
            [&](const auto& it) { return it.value().incidentId == incidentId && it.value().specKey == key; });
        const quint64 id = RequestIds::next();
        m_rangeRequests.insert(id, { incidentId, key, start, end });
        Q_EMIT rangeRequested(id, specs.at(i).expression.selector, start, end, step);
    }
}

void WallWindow::onRangeReady(quint64 requestId, const QueryResult& result)
{
    const auto it = m_rangeRequests.constFind(requestId);
    if (requestId == 0 || it == m_rangeRequests.cend())
        return;
    const RangeAsk ask = it.value();
    m_rangeRequests.erase(it);
    if (WallTile* tile = m_tiles.value(ask.incidentId))
        tile->setSeries(ask.specKey, result, ask.startMs, ask.endMs);
}

void WallWindow::refreshSparklines()
{
    for (const qint64 id : std::as_const(m_order))
        requestRanges(m_tiles.value(id));
}

void WallWindow::onCommitted(const CommittedBatch& batch)
{
    // Incidents come through the model; events and alerts of the shown incidents come from here.
    QHash<qint64, QVector<Event>> events;
    for (const Event& event : batch.events) {
        if (m_tiles.contains(event.incidentId))
            events[event.incidentId].append(event);
    }
    for (auto it = events.cbegin(); it != events.cend(); ++it)
        m_tiles.value(it.key())->addEvents(it.value());
    QHash<qint64, QVector<Alert>> alerts;
    for (const Alert& alert : batch.alerts) {
        if (m_tiles.contains(alert.incidentId))
            alerts[alert.incidentId].append(alert);
    }
    for (auto it = alerts.cbegin(); it != alerts.cend(); ++it) {
        WallTile* tile = m_tiles.value(it.key());
        if (tile->mergeAlerts(it.value()))
            requestRanges(tile);
    }
}

void WallWindow::updateSourceHealth(const SourceHealth& health)
{
    const QString key = QStringLiteral("source:") + health.name;
    if (health.state == SourceHealth::State::Down || health.state == SourceHealth::State::Degraded) {
        const bool down = health.state == SourceHealth::State::Down;
        QString text = (down ? tr("%1 DOWN") : tr("%1 DEGRADED")).arg(health.name.toUpper());
        if (health.sinceMs > 0)
            text += tr(" since %1 UTC").arg(utcMinute(health.sinceMs));
        if (!health.detail.isEmpty())
            text += QStringLiteral(" — ") + health.detail;
        m_problems.insert(key, { down, text });
    } else {
        m_problems.remove(key);
    }
    updateBanner();
}

void WallWindow::onStalenessChanged(const MetricStaleness& staleness)
{
    const QString key = QStringLiteral("metrics");
    if (staleness.stale) {
        const QString source = staleness.source.isEmpty() ? tr("METRICS") : staleness.source.toUpper();
        QString text
            = tr("%1 UNREACHABLE since %2 UTC — metrics frozen").arg(source, utcMinute(staleness.failingSinceMs));
        if (staleness.lastGoodMs > 0)
            text += tr(" at %1 UTC").arg(utcMinute(staleness.lastGoodMs));
        m_problems.insert(key, { true, text });
    } else {
        const bool wasStale = m_problems.remove(key) > 0;
        if (wasStale)
            refreshSparklines();
    }
    updateBanner();
}

void WallWindow::updateBanner()
{
    QStringList lines;
    bool down = false;
    for (const auto& [isDown, text] : std::as_const(m_problems)) {
        lines.append(text);
        down = down || isDown;
    }
    QPalette palette = m_banner->palette();
    palette.setColor(QPalette::Window, down ? m_theme.errorBackground : m_theme.warningBackground);
    palette.setColor(QPalette::WindowText, down ? m_theme.errorText : m_theme.warningText);
    m_banner->setPalette(palette);
    m_banner->setText(lines.join(QLatin1Char('\n')));
    m_banner->setVisible(!lines.isEmpty());
}

bool WallWindow::isBannerShown() const
{
    return !m_banner->isHidden();
}

QString WallWindow::bannerText() const
{
    return isBannerShown() ? m_banner->text() : QString();
}

} // namespace firebreak
