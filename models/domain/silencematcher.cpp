#include "silencematcher.h"

namespace firebreak {

QString SilenceMatcher::toString() const
{
    const QString op = isRegex ? (isEqual ? QStringLiteral("=~") : QStringLiteral("!~"))
                               : (isEqual ? QStringLiteral("=") : QStringLiteral("!="));
    QString escaped = value;
    escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\")).replace(QLatin1Char('"'), QStringLiteral("\\\""));
    return name + op + QLatin1Char('"') + escaped + QLatin1Char('"');
}

} // namespace firebreak
