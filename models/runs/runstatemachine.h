#pragma once

#include "domain/runstate.h"

#include <QList>
#include <utility>

namespace firebreak {

// The only legal moves of a run, as one table, so that the engine cannot invent a path the commander
// never expected (a rolled-back run quietly executing again, an interrupted run resuming by itself).
// The engine asks allowed() before every change of state and refuses (and logs) any other move.
class RunStateMachine {
public:
    static bool allowed(RunState from, RunState to);
    // No move leads out of it: blocked, rejected, expired, rolled_back, rollback_failed, aborted,
    // interrupted. (Failed and succeeded can still be rolled back; a failed run without rollback
    // steps simply stays failed.)
    static bool isTerminal(RunState state);
    // A run in one of these states may have an executor acting, or is about to: after a crash it is
    // interrupted rather than resumed (approved, executing, verifying, rolling_back).
    static bool isInFlight(RunState state);
    static QList<std::pair<RunState, RunState>> transitions(); // the whole table, for tests and docs
};

} // namespace firebreak
