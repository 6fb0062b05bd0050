#pragma once

#include "apiparseerror.h"
#include "clusterstatus.h"

#include <QByteArray>
#include <variant>

namespace firebreak {

using ClusterStatusResult = std::variant<ClusterStatus, ApiParseError>;

// Reads `alertmanagerStatus` (api/v2/openapi.yaml), the answer to `GET /api/v2/status`, which the
// API client uses as its health probe: it proves the API answers and says whether the peer's
// cluster has settled.
class AlertmanagerStatusParser {
public:
    static ClusterStatusResult parse(const QByteArray& body);
};

} // namespace firebreak
