#pragma once

#include <QMetaType>
#include <QString>
#include <optional>

namespace firebreak {

// A review's judgement of one alert or run: the labels gate backtesting and threshold suggestions
// learn from. One verdict per (incident, subject kind, subject id); a later one replaces it.
struct ReviewVerdict {
    enum class SubjectKind { Alert, Run };
    enum class Verdict { Useful, Noise, MissedOrLate };

    qint64 incidentId = 0;
    SubjectKind subjectKind = SubjectKind::Alert;
    QString subjectId {}; // an alert's fingerprint, or a run's id in decimal
    Verdict verdict = Verdict::Useful;
    QString author {};
    qint64 timeMs = 0;

    bool operator==(const ReviewVerdict&) const = default;
};

QString verdictSubjectKindName(ReviewVerdict::SubjectKind kind); // alert | run
std::optional<ReviewVerdict::SubjectKind> verdictSubjectKindFromName(const QString& name);
QString verdictName(ReviewVerdict::Verdict verdict); // useful | noise | missed_or_late
std::optional<ReviewVerdict::Verdict> verdictFromName(const QString& name);

} // namespace firebreak

Q_DECLARE_METATYPE(firebreak::ReviewVerdict)
