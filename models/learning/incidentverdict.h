#pragma once

#include <QString>
#include <optional>

namespace firebreak {

// What a review said about one incident, reduced to what a gate backtest needs: when it happened and
// whether an alert for it was worth having. Kept free of the review store so that backtests can be fed
// from reviews, from a file, or by hand.
struct IncidentVerdict {
    enum class Verdict { Useful, Noise, MissedOrLate };

    qint64 startMs = 0;
    qint64 endMs = 0;
    Verdict verdict = Verdict::Useful;
    QString label;

    // Useful and missed/late incidents are real: a gate should fire for them.
    bool isReal() const { return verdict != Verdict::Noise; }
    bool operator==(const IncidentVerdict&) const = default;
};

// "useful", "noise", "missed_or_late": the words reviews store.
QString incidentVerdictName(IncidentVerdict::Verdict verdict);
std::optional<IncidentVerdict::Verdict> incidentVerdictFromName(const QString& name);

} // namespace firebreak
