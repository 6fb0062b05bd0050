#include "reviewverdict.h"

namespace firebreak {

QString verdictSubjectKindName(ReviewVerdict::SubjectKind kind)
{
    return kind == ReviewVerdict::SubjectKind::Run ? QStringLiteral("run") : QStringLiteral("alert");
}

std::optional<ReviewVerdict::SubjectKind> verdictSubjectKindFromName(const QString& name)
{
    if (name == QLatin1String("alert"))
        return ReviewVerdict::SubjectKind::Alert;
    if (name == QLatin1String("run"))
        return ReviewVerdict::SubjectKind::Run;
    return std::nullopt;
}

QString verdictName(ReviewVerdict::Verdict verdict)
{
    switch (verdict) {
    case ReviewVerdict::Verdict::Useful:
        return QStringLiteral("useful");
    case ReviewVerdict::Verdict::Noise:
        return QStringLiteral("noise");
    case ReviewVerdict::Verdict::MissedOrLate:
        return QStringLiteral("missed_or_late");
    }
    return QStringLiteral("useful");
}

std::optional<ReviewVerdict::Verdict> verdictFromName(const QString& name)
{
    for (const auto verdict :
        { ReviewVerdict::Verdict::Useful, ReviewVerdict::Verdict::Noise, ReviewVerdict::Verdict::MissedOrLate }) {
        if (verdictName(verdict) == name)
            return verdict;
    }
    return std::nullopt;
}

} // namespace firebreak
