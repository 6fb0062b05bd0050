#pragma once

#include <QString>

namespace firebreak {

struct BacktestResult;
struct ThresholdSuggestion;

// What a suggestion does, in the one sentence an SRE reads before the diff: "Raising the threshold
// from 90 to 95 removes 3 false alarms and keeps all 5 hits." Made from the backtest before and after
// the change, so that it says only what the replay showed.
class SuggestionSentence {
public:
    static QString of(const BacktestResult& before, const ThresholdSuggestion& suggestion);
};

} // namespace firebreak
