// RunEngine: steps with write-ahead intents, verification, rollback, suppression and the commands
// that act on a run after approval.

#include "executionrequestbuilder.h"
#include "interfaces/clock.h"
#include "interfaces/suppressor.h"
#include "runengine.h"
#include "runengineactive.h"
#include "runjournal.h"
#include "runstatemachine.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QPointer>

namespace firebreak {

namespace {

constexpr qsizetype MaxStoredOutput = 16 * 1024;

QString tail(const QString& text)
{
    return text.size() <= MaxStoredOutput ? text : text.right(MaxStoredOutput);
}

} // namespace

void RunEngine::startExecution(Active& active, WriteBatch& batch)
{
    const qint64 now = m_clock.nowMs();
    if (m_settings.frozen) {
        block(active, QStringLiteral("automation was frozen before the run could start"), batch);
        return;
    }
    QString why;
    if (!approvalsStillBound(active, &why)) {
        block(active, QStringLiteral("approval no longer binds the plan: %1").arg(why), batch);
        return;
    }
    transition(active, RunState::Executing, QStringLiteral("running %1 step(s)").arg(active.plan.steps.size()), batch);
    batch.audit.append(
        RunJournal::audit(now, QStringLiteral("firebreak"), QStringLiteral("run.executing"), active.run));
    active.phase = RunStepRecord::Phase::Steps;
    active.stepIndex = 0;
    writeIntent(active, batch);
}

void RunEngine::writeIntent(Active& active, WriteBatch& batch)
{
    const bool rollingBack = active.phase == RunStepRecord::Phase::Rollback;
    const QVector<RenderedStep>& steps = rollingBack ? active.plan.rollback : active.plan.steps;
    const RenderedStep& step = steps.at(active.stepIndex);
    const qint64 now = m_clock.nowMs();
    RunStepRecord record;
    record.runId = active.run.id;
    record.phase = active.phase;
    record.index = active.stepIndex;
    record.name = step.name;
    record.executor = step.request.executor;
    record.status = RunStepRecord::Status::Intent;
    record.startedMs = now;
    active.step = record;
    batch.runSteps.append(record);
    batch.events.append(RunJournal::event(active.run, now, EventKind::StepStarted, Severity::Info,
        QStringLiteral("%1 %2/%3 of run %4: %5 (%6 on %7)")
            .arg(rollingBack ? QStringLiteral("Rollback step") : QStringLiteral("Step"))
            .arg(active.stepIndex + 1)
            .arg(steps.size())
            .arg(active.run.id)
            .arg(step.name, step.request.executor, step.target),
        QJsonObject { { QStringLiteral("step"), active.stepIndex },
            { QStringLiteral("phase"), runStepPhaseName(active.phase) }, { QStringLiteral("target"), step.target } }));
    batch.audit.append(RunJournal::audit(now, QStringLiteral("firebreak"),
        rollingBack ? QStringLiteral("rollback.step_started") : QStringLiteral("step.started"), active.run,
        QJsonObject { { QStringLiteral("step"), active.stepIndex }, { QStringLiteral("name"), step.name },
            { QStringLiteral("executor"), step.request.executor }, { QStringLiteral("target"), step.target } }));
    // The step may only run once this batch is durable: the ticket comes back through onCommitted.
    const quint64 ticket = m_nextTicket++;
    m_waiting.insert(ticket, active.run.id);
    commit(std::exchange(batch, WriteBatch()), ticket);
}

void RunEngine::runStep(qint64 runId)
{
    Active* active = find(runId);
    if (!active)
        return;
    const bool rollingBack = active->phase == RunStepRecord::Phase::Rollback;
    const RunState expected = rollingBack ? RunState::RollingBack : RunState::Executing;
    if (active->run.state != expected)
        return;
    WriteBatch batch;
    const qint64 now = m_clock.nowMs();
    if (active->abortRequested) {
        active->step.status = RunStepRecord::Status::Failed;
        active->step.finishedMs = now;
        active->step.error = QStringLiteral("aborted before it started");
        batch.runSteps.append(active->step);
        transition(*active, RunState::Aborted,
            QStringLiteral("aborted by %1: %2").arg(active->abortActor, active->abortReason), batch);
        commit(batch);
        finishRun(*active);
        return;
    }
    QString why;
    if (!rollingBack && !approvalsStillBound(*active, &why)) {
        active->step.status = RunStepRecord::Status::Failed;
        active->step.finishedMs = now;
        active->step.error = why;
        batch.runSteps.append(active->step);
        transition(*active, RunState::Failed, QStringLiteral("not executed: %1").arg(why), batch);
        commit(batch);
        finishRun(*active);
        return;
    }
    const RenderedStep& step = (rollingBack ? active->plan.rollback : active->plan.steps).at(active->stepIndex);
    Executor* executor = m_executors.value(step.request.executor);
    QString refusal;
    if (!executor)
        refusal = QStringLiteral("the %1 executor is not configured").arg(step.request.executor);
    else if (!rollingBack && m_settings.frozen)
        refusal = QStringLiteral("automation was frozen");
    if (!refusal.isEmpty()) {
        // Not executed: say so in the step's record, then undo what earlier steps did (a rollback
        // still runs while frozen: it restores, it does not remediate).
        active->step.status = RunStepRecord::Status::Failed;
        active->step.finishedMs = now;
        active->step.error = QStringLiteral("not executed: %1").arg(refusal);
        batch.runSteps.append(active->step);
        batch.audit.append(
            RunJournal::audit(now, QStringLiteral("firebreak"), QStringLiteral("step.not_executed"), active->run,
                QJsonObject { { QStringLiteral("step"), active->stepIndex }, { QStringLiteral("reason"), refusal } }));
        if (rollingBack) {
            transition(*active, RunState::RollbackFailed,
                QStringLiteral("rollback step %1 not executed: %2").arg(active->stepIndex + 1).arg(refusal), batch);
            endSuppression(*active, QStringLiteral("rollback failed"), batch);
            commit(batch);
            finishRun(*active);
            return;
        }
        transition(*active, RunState::Failed,
            QStringLiteral("step %1 not executed: %2").arg(active->stepIndex + 1).arg(refusal), batch);
        if (active->stepIndex > 0 && !active->plan.rollback.isEmpty()) {
            startRollback(*active, refusal, batch);
            commit(batch);
            return;
        }
        commit(batch);
        finishRun(*active);
        return;
    }
    const QString tag = QStringLiteral("firebreak run %1 %2 %3/%4 (%5)")
                            .arg(runId)
                            .arg(rollingBack ? QStringLiteral("rollback step") : QStringLiteral("step"))
                            .arg(active->stepIndex + 1)
                            .arg((rollingBack ? active->plan.rollback : active->plan.steps).size())
                            .arg(step.name);
    active->executorBusy = true;
    QPointer<RunEngine> self(this);
    executor->execute(ExecutionRequestBuilder::build(step.request, tag), [self, runId](const ExecutionResult& result) {
        if (!self)
            return;
        QMetaObject::invokeMethod(
            self.data(), [self, runId, result] { self->onStepDone(runId, result); }, Qt::QueuedConnection);
    });
}

void RunEngine::onStepDone(qint64 runId, const ExecutionResult& result)
{
    Active* active = find(runId);
    if (!active || !active->executorBusy)
        return; // a second answer for one request must never advance the run twice
    active->executorBusy = false;
    const qint64 now = m_clock.nowMs();
    const bool rollingBack = active->phase == RunStepRecord::Phase::Rollback;
    const QVector<RenderedStep>& steps = rollingBack ? active->plan.rollback : active->plan.steps;
    WriteBatch batch;
    active->step.status = result.ok ? RunStepRecord::Status::Succeeded : RunStepRecord::Status::Failed;
    active->step.finishedMs = now;
    active->step.summary = result.summary;
    active->step.output = tail(result.output);
    active->step.error = result.error;
    batch.runSteps.append(active->step);
    const QString what = QStringLiteral("%1 %2/%3 of run %4 (%5)")
                             .arg(rollingBack ? QStringLiteral("Rollback step") : QStringLiteral("Step"))
                             .arg(active->stepIndex + 1)
                             .arg(steps.size())
                             .arg(runId)
                             .arg(active->step.name);
    QJsonObject body { { QStringLiteral("step"), active->stepIndex },
        { QStringLiteral("phase"), runStepPhaseName(active->phase) }, { QStringLiteral("summary"), result.summary },
        { QStringLiteral("error"), result.error },
        { QStringLiteral("duration_ms"), double(now - active->step.startedMs) } };
    batch.events.append(RunJournal::event(active->run, now,
        result.ok ? EventKind::StepSucceeded : EventKind::StepFailed, result.ok ? Severity::Info : Severity::Error,
        result.ok ? QStringLiteral("%1 succeeded: %2").arg(what, result.summary)
                  : QStringLiteral("%1 failed: %2").arg(what, result.error),
        body));
    batch.audit.append(RunJournal::audit(now, QStringLiteral("firebreak"),
        rollingBack ? QStringLiteral("rollback.step_executed") : QStringLiteral("step.executed"), active->run,
        QJsonObject { { QStringLiteral("step"), active->stepIndex }, { QStringLiteral("ok"), result.ok },
            { QStringLiteral("summary"), result.summary }, { QStringLiteral("error"), result.error } }));

    if (active->finished) {
        commit(batch);
        finishRun(*active);
        return;
    }
    if (active->abortRequested) {
        batch.audit.append(RunJournal::audit(now, active->abortActor, QStringLiteral("run.aborted"), active->run,
            QJsonObject { { QStringLiteral("reason"), active->abortReason },
                { QStringLiteral("during_step"), active->stepIndex } }));
        endSuppression(*active, QStringLiteral("the run was aborted"), batch);
        transition(*active, RunState::Aborted,
            QStringLiteral("aborted by %1 during step %2: %3")
                .arg(active->abortActor)
                .arg(active->stepIndex + 1)
                .arg(active->abortReason),
            batch);
        commit(batch);
        finishRun(*active);
        return;
    }
    if (!result.ok) {
        if (rollingBack) {
            transition(
                *active, RunState::RollbackFailed, QStringLiteral("%1 failed: %2").arg(what, result.error), batch);
            batch.events.append(RunJournal::event(active->run, now, EventKind::RollbackFailed, Severity::Critical,
                QStringLiteral("Rollback of run %1 failed: the commander must act").arg(runId)));
            batch.audit.append(RunJournal::audit(now, QStringLiteral("firebreak"), QStringLiteral("rollback.failed"),
                active->run, QJsonObject { { QStringLiteral("error"), result.error } }));
            endSuppression(*active, QStringLiteral("rollback failed"), batch);
            commit(batch);
            finishRun(*active);
            return;
        }
        transition(*active, RunState::Failed, QStringLiteral("%1 failed: %2").arg(what, result.error), batch);
        if (!active->plan.rollback.isEmpty()) {
            startRollback(*active, QStringLiteral("step %1 failed").arg(active->stepIndex + 1), batch);
            commit(batch);
            return;
        }
        commit(batch);
        finishRun(*active);
        return;
    }
    ++active->stepIndex;
    if (active->stepIndex < steps.size()) {
        writeIntent(*active, batch);
        return;
    }
    afterSteps(*active, batch);
    commit(batch);
}

void RunEngine::afterSteps(Active& active, WriteBatch& batch)
{
    const qint64 now = m_clock.nowMs();
    if (active.phase == RunStepRecord::Phase::Rollback) {
        if (!active.plan.rollbackVerify.isEmpty()) {
            batch.runs.append(active.run);
            startVerification(active, VerifySample::Phase::RollbackVerify, batch);
            return;
        }
        transition(active, RunState::RolledBack, QStringLiteral("rollback steps succeeded"), batch);
        batch.events.append(RunJournal::event(active.run, now, EventKind::RollbackSucceeded, Severity::Info,
            QStringLiteral("Run %1 rolled back").arg(active.run.id)));
        batch.audit.append(
            RunJournal::audit(now, QStringLiteral("firebreak"), QStringLiteral("rollback.finished"), active.run));
        endSuppression(active, QStringLiteral("the run was rolled back"), batch);
        finishRun(active);
        return;
    }
    startSuppression(active);
    if (active.plan.verify.isEmpty()) {
        transition(
            active, RunState::Succeeded, QStringLiteral("all steps succeeded; the playbook has no checks"), batch);
        return;
    }
    transition(active, RunState::Verifying, QStringLiteral("verifying with %1 check(s)").arg(active.plan.verify.size()),
        batch);
    startVerification(active, VerifySample::Phase::Verify, batch);
}

void RunEngine::startVerification(Active& active, VerifySample::Phase phase, WriteBatch& batch)
{
    Q_UNUSED(batch);
    const qint64 runId = active.run.id;
    active.verifyPhase = phase;
    const QVector<RenderedCheck>& checks
        = phase == VerifySample::Phase::Verify ? active.plan.verify : active.plan.rollbackVerify;
    active.verifier
        = std::make_unique<VerificationRunner>(m_clock, m_metrics, m_settings.timeScale, runId, phase, checks);
    connect(
        active.verifier.get(), &VerificationRunner::sampled, this, [this](const VerifySample& sample, const QString&) {
            WriteBatch samples;
            samples.verifySamples.append(sample);
            commit(samples);
        });
    connect(active.verifier.get(), &VerificationRunner::finished, this,
        [this, runId](bool passed, const QString& reason) { onVerified(runId, passed, reason); });
    active.verifier->start();
}

void RunEngine::onVerified(qint64 runId, bool passed, const QString& reason)
{
    Active* active = find(runId);
    if (!active)
        return;
    if (active->verifier)
        active->verifier.release()->deleteLater();
    const qint64 now = m_clock.nowMs();
    WriteBatch batch;
    const bool ofRollback = active->verifyPhase == VerifySample::Phase::RollbackVerify;
    const QString what = ofRollback ? QStringLiteral("Rollback verification") : QStringLiteral("Verification");
    batch.events.append(RunJournal::event(active->run, now, passed ? EventKind::VerifyPassed : EventKind::VerifyFailed,
        passed ? Severity::Info : Severity::Error,
        QStringLiteral("%1 of run %2 %3: %4")
            .arg(what)
            .arg(runId)
            .arg(passed ? QStringLiteral("passed") : QStringLiteral("failed"), reason),
        QJsonObject {
            { QStringLiteral("phase"), verifyPhaseName(active->verifyPhase) }, { QStringLiteral("reason"), reason } }));
    batch.audit.append(RunJournal::audit(now, QStringLiteral("firebreak"),
        passed ? QStringLiteral("verify.passed") : QStringLiteral("verify.failed"), active->run,
        QJsonObject {
            { QStringLiteral("phase"), verifyPhaseName(active->verifyPhase) }, { QStringLiteral("reason"), reason } }));
    if (ofRollback) {
        transition(*active, passed ? RunState::RolledBack : RunState::RollbackFailed,
            QStringLiteral("rollback verification %1: %2")
                .arg(passed ? QStringLiteral("passed") : QStringLiteral("failed"), reason),
            batch);
        batch.events.append(
            RunJournal::event(active->run, now, passed ? EventKind::RollbackSucceeded : EventKind::RollbackFailed,
                passed ? Severity::Info : Severity::Critical,
                passed ? QStringLiteral("Run %1 rolled back and verified").arg(runId)
                       : QStringLiteral("Rollback of run %1 did not verify: the commander must act").arg(runId)));
        endSuppression(*active, QStringLiteral("the run was rolled back"), batch);
        commit(batch);
        finishRun(*active);
        return;
    }
    if (passed) {
        transition(*active, RunState::Succeeded, reason, batch);
        commit(batch);
        return;
    }
    if (active->plan.onVerifyFailure == VerifyFailureAction::Rollback && !active->plan.rollback.isEmpty()) {
        transition(*active, RunState::Failed, QStringLiteral("verification failed: %1").arg(reason), batch);
        startRollback(*active, QStringLiteral("verification failed"), batch);
        commit(batch);
        return;
    }
    transition(*active, RunState::Paused,
        QStringLiteral("verification failed (%1); paused for the commander to resume or roll back").arg(reason), batch);
    commit(batch);
}

void RunEngine::startRollback(Active& active, const QString& reason, WriteBatch& batch)
{
    const qint64 now = m_clock.nowMs();
    transition(active, RunState::RollingBack, QStringLiteral("rolling back: %1").arg(reason), batch);
    batch.events.append(RunJournal::event(active.run, now, EventKind::RollbackStarted, Severity::Warning,
        QStringLiteral("Rolling back run %1 (%2): %3").arg(active.run.id).arg(active.run.playbookId, reason)));
    batch.audit.append(RunJournal::audit(now, QStringLiteral("firebreak"), QStringLiteral("rollback.started"),
        active.run, QJsonObject { { QStringLiteral("reason"), reason } }));
    active.phase = RunStepRecord::Phase::Rollback;
    active.stepIndex = 0;
    writeIntent(active, batch);
}

void RunEngine::startSuppression(Active& active)
{
    if (!active.plan.suppress || !m_suppressor)
        return;
    const qint64 runId = active.run.id;
    const qint64 now = m_clock.nowMs();
    const qint64 ends = now + active.plan.suppress->forMs;
    const QString comment = QStringLiteral("Firebreak incident %1, run %2 (%3)")
                                .arg(active.run.incidentId)
                                .arg(runId)
                                .arg(active.run.playbookId);
    QPointer<RunEngine> self(this);
    const LabelSet matchers = active.plan.suppress->matchers;
    m_suppressor->suppress(matchers, now, ends, QStringLiteral("firebreak"), comment,
        [self, runId, ends, matchers](const SuppressionResult& result) {
            if (!self)
                return;
            QMetaObject::invokeMethod(
                self.data(),
                [self, runId, ends, matchers, result] {
                    if (RunEngine* engine = self.data())
                        engine->onSuppressed(runId, ends, matchers, result);
                },
                Qt::QueuedConnection);
        });
}

void RunEngine::onSuppressed(qint64 runId, qint64 ends, const LabelSet& matchers, const SuppressionResult& result)
{
    const qint64 at = m_clock.nowMs();
    WriteBatch batch;
    Active* owner = find(runId);
    std::optional<Run> current = owner ? std::optional<Run>(owner->run) : run(runId);
    if (!current)
        return;
    QJsonObject matcherJson;
    for (auto it = matchers.cbegin(); it != matchers.cend(); ++it)
        matcherJson.insert(it.key(), it.value());
    if (!result.ok) {
        batch.events.append(RunJournal::event(*current, at, EventKind::SuppressionStarted, Severity::Warning,
            QStringLiteral("Suppression for run %1 could not be created: %2").arg(runId).arg(result.error)));
        batch.audit.append(RunJournal::audit(at, QStringLiteral("firebreak"), QStringLiteral("suppression.failed"),
            *current, QJsonObject { { QStringLiteral("error"), result.error } }));
        commit(batch);
        return;
    }
    if (!owner && current->state != RunState::Succeeded) {
        // The run ended (rolled back, aborted) before the silence was made: lift it at once.
        batch.audit.append(
            RunJournal::audit(at, QStringLiteral("firebreak"), QStringLiteral("suppression.expired"), *current,
                QJsonObject { { QStringLiteral("silence"), result.id },
                    { QStringLiteral("why"), QStringLiteral("the run had already ended") } }));
        commit(batch);
        if (m_suppressor)
            m_suppressor->expire(result.id, [](const SuppressionResult&) {});
        return;
    }
    const bool stillWanted = owner && owner->run.state != RunState::RollingBack
        && owner->run.state != RunState::RolledBack && owner->run.state != RunState::RollbackFailed;
    if (owner) {
        owner->run.silenceId = result.id;
        owner->run.silenceEndsMs = ends;
        batch.runs.append(owner->run);
    }
    batch.events.append(RunJournal::event(*current, at, EventKind::SuppressionStarted, Severity::Info,
        QStringLiteral("Silenced %1 until %2 for run %3 (%4)")
            .arg(QString::fromUtf8(QJsonDocument(matcherJson).toJson(QJsonDocument::Compact)),
                QDateTime::fromMSecsSinceEpoch(ends, Qt::UTC).toString(Qt::ISODate))
            .arg(runId)
            .arg(result.id),
        QJsonObject { { QStringLiteral("silence"), result.id }, { QStringLiteral("matchers"), matcherJson },
            { QStringLiteral("ends_ms"), double(ends) } }));
    batch.audit.append(
        RunJournal::audit(at, QStringLiteral("firebreak"), QStringLiteral("suppression.started"), *current,
            QJsonObject { { QStringLiteral("silence"), result.id }, { QStringLiteral("ends_ms"), double(ends) } }));
    if (owner && !stillWanted)
        endSuppression(*owner, QStringLiteral("the run was rolled back"), batch);
    commit(batch);
    const QString id = result.id;
    QTimer::singleShot(m_settings.wallMs(ends - at), this, [this, runId, id] {
        Active* later = find(runId);
        if (!later || later->run.silenceId != id)
            return;
        WriteBatch due;
        later->run.silenceId.clear();
        due.runs.append(later->run);
        due.events.append(RunJournal::event(later->run, m_clock.nowMs(), EventKind::SuppressionEnded, Severity::Info,
            QStringLiteral("Silence %1 for run %2 ended as planned").arg(id).arg(runId)));
        due.audit.append(RunJournal::audit(m_clock.nowMs(), QStringLiteral("firebreak"),
            QStringLiteral("suppression.ended"), later->run, QJsonObject { { QStringLiteral("silence"), id } }));
        commit(due);
    });
}

void RunEngine::endSuppression(Active& active, const QString& why, WriteBatch& batch)
{
    if (active.run.silenceId.isEmpty() || !m_suppressor)
        return;
    const QString id = active.run.silenceId;
    const qint64 runId = active.run.id;
    active.run.silenceId.clear();
    batch.runs.append(active.run);
    const qint64 now = m_clock.nowMs();
    batch.events.append(RunJournal::event(active.run, now, EventKind::SuppressionEnded, Severity::Info,
        QStringLiteral("Expiring silence %1 of run %2: %3").arg(id).arg(runId).arg(why)));
    batch.audit.append(RunJournal::audit(now, QStringLiteral("firebreak"), QStringLiteral("suppression.expired"),
        active.run, QJsonObject { { QStringLiteral("silence"), id }, { QStringLiteral("why"), why } }));
    const Run snapshot = active.run;
    QPointer<RunEngine> self(this);
    m_suppressor->expire(id, [self, snapshot, id](const SuppressionResult& result) {
        if (!self || result.ok)
            return;
        QMetaObject::invokeMethod(
            self.data(),
            [self, snapshot, id, result] {
                WriteBatch failed;
                failed.events.append(RunJournal::event(snapshot, self->m_clock.nowMs(), EventKind::SuppressionEnded,
                    Severity::Error, QStringLiteral("Silence %1 could not be expired: %2").arg(id, result.error)));
                self->commit(failed);
            },
            Qt::QueuedConnection);
    });
}

void RunEngine::rollback(qint64 runId, const QString& actor, const QString& reason)
{
    Active* active = find(runId);
    const bool possible = active && (active->run.state == RunState::Paused || active->run.state == RunState::Succeeded)
        && !active->plan.rollback.isEmpty();
    if (!possible) {
        Q_EMIT decisionAnswered(runId, actor, false,
            QStringLiteral("run %1 cannot be rolled back now (only a paused or succeeded run with rollback steps)")
                .arg(runId));
        return;
    }
    WriteBatch batch;
    batch.audit.append(RunJournal::audit(m_clock.nowMs(), actor, QStringLiteral("rollback.requested"), active->run,
        QJsonObject { { QStringLiteral("reason"), reason } }));
    startRollback(*active, QStringLiteral("requested by %1: %2").arg(actor, reason), batch);
    commit(batch);
    Q_EMIT decisionAnswered(runId, actor, true, QStringLiteral("rolling back"));
}

void RunEngine::resume(qint64 runId, const QString& actor, const QString& reason)
{
    Active* active = find(runId);
    if (!active || active->run.state != RunState::Paused) {
        Q_EMIT decisionAnswered(runId, actor, false, QStringLiteral("run %1 is not paused").arg(runId));
        return;
    }
    WriteBatch batch;
    batch.audit.append(RunJournal::audit(m_clock.nowMs(), actor, QStringLiteral("run.resumed"), active->run,
        QJsonObject { { QStringLiteral("reason"), reason } }));
    transition(*active, RunState::Verifying, QStringLiteral("resumed by %1: verifying again").arg(actor), batch);
    startVerification(*active, VerifySample::Phase::Verify, batch);
    commit(batch);
    Q_EMIT decisionAnswered(runId, actor, true, QStringLiteral("verifying again"));
}

void RunEngine::repropose(qint64 runId, const QString& actor, const QString& reason)
{
    const std::optional<Run> old = run(runId);
    const Playbook* source = old ? playbook(old->playbookId) : nullptr;
    if (!old || old->state != RunState::Interrupted || !source) {
        Q_EMIT decisionAnswered(
            runId, actor, false, QStringLiteral("only an interrupted run of a loaded playbook can be proposed again"));
        return;
    }
    WriteBatch batch;
    batch.audit.append(RunJournal::audit(m_clock.nowMs(), actor, QStringLiteral("run.reproposed"), *old,
        QJsonObject { { QStringLiteral("reason"), reason }, { QStringLiteral("new_run"), double(m_nextRunId) } }));
    commit(batch);
    propose(*source, old->incidentId, old->alertFingerprint, old->labels, old->requester, true);
    Q_EMIT decisionAnswered(runId, actor, true, QStringLiteral("proposed again as run %1").arg(m_nextRunId - 1));
}

} // namespace firebreak
