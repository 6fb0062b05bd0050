#include "runstate.h"

#include <array>
#include <utility>

namespace firebreak {

namespace {

constexpr std::array<std::pair<RunState, const char*>, 17> Names { {
    { RunState::Proposed, "proposed" },
    { RunState::Gating, "gating" },
    { RunState::Blocked, "blocked" },
    { RunState::AwaitingApproval, "awaiting_approval" },
    { RunState::Approved, "approved" },
    { RunState::Rejected, "rejected" },
    { RunState::Expired, "expired" },
    { RunState::Executing, "executing" },
    { RunState::Verifying, "verifying" },
    { RunState::Succeeded, "succeeded" },
    { RunState::Paused, "paused" },
    { RunState::Failed, "failed" },
    { RunState::RollingBack, "rolling_back" },
    { RunState::RolledBack, "rolled_back" },
    { RunState::RollbackFailed, "rollback_failed" },
    { RunState::Aborted, "aborted" },
    { RunState::Interrupted, "interrupted" },
} };

} // namespace

QString runStateName(RunState state)
{
    for (const auto& [value, name] : Names) {
        if (value == state)
            return QString::fromLatin1(name);
    }
    return QString();
}

std::optional<RunState> runStateFromName(const QString& name)
{
    for (const auto& [value, text] : Names) {
        if (name == QLatin1String(text))
            return value;
    }
    return std::nullopt;
}

} // namespace firebreak
