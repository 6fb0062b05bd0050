#pragma once

#include <QStringList>

namespace firebreak {

// How firing alerts are grouped into incidents: alerts sharing the values of `groupBy` labels
// within `windowMs` of the incident's last activity belong together.
struct CorrelationConfig {
    QStringList groupBy { QStringLiteral("service"), QStringLiteral("region") };
    qint64 windowMs = 10 * 60 * 1000;
};

} // namespace firebreak
