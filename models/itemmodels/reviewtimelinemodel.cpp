#include "reviewtimelinemodel.h"

#include <QDateTime>
#include <QFont>
#include <algorithm>

namespace firebreak {

namespace {

bool before(const ReviewTimelineEntry& a, const ReviewTimelineEntry& b)
{
    return a.timeMs != b.timeMs ? a.timeMs < b.timeMs : a.id < b.id;
}

ReviewTimelineEntry asRead(ReviewTimelineEntry entry)
{
    entry.author.clear();
    entry.changedMs = 0;
    return entry;
}

} // namespace

ReviewTimelineModel::ReviewTimelineModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

int ReviewTimelineModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ReviewTimelineModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ReviewTimelineModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ReviewTimelineEntry& entry = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return formatTime(entry.timeMs);
        case TextColumn:
            return entry.text;
        case SourceColumn:
            return entry.sourceEventId > 0 ? tr("event #%1").arg(entry.sourceEventId) : tr("typed");
        }
        return {};
    case Qt::EditRole:
        return index.column() == TextColumn ? QVariant(entry.text) : data(index, Qt::DisplayRole);
    case Qt::ToolTipRole:
        if (index.column() == SourceColumn)
            return entry.sourceEventId > 0 ? tr("Show event #%1 in the incident timeline").arg(entry.sourceEventId)
                                           : tr("Typed into the review, not taken from an incident event");
        if (index.column() == TimeColumn)
            return tr("%1 UTC").arg(formatTime(entry.timeMs));
        return {};
    case Qt::ForegroundRole:
        if (index.column() == SourceColumn)
            return entry.sourceEventId > 0 ? m_linkColor : m_mutedColor;
        if (index.column() == TimeColumn)
            return m_mutedColor;
        return {};
    case Qt::FontRole:
        if (index.column() == SourceColumn && entry.sourceEventId > 0) {
            QFont font;
            font.setUnderline(true);
            return font;
        }
        return {};
    case EntryIdRole:
        return entry.id;
    case SourceEventIdRole:
        return entry.sourceEventId;
    case TimeMsRole:
        return entry.timeMs;
    }
    return {};
}

QVariant ReviewTimelineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time (UTC)");
    case TextColumn:
        return tr("What happened");
    case SourceColumn:
        return tr("Source");
    }
    return {};
}

Qt::ItemFlags ReviewTimelineModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
    if (m_editable && index.column() == TextColumn)
        flags |= Qt::ItemIsEditable;
    return flags;
}

bool ReviewTimelineModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (role != Qt::EditRole || !m_editable || index.column() != TextColumn
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    const ReviewTimelineEntry& current = m_rows.at(index.row());
    ReviewTimelineEntry after = current;
    after.text = value.toString().trimmed();
    if (after.text.isEmpty()) {
        Q_EMIT editRejected(tr("A timeline row needs some text; remove the row instead."));
        return false;
    }
    if (after.text == current.text)
        return false;
    Q_EMIT editRequested(current, after);
    return true;
}

void ReviewTimelineModel::setEntries(qint64 incidentId, const QVector<ReviewTimelineEntry>& entries)
{
    beginResetModel();
    m_incidentId = incidentId;
    m_rows.clear();
    for (const ReviewTimelineEntry& entry : entries) {
        if (entry.incidentId == incidentId && !entry.removed)
            m_rows.append(asRead(entry));
    }
    std::sort(m_rows.begin(), m_rows.end(), before);
    endResetModel();
}

int ReviewTimelineModel::insertionRow(const ReviewTimelineEntry& entry) const
{
    return int(std::lower_bound(m_rows.cbegin(), m_rows.cend(), entry, before) - m_rows.cbegin());
}

void ReviewTimelineModel::removeRow(int row)
{
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
}

void ReviewTimelineModel::insertSorted(ReviewTimelineEntry entry)
{
    const int at = insertionRow(entry);
    beginInsertRows({}, at, at);
    m_rows.insert(at, std::move(entry));
    endInsertRows();
}

void ReviewTimelineModel::apply(const QVector<ReviewTimelineEntry>& stored)
{
    for (const ReviewTimelineEntry& entry : stored) {
        if (m_incidentId == 0 || entry.incidentId != m_incidentId || entry.id <= 0)
            continue;
        const int row = rowOfEntry(entry.id);
        if (entry.removed) {
            if (row >= 0)
                removeRow(row);
            continue;
        }
        if (row < 0) {
            insertSorted(asRead(entry));
        } else if (m_rows.at(row).timeMs == entry.timeMs) {
            m_rows[row] = asRead(entry);
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        } else {
            removeRow(row);
            insertSorted(asRead(entry));
        }
    }
}

int ReviewTimelineModel::rowOfEntry(qint64 id) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).id == id)
            return row;
    }
    return -1;
}

QSet<qint64> ReviewTimelineModel::importedEventIds() const
{
    QSet<qint64> ids;
    for (const ReviewTimelineEntry& entry : m_rows) {
        if (entry.sourceEventId > 0)
            ids.insert(entry.sourceEventId);
    }
    return ids;
}

void ReviewTimelineModel::setEditable(bool editable)
{
    if (editable == m_editable)
        return;
    m_editable = editable;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void ReviewTimelineModel::setColors(const QColor& link, const QColor& muted)
{
    m_linkColor = link;
    m_mutedColor = muted;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1), { Qt::ForegroundRole });
}

QString ReviewTimelineModel::formatTime(qint64 timeMs)
{
    return QDateTime::fromMSecsSinceEpoch(timeMs, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

} // namespace firebreak

#include "moc_reviewtimelinemodel.cpp"
