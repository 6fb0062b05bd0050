#include "timelinemodel.h"

#include "eventfilter.h"
#include "insertionplan.h"
#include "requestids.h"
#include "store/writebatch.h"

#include <QDateTime>
#include <QTimer>
#include <algorithm>

namespace firebreak {

namespace {
// Newest-first order of the timeline; the id breaks ties between events of the same millisecond.
bool newerThan(const Event& a, const Event& b)
{
    return a.timeMs != b.timeMs ? a.timeMs > b.timeMs : a.id > b.id;
}

QString localTime(qint64 ms, const QString& format)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(format);
}
} // namespace

TimelineModel::TimelineModel(QObject* parent)
    : QAbstractTableModel(parent)
    , m_applyTimer(new QTimer(this))
    , m_headTimer(new QTimer(this))
{
    m_applyTimer->setSingleShot(true);
    m_applyTimer->setInterval(ApplyIntervalMs);
    connect(m_applyTimer, &QTimer::timeout, this, &TimelineModel::applyLive);
    m_headTimer->setSingleShot(true);
    m_headTimer->setInterval(HeadRefreshDelayMs);
    connect(m_headTimer, &QTimer::timeout, this, [this] {
        if (m_firstPageLoaded && m_headRequest == 0)
            requestHead(0, 0);
    });
}

TimelineModel::~TimelineModel() = default;

int TimelineModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int TimelineModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TimelineModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Event& event = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return localTime(event.timeMs, QStringLiteral("MM-dd HH:mm:ss"));
        case KindColumn:
            return event.kind;
        case SeverityColumn:
            return severityName(event.severity);
        case SourceColumn:
            return event.source;
        case TitleColumn:
            return event.title;
        case ActorColumn:
            return event.actor;
        }
        return {};
    case Qt::ToolTipRole:
        return QStringLiteral("%1 (%2 UTC)\n%3 · %4 · %5\n%6%7%8")
            .arg(localTime(event.timeMs, QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")),
                QDateTime::fromMSecsSinceEpoch(event.timeMs, Qt::UTC).toString(Qt::ISODateWithMs), event.kind,
                severityName(event.severity), event.source, event.title,
                event.actor.isEmpty() ? QString() : QStringLiteral("\nby ") + event.actor,
                m_pinned.contains(event.id) ? tr("\n★ Pinned") : QString());
    case Qt::DecorationRole:
        if (index.column() == SeverityColumn)
            return m_palette.eventColor(event.severity);
        return {};
    case EventIdRole:
        return event.id;
    case TimeMsRole:
        return event.timeMs;
    case KindRole:
        return event.kind;
    case SeverityRole:
        return static_cast<int>(event.severity);
    case SeverityColorRole:
        return m_palette.eventColor(event.severity);
    case SourceRole:
        return event.source;
    case TitleRole:
        return event.title;
    case ActorRole:
        return event.actor;
    case IncidentIdRole:
        return event.incidentId;
    case BodyRole:
        return event.body;
    case PinnedRole:
        return m_pinned.contains(event.id);
    }
    return {};
}

QVariant TimelineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case KindColumn:
        return tr("Kind");
    case SeverityColumn:
        return tr("Severity");
    case SourceColumn:
        return tr("Source");
    case TitleColumn:
        return tr("Title");
    case ActorColumn:
        return tr("Actor");
    }
    return {};
}

Qt::ItemFlags TimelineModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

bool TimelineModel::canFetchMore(const QModelIndex& parent) const
{
    // A full window fetches no more: views call fetchMore() on every relayout, and the page would
    // be trimmed away again at once (measured: hundreds of useless queries a minute in a storm).
    // Older rows stay reachable through the filter and search.
    return !parent.isValid() && m_active && m_firstPageLoaded && m_more && m_pageRequest == 0
        && m_rows.size() < m_maxRows;
}

