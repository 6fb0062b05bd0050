#pragma once

#include <QSortFilterProxyModel>

namespace firebreak {

// "This incident only" in the runs panel: the run list narrowed to one incident's runs, in the
// list's own order (it never sorts), so the approvals on top stay on top.
class RunIncidentFilter final : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit RunIncidentFilter(QObject* parent = nullptr);

    // 0 shows every run.
    void setIncidentId(qint64 incidentId);
    qint64 incidentId() const { return m_incidentId; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    qint64 m_incidentId = 0;
};

} // namespace firebreak
