#include "alert.h"

namespace firebreak {

QString alertStatusName(AlertStatus status)
{
    return status == AlertStatus::Firing ? QStringLiteral("firing") : QStringLiteral("resolved");
}

} // namespace firebreak
