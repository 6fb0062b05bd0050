// RunEngine: approval requests, decisions and expiry.

#include "approvalpolicy.h"
#include "interfaces/clock.h"
#include "roster/roster.h"
#include "runengine.h"
#include "runengineactive.h"
#include "runjournal.h"
#include "runstatemachine.h"

#include <QJsonArray>

namespace firebreak {

void RunEngine::requestApproval(Active& active, WriteBatch& batch)
{
    const qint64 now = m_clock.nowMs();
    const Playbook* source = playbook(active.run.playbookId);
    const PlaybookRisk risk = active.plan.risk;
    ApprovalPolicy::Requirement requirement
        = ApprovalPolicy::requirement(risk, source ? source->approvalGate() : nullptr, m_settings.autoApproveLow);
    if (active.forceApproval && requirement.count == 0) {
        requirement.count = 1;
        requirement.role = Role::Commander;
        requirement.expiresMs = ApprovalPolicy::DefaultExpiryMs;
    }
    // auto_approve_low only covers low-risk playbooks without an approval gate: a gate written into
    // a playbook is its author asking for a person, and no global switch overrides that.
    if (requirement.count == 0) {
        transition(active, RunState::Approved,
            QStringLiteral("low risk: approved by Firebreak as configured (auto_approve_low)"), batch);
        batch.events.append(RunJournal::event(active.run, now, EventKind::ApprovalGranted, Severity::Info,
            QStringLiteral("Run %1 approved automatically (low risk, auto_approve_low)").arg(active.run.id)));
        batch.audit.append(RunJournal::audit(now, QStringLiteral("firebreak"), QStringLiteral("approval.automatic"),
            active.run, QJsonObject { { QStringLiteral("reason"), QStringLiteral("low risk, auto_approve_low") } }));
        startExecution(active, batch);
        return;
    }
    active.run.approvalsRequired = requirement.count;
    active.run.approvalRole = roleName(requirement.role);
    active.run.approvalExpiresMs = now + requirement.expiresMs;
    transition(active, RunState::AwaitingApproval,
        QStringLiteral("waiting for %1 approval(s) by %2 until the plan expires")
            .arg(requirement.count)
            .arg(active.run.approvalRole),
        batch);
    // The dry run: the whole rendered plan goes with the request, so that what an approver reads is
    // exactly what the hash binds.
    QJsonObject body { { QStringLiteral("plan"), active.plan.toJson() },
        { QStringLiteral("plan_sha256"), active.run.planHash }, { QStringLiteral("approvers"), requirement.count },
        { QStringLiteral("role"), active.run.approvalRole },
        { QStringLiteral("expires_ms"), double(active.run.approvalExpiresMs) } };
    batch.events.append(RunJournal::event(active.run, now, EventKind::ApprovalRequested, Severity::Warning,
        QStringLiteral("Approval requested for run %1 (%2, %3 risk): %4 approval(s) by %5")
            .arg(active.run.id)
            .arg(active.run.playbookTitle, active.run.risk)
            .arg(requirement.count)
            .arg(active.run.approvalRole),
        body));
    batch.audit.append(
        RunJournal::audit(now, QStringLiteral("firebreak"), QStringLiteral("approval.requested"), active.run,
            QJsonObject { { QStringLiteral("approvers"), requirement.count },
                { QStringLiteral("role"), active.run.approvalRole },
                { QStringLiteral("expires_ms"), double(active.run.approvalExpiresMs) } }));
    const qint64 id = active.run.id;
    active.expiry = std::make_unique<QTimer>();
    active.expiry->setSingleShot(true);
    connect(active.expiry.get(), &QTimer::timeout, this, [this, id] { expire(id); });
    active.expiry->start(m_settings.wallMs(requirement.expiresMs));
}

void RunEngine::approve(
    qint64 runId, const QString& approver, const QString& planHash, const QString& passphrase, const QString& reason)
{
    decide(runId, approver, planHash, passphrase, reason, true);
}

void RunEngine::deny(
    qint64 runId, const QString& approver, const QString& planHash, const QString& passphrase, const QString& reason)
{
    decide(runId, approver, planHash, passphrase, reason, false);
}

void RunEngine::decide(qint64 runId, const QString& person, const QString& planHash, const QString& passphrase,
    const QString& reason, bool grant)
{
    const qint64 now = m_clock.nowMs();
    Active* active = find(runId);
    WriteBatch batch;
    const QString action = grant ? QStringLiteral("approval.granted") : QStringLiteral("approval.denied");
    if (!active) {
        const QString why = QStringLiteral("run %1 is not waiting for a decision").arg(runId);
        batch.audit.append(
            RunJournal::audit(now, person, QStringLiteral("approval.refused"), QStringLiteral("run:%1").arg(runId),
                QJsonObject { { QStringLiteral("attempted"), action }, { QStringLiteral("why"), why } }));
        commit(batch);
        Q_EMIT decisionAnswered(runId, person, false, why);
        return;
    }
    const bool passphraseOk = !passphrase.isEmpty() && m_roster && m_roster->verifyPassphrase(person, passphrase);
    const ApprovalPolicy::Attempt attempt { person,
        grant ? ApprovalRecord::Decision::Granted : ApprovalRecord::Decision::Denied, planHash, passphraseOk };
    ApprovalPolicy::Verdict verdict;
    if (m_roster)
        verdict = ApprovalPolicy::decide(active->run, *m_roster, attempt, active->approvals, now);
    else
        verdict.reason = QStringLiteral("no roster is configured, so nobody can approve");
    if (!verdict.accepted) {
        batch.audit.append(RunJournal::audit(now, person, QStringLiteral("approval.refused"), active->run,
            QJsonObject { { QStringLiteral("attempted"), action }, { QStringLiteral("why"), verdict.reason },
                { QStringLiteral("plan_sha256_shown"), planHash } }));
        batch.events.append(RunJournal::event(active->run, now, EventKind::ApprovalRefused, Severity::Warning,
            QStringLiteral("%1 by %2 refused for run %3: %4")
                .arg(grant ? QStringLiteral("Approval") : QStringLiteral("Denial"), person)
                .arg(runId)
                .arg(verdict.reason),
            {}, person));
        commit(batch);
        Q_EMIT decisionAnswered(runId, person, false, verdict.reason);
        return;
    }
    ApprovalRecord record;
    record.runId = runId;
    record.approver = person;
    record.decision = grant ? ApprovalRecord::Decision::Granted : ApprovalRecord::Decision::Denied;
    record.planHash = planHash;
    record.timeMs = now;
    record.reason = reason;
    active->approvals.append(record);
    batch.approvals.append(record);
    batch.audit.append(RunJournal::audit(now, person, action, active->run,
        QJsonObject {
            { QStringLiteral("reason"), reason }, { QStringLiteral("passphrase_reentered"), passphraseOk } }));
    if (!grant) {
        transition(*active, RunState::Rejected, QStringLiteral("denied by %1: %2").arg(person, reason), batch);
        batch.events.append(RunJournal::event(active->run, now, EventKind::ApprovalDenied, Severity::Warning,
            QStringLiteral("Run %1 denied by %2: %3").arg(runId).arg(person, reason), {}, person));
        commit(batch);
        Q_EMIT decisionAnswered(runId, person, true, QStringLiteral("denied"));
        finishRun(*active);
        return;
    }
    const int granted = verdict.approvals;
    batch.events.append(RunJournal::event(active->run, now, EventKind::ApprovalGranted, Severity::Info,
        QStringLiteral("Run %1 approved by %2 (%3 of %4): %5")
            .arg(runId)
            .arg(person)
            .arg(granted)
            .arg(active->run.approvalsRequired)
            .arg(reason),
        QJsonObject { { QStringLiteral("plan_sha256"), planHash } }, person));
    if (!verdict.complete) {
        batch.runs.append(active->run);
        commit(batch);
        Q_EMIT decisionAnswered(runId, person, true,
            QStringLiteral("approved; %1 more approval(s) needed").arg(active->run.approvalsRequired - granted));
        return;
    }
    active->expiry.reset();
    active->run.approvalExpiresMs = 0;
    transition(*active, RunState::Approved, QStringLiteral("approved by %1 of %1").arg(granted), batch);
    Q_EMIT decisionAnswered(runId, person, true, QStringLiteral("approved; the run starts"));
    startExecution(*active, batch);
    commit(batch); // whatever startExecution did not hand on with an intent (a block, for instance)
}

void RunEngine::expire(qint64 runId)
{
    Active* active = find(runId);
    if (!active || active->run.state != RunState::AwaitingApproval)
        return;
    const qint64 now = m_clock.nowMs();
    if (now < active->run.approvalExpiresMs) {
        // Timers run on the wall clock; the run expires by the engine's clock.
        active->expiry->start(m_settings.wallMs(active->run.approvalExpiresMs - now) + 1);
        return;
    }
    WriteBatch batch;
    transition(*active, RunState::Expired, QStringLiteral("no decision before the approval window closed"), batch);
    batch.events.append(RunJournal::event(active->run, now, EventKind::ApprovalExpired, Severity::Warning,
        QStringLiteral("Approval for run %1 expired; nothing was executed").arg(runId)));
    batch.audit.append(
        RunJournal::audit(now, QStringLiteral("firebreak"), QStringLiteral("approval.expired"), active->run));
    commit(batch);
    finishRun(*active);
}

bool RunEngine::approvalsStillBound(const Active& active, QString* why) const
{
    if (active.plan.hash() != active.run.planHash) {
        *why = QStringLiteral("the plan changed after it was approved");
        return false;
    }
    if (active.run.approvalsRequired == 0)
        return true;
    QSet<QString> people;
    for (const ApprovalRecord& record : active.approvals) {
        if (record.decision != ApprovalRecord::Decision::Granted)
            continue;
        if (record.planHash != active.run.planHash) {
            *why = QStringLiteral("the approval by %1 was given for another plan").arg(record.approver);
            return false;
        }
        people.insert(record.approver);
    }
    if (people.size() < active.run.approvalsRequired) {
        *why = QStringLiteral("%1 distinct approvals, %2 needed").arg(people.size()).arg(active.run.approvalsRequired);
        return false;
    }
    return true;
}

} // namespace firebreak
