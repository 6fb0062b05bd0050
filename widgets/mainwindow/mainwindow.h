#pragma once

#include "domain/incident.h"
#include "domain/receiverstats.h"
#include "domain/sourcehealth.h"
#include "mainwindowdependencies.h"
#include "store/storeopenresult.h"
#include "style/iconprovider.h"
#include "style/theme.h"

#include <QMainWindow>

class QSplitter;

namespace firebreak {

class BannerBar;
class ChartPanel;
class IncidentListView;
class AuditHeadLabel;
class AutomationSwitch;
class RunsPanel;
class SessionButton;
class SourceStatusBar;
class TimelineView;

// The console's one window: incidents on the left, the selected incident's timeline and metric
// charts on the right, source health along the bottom, and anything the operator must not miss
// (a read-only store) across the top. It arranges and connects its parts; it holds no domain logic.
//
// The caller wires data in: the models' fetch signals, and chartPanel()'s eventsRequested /
// rangeRequested signals and answer slots (see the report in the branch for the list).
class MainWindow final : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(const MainWindowDependencies& dependencies, QWidget* parent = nullptr);
    ~MainWindow() override;

    ChartPanel* chartPanel() const { return m_charts; }
    TimelineView* timelineView() const { return m_timeline; }
    IncidentListView* incidentListView() const { return m_incidentList; }
    SourceStatusBar* sourceStatusBar() const { return m_sources; }
    AuditHeadLabel* auditHeadLabel() const { return m_auditHead; }
    BannerBar* bannerBar() const { return m_banners; }
    RunsPanel* runsPanel() const { return m_runs; } // null without a RunListModel
    AutomationSwitch* automationSwitch() const { return m_automation; } // null without a session
    SessionButton* sessionButton() const { return m_sessionButton; } // null without a session
    int awaitingApprovals() const { return m_awaiting; }
    const Theme& theme() const { return m_theme; }
    void saveSettings() const;

public Q_SLOTS:
    void showStoreStatus(const firebreak::StoreOpenResult& result);
    void updateSourceHealth(const firebreak::SourceHealth& health);
    void updateReceiverStats(const firebreak::ReceiverStats& stats);
    // Runs waiting for a decision: in the title, so that it shows in the task bar and window switcher.
    void setAwaitingApprovals(int count);

Q_SIGNALS:
    void runActivated(qint64 runId);
    void nextApprovalRequested();
    void signInRequested();
    void settingsRequested();
    void freezeRequested(bool frozen, const QString& reason);
    // Reviews: the selected incident's review, the list of every review, gate backtesting.
    void reviewRequested(const firebreak::Incident& incident);
    void reviewListRequested();
    void backtestRequested();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void onIncidentSelected(const Incident& incident);
    void restoreSettings();
    void buildMenus();
    void updateTitle();
    QWidget* panel(QWidget* content);

    Theme m_theme;
    IconProvider m_icons;
    QSettings* m_settings = nullptr;
    BannerBar* m_banners = nullptr;
    IncidentListView* m_incidentList = nullptr;
    TimelineView* m_timeline = nullptr;
    ChartPanel* m_charts = nullptr;
    SourceStatusBar* m_sources = nullptr;
    AuditHeadLabel* m_auditHead = nullptr;
    RunsPanel* m_runs = nullptr;
    AutomationSwitch* m_automation = nullptr;
    SessionButton* m_sessionButton = nullptr;
    int m_awaiting = 0;
    Incident m_selected; // the incident the timeline shows (id 0: none)
    QAction* m_reviewAction = nullptr;
    QSplitter* m_leftSplitter = nullptr;
    QSplitter* m_mainSplitter = nullptr;
    QSplitter* m_rightSplitter = nullptr;
};

} // namespace firebreak
