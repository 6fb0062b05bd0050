#include "incident.h"

namespace firebreak {

QString incidentStatusName(IncidentStatus status)
{
    switch (status) {
    case IncidentStatus::Open:
        return QStringLiteral("open");
    case IncidentStatus::Acknowledged:
        return QStringLiteral("acknowledged");
    case IncidentStatus::Mitigated:
        return QStringLiteral("mitigated");
    case IncidentStatus::Resolved:
        return QStringLiteral("resolved");
    case IncidentStatus::Reviewed:
        return QStringLiteral("reviewed");
    }
    return QStringLiteral("open");
}

std::optional<IncidentStatus> incidentStatusFromName(const QString& name)
{
    for (int i = 0; i <= static_cast<int>(IncidentStatus::Reviewed); ++i) {
        const auto status = static_cast<IncidentStatus>(i);
        if (incidentStatusName(status) == name)
            return status;
    }
    return std::nullopt;
}

bool Incident::transitionTo(IncidentStatus next, qint64 nowMs)
{
    if (next <= status)
        return false;
    status = next;
    switch (next) {
    case IncidentStatus::Acknowledged:
        acknowledgedMs = nowMs;
        break;
    case IncidentStatus::Mitigated:
        mitigatedMs = nowMs;
        break;
    case IncidentStatus::Resolved:
        resolvedMs = nowMs;
        break;
    case IncidentStatus::Open:
    case IncidentStatus::Reviewed:
        break;
    }
    updatedMs = qMax(updatedMs, nowMs);
    return true;
}

} // namespace firebreak
