#include "reviewimportcandidatesmodel.h"

#include "reviewtimelinemodel.h"

#include <QFont>
#include <algorithm>

namespace firebreak {

ReviewImportCandidatesModel::ReviewImportCandidatesModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

int ReviewImportCandidatesModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ReviewImportCandidatesModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ReviewImportCandidatesModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = m_rows.at(index.row());
    const ReviewTimelineCandidate& candidate = row.candidate;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case PickColumn:
            if (row.imported)
                return tr("in review");
            return candidate.preselected ? QStringLiteral("★") : QString();
        case TimeColumn:
            return ReviewTimelineModel::formatTime(candidate.entry.timeMs);
        case KindColumn:
            return candidate.kind;
        case TextColumn:
            return candidate.entry.text;
        }
        return {};
    case Qt::CheckStateRole:
        if (index.column() == PickColumn && !row.imported)
            return row.checked ? Qt::Checked : Qt::Unchecked;
        return {};
    case Qt::ToolTipRole:
        if (row.imported)
            return tr("The review already has a row for event #%1").arg(candidate.entry.sourceEventId);
        if (candidate.preselected)
            return tr("Pinned in the incident timeline, so selected to start with");
        return {};
    case Qt::ForegroundRole:
        if (row.imported || index.column() == TimeColumn || index.column() == KindColumn)
            return m_muted;
        if (index.column() == PickColumn && candidate.preselected)
            return m_star;
        return {};
    case Qt::FontRole:
        if (row.imported && index.column() == PickColumn) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        if (candidate.preselected && !row.imported && index.column() == TextColumn) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case KindRole:
        return candidate.kind;
    case PinnedRole:
        return candidate.preselected;
    case AlreadyImportedRole:
        return row.imported;
    case SourceEventIdRole:
        return candidate.entry.sourceEventId;
    }
    return {};
}

QVariant ReviewImportCandidatesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case PickColumn:
        return tr("Import");
    case TimeColumn:
        return tr("Time (UTC)");
    case KindColumn:
        return tr("Kind");
    case TextColumn:
        return tr("Event");
    }
    return {};
}

Qt::ItemFlags ReviewImportCandidatesModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
    if (index.column() == PickColumn && !m_rows.at(index.row()).imported)
        flags |= Qt::ItemIsUserCheckable;
    return flags;
}

bool ReviewImportCandidatesModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (role != Qt::CheckStateRole || index.column() != PickColumn
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)
        || m_rows.at(index.row()).imported)
        return false;
    setChecked(index.row(), value.toInt() == Qt::Checked);
    return true;
}

void ReviewImportCandidatesModel::setCandidates(
    const QVector<ReviewTimelineCandidate>& candidates, const QSet<qint64>& alreadyImported)
{
    beginResetModel();
    m_rows.clear();
    m_rows.reserve(candidates.size());
    for (const ReviewTimelineCandidate& candidate : candidates) {
        const bool imported = alreadyImported.contains(candidate.entry.sourceEventId);
        m_rows.append(Row { candidate, candidate.preselected && !imported, imported });
    }
    endResetModel();
    Q_EMIT checkedCountChanged(checkedCount());
}

void ReviewImportCandidatesModel::setChecked(int row, bool checked)
{
    if (row < 0 || row >= m_rows.size() || m_rows.at(row).imported || m_rows.at(row).checked == checked)
        return;
    m_rows[row].checked = checked;
    const QModelIndex pick = index(row, PickColumn);
    Q_EMIT dataChanged(pick, pick, { Qt::CheckStateRole });
    Q_EMIT checkedCountChanged(checkedCount());
}

int ReviewImportCandidatesModel::checkedCount() const
{
    return int(std::count_if(m_rows.cbegin(), m_rows.cend(), [](const Row& row) { return row.checked; }));
}

QStringList ReviewImportCandidatesModel::kinds() const
{
    QStringList kinds;
    for (const Row& row : m_rows) {
        if (!kinds.contains(row.candidate.kind))
            kinds.append(row.candidate.kind);
    }
    kinds.sort();
    return kinds;
}

QVector<ReviewTimelineEntry> ReviewImportCandidatesModel::checkedEntries() const
{
    QVector<ReviewTimelineEntry> entries;
    for (const Row& row : m_rows) {
        if (row.checked)
            entries.append(row.candidate.entry);
    }
    return entries;
}

} // namespace firebreak

#include "moc_reviewimportcandidatesmodel.cpp"
