#pragma once

#include "changerecord.h"
#include "domain/run.h"
#include "interfaces/executor.h"
#include "playbook/playbook.h"
#include "renderedplan.h"
#include "runenginesettings.h"
#include "runrestore.h"
#include "store/writebatch.h"

#include <QMap>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <map>
#include <memory>

class QTimer;

namespace firebreak {

class Clock;
class Executor;
class GateEvaluator;
class MetricSource;
class Roster;
class Suppressor;
class VerificationRunner;
struct GateDecision;

// The heart of Firebreak's promise that automation never makes an incident worse. It turns firing
// alerts that match a playbook into runs and drives each one through the persisted state machine
// (RunStateMachine): gates that fail closed, approvals bound to the SHA-256 of the rendered plan,
// a write-ahead intent committed before every step, verification after the steps, rollback (or a
// pause for the commander) when verification fails, and suppression while the fix takes hold. Every
// decision goes on the incident's timeline and into the audit chain.
//
// It lives on the engine thread and never touches SQL: everything it wants stored leaves as a
// WriteBatch (batchReady), and it learns that a write-ahead intent is durable from the store's
// `committed` (onCommitted) before it lets an executor act. After a restart, runs found in flight are
// marked interrupted and never resumed by themselves.
class RunEngine : public QObject {
    Q_OBJECT
public:
    // Tickets this engine puts on its batches, far from those of the receiver (1 << 62).
    static constexpr quint64 TicketBase = quint64(1) << 61;

    // `executors` by name (shell, http, kubernetes, rundeck, stackstorm, sandbox); `suppressor` and
    // `roster` may be null (no suppression; nobody can approve, so runs needing approval expire).
    RunEngine(const Clock& clock, MetricSource& metrics, QMap<QString, Executor*> executors, Suppressor* suppressor,
        const Roster* roster, QVector<Playbook> playbooks, RunEngineSettings settings, QObject* parent = nullptr);
    ~RunEngine() override;

    // The change a timeline event stands for, as quiet gates see it (deploy, cron, other change), or
    // nothing for events that are not changes.
    static std::optional<ChangeRecord> changeOf(const Event& event);

    // For tests and wiring on the engine thread.
    QVector<Run> runs() const; // every run the engine holds (active and finished this session), by id
    std::optional<Run> run(qint64 id) const;
    bool isFrozen() const { return m_settings.frozen; }
    const QVector<Playbook>& playbooks() const { return m_playbooks; }

public Q_SLOTS:
    // Once, after the store opened: in-flight runs become interrupted (audited, on the timeline).
    void restore(const firebreak::RunRestore& state);
    // Everything the store committed: firing alerts may trigger playbooks, change events feed quiet
    // gates, and tickets release steps waiting for their write-ahead intent.
    void onCommitted(const firebreak::CommittedBatch& batch);
    void onStoreFailed(const QString& error, const QVector<quint64>& tickets);

    // A commander's decisions. `planHash` is the hash of the plan the person was shown; `passphrase`
    // is re-entered for high and critical risk (empty otherwise). Each answers with decisionAnswered
    // and is audited whether accepted or refused.
    void approve(qint64 runId, const QString& approver, const QString& planHash, const QString& passphrase,
        const QString& reason);
    void deny(qint64 runId, const QString& approver, const QString& planHash, const QString& passphrase,
        const QString& reason);
    void abort(qint64 runId, const QString& actor, const QString& reason);
    // Rolls back a succeeded or paused run; resumes (verifies again) a paused one.
    void rollback(qint64 runId, const QString& actor, const QString& reason);
    void resume(qint64 runId, const QString& actor, const QString& reason);
    // Proposes an interrupted run again as a new run: new plan, new gates, and always an approval.
    void repropose(qint64 runId, const QString& actor, const QString& reason);
    void setFrozen(bool frozen, const QString& actor, const QString& reason);
    // Audits the configuration in force (each playbook file's SHA-256, the roster's, the switches), so
    // that a changed playbook or roster between two starts is visible in the chain.
    void recordConfiguration(const QStringList& playbookFiles, const QString& rosterHash, const QString& rosterFile);
    // Proposes a run of `playbookId` for an alert by hand (commander or tests).
    void propose(const QString& playbookId, qint64 incidentId, const QString& fingerprint,
        const firebreak::LabelSet& labels, const QString& requester);

Q_SIGNALS:
    void batchReady(const firebreak::WriteBatch& batch);
    void runChanged(const firebreak::Run& run);
    void decisionAnswered(qint64 runId, const QString& person, bool accepted, const QString& reason);
    void frozenChanged(bool frozen);

private:
    struct Active; // a run the engine is driving, with its plan, timers and pending work
    enum class Waiting { None, StepIntent, RollbackIntent };

