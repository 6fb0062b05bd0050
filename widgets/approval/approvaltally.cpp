#include "approvaltally.h"

#include "roster/role.h"

#include <QSet>

namespace firebreak {

bool ApprovalTally::hasGranted(const QString& person) const
{
    for (const ApprovalRecord& record : counted) {
        if (record.approver == person)
            return true;
    }
    return false;
}

bool ApprovalTally::isHighRisk(const QString& risk)
{
    return risk == QLatin1String("high") || risk == QLatin1String("critical");
}

ApprovalTally ApprovalTally::of(const RunDetail& detail)
{
    const Run& run = detail.run;
    ApprovalTally tally;
    tally.highRisk = isHighRisk(run.risk);
    // The same floors as ApprovalPolicy: at least one approval, two and a commander for high and critical.
    tally.required = qMax(run.approvalsRequired, tally.highRisk ? 2 : 1);
    const std::optional<Role> role = roleFromName(run.approvalRole);
    Role effective = role.value_or(Role::Commander);
    if (tally.highRisk && !roleIncludes(effective, Role::Commander))
        effective = Role::Commander;
    tally.role = roleName(effective);

    QSet<QString> people;
    for (const ApprovalRecord& record : detail.approvals) {
        if (record.runId != run.id)
            continue;
        if (record.decision == ApprovalRecord::Decision::Denied) {
            tally.denials.append(record);
            continue;
        }
        if (record.planHash != run.planHash) {
            tally.voided.append(record);
            continue;
        }
        if (record.approver == run.requester || people.contains(record.approver))
            continue;
        people.insert(record.approver);
        tally.counted.append(record);
    }
    return tally;
}

QString ApprovalTally::neededText(int remaining, const QString& role)
{
    if (remaining <= 0)
        return QStringLiteral("no more approvals needed");
    return QStringLiteral("%1 more %2%3 needed")
        .arg(remaining)
        .arg(role, remaining == 1 ? QString() : QStringLiteral("s"));
}

} // namespace firebreak
