#include "runincidentfilter.h"

#include "runlistmodel.h"

namespace firebreak {

RunIncidentFilter::RunIncidentFilter(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);
}

void RunIncidentFilter::setIncidentId(qint64 incidentId)
{
    if (incidentId == m_incidentId)
        return;
    m_incidentId = incidentId;
    invalidateRowsFilter();
}

bool RunIncidentFilter::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (m_incidentId == 0)
        return true;
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    return index.data(RunListModel::IncidentIdRole).toLongLong() == m_incidentId;
}

} // namespace firebreak

#include "moc_runincidentfilter.cpp"
