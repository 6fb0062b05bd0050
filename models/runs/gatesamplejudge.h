#pragma once

#include "playbook/playbookgate.h"

#include <QString>

namespace firebreak {

struct Series;

// The rules by which a sustained or confirm gate judges the samples its query returned. Shared by the
// live GateEvaluator and the GateBacktester, so that a replay over history fires exactly when the live
// gate would have passed: strictly beyond the threshold, every sample, and gaps, NaN and missing data
// fail closed.
class GateSampleJudge final {
public:
    // Strictly: a value exactly at the threshold is neither above nor below it.
    static bool satisfies(double value, const PlaybookGate& gate);

    // Why `series` does not hold the gate over [startMs, endMs] queried at `stepMs`, or an empty string
    // when it does. Samples must start and end within one step of the window's edges, be in order, be
    // at most two steps apart, be finite, and all satisfy the gate.
    static QString rangeProblem(
        const Series& series, const PlaybookGate& gate, qint64 startMs, qint64 endMs, qint64 stepMs);

    // PromQL's own notation, so that the name can be pasted back into a query.
    static QString seriesName(const Series& series);
    static QString number(double value);
    static QString clockText(qint64 ms);
    static QString comparisonWord(PlaybookGate::Comparison comparison);
};

} // namespace firebreak
