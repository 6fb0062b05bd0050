#pragma once

#include "thresholdsuggestion.h"

namespace firebreak {

class GateBacktester;
struct BacktestInput;
struct PlaybookGate;

// Turns a backtest into one concrete, reviewable change of the sustained gate. A noisy gate (more
// false alarms than hits) gets the smallest threshold that removes every false alarm and keeps every
// hit, or else the shortest longer `for` that does; a late gate (misses, hits on incidents the reviews
// called missed or late, or delays beyond `lateAfterMs`) gets the longest shorter `for` that catches
// them earlier without adding a false alarm, or else the highest lower threshold. Each candidate is
// backtested over the same history, so what the suggestion promises is what the replay showed. The
// result is a diff of the playbook text; this class never writes a file.
class ThresholdSuggester final {
public:
    // `lateAfterMs` > 0: a hit detected later than this after its incident began counts as late.
    explicit ThresholdSuggester(qint64 lateAfterMs = 0);

    // `playbookText` is the file the backtester's sustained gate was loaded from (its `line` locates
    // the gate); `fileName` names it in the diff.
    ThresholdSuggestion suggest(const GateBacktester& backtester, const BacktestInput& input,
        const BacktestResult& result, const QByteArray& playbookText, const QString& fileName) const;

    static constexpr int MaxCandidates = 400; // backtests tried per direction

private:
    struct Candidate;
    bool isLate(const BacktestResult& result) const;
    bool catchesLate(const BacktestResult& before, const BacktestResult& after) const;

    qint64 m_lateAfterMs;
};

} // namespace firebreak
