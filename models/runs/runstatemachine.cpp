#include "runstatemachine.h"

namespace firebreak {

namespace {

using S = RunState;

const QList<std::pair<RunState, RunState>>& table()
{
    static const QList<std::pair<RunState, RunState>> Table {
        { S::Proposed, S::Gating },
        { S::Proposed, S::Blocked }, // a label refused by its pattern, automation frozen
        { S::Gating, S::Blocked },
        { S::Gating, S::AwaitingApproval },
        { S::Gating, S::Approved }, // low risk configured to run without approval
        { S::AwaitingApproval, S::Approved },
        { S::AwaitingApproval, S::Rejected },
        { S::AwaitingApproval, S::Expired },
        { S::AwaitingApproval, S::Aborted },
        { S::Approved, S::Executing },
        { S::Approved, S::Blocked }, // automation frozen after approval
        { S::Approved, S::Aborted },
        { S::Approved, S::Interrupted },
        { S::Executing, S::Verifying },
        { S::Executing, S::Succeeded }, // no verification checks
        { S::Executing, S::Failed },
        { S::Executing, S::Aborted },
        { S::Executing, S::Interrupted },
        { S::Verifying, S::Succeeded },
        { S::Verifying, S::Failed },
        { S::Verifying, S::Paused },
        { S::Verifying, S::Aborted },
        { S::Verifying, S::Interrupted },
        { S::Paused, S::Verifying }, // the commander resumes: verify again
        { S::Paused, S::RollingBack }, // the commander rolls back
        { S::Paused, S::Aborted },
        { S::Failed, S::RollingBack },
        { S::Succeeded, S::RollingBack }, // the commander rolls back a fix that made things worse
        { S::RollingBack, S::RolledBack },
        { S::RollingBack, S::RollbackFailed },
        { S::RollingBack, S::Interrupted },
    };
    return Table;
}

} // namespace

bool RunStateMachine::allowed(RunState from, RunState to)
{
    return table().contains({ from, to });
}

bool RunStateMachine::isTerminal(RunState state)
{
    for (const auto& [from, to] : table()) {
        Q_UNUSED(to);
        if (from == state)
            return false;
    }
    return true;
}

bool RunStateMachine::isInFlight(RunState state)
{
    return state == S::Approved || state == S::Executing || state == S::Verifying || state == S::RollingBack;
}

QList<std::pair<RunState, RunState>> RunStateMachine::transitions()
{
    return table();
}

} // namespace firebreak
