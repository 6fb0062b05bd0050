#pragma once

#include <QWidget>

class QCheckBox;
class QLabel;
class QModelIndex;
class QStackedWidget;
class QTreeView;

namespace firebreak {

class RunDelegate;
class RunIncidentFilter;
class RunListModel;
struct Theme;

// The runs pane of the console: every run a commander may need to act on, approvals on top, with
// the number awaiting approval in amber where the eye lands first. Opening a run (double-click or
// Enter) is how the commander gets to its approval or run view; the panel only says which.
class RunsPanel final : public QWidget {
    Q_OBJECT
public:
    RunsPanel(RunListModel& model, const Theme& theme, QWidget* parent = nullptr);

    QTreeView* treeView() const { return m_tree; }
    QCheckBox* incidentOnlyToggle() const { return m_incidentOnly; }
    QLabel* awaitingLabel() const { return m_awaiting; }
    RunIncidentFilter* filterModel() const { return m_filter; }
    // The incident the console has selected (0 = none); the toggle narrows the list to it.
    void setIncident(qint64 incidentId);
    qint64 incident() const { return m_incidentId; }
    // The id of the run under the cursor, 0 when none.
    qint64 currentRunId() const;
    QByteArray saveHeaderState() const;
    void restoreHeaderState(const QByteArray& state);

Q_SIGNALS:
    void runActivated(qint64 runId);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void activate(const QModelIndex& index);
    void applyFilter();
    void updateAwaiting(int count);
    void updatePlaceholder();

    RunListModel& m_model;
    const Theme& m_theme;
    RunIncidentFilter* m_filter = nullptr;
    QLabel* m_title = nullptr;
    QLabel* m_awaiting = nullptr;
    QCheckBox* m_incidentOnly = nullptr;
    QStackedWidget* m_stack = nullptr;
    QTreeView* m_tree = nullptr;
    QLabel* m_placeholder = nullptr;
    RunDelegate* m_delegate = nullptr;
    qint64 m_incidentId = 0;
};

} // namespace firebreak
