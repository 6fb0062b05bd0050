#pragma once

#include "incidentverdict.h"

#include <QString>
#include <QVector>
#include <optional>

namespace firebreak {

// One time the replayed gate would have fired: the first step at which it passed after not passing,
// and the first step after that at which it no longer passed (-1: still passing at the end).
struct BacktestFiring {
    qint64 firedMs = 0;
    qint64 clearedMs = -1;
    bool operator==(const BacktestFiring&) const = default;
};

// How one firing or one incident came out. A hit is a firing attributed to a real incident (inside it,
// or already firing when it began: then the delay is negative); a repeat is a later firing inside an
// incident already hit; a false alarm fired outside every real incident (or inside one judged noise);
// a miss is a real incident with no firing; an incident outside the replayed span is not judged.
struct BacktestFinding {
    enum class Kind { Hit, Repeat, FalseAlarm, Miss, NotJudged };

    Kind kind = Kind::Hit;
    qint64 firedMs = -1; // -1 for misses and unjudged incidents
    int incident = -1; // index into the input's incidents, or -1
    qint64 delayMs = 0; // hits: firedMs - the incident's start
    QString reason;
    bool operator==(const BacktestFinding&) const = default;
};

// A gate replayed over history against the reviews' verdicts, in time order.
struct BacktestResult {
    QString error; // non-empty: the backtest could not run, and nothing else is set
    qint64 evaluatedFromMs = 0; // the first step with a full `for` window inside the history
    qint64 evaluatedToMs = 0;
    int steps = 0; // evaluation steps replayed
    QVector<BacktestFiring> firings;
    QVector<BacktestFinding> findings;
    QVector<IncidentVerdict> incidents;
    int hits = 0;
    int repeats = 0;
    int falseAlarms = 0;
    int misses = 0;
    int notJudged = 0;

    bool ok() const { return error.isEmpty(); }
    // The finding of the hit on incident `index`, or nullptr when it was not hit.
    const BacktestFinding* hitOf(int index) const;
    // Over the hits' delays (negative when the gate already fired as the incident began); the median
    // of an even count is the mean of the middle two. std::nullopt without hits.
    std::optional<qint64> medianDelayMs() const;
    std::optional<qint64> worstDelayMs() const;
    bool operator==(const BacktestResult&) const = default;
};

QString backtestFindingKindName(BacktestFinding::Kind kind);
// A detection delay for people, to the second: "+2m45s" after the incident began, "\u22121m" before it.
QString backtestDelayText(qint64 delayMs);

} // namespace firebreak
