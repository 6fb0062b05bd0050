#pragma once

#include "itemmodels/runlistmodel.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <functional>

class QWidget;

namespace firebreak {

class ApprovalDialog;
class ApprovalTray;
class Clock;
class ConsoleSession;
class RunDetailFeed;
class RunEngine;
class RunView;
class StoreReader;
class StoreWriter;
struct Theme;

// The console's side of remediation runs: the list of runs (and its count in the tray), the approval
// dialog for a run waiting for a decision and a window for any other run, each kept live by its own
// RunDetailFeed. Every decision and action leaves for the run engine's slots in the signed-in person's
// name; the engine checks and audits it and answers, so nothing here decides anything.
class RunsConsole final : public QObject {
    Q_OBJECT
public:
    RunsConsole(const Clock& clock, const Theme& theme, ConsoleSession& session, StoreReader& reader,
        StoreWriter& writer, QObject* parent = nullptr);
    ~RunsConsole() override;

    RunListModel& runs() { return m_runs; }
    ApprovalTray& tray() { return *m_tray; }
    // Where dialogs and run windows are parented (the main window), and how they name an incident.
    void setWindow(QWidget* window);
    void setIncidentTitles(std::function<QString(qint64)> titleOf) { m_titleOf = std::move(titleOf); }
    // Once the engine exists (EngineHost::engineReady); until then decisions cannot be sent.
    void setEngine(RunEngine* engine);
    ApprovalDialog* approvalDialog(qint64 runId) const;
    RunView* runView(qint64 runId) const;

public Q_SLOTS:
    // The approval dialog for a run awaiting approval, the run window for any other.
    void open(qint64 runId);
    void openApproval(qint64 runId);
    void openRunView(qint64 runId);
    // The run waiting longest for a decision (soonest to expire), if any.
    void openNextApproval();
    void setFrozen(bool frozen, const QString& reason);

private:
    RunDetailFeed* newFeed(qint64 runId, QObject* owner);
    void send(const std::function<void(RunEngine&)>& call);
    QString actor() const;

    const Clock& m_clock;
    const Theme& m_theme;
    ConsoleSession& m_session;
    StoreReader& m_reader;
    StoreWriter& m_writer;
    RunListModel m_runs;
    ApprovalTray* m_tray = nullptr;
    QPointer<QWidget> m_window;
    std::function<QString(qint64)> m_titleOf;
    QPointer<RunEngine> m_engine;
    QHash<qint64, QPointer<ApprovalDialog>> m_approvals;
    QHash<qint64, QPointer<RunView>> m_views;
};

} // namespace firebreak
