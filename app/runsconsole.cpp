#include "runsconsole.h"

#include "approval/approvaldialog.h"
#include "approval/approvalview.h"
#include "consolesession.h"
#include "itemmodels/rundetailfeed.h"
#include "mainwindow/approvaltray.h"
#include "runs/runengine.h"
#include "runs/runview.h"
#include "store/storereader.h"
#include "store/storewriter.h"

#include <QWidget>

namespace firebreak {

RunsConsole::RunsConsole(const Clock& clock, const Theme& theme, ConsoleSession& session, StoreReader& reader,
    StoreWriter& writer, QObject* parent)
    : QObject(parent)
    , m_clock(clock)
    , m_theme(theme)
    , m_session(session)
    , m_reader(reader)
    , m_writer(writer)
    , m_runs(clock)
    , m_tray(new ApprovalTray(theme, this))
{
    connect(&m_runs, &RunListModel::fetchRequested, &m_reader, &StoreReader::fetchRuns);
    connect(&m_reader, &StoreReader::runsFetched, &m_runs, &RunListModel::onRunsFetched);
    connect(&m_reader, &StoreReader::failed, &m_runs, &RunListModel::onFetchFailed);
    connect(&m_writer, &StoreWriter::committed, &m_runs, &RunListModel::onCommitted);
    connect(&m_runs, &RunListModel::awaitingApprovalCountChanged, m_tray, &ApprovalTray::setCount);
    connect(&m_runs, &RunListModel::approvalRequested, m_tray, &ApprovalTray::announce);
    connect(m_tray, &ApprovalTray::activated, this, [this] {
        if (m_window) {
            m_window->showNormal();
            m_window->raise();
            m_window->activateWindow();
        }
        openNextApproval();
    });
}

RunsConsole::~RunsConsole()
{
    // Dialogs and run windows are children of the main window, which may outlive this object briefly.
    for (const QPointer<ApprovalDialog>& dialog : std::as_const(m_approvals))
        delete dialog.data();
    for (const QPointer<RunView>& view : std::as_const(m_views))
        delete view.data();
}

void RunsConsole::setWindow(QWidget* window)
{
    m_window = window;
}

void RunsConsole::setEngine(RunEngine* engine)
{
    m_engine = engine;
    if (!engine)
        return;
    connect(engine, &RunEngine::decisionAnswered, this,
        [this](qint64 runId, const QString& person, bool accepted, const QString& reason) {
            if (ApprovalDialog* dialog = approvalDialog(runId))
                dialog->onDecisionAnswered(runId, person, accepted, reason);
        });
}

ApprovalDialog* RunsConsole::approvalDialog(qint64 runId) const
{
    return m_approvals.value(runId).data();
}

RunView* RunsConsole::runView(qint64 runId) const
{
    return m_views.value(runId).data();
}

QString RunsConsole::actor() const
{
    return m_session.session().current().name;
}

void RunsConsole::send(const std::function<void(RunEngine&)>& call)
{
    if (!m_engine)
        return;
    QPointer<RunEngine> engine = m_engine;
    // Queued to the engine thread: the engine's slots run where the engine lives.
    QMetaObject::invokeMethod(
        m_engine.data(),
        [engine, call] {
            if (engine)
                call(*engine);
        },
        Qt::QueuedConnection);
}

RunDetailFeed* RunsConsole::newFeed(qint64 runId, QObject* owner)
{
    auto* feed = new RunDetailFeed(owner);
    connect(feed, &RunDetailFeed::fetchRequested, &m_reader, &StoreReader::fetchRunDetail);
    connect(&m_reader, &StoreReader::runDetailFetched, feed, &RunDetailFeed::onRunDetailFetched);
    connect(&m_reader, &StoreReader::failed, feed, &RunDetailFeed::onFetchFailed);
    connect(&m_writer, &StoreWriter::committed, feed, &RunDetailFeed::onCommitted);
    feed->setRunId(runId);
    return feed;
}

void RunsConsole::open(qint64 runId)
{
    const std::optional<Run> run = m_runs.runById(runId);
    if (run && run->state == RunState::AwaitingApproval)
        openApproval(runId);
    else
        openRunView(runId);
}

void RunsConsole::openNextApproval()
{
    // The model keeps runs awaiting approval on top, soonest expiry first.
    if (m_runs.rowCount() > 0 && m_runs.runAt(0).state == RunState::AwaitingApproval)
        openApproval(m_runs.runAt(0).id);
}

void RunsConsole::openApproval(qint64 runId)
{
    if (ApprovalDialog* open = approvalDialog(runId)) {
        open->show();
        open->raise();
        open->activateWindow();
        return;
    }
    auto* dialog = new ApprovalDialog(m_clock, m_theme, m_session.session(), m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setModal(false);
    m_session.attach(dialog);
    m_approvals.insert(runId, dialog);
    RunDetailFeed* feed = newFeed(runId, dialog);
    connect(feed, &RunDetailFeed::detailChanged, dialog, [this, dialog](const RunDetail& detail) {
        if (m_titleOf)
            dialog->view()->setIncidentTitle(m_titleOf(detail.run.incidentId));
        dialog->setDetail(detail);
        // Approved: what follows is the run itself, so its window takes over from the decision.
        const RunState state = detail.run.state;
        if (state != RunState::AwaitingApproval && state != RunState::Rejected && state != RunState::Expired
            && state != RunState::Proposed && state != RunState::Gating) {
            const qint64 id = detail.run.id;
            QMetaObject::invokeMethod(
                this, [this, id] { openRunView(id); }, Qt::QueuedConnection);
            dialog->close();
        }
    });
    connect(dialog, &ApprovalDialog::decisionRequested, this,
        [this, dialog](qint64 id, const QString& approver, const QString& planHash, const QString& passphrase,
            const QString& reason, bool grant) {
            if (!m_engine) {
                // A read-only store, or the first moment after start: say so instead of waiting forever.
                dialog->onDecisionAnswered(id, approver, false,
                    tr("the run engine is not running (the store may be read-only), so nothing was decided"));
                return;
            }
            send([=](RunEngine& engine) {
                if (grant)
                    engine.approve(id, approver, planHash, passphrase, reason);
                else
                    engine.deny(id, approver, planHash, passphrase, reason);
            });
        });
    feed->refresh();
    dialog->show();
}

void RunsConsole::openRunView(qint64 runId)
{
    if (RunView* open = runView(runId)) {
        open->show();
        open->raise();
        open->activateWindow();
        return;
    }
    auto* view = new RunView(m_clock, m_theme, m_session.session(), m_window);
    view->setWindowFlag(Qt::Window);
    view->setAttribute(Qt::WA_DeleteOnClose);
    view->resize(1400, 860);
    m_views.insert(runId, view);
    RunDetailFeed* feed = newFeed(runId, view);
    connect(feed, &RunDetailFeed::detailChanged, view, &RunView::setDetail);
    connect(view, &RunView::abortRequested, this, [this](qint64 id, const QString& reason) {
        send([id, reason, who = actor()](RunEngine& engine) { engine.abort(id, who, reason); });
    });
    connect(view, &RunView::rollbackRequested, this, [this](qint64 id, const QString& reason) {
        send([id, reason, who = actor()](RunEngine& engine) { engine.rollback(id, who, reason); });
    });
    connect(view, &RunView::resumeRequested, this, [this](qint64 id, const QString& reason) {
        send([id, reason, who = actor()](RunEngine& engine) { engine.resume(id, who, reason); });
    });
    connect(view, &RunView::reproposeRequested, this, [this](qint64 id, const QString& reason) {
        send([id, reason, who = actor()](RunEngine& engine) { engine.repropose(id, who, reason); });
    });
    feed->refresh();
    view->show();
}

void RunsConsole::setFrozen(bool frozen, const QString& reason)
{
    send([frozen, reason, who = actor()](RunEngine& engine) { engine.setFrozen(frozen, who, reason); });
}

} // namespace firebreak
