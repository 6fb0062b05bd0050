#include "run.h"

namespace firebreak {

QString runStepStatusName(RunStepRecord::Status status)
{
    switch (status) {
    case RunStepRecord::Status::Intent:
        return QStringLiteral("intent");
    case RunStepRecord::Status::Succeeded:
        return QStringLiteral("succeeded");
    case RunStepRecord::Status::Failed:
        return QStringLiteral("failed");
    }
    return QString();
}

QString runStepPhaseName(RunStepRecord::Phase phase)
{
    return phase == RunStepRecord::Phase::Steps ? QStringLiteral("steps") : QStringLiteral("rollback");
}

QString verifyOutcomeName(VerifySample::Outcome outcome)
{
    switch (outcome) {
    case VerifySample::Outcome::Success:
        return QStringLiteral("success");
    case VerifySample::Outcome::Failure:
        return QStringLiteral("failure");
    case VerifySample::Outcome::Inconclusive:
        return QStringLiteral("inconclusive");
    }
    return QString();
}

QString verifyPhaseName(VerifySample::Phase phase)
{
    return phase == VerifySample::Phase::Verify ? QStringLiteral("verify") : QStringLiteral("rollback_verify");
}

QString approvalDecisionName(ApprovalRecord::Decision decision)
{
    return decision == ApprovalRecord::Decision::Granted ? QStringLiteral("granted") : QStringLiteral("denied");
}

} // namespace firebreak