void TimelineModel::fetchMore(const QModelIndex& parent)
{
    if (canFetchMore(parent))
        requestPage();
}

void TimelineModel::setFilter(const EventQuery& filter)
{
    beginResetModel();
    m_rows.clear();
    m_ids.clear();
    m_liveBuffer.clear();
    m_applyTimer->stop();
    m_headTimer->stop();
    m_headRequest = 0;
    m_headWanted = false;
    m_firstPageLoaded = false;
    m_more = false;
    m_hasCursor = false;
    const bool scopeChanged
        = !m_active || filter.incidentId != m_filter.incidentId || filter.contextFromMs != m_filter.contextFromMs;
    m_filter = filter;
    m_filter.beforeTimeMs = 0;
    m_filter.beforeId = 0;
    m_filter.limit = m_pageSize;
    m_active = true;
    endResetModel();
    if (scopeChanged && !m_sources.isEmpty()) {
        m_sources.clear();
        Q_EMIT sourcesChanged({});
    }
    if (scopeChanged) {
        m_pinned.clear();
        requestPins();
    }
    requestPage();
}

void TimelineModel::refresh()
{
    if (!m_active)
        return;
    setFilter(m_filter);
    requestPins();
}

void TimelineModel::requestPins()
{
    m_pinsRequest = RequestIds::next();
    m_pinsWhileFetching.clear();
    Q_EMIT pinsRequested(m_pinsRequest, m_filter.incidentId);
}

void TimelineModel::onPinsFetched(quint64 requestId, qint64 incidentId, const QVector<qint64>& eventIds)
{
    if (requestId == 0 || requestId != m_pinsRequest || incidentId != m_filter.incidentId)
        return;
    m_pinsRequest = 0;
    const QSet<qint64> before = m_pinned;
    m_pinned = QSet<qint64>(eventIds.cbegin(), eventIds.cend());
    for (const EventPin& pin : std::as_const(m_pinsWhileFetching)) {
        if (pin.pinned)
            m_pinned.insert(pin.eventId);
        else
            m_pinned.remove(pin.eventId);
    }
    m_pinsWhileFetching.clear();
    QSet<qint64> changed = before;
    changed.unite(m_pinned);
    for (const qint64 id : changed) {
        if (before.contains(id) != m_pinned.contains(id))
            setPinned(id, m_pinned.contains(id));
    }
}

// Tells the view about one event's pin (already in m_pinned) and, in "pinned only" mode, keeps the
// rows to the pinned ones.
void TimelineModel::setPinned(qint64 eventId, bool pinned)
{
    const int row = rowOfEvent(eventId);
    if (m_filter.pinnedOnly && !pinned && row >= 0) {
        beginRemoveRows({}, row, row);
        m_ids.remove(eventId);
        m_rows.remove(row);
        endRemoveRows();
        return;
    }
    if (row >= 0)
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1), { PinnedRole, Qt::ToolTipRole });
}

void TimelineModel::applyPins(const QVector<EventPin>& pins)
{
    bool reload = false;
    for (const EventPin& pin : pins) {
        if (m_filter.incidentId != 0 && pin.incidentId != m_filter.incidentId)
            continue;
        if (m_pinsRequest != 0)
            m_pinsWhileFetching.append(pin);
        if (pin.pinned == m_pinned.contains(pin.eventId))
            continue;
        if (pin.pinned)
            m_pinned.insert(pin.eventId);
        else
            m_pinned.remove(pin.eventId);
        if (m_filter.pinnedOnly && pin.pinned && rowOfEvent(pin.eventId) < 0)
            reload = true;
        else
            setPinned(pin.eventId, pin.pinned);
    }
    if (reload)
        setFilter(m_filter);
}

void TimelineModel::setPageSize(int rows)
{
    m_pageSize = std::max(1, rows);
}

void TimelineModel::setMaxRows(int rows)
{
    m_maxRows = std::max(m_pageSize, rows);
    trimToMaxRows();
}

