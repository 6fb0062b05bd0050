#include "reviewlistmodel.h"

#include "requestids.h"
#include "store/writebatch.h"

#include <QDateTime>
#include <QTimer>
#include <utility>

namespace firebreak {

ReviewListModel::ReviewListModel(QObject* parent)
    : QAbstractTableModel(parent)
    , m_delay(new QTimer(this))
{
    m_delay->setSingleShot(true);
    m_delay->setInterval(RefreshDelayMs);
    connect(m_delay, &QTimer::timeout, this, &ReviewListModel::fetchNow);
}

ReviewListModel::~ReviewListModel() = default;

int ReviewListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ReviewListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ReviewListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ReviewListEntry& entry = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case SeverityColumn:
            return QStringLiteral("SEV%1").arg(entry.severity);
        case IncidentColumn:
            return entry.incidentTitle.isEmpty()
                ? QStringLiteral("#%1").arg(entry.incidentId)
                : QStringLiteral("#%1 %2").arg(entry.incidentId).arg(entry.incidentTitle);
        case ReviewColumn:
            return entry.hasReview ? reviewStatusName(entry.status) : tr("no review");
        case VersionColumn:
            return entry.hasReview ? QStringLiteral("v%1").arg(entry.version) : QString();
        case AuthorColumn:
            return entry.author;
        case UpdatedColumn:
            return entry.updatedMs > 0 ? formatUpdated(entry.updatedMs) : QString();
        case ActionItemsColumn:
            return actionItemsText(entry.openActionItems, entry.overdueActionItems);
        case MatchColumn:
            return entry.snippet;
        }
        return {};
    case Qt::ToolTipRole:
        switch (index.column()) {
        case IncidentColumn:
            return tr("Incident #%1 (%2): %3")
                .arg(QString::number(entry.incidentId), incidentStatusName(entry.incidentStatus), entry.incidentTitle);
        case ReviewColumn:
            if (!entry.hasReview)
                return tr("No version of this review has been saved yet");
            return tr("Version %1, %2, saved by %3")
                .arg(entry.version)
                .arg(reviewStatusName(entry.status), entry.author);
        case UpdatedColumn:
            return entry.updatedMs > 0 ? tr("%1 UTC").arg(formatUpdated(entry.updatedMs)) : QVariant();
        case ActionItemsColumn:
            if (entry.openActionItems == 0)
                return tr("No open action items");
            return tr("Open action items: %1; past due: %2").arg(entry.openActionItems).arg(entry.overdueActionItems);
        case MatchColumn:
            return entry.snippet;
        }
        return {};
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
    case IncidentIdRole:
        return entry.incidentId;
    case SeverityLevelRole:
        return entry.severity;
    case SeverityColorRole:
        return m_palette.incidentColor(entry.severity);
    case ReviewStatusRole:
        return entry.hasReview ? static_cast<int>(entry.status) : -1;
    case OpenItemsRole:
        return entry.openActionItems;
    case OverdueItemsRole:
        return entry.overdueActionItems;
    case EntryRole:
        return QVariant::fromValue(entry);
    }
    return {};
}

QVariant ReviewListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SeverityColumn:
        return tr("SEV");
    case IncidentColumn:
        return tr("Incident");
    case ReviewColumn:
        return tr("Review");
    case VersionColumn:
        return tr("Version");
    case AuthorColumn:
        return tr("Author");
    case UpdatedColumn:
        return tr("Updated (UTC)");
    case ActionItemsColumn:
        return tr("Action items");
    case MatchColumn:
        return tr("Match");
    }
    return {};
}

Qt::ItemFlags ReviewListModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

int ReviewListModel::rowOfIncident(qint64 incidentId) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).incidentId == incidentId)
            return row;
    }
    return -1;
}

void ReviewListModel::setSeverityPalette(const SeverityPalette& palette)
{
    m_palette = palette;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, SeverityColumn), index(rowCount() - 1, SeverityColumn), { SeverityColorRole });
}

QString ReviewListModel::actionItemsText(int open, int overdue)
{
    if (open <= 0)
        return {};
    if (overdue <= 0)
        return tr("%1 open").arg(open);
    return tr("%1 open · %2 overdue").arg(open).arg(overdue);
}

QString ReviewListModel::formatUpdated(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

void ReviewListModel::setQuery(const QString& text, const QString& statusFilter)
{
    m_text = text;
    m_filter = statusFilter;
    // A new question: whatever is in flight answers the old one and is dropped.
    m_inFlight = 0;
    m_queued = false;
    fetchNow();
}

void ReviewListModel::refresh()
{
    if (m_inFlight != 0)
        m_queued = true;
    else if (!m_delay->isActive())
        m_delay->start();
}

void ReviewListModel::fetchNow()
{
    m_delay->stop();
    m_inFlight = RequestIds::next();
    Q_EMIT fetchRequested(m_inFlight, m_text, m_filter);
}

void ReviewListModel::onReviewListFetched(quint64 requestId, const QVector<ReviewListEntry>& entries)
{
    if (requestId == 0 || requestId != m_inFlight)
        return;
    m_inFlight = 0;
    replace(entries);
    m_loaded = true;
    Q_EMIT listChanged();
    if (std::exchange(m_queued, false))
        refresh();
}

void ReviewListModel::onFetchFailed(quint64 requestId, const QString& error)
{
    if (requestId == 0 || requestId != m_inFlight)
        return;
    m_inFlight = 0;
    Q_EMIT fetchFailed(error);
    if (std::exchange(m_queued, false))
        refresh();
}

void ReviewListModel::replace(const QVector<ReviewListEntry>& entries)
{
    bool sameRows = entries.size() == m_rows.size();
    for (qsizetype i = 0; sameRows && i < entries.size(); ++i)
        sameRows = entries.at(i).incidentId == m_rows.at(i).incidentId;
    if (!sameRows) {
        beginResetModel();
        m_rows = entries;
        endResetModel();
        return;
    }
    // The same incidents in the same order: update in place, so selection and scrolling stay put.
    for (int row = 0; row < entries.size(); ++row) {
        if (entries.at(row) == m_rows.at(row))
            continue;
        m_rows[row] = entries.at(row);
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
}

void ReviewListModel::onCommitted(const CommittedBatch& batch)
{
    if (!m_loaded && m_inFlight == 0)
        return;
    if (!batch.reviews.isEmpty() || !batch.actionItems.isEmpty()) {
        refresh();
        return;
    }
    // Incidents change all the time while they are worked; only a listed one, or one that closes
    // while the list shows those missing a review, changes what the list shows.
    const bool missing = m_filter == QLatin1String("missing");
    for (const Incident& incident : batch.incidents) {
        if (rowOfIncident(incident.id) >= 0 || (missing && !incident.isActive())) {
            refresh();
            return;
        }
    }
}

} // namespace firebreak

#include "moc_reviewlistmodel.cpp"
