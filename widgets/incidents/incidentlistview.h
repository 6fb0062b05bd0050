#pragma once

#include "domain/incident.h"

#include <QWidget>

class QLabel;
class QTreeView;

namespace firebreak {

class IncidentDelegate;
class IncidentListModel;
struct Theme;

// The commander's list of incidents, newest first. Picking one drives the rest of the window. On
// the first load the newest incident is selected, so the console never opens on an empty screen.
class IncidentListView final : public QWidget {
    Q_OBJECT
public:
    IncidentListView(IncidentListModel& model, const Theme& theme, QWidget* parent = nullptr);

    QTreeView* tree() const { return m_tree; }
    qint64 selectedIncidentId() const { return m_selectedId; }
    void selectIncident(qint64 incidentId);
    QByteArray saveHeaderState() const;
    void restoreHeaderState(const QByteArray& state);

Q_SIGNALS:
    // Also emitted again when the selected incident changes live (status, counts, commander).
    void incidentSelected(const firebreak::Incident& incident);

private:
    void onCurrentChanged();
    void onDataChanged(const QModelIndex& topLeft, const QModelIndex& bottomRight, const QList<int>& roles);
    void selectFirstIfNone();
    void updateSummary();

    IncidentListModel& m_model;
    QLabel* m_title = nullptr;
    QLabel* m_summary = nullptr;
    QTreeView* m_tree = nullptr;
    IncidentDelegate* m_delegate = nullptr;
    qint64 m_selectedId = 0;
    bool m_autoSelected = false;
};

} // namespace firebreak
