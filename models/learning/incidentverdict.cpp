#include "incidentverdict.h"

namespace firebreak {

QString incidentVerdictName(IncidentVerdict::Verdict verdict)
{
    switch (verdict) {
    case IncidentVerdict::Verdict::Useful:
        return QStringLiteral("useful");
    case IncidentVerdict::Verdict::Noise:
        return QStringLiteral("noise");
    case IncidentVerdict::Verdict::MissedOrLate:
        return QStringLiteral("missed_or_late");
    }
    return {};
}

std::optional<IncidentVerdict::Verdict> incidentVerdictFromName(const QString& name)
{
    for (auto verdict :
        { IncidentVerdict::Verdict::Useful, IncidentVerdict::Verdict::Noise, IncidentVerdict::Verdict::MissedOrLate }) {
        if (incidentVerdictName(verdict) == name)
            return verdict;
    }
    return std::nullopt;
}

QString incidentVerdictText(const IncidentVerdict& incident)
{
    if (!incident.reviewed)
        return QStringLiteral("unreviewed");
    return incident.verdict == IncidentVerdict::Verdict::MissedOrLate ? QStringLiteral("missed or late")
                                                                      : incidentVerdictName(incident.verdict);
}

} // namespace firebreak
