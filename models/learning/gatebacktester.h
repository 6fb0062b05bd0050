#pragma once

#include "backtestinput.h"
#include "backtestresult.h"
#include "playbook/playbookgate.h"

#include <optional>

namespace firebreak {

// Replays a playbook's sustained gate (and its confirm gate, when given) over recorded history, step
// by step, judging each window with the same GateSampleJudge rules as the live GateEvaluator, and sets
// the moments it would have fired beside the incidents the reviews judged. It is how an operator learns
// whether a threshold or a `for` is noisy or late before changing it.
//
// At each step t of the sustained history from its start + `for`, the window [t - for, t] holds the
// history's samples in it; a series with no sample there is one the live query would not have returned.
// A confirm gate with a `for` is judged the same way on its own history; without one, on each series'
// latest sample within one step before t. Gaps, NaN and missing series fail closed.
class GateBacktester final {
public:
    explicit GateBacktester(PlaybookGate sustained, std::optional<PlaybookGate> confirm = std::nullopt);

    const PlaybookGate& sustained() const { return m_sustained; }
    const std::optional<PlaybookGate>& confirm() const { return m_confirm; }

    BacktestResult run(const BacktestInput& input) const;

    // Why `gate` would not have passed at `atMs` over `history`, or an empty string when it would.
    static QString problemAt(const PlaybookGate& gate, const GateHistory& history, qint64 atMs);

private:
    QString inputProblem(const BacktestInput& input) const;

    PlaybookGate m_sustained;
    std::optional<PlaybookGate> m_confirm;
};

} // namespace firebreak
