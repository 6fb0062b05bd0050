#pragma once

#include "domain/labelset.h"

#include <QMetaType>
#include <QString>
#include <QVector>
#include <optional>

namespace firebreak {

// What a review said about one incident, reduced to what a gate backtest needs: when it happened and
// whether an alert for it was worth having. Kept free of the review store so that backtests can be fed
// from reviews, from a file, or by hand.
//
// An incident no review has judged yet (`reviewed` false) carries Useful and so counts as real: it
// became an incident because someone was paged, and treating it as noise would let a "raise the
// threshold" suggestion trade away incidents nobody has looked at. Views draw it hatched, apart
// from the judged ones, so that nobody mistakes the assumption for a verdict.
struct IncidentVerdict {
    enum class Verdict { Useful, Noise, MissedOrLate };

    qint64 startMs = 0;
    qint64 endMs = 0;
    Verdict verdict = Verdict::Useful;
    QString label;
    bool reviewed = true; // false: no verdict yet, counted as real (see above)
    qint64 incidentId = 0; // 0 when not read from the store
    LabelSet labels {}; // the labels of the alert (or run) that tied the incident to the playbook

    // Useful and missed/late incidents are real: a gate should fire for them.
    bool isReal() const { return verdict != Verdict::Noise; }
    bool operator==(const IncidentVerdict&) const = default;
};

// "useful", "noise", "missed_or_late": the words reviews store.
QString incidentVerdictName(IncidentVerdict::Verdict verdict);
std::optional<IncidentVerdict::Verdict> incidentVerdictFromName(const QString& name);
// For people: "useful", "noise", "missed or late", or "unreviewed" when no review judged it.
QString incidentVerdictText(const IncidentVerdict& incident);

} // namespace firebreak

Q_DECLARE_METATYPE(firebreak::IncidentVerdict)