void TimelineModel::setSeverityPalette(const SeverityPalette& palette)
{
    m_palette = palette;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(
            index(0, 0), index(rowCount() - 1, ColumnCount - 1), { Qt::DecorationRole, SeverityColorRole });
}

int TimelineModel::rowOfEvent(qint64 eventId) const
{
    if (!m_ids.contains(eventId))
        return -1;
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).id == eventId)
            return row;
    }
    return -1;
}

QStringList TimelineModel::knownSources() const
{
    QStringList sources(m_sources.cbegin(), m_sources.cend());
    sources.sort(Qt::CaseInsensitive);
    return sources;
}

void TimelineModel::requestPage()
{
    EventQuery query = m_filter;
    query.limit = m_pageSize;
    if (m_hasCursor) {
        query.beforeTimeMs = m_cursor.timeMs;
        query.beforeId = m_cursor.id;
    }
    m_pageRequest = RequestIds::next();
    announceLoading();
    Q_EMIT fetchRequested(m_pageRequest, query);
}

void TimelineModel::requestHead(qint64 beforeTimeMs, qint64 beforeId)
{
    if (beforeTimeMs == 0) {
        m_headWanted = false;
        m_hasHeadTop = !m_rows.isEmpty();
        if (m_hasHeadTop)
            m_headTop = m_rows.first();
    }
    EventQuery query = m_filter;
    query.limit = m_pageSize;
    query.beforeTimeMs = beforeTimeMs;
    query.beforeId = beforeId;
    m_headRequest = RequestIds::next();
    Q_EMIT fetchRequested(m_headRequest, query);
}

void TimelineModel::onEventsFetched(quint64 requestId, const QVector<Event>& events, bool more)
{
    if (requestId == 0)
        return;
    if (requestId == m_pageRequest) {
        m_pageRequest = 0;
        applyPage(events, more);
        announceLoading();
    } else if (requestId == m_headRequest) {
        m_headRequest = 0;
        applyHead(events, more);
    }
    // Anything else is stale (an earlier filter) or another requester's answer.
}

void TimelineModel::onFetchFailed(quint64 requestId, const QString& error)
{
    if (requestId == 0)
        return;
    if (requestId == m_pageRequest) {
        m_pageRequest = 0;
        if (!m_firstPageLoaded) {
            // Show live events from now on; the operator can retry the history with refresh().
            m_firstPageLoaded = true;
            m_more = false;
            scheduleApply();
        }
        announceLoading();
        Q_EMIT fetchFailed(error);
    } else if (requestId == m_headRequest) {
        m_headRequest = 0;
        Q_EMIT fetchFailed(error);
    }
}

void TimelineModel::applyPage(const QVector<Event>& events, bool more)
{
    m_firstPageLoaded = true;
    if (!events.isEmpty()) {
        m_cursor = *std::max_element(events.cbegin(), events.cend(), newerThan);
        m_hasCursor = true;
    }
    // A page that says "more" but is empty cannot move the cursor; asking again would loop.
    m_more = more && !events.isEmpty();
    for (const Event& event : events)
        learnSource(event.source);
    insertSorted(events);
    trimToMaxRows();
    scheduleApply();
    if (m_headWanted)
        m_headTimer->start();
}

void TimelineModel::applyHead(const QVector<Event>& events, bool more)
{
    bool reachedKnownRows = !m_hasHeadTop;
    for (const Event& event : events) {
        if (m_hasHeadTop && !newerThan(event, m_headTop))
            reachedKnownRows = true;
        if (!m_ids.contains(event.id))
            m_liveBuffer.append(event);
    }
    scheduleApply();
    if (more && !reachedKnownRows && !events.isEmpty()) {
        // More matching events arrived than one page holds: keep reading down to the known rows.
        const Event oldest = *std::max_element(events.cbegin(), events.cend(), newerThan);
        requestHead(oldest.timeMs, oldest.id);
    } else if (m_headWanted) {
        m_headTimer->start();
    }
}

