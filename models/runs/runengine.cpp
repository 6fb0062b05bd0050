#include "runengine.h"

#include "gateevaluator.h"
#include "interfaces/clock.h"
#include "interfaces/metricsource.h"
#include "planrenderer.h"
#include "runengineactive.h"
#include "runjournal.h"
#include "runstatemachine.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QTimer>

Q_LOGGING_CATEGORY(lcRuns, "firebreak.runs")

namespace firebreak {

namespace {

constexpr qint64 GateGraceMs = 60'000; // how much longer than its `for` a sustained gate is waited for
constexpr qint64 ChangeMemoryMs = 24LL * 3600 * 1000; // how far back quiet gates can look

} // namespace

RunEngine::RunEngine(const Clock& clock, MetricSource& metrics, QMap<QString, Executor*> executors,
    Suppressor* suppressor, const Roster* roster, QVector<Playbook> playbooks, RunEngineSettings settings,
    QObject* parent)
    : QObject(parent)
    , m_clock(clock)
    , m_metrics(metrics)
    , m_executors(std::move(executors))
    , m_suppressor(suppressor)
    , m_roster(roster)
    , m_playbooks(std::move(playbooks))
    , m_settings(std::move(settings))
{
    m_gates = std::make_unique<GateEvaluator>(
        m_clock, m_metrics, [this](qint64 from, qint64 to) { return changesBetween(from, to); },
        m_settings.gateQueryTimeoutMs);
}

RunEngine::~RunEngine() = default;

std::optional<ChangeRecord> RunEngine::changeOf(const Event& event)
{
    ChangeRecord record;
    if (event.kind == QLatin1String(EventKind::ChangeDeploy))
        record.kind = QStringLiteral("deploy");
    else if (event.kind == QLatin1String(EventKind::ChangeCron))
        record.kind = QStringLiteral("cron");
    else if (event.kind == QLatin1String(EventKind::ChangeEvent))
        record.kind = QStringLiteral("change");
    else
        return std::nullopt;
    record.timeMs = event.timeMs;
    record.title = event.title;
    record.eventId = event.id;
    return record;
}

QVector<Run> RunEngine::runs() const
{
    QMap<qint64, Run> all = m_finished;
    for (const auto& [id, active] : m_active)
        all.insert(id, active->run);
    return all.values().toVector();
}

std::optional<Run> RunEngine::run(qint64 id) const
{
    if (const auto it = m_active.find(id); it != m_active.end())
        return it->second->run;
    if (const auto it = m_finished.constFind(id); it != m_finished.constEnd())
        return *it;
    return std::nullopt;
}

RunEngine::Active* RunEngine::find(qint64 runId)
{
    const auto it = m_active.find(runId);
    return it == m_active.end() ? nullptr : it->second.get();
}

const Playbook* RunEngine::playbook(const QString& id) const
{
    for (const Playbook& playbook : m_playbooks) {
        if (playbook.id == id)
            return &playbook;
    }
    return nullptr;
}

void RunEngine::commit(WriteBatch batch, quint64 ticket)
{
    if (batch.rowCount() == 0 && ticket == 0)
        return;
    batch.ticket = ticket;
    Q_EMIT batchReady(batch);
}

bool RunEngine::transition(Active& active, RunState to, const QString& reason, WriteBatch& batch)
{
    const RunState from = active.run.state;
    if (!RunStateMachine::allowed(from, to)) {
        qCWarning(lcRuns) << "run" << active.run.id << "refused move" << runStateName(from) << "->" << runStateName(to);
        return false;
    }
    active.run.state = to;
    active.run.stateReason = reason;
    active.run.updatedMs = m_clock.nowMs();
    batch.runs.append(active.run);
    Q_EMIT runChanged(active.run);
    return true;
}

void RunEngine::restore(const RunRestore& state)
{
    if (m_restored)
        return;
    m_restored = true;
    m_nextRunId = std::max<qint64>(m_nextRunId, state.maxRunId + 1);
    const qint64 now = m_clock.nowMs();
    for (const ChangeRecord& change : state.changes)
        m_changes.append(change);
    std::sort(m_changes.begin(), m_changes.end(),
        [](const ChangeRecord& a, const ChangeRecord& b) { return a.timeMs < b.timeMs; });

    WriteBatch batch;
    for (const Run& stored : state.runs) {
        const auto key = qMakePair(stored.playbookId, stored.alertFingerprint);
        m_lastRunFor[key] = std::max(m_lastRunFor.value(key, 0), stored.createdMs);
        const bool admitted = stored.state != RunState::Proposed && stored.state != RunState::Gating
            && stored.state != RunState::Blocked;
        if (admitted) {
            m_admitted[stored.playbookId].append(stored.createdMs);
            m_admittedAll.append(stored.createdMs);
        }
        auto active = std::make_unique<Active>();
        active->run = stored;
        Active& a = *active;
        if (RunStateMachine::isInFlight(stored.state)) {
            const QString reason = QStringLiteral(
                "Firebreak stopped while this run was %1; it is not resumed by itself. A commander may "
                "propose it again.")
                                       .arg(runStateName(stored.state).replace(QLatin1Char('_'), QLatin1Char(' ')));
            transition(a, RunState::Interrupted, reason, batch);
            batch.events.append(RunJournal::event(a.run, now, EventKind::RunState, Severity::Error,
                QStringLiteral("Run %1 (%2) interrupted: it was %3 when Firebreak stopped")
                    .arg(a.run.id)
                    .arg(a.run.playbookId, runStateName(stored.state))));
            batch.audit.append(RunJournal::audit(now, QStringLiteral("firebreak"), QStringLiteral("run.interrupted"),
                a.run, QJsonObject { { QStringLiteral("was"), runStateName(stored.state) } }));
            // A silence made for a fix nobody knows the outcome of would hide the alert: lift it.
            endSuppression(a, QStringLiteral("the run was interrupted"), batch);
            m_finished.insert(a.run.id, a.run);
            continue;
        }
        if (stored.state == RunState::Proposed || stored.state == RunState::Gating) {
            // Gates only read; evaluating them again is the honest way, but the alert that triggered the
            // run may be gone, so the run is closed and a still-firing alert proposes a new one.
            transition(a, RunState::Blocked,
                QStringLiteral("Firebreak stopped while gates were being evaluated; nothing was executed"), batch);
            batch.audit.append(RunJournal::audit(now, QStringLiteral("firebreak"), QStringLiteral("run.blocked"), a.run,
                QJsonObject { { QStringLiteral("reason"), a.run.stateReason } }));
            m_finished.insert(a.run.id, a.run);
            continue;
        }
        if (stored.state != RunState::AwaitingApproval && stored.state != RunState::Paused
            && stored.state != RunState::Succeeded) {
            m_finished.insert(a.run.id, a.run);
            continue;
        }
        // Waiting for a person: re-render the plan; approvals only stand for the very same plan.
        const Playbook* source = playbook(stored.playbookId);
        std::optional<RenderedPlan> plan;
        if (source) {
            auto rendered = PlanRenderer::render(*source, stored.labels);
            if (const auto* ok = std::get_if<RenderedPlan>(&rendered); ok && ok->hash() == stored.planHash)
                plan = *ok;
        }
        if (!plan) {
            if (stored.state == RunState::AwaitingApproval) {
                transition(a, RunState::Expired,
                    QStringLiteral("the playbook changed (or is gone) since this plan was rendered; its approvals "
                                   "no longer apply"),
                    batch);
                batch.audit.append(
                    RunJournal::audit(now, QStringLiteral("firebreak"), QStringLiteral("approval.voided"), a.run));
            } else if (stored.state == RunState::Paused) {
                // Its rollback and checks can no longer be trusted to be the ones that were shown.
                transition(a, RunState::Aborted,
                    QStringLiteral("the playbook changed (or is gone) while the run was paused; nothing more runs"),
                    batch);
                batch.audit.append(RunJournal::audit(now, QStringLiteral("firebreak"), QStringLiteral("run.aborted"),
                    a.run, QJsonObject { { QStringLiteral("reason"), a.run.stateReason } }));
                endSuppression(a, QStringLiteral("the run was aborted"), batch);
            }
            m_finished.insert(a.run.id, a.run);
            continue;
        }
        a.plan = *plan;
        for (const ApprovalRecord& record : state.approvals) {
            if (record.runId == stored.id)
                a.approvals.append(record);
        }
        const qint64 id = a.run.id;
        m_active.emplace(id, std::move(active));
        if (stored.state == RunState::AwaitingApproval) {
            Active& waiting = *find(id);
            waiting.expiry = std::make_unique<QTimer>();
            waiting.expiry->setSingleShot(true);
            connect(waiting.expiry.get(), &QTimer::timeout, this, [this, id] { expire(id); });
            const qint64 left = waiting.run.approvalExpiresMs - now;
            waiting.expiry->start(m_settings.wallMs(left));
        }
    }
    commit(batch);
    // Only alerts younger than the runs read back: for those, "this firing already has its run" is known.
    for (const Alert& alert : state.firingAlerts) {
        if (alert.startsAtMs >= state.runsSinceMs)
            proposeFor(alert);
    }
}

void RunEngine::onCommitted(const CommittedBatch& batch)
{
    for (const quint64 ticket : batch.tickets) {
        const auto it = m_waiting.constFind(ticket);
        if (it == m_waiting.constEnd())
            continue;
        const qint64 runId = *it;
        m_waiting.erase(it);
        runStep(runId);
    }
    const qint64 now = m_clock.nowMs();
    bool added = false;
    for (const Event& event : batch.events) {
        if (const std::optional<ChangeRecord> change = changeOf(event)) {
            m_changes.append(*change);
            added = true;
        }
    }
    if (added) {
        std::sort(m_changes.begin(), m_changes.end(),
            [](const ChangeRecord& a, const ChangeRecord& b) { return a.timeMs < b.timeMs; });
        while (!m_changes.isEmpty() && m_changes.constFirst().timeMs < now - ChangeMemoryMs)
            m_changes.removeFirst();
    }
    if (!m_restored)
        return; // alerts before restore would race the runs still to be read back
    for (const Alert& alert : batch.alerts)
        proposeFor(alert);
}

void RunEngine::proposeFor(const Alert& alert)
{
    if (alert.status != AlertStatus::Firing || alert.incidentId <= 0)
        return;
    for (const Playbook& candidate : std::as_const(m_playbooks)) {
        if (!candidate.trigger.matches(alert.labels))
            continue;
        const auto key = qMakePair(candidate.id, alert.fingerprint);
        if (const auto last = m_lastRunFor.constFind(key); last != m_lastRunFor.constEnd() && *last >= alert.startsAtMs)
            continue; // this firing already has its run
        propose(candidate, alert.incidentId, alert.fingerprint, alert.labels, QStringLiteral("firebreak"), false);
        // Remember the firing by its own start too: Alertmanager's clock may run ahead of ours, and a
        // re-delivery of this firing must never look newer than its run.
        m_lastRunFor[key] = std::max(m_lastRunFor.value(key), alert.startsAtMs);
    }
}

void RunEngine::onStoreFailed(const QString& error, const QVector<quint64>& tickets)
{
    for (const quint64 ticket : tickets) {
        const auto it = m_waiting.constFind(ticket);
        if (it == m_waiting.constEnd())
            continue;
        const qint64 runId = *it;
        m_waiting.erase(it);
        Active* active = find(runId);
        if (!active)
            continue;
        // The intent is not durable, so the step must not run: fail closed. The store retries the
        // batch; whether it lands or not, no executor was called.
        WriteBatch batch;
        const QString reason = QStringLiteral("the store could not record the intent of step %1 (%2); nothing was "
                                              "executed")
                                   .arg(active->stepIndex + 1)
                                   .arg(error);
        batch.events.append(
            RunJournal::event(active->run, m_clock.nowMs(), EventKind::StepFailed, Severity::Error, reason));
        batch.audit.append(RunJournal::audit(m_clock.nowMs(), QStringLiteral("firebreak"),
            QStringLiteral("step.not_executed"), active->run,
            QJsonObject { { QStringLiteral("step"), active->stepIndex }, { QStringLiteral("reason"), reason } }));
        if (active->phase == RunStepRecord::Phase::Steps) {
            transition(*active, RunState::Failed, reason, batch);
            if (active->stepIndex > 0 && !active->plan.rollback.isEmpty()) {
                // Earlier steps did run: undo them rather than leave the system half remediated.
                startRollback(
                    *active, QStringLiteral("step %1 could not be recorded").arg(active->stepIndex + 1), batch);
                commit(batch);
                continue;
            }
        } else {
            transition(*active, RunState::RollbackFailed, reason, batch);
        }
        commit(batch);
        finishRun(*active);
    }
}

void RunEngine::propose(const QString& playbookId, qint64 incidentId, const QString& fingerprint,
    const LabelSet& labels, const QString& requester)
{
    if (const Playbook* source = playbook(playbookId))
        propose(*source, incidentId, fingerprint, labels, requester, requester != QLatin1String("firebreak"));
}

void RunEngine::propose(const Playbook& source, qint64 incidentId, const QString& fingerprint, const LabelSet& labels,
    const QString& requester, bool forceApproval)
{
    const qint64 now = m_clock.nowMs();
    auto active = std::make_unique<Active>();
    Active& a = *active;
    a.forceApproval = forceApproval;
    Run& run = a.run;
    run.id = m_nextRunId++;
    run.incidentId = incidentId;
    run.playbookId = source.id;
    run.playbookTitle = source.title;
    run.risk = playbookRiskName(source.risk);
    run.alertFingerprint = fingerprint;
    run.labels = labels;
    run.requester = requester;
    run.createdMs = now;
    run.updatedMs = now;
    m_lastRunFor[qMakePair(source.id, fingerprint)] = now;

    WriteBatch batch;
    auto rendered = PlanRenderer::render(source, labels);
    if (const auto* refusal = std::get_if<TemplateRefusal>(&rendered)) {
        batch.runs.append(run);
        batch.events.append(RunJournal::event(run, now, EventKind::RunProposed, Severity::Info,
            QStringLiteral("Run %1 proposed: %2").arg(run.id).arg(source.title), {}, requester));
        const qint64 id = run.id;
        m_active.emplace(id, std::move(active));
        block(*find(id), QStringLiteral("label refused: %1").arg(refusal->reason), batch);
        commit(batch);
        return;
    }
    a.plan = std::get<RenderedPlan>(rendered);
    run.plan = a.plan.canonicalJson();
    run.planHash = a.plan.hash();
    batch.runs.append(run);
    QJsonObject body { { QStringLiteral("plan"), a.plan.toJson() }, { QStringLiteral("plan_sha256"), run.planHash },
        { QStringLiteral("alert"), fingerprint } };
    batch.events.append(RunJournal::event(run, now, EventKind::RunProposed, Severity::Info,
        QStringLiteral("Run %1 proposed: %2 (%3 risk) for %4")
            .arg(run.id)
            .arg(source.title, run.risk, a.plan.targets().join(QStringLiteral(", "))),
        body, requester));
    batch.audit.append(RunJournal::audit(now, requester, QStringLiteral("run.proposed"), run,
        QJsonObject { { QStringLiteral("targets"), QJsonArray::fromStringList(a.plan.targets()) } }));
    const qint64 id = run.id;
    m_active.emplace(id, std::move(active));
    Active& stored = *find(id);

    if (m_settings.frozen) {
        block(stored, QStringLiteral("automation is frozen"), batch);
        commit(batch);
        return;
    }
    for (const RenderedStep& step : stored.plan.steps + stored.plan.rollback) {
        if (!m_executors.contains(step.request.executor)) {
            block(stored,
                QStringLiteral("step \"%1\" needs the %2 executor, which this Firebreak does not have configured")
                    .arg(step.name, step.request.executor),
                batch);
            commit(batch);
            return;
        }
    }
    transition(stored, RunState::Gating, QStringLiteral("evaluating %1 gates").arg(stored.plan.gates.size()), batch);
    commit(batch);
    nextGate(id);
}

void RunEngine::block(Active& active, const QString& reason, WriteBatch& batch)
{
    const qint64 now = m_clock.nowMs();
    transition(active, RunState::Blocked, reason, batch);
    batch.events.append(RunJournal::event(active.run, now, EventKind::GateBlocked, Severity::Warning,
        QStringLiteral("Run %1 (%2) blocked: %3").arg(active.run.id).arg(active.run.playbookId, reason)));
    batch.audit.append(RunJournal::audit(now, QStringLiteral("firebreak"), QStringLiteral("run.blocked"), active.run,
        QJsonObject { { QStringLiteral("reason"), reason } }));
    finishRun(active);
}

void RunEngine::nextGate(qint64 runId)
{
    Active* active = find(runId);
    if (!active || active->run.state != RunState::Gating)
        return;
    while (active->gateIndex < active->plan.gates.size()) {
        const PlaybookGate::Kind kind = active->plan.gates.at(active->gateIndex).gate.kind;
        if (kind == PlaybookGate::Kind::Approval || kind == PlaybookGate::Kind::RateLimit) {
            ++active->gateIndex; // decided after the others, synchronously (see finishGates)
            continue;
        }
        const int index = active->gateIndex;
        m_gates->evaluate(active->plan, index, [this, runId](const GateDecision& decision) {
            // Possibly before evaluate() returns: continue from the event loop, never re-entrantly.
            QMetaObject::invokeMethod(
                this, [this, runId, decision] { onGateDecision(runId, decision); }, Qt::QueuedConnection);
        });
        return;
    }
    finishGates(*active);
}

void RunEngine::onGateDecision(qint64 runId, const GateDecision& decision)
{
    Active* active = find(runId);
    if (!active || active->run.state != RunState::Gating)
        return;
    const qint64 now = m_clock.nowMs();
    WriteBatch batch;
    const QString kind = playbookGateKindName(decision.kind);
    QJsonObject body { { QStringLiteral("gate"), kind }, { QStringLiteral("index"), decision.index },
        { QStringLiteral("evidence"), decision.evidence }, { QStringLiteral("reason"), decision.reason } };
    const PlaybookGate& gate = active->plan.gates.at(decision.index).gate;
    const bool answered = !decision.evidence.contains(QStringLiteral("error"))
        && !decision.evidence.contains(QStringLiteral("timeout_ms"));
    const bool windowed
        = gate.kind == PlaybookGate::Kind::Sustained || (gate.kind == PlaybookGate::Kind::Confirm && gate.forMs > 0);
    if (!decision.passed && answered && windowed) {
        // The alert usually fires before the gate's window is full of breaching samples: wait for the
        // condition to be sustained (at most its own duration and a minute), then decide for good.
        if (active->gateWaitingSinceMs == 0) {
            active->gateWaitingSinceMs = now;
            batch.events.append(RunJournal::event(active->run, now, EventKind::RunState, Severity::Info,
                QStringLiteral("Run %1 waits for gate %2 to hold (until %3 s from now): %4")
                    .arg(active->run.id)
                    .arg(kind)
                    .arg((gate.forMs + GateGraceMs) / 1000)
                    .arg(decision.reason),
                body));
        }
        if (now - active->gateWaitingSinceMs < gate.forMs + GateGraceMs) {
            commit(batch);
            const qint64 retryMs = std::max<qint64>(gate.forMs / 10, 15'000);
            const int wall = std::max(1, m_settings.wallMs(retryMs));
            QTimer::singleShot(wall, this, [this, runId] { nextGate(runId); });
            return;
        }
    }
    if (!decision.passed) {
        batch.events.append(RunJournal::event(active->run, now, EventKind::GateBlocked, Severity::Warning,
            QStringLiteral("Gate %1 blocked run %2: %3").arg(kind).arg(active->run.id).arg(decision.reason), body));
        block(*active, QStringLiteral("gate %1: %2").arg(kind, decision.reason), batch);
        commit(batch);
        return;
    }
    batch.events.append(RunJournal::event(active->run, now, EventKind::GatePassed, Severity::Info,
        QStringLiteral("Gate %1 passed for run %2: %3").arg(kind).arg(active->run.id).arg(decision.reason), body));
    commit(batch);
    ++active->gateIndex;
    active->gateWaitingSinceMs = 0;
    nextGate(runId);
}

void RunEngine::finishGates(Active& active)
{
    WriteBatch batch;
    if (!admitByRate(active, batch)) {
        commit(batch);
        return;
    }
    requestApproval(active, batch);
    commit(batch);
}

bool RunEngine::admitByRate(Active& active, WriteBatch& batch)
{
    const qint64 now = m_clock.nowMs();
    auto countSince = [](const QVector<qint64>& times, qint64 since) {
        return std::count_if(times.cbegin(), times.cend(), [since](qint64 t) { return t > since; });
    };
    for (const RenderedGate& rendered : std::as_const(active.plan.gates)) {
        if (rendered.gate.kind != PlaybookGate::Kind::RateLimit)
            continue;
        const qint64 since = now - rendered.gate.perMs;
        const auto used = countSince(m_admitted.value(active.run.playbookId), since);
        QJsonObject evidence { { QStringLiteral("max_runs"), rendered.gate.maxRuns },
            { QStringLiteral("per_ms"), double(rendered.gate.perMs) },
            { QStringLiteral("runs_in_window"), double(used) } };
        const QString window = QStringLiteral("%1 of at most %2 runs of %3 in the last %4 s")
                                   .arg(used)
                                   .arg(rendered.gate.maxRuns)
                                   .arg(active.run.playbookId)
                                   .arg(rendered.gate.perMs / 1000);
        QJsonObject body { { QStringLiteral("gate"), QStringLiteral("rate_limit") },
            { QStringLiteral("evidence"), evidence } };
        if (used >= rendered.gate.maxRuns) {
            batch.events.append(RunJournal::event(active.run, now, EventKind::GateBlocked, Severity::Warning,
                QStringLiteral("Gate rate_limit blocked run %1: %2").arg(active.run.id).arg(window), body));
            block(active, QStringLiteral("gate rate_limit: %1").arg(window), batch);
            return false;
        }
        batch.events.append(RunJournal::event(active.run, now, EventKind::GatePassed, Severity::Info,
            QStringLiteral("Gate rate_limit passed for run %1: %2").arg(active.run.id).arg(window), body));
    }
    if (m_settings.globalMaxRuns > 0) {
        const auto used = countSince(m_admittedAll, now - m_settings.globalPerMs);
        const QString window = QStringLiteral("%1 of at most %2 runs of all playbooks in the last %3 s")
                                   .arg(used)
                                   .arg(m_settings.globalMaxRuns)
                                   .arg(m_settings.globalPerMs / 1000);
        if (used >= m_settings.globalMaxRuns) {
            block(active, QStringLiteral("global rate limit: %1").arg(window), batch);
            return false;
        }
    }
    m_admitted[active.run.playbookId].append(now);
    m_admittedAll.append(now);
    return true;
}

QVector<ChangeRecord> RunEngine::changesBetween(qint64 fromMs, qint64 toMs) const
{
    QVector<ChangeRecord> out;
    for (const ChangeRecord& change : m_changes) {
        if (change.timeMs >= fromMs && change.timeMs <= toMs)
            out.append(change);
    }
    for (const MaintenanceWindow& window : m_settings.maintenance) {
        if (window.startMs <= toMs && window.endMs >= fromMs) {
            ChangeRecord record;
            record.timeMs = window.startMs;
            record.endMs = window.endMs;
            record.kind = QStringLiteral("maintenance");
            record.title = QStringLiteral("maintenance window: %1").arg(window.comment);
            out.append(record);
        }
    }
    return out;
}

void RunEngine::abort(qint64 runId, const QString& actor, const QString& reason)
{
    Active* active = find(runId);
    if (!active) {
        Q_EMIT decisionAnswered(runId, actor, false, QStringLiteral("run %1 is not active").arg(runId));
        return;
    }
    const qint64 now = m_clock.nowMs();
    WriteBatch batch;
    batch.audit.append(RunJournal::audit(now, actor, QStringLiteral("run.abort_requested"), active->run,
        QJsonObject { { QStringLiteral("reason"), reason } }));
    if (!RunStateMachine::allowed(active->run.state, RunState::Aborted)) {
        // A rollback in progress is not stopped halfway: that would leave the system neither fixed
        // nor restored.
        commit(batch);
        Q_EMIT decisionAnswered(runId, actor, false,
            QStringLiteral("a run that is %1 cannot be aborted").arg(runStateName(active->run.state)));
        return;
    }
    if (active->executorBusy) {
        // The run becomes aborted when its step reports. The executor is told to stop only when no
        // other run has a step in flight on it: stopping is per executor, and another run's step
        // must not be killed for this one. Otherwise the step finishes and no further step starts.
        active->abortRequested = true;
        active->abortActor = actor;
        active->abortReason = reason;
        commit(batch);
        bool shared = false;
        for (const auto& [id, other] : m_active)
            shared = shared || (id != runId && other->executorBusy && other->step.executor == active->step.executor);
        Executor* executor = m_executors.value(active->step.executor);
        if (executor && !shared)
            executor->abortAll(reason);
        Q_EMIT decisionAnswered(runId, actor, true,
            shared ? QStringLiteral("abort requested; the step in flight finishes first (another run shares its "
                                    "executor), then nothing more runs")
                   : QStringLiteral("abort requested; the step in flight is being stopped"));
        return;
    }
    transition(*active, RunState::Aborted, QStringLiteral("aborted by %1: %2").arg(actor, reason), batch);
    batch.events.append(RunJournal::event(active->run, now, EventKind::RunState, Severity::Warning,
        QStringLiteral("Run %1 aborted by %2: %3").arg(runId).arg(actor, reason), {}, actor));
    batch.audit.append(RunJournal::audit(
        now, actor, QStringLiteral("run.aborted"), active->run, QJsonObject { { QStringLiteral("reason"), reason } }));
    endSuppression(*active, QStringLiteral("the run was aborted"), batch);
    commit(batch);
    Q_EMIT decisionAnswered(runId, actor, true, QStringLiteral("aborted"));
    finishRun(*active);
}

void RunEngine::setFrozen(bool frozen, const QString& actor, const QString& reason)
{
    if (m_settings.frozen == frozen)
        return;
    m_settings.frozen = frozen;
    const qint64 now = m_clock.nowMs();
    WriteBatch batch;
    batch.audit.append(RunJournal::audit(now, actor,
        frozen ? QStringLiteral("automation.frozen") : QStringLiteral("automation.unfrozen"),
        QStringLiteral("automation"), QJsonObject { { QStringLiteral("reason"), reason } }));
    Event event;
    event.timeMs = now;
    event.source = QStringLiteral("firebreak");
    event.kind = QString::fromLatin1(EventKind::AutomationFrozen);
    event.severity = frozen ? Severity::Warning : Severity::Info;
    event.title = frozen ? QStringLiteral("Automation frozen by %1: %2").arg(actor, reason)
                         : QStringLiteral("Automation unfrozen by %1: %2").arg(actor, reason);
    event.actor = actor;
    batch.events.append(event);
    commit(batch);
    Q_EMIT frozenChanged(frozen);
}

void RunEngine::recordConfiguration(
    const QStringList& playbookFiles, const QString& rosterHash, const QString& rosterFile)
{
    QJsonObject files;
    for (const QString& path : playbookFiles) {
        QFile file(path);
        files.insert(path,
            file.open(QIODevice::ReadOnly)
                ? QString::fromLatin1(QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex())
                : QStringLiteral("unreadable: %1").arg(file.errorString()));
    }
    QJsonArray ids;
    for (const Playbook& playbook : std::as_const(m_playbooks))
        ids.append(playbook.id);
    WriteBatch batch;
    batch.audit.append(RunJournal::audit(m_clock.nowMs(), QStringLiteral("firebreak"),
        QStringLiteral("automation.configured"), QStringLiteral("configuration"),
        QJsonObject { { QStringLiteral("playbooks"), ids }, { QStringLiteral("playbook_files_sha256"), files },
            { QStringLiteral("roster_file"), rosterFile }, { QStringLiteral("roster_sha256"), rosterHash },
            { QStringLiteral("frozen"), m_settings.frozen },
            { QStringLiteral("auto_approve_low"), m_settings.autoApproveLow },
            { QStringLiteral("global_max_runs"), m_settings.globalMaxRuns },
            { QStringLiteral("global_per_ms"), double(m_settings.globalPerMs) } }));
    commit(batch);
}

void RunEngine::finishRun(Active& active)
{
    const qint64 id = active.run.id;
    m_finished.insert(id, active.run);
    if (active.executorBusy) {
        active.finished = true; // onStepDone records the outcome and then lets it go
        return;
    }
    const auto it = m_active.find(id);
    if (it == m_active.end())
        return;
    // Deleted later: finishRun is often called from inside the run's own timers and callbacks.
    Active* raw = it->second.release();
    m_active.erase(it);
    if (raw->verifier)
        raw->verifier.release()->deleteLater();
    QMetaObject::invokeMethod(
        this, [raw] { delete raw; }, Qt::QueuedConnection);
}

} // namespace firebreak
