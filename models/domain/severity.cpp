#include "severity.h"

namespace firebreak {

QString severityName(Severity severity)
{
    switch (severity) {
    case Severity::Info:
        return QStringLiteral("info");
    case Severity::Warning:
        return QStringLiteral("warning");
    case Severity::Error:
        return QStringLiteral("error");
    case Severity::Critical:
        return QStringLiteral("critical");
    }
    return QStringLiteral("info");
}

std::optional<Severity> severityFromName(const QString& name)
{
    for (auto severity : { Severity::Info, Severity::Warning, Severity::Error, Severity::Critical }) {
        if (severityName(severity) == name)
            return severity;
    }
    return std::nullopt;
}

Severity severityFromLabel(const QString& label)
{
    const QString lower = label.trimmed().toLower();
    if (lower == QLatin1String("critical") || lower == QLatin1String("page"))
        return Severity::Critical;
    if (lower == QLatin1String("error"))
        return Severity::Error;
    if (lower == QLatin1String("info") || lower == QLatin1String("none"))
        return Severity::Info;
    return Severity::Warning;
}

int severityToIncidentLevel(Severity severity)
{
    switch (severity) {
    case Severity::Critical:
        return 2;
    case Severity::Error:
    case Severity::Warning:
        return 3;
    case Severity::Info:
        return 4;
    }
    return 4;
}

} // namespace firebreak
