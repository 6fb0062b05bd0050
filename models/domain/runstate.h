#pragma once

#include <QString>
#include <optional>

namespace firebreak {

// Where a run of a playbook stands. The states are persisted by name (runStateName) and only change
// along RunStateMachine's transition table; see DESIGN.md.
enum class RunState {
    Proposed, // a trigger matched; the plan is rendered
    Gating, // gates are being evaluated
    Blocked, // a gate said no (terminal)
    AwaitingApproval, // gates passed; waiting for enough approvals
    Approved, // approved for exactly this plan; about to execute
    Rejected, // an approver denied it (terminal)
    Expired, // the approval window ran out (terminal)
    Executing, // steps are running (write-ahead intent before each)
    Verifying, // checks are sampling
    Succeeded, // verification passed (terminal)
    Paused, // verification failed and the playbook says pause: the commander decides
    Failed, // a step failed or verification failed; rollback follows if the playbook has one
    RollingBack, // rollback steps are running
    RolledBack, // rollback finished (and verified, when it has checks) (terminal)
    RollbackFailed, // rollback step or rollback verification failed (terminal)
    Aborted, // stopped by a commander (terminal)
    Interrupted, // found mid-flight after a crash: never resumed by itself; a commander may re-approve
};

QString runStateName(RunState state); // "awaiting_approval", "rolled_back", ...
std::optional<RunState> runStateFromName(const QString& name);

} // namespace firebreak