void TimelineModel::onCommitted(const CommittedBatch& batch)
{
    if (!m_active)
        return;
    if (!batch.pins.isEmpty())
        applyPins(batch.pins);
    bool textCandidate = false;
    for (const Event& event : batch.events) {
        if (!EventFilter::inScope(m_filter, event))
            continue;
        learnSource(event.source);
        if (!EventFilter::matchesStructured(m_filter, event))
            continue;
        if (m_filter.pinnedOnly && !m_pinned.contains(event.id))
            continue;
        if (m_filter.text.isEmpty())
            m_liveBuffer.append(event);
        else
            textCandidate = true;
    }
    scheduleApply();
    if (textCandidate)
        scheduleHeadRefresh();
}

void TimelineModel::scheduleApply()
{
    if (m_firstPageLoaded && !m_liveBuffer.isEmpty() && !m_applyTimer->isActive())
        m_applyTimer->start();
}

void TimelineModel::scheduleHeadRefresh()
{
    m_headWanted = true;
    if (m_firstPageLoaded && m_headRequest == 0 && !m_headTimer->isActive())
        m_headTimer->start();
}

void TimelineModel::applyLive()
{
    if (!m_firstPageLoaded)
        return;
    QVector<Event> batch;
    batch.swap(m_liveBuffer);
    batch.erase(
        std::remove_if(batch.begin(), batch.end(), [this](const Event& e) { return beyondWindow(e); }), batch.end());
    insertSorted(std::move(batch));
    trimToMaxRows();
}

bool TimelineModel::beyondWindow(const Event& event) const
{
    return m_more && m_hasCursor && !newerThan(event, m_cursor);
}

void TimelineModel::insertSorted(QVector<Event> incoming)
{
    std::sort(incoming.begin(), incoming.end(), newerThan);
    QVector<Event> fresh;
    fresh.reserve(incoming.size());
    QSet<qint64> seen;
    for (Event& event : incoming) {
        if (!m_ids.contains(event.id) && !seen.contains(event.id)) {
            seen.insert(event.id);
            fresh.append(std::move(event));
        }
    }
    if (fresh.isEmpty())
        return;

    const QVector<InsertionPlan::Run> runs = InsertionPlan::plan(m_rows.size(), fresh.size(),
        [&](qsizetype row, qsizetype item) { return newerThan(m_rows.at(row), fresh.at(item)); });
    for (auto run = runs.crbegin(); run != runs.crend(); ++run) {
        const qsizetype count = run->to - run->from;
        beginInsertRows({}, int(run->position), int(run->position + count - 1));
        m_rows.insert(run->position, count, Event {});
        for (qsizetype k = 0; k < count; ++k) {
            m_ids.insert(fresh.at(run->from + k).id);
            m_rows[run->position + k] = fresh.at(run->from + k);
        }
        endInsertRows();
    }
}

void TimelineModel::trimToMaxRows()
{
    if (m_rows.size() <= m_maxRows)
        return;
    beginRemoveRows({}, m_maxRows, int(m_rows.size() - 1));
    for (qsizetype row = m_maxRows; row < m_rows.size(); ++row)
        m_ids.remove(m_rows.at(row).id);
    m_rows.resize(m_maxRows);
    endRemoveRows();
    m_cursor = m_rows.last();
    m_hasCursor = true;
    m_more = true;
}

void TimelineModel::learnSource(const QString& source)
{
    if (source.isEmpty() || m_sources.contains(source))
        return;
    m_sources.insert(source);
    Q_EMIT sourcesChanged(knownSources());
}

void TimelineModel::announceLoading()
{
    Q_EMIT loadingChanged(isLoading());
}

} // namespace firebreak

// Compiled here rather than in the library-wide mocs_compilation.cpp, so that linking this model
// does not drag in every other QObject of firebreak_models.
#include "moc_timelinemodel.cpp"
