#include "configerror.h"

namespace firebreak {

QString ConfigError::toString() const
{
    if (line <= 0)
        return QStringLiteral("%1: %2").arg(file, message);
    return QStringLiteral("%1:%2: %3").arg(file).arg(line).arg(message);
}

} // namespace firebreak