    Active* find(qint64 runId);
    void propose(const Playbook& playbook, qint64 incidentId, const QString& fingerprint, const LabelSet& labels,
        const QString& requester, bool forceApproval);
    bool transition(Active& active, RunState to, const QString& reason, WriteBatch& batch);
    void commit(WriteBatch batch, quint64 ticket = 0);
    const Playbook* playbook(const QString& id) const;
    void proposeFor(const Alert& alert); // added by the implementation: a run per matching playbook, once per firing

    // Gates (runengine.cpp).
    void nextGate(qint64 runId);
    void onGateDecision(qint64 runId, const GateDecision& decision);
    void finishGates(Active& active);
    bool admitByRate(Active& active, WriteBatch& batch);
    void block(Active& active, const QString& reason, WriteBatch& batch);
    QVector<ChangeRecord> changesBetween(qint64 fromMs, qint64 toMs) const;

    // Approvals (runapprovals.cpp).
    void requestApproval(Active& active, WriteBatch& batch);
    void decide(qint64 runId, const QString& person, const QString& planHash, const QString& passphrase,
        const QString& reason, bool grant);
    void expire(qint64 runId);
    bool approvalsStillBound(const Active& active, QString* why) const;

    // Execution (runexecution.cpp).
    void startExecution(Active& active, WriteBatch& batch);
    void writeIntent(Active& active, WriteBatch& batch);
    void runStep(qint64 runId);
    void onStepDone(qint64 runId, const ExecutionResult& result);
    void afterSteps(Active& active, WriteBatch& batch);
    void startVerification(Active& active, VerifySample::Phase phase, WriteBatch& batch);
    void onVerified(qint64 runId, bool passed, const QString& reason);
    void startRollback(Active& active, const QString& reason, WriteBatch& batch);
    void startSuppression(Active& active);
    void onSuppressed(qint64 runId, qint64 ends, const LabelSet& matchers, const struct SuppressionResult& result);
    void endSuppression(Active& active, const QString& why, WriteBatch& batch);
    void finishRun(Active& active);

    const Clock& m_clock;
    MetricSource& m_metrics;
    QMap<QString, Executor*> m_executors;
    Suppressor* m_suppressor;
    const Roster* m_roster;
    QVector<Playbook> m_playbooks;
    RunEngineSettings m_settings;
    std::unique_ptr<GateEvaluator> m_gates;
    std::map<qint64, std::unique_ptr<Active>> m_active;
    QMap<qint64, Run> m_finished; // this session's finished runs, for runs() and rollback of a success
    QMap<quint64, qint64> m_waiting; // ticket -> run waiting for its write-ahead intent
    QVector<ChangeRecord> m_changes; // recent change events, oldest first
    // Admission times for rate limits: playbook id -> times; and all playbooks together.
    QMap<QString, QVector<qint64>> m_admitted;
    QVector<qint64> m_admittedAll;
    // (playbook id, alert fingerprint) -> when the latest run for it was created, so that a
    // re-delivered notification does not start the same remediation twice.
    QMap<QPair<QString, QString>, qint64> m_lastRunFor;
    qint64 m_nextRunId = 1;
    quint64 m_nextTicket = TicketBase;
    bool m_restored = false;
};

} // namespace firebreak
