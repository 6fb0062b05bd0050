#include "approvalpolicy.h"

#include "roster/roster.h"

#include <QDateTime>
#include <QSet>
#include <algorithm>

namespace firebreak {

namespace {

bool needsTwoCommanders(PlaybookRisk risk)
{
    return risk == PlaybookRisk::High || risk == PlaybookRisk::Critical;
}

ApprovalPolicy::Verdict refused(const QString& reason)
{
    ApprovalPolicy::Verdict verdict;
    verdict.reason = reason;
    return verdict;
}

QString dateTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

} // namespace

ApprovalPolicy::Requirement ApprovalPolicy::requirement(
    PlaybookRisk risk, const PlaybookGate* approvalGate, bool autoApproveLow)
{
    if (risk == PlaybookRisk::Low && !approvalGate && autoApproveLow)
        return Requirement { 0, Role::Commander, 0 };
    Requirement requirement { 1, Role::Commander, DefaultExpiryMs };
    if (approvalGate) {
        requirement.count = std::max(approvalGate->approvers, 1);
        // The playbook reader only lets responder, commander and admin through; anything else fails closed.
        requirement.role = roleFromName(approvalGate->role).value_or(Role::Admin);
        if (approvalGate->expiresMs > 0)
            requirement.expiresMs = approvalGate->expiresMs;
    }
    if (needsTwoCommanders(risk)) {
        requirement.count = std::max(requirement.count, 2);
        if (!roleIncludes(requirement.role, Role::Commander))
            requirement.role = Role::Commander;
    }
    return requirement;
}

ApprovalPolicy::Verdict ApprovalPolicy::decide(
    const Run& run, const Roster& roster, const Attempt& attempt, const QVector<ApprovalRecord>& prior, qint64 nowMs)
{
    if (run.state != RunState::AwaitingApproval) {
        return refused(QStringLiteral("run %1 is %2, not awaiting approval")
                           .arg(QString::number(run.id), runStateName(run.state)));
    }
    // Anything the run does not state clearly refuses: a corrupt run must not become easier to approve.
    const std::optional<PlaybookRisk> risk = playbookRiskFromName(run.risk);
    if (!risk)
        return refused(
            QStringLiteral("run %1 has no known risk level (\"%2\")").arg(QString::number(run.id), run.risk));
    std::optional<Role> role = roleFromName(run.approvalRole);
    if (!role) {
        return refused(QStringLiteral("run %1 names no known approval role (\"%2\")")
                           .arg(QString::number(run.id), run.approvalRole));
    }
    const bool strict = needsTwoCommanders(*risk);
    if (strict && !roleIncludes(*role, Role::Commander))
        role = Role::Commander;
    if (run.approvalExpiresMs <= 0)
        return refused(QStringLiteral("run %1 has no approval window").arg(run.id));
    if (nowMs >= run.approvalExpiresMs) {
        return refused(QStringLiteral("the approval window of run %1 closed at %2")
                           .arg(QString::number(run.id), dateTime(run.approvalExpiresMs)));
    }

    const QString& approver = attempt.approver;
    if (!roster.contains(approver))
        return refused(QStringLiteral("\"%1\" is not in the roster").arg(approver));
    if (!roster.hasRole(approver, *role)) {
        return refused(QStringLiteral("%1 does not hold the role %2 that run %3 needs")
                           .arg(approver, roleName(*role), QString::number(run.id)));
    }

    if (attempt.decision == ApprovalRecord::Decision::Denied) {
        Verdict verdict;
        verdict.accepted = true;
        verdict.rejected = true;
        verdict.reason = QStringLiteral("%1 denied run %2").arg(approver, QString::number(run.id));
        return verdict;
    }

    if (approver == run.requester)
        return refused(
            QStringLiteral("%1 requested run %2 and cannot approve it").arg(approver, QString::number(run.id)));
    if (attempt.shownPlanHash != run.planHash)
        return refused(
            QStringLiteral("the plan changed since it was shown; review the current plan and approve again"));
    if (strict && !attempt.passphraseVerified) {
        return refused(
            QStringLiteral("approving a %1-risk run needs the approver's passphrase re-entered").arg(run.risk));
    }

    // The people whose earlier grants still count: bound to this plan, and still qualified.
    QSet<QString> counted;
    for (const ApprovalRecord& record : prior) {
        if (record.runId != run.id)
            continue;
        if (record.decision == ApprovalRecord::Decision::Denied)
            return refused(QStringLiteral("%1 already denied run %2").arg(record.approver, QString::number(run.id)));
        if (record.planHash == run.planHash && record.approver != run.requester
            && roster.hasRole(record.approver, *role))
            counted.insert(record.approver);
    }
    if (counted.contains(approver)) {
        return refused(QStringLiteral("%1 has already approved this plan of run %2; another person must approve")
                           .arg(approver, QString::number(run.id)));
    }

    Verdict verdict;
    verdict.accepted = true;
    verdict.required = std::max({ run.approvalsRequired, 1, strict ? 2 : 0 });
    verdict.approvals = int(counted.size()) + 1;
    verdict.complete = verdict.approvals >= verdict.required;
    verdict.reason
        = QStringLiteral("%1 approved run %2: %3 of %4 approvals%5")
              .arg(approver, QString::number(run.id), QString::number(verdict.approvals),
                  QString::number(verdict.required), verdict.complete ? QStringLiteral(", enough to run") : QString());
    return verdict;
}

} // namespace firebreak
