#pragma once

#include "apiparseerror.h"
#include "domain/alert.h"

#include <QByteArray>
#include <QVector>
#include <variant>

namespace firebreak {

using GettableAlertsResult = std::variant<QVector<Alert>, ApiParseError>;

// Reads the answer to Alertmanager's `GET /api/v2/alerts` (`gettableAlerts` in api/v2/openapi.yaml)
// into the same Alert values the webhook produces, so that correlation treats an alert fetched on
// start exactly like one that was pushed. A pure function, like WebhookParser.
class GettableAlertsParser {
public:
    // `source` is stamped on every alert. `nowMs` decides firing or resolved: Alertmanager gives a
    // firing alert a provisional endsAt in the future (last update + resolve_timeout), and an
    // alert is resolved only once its endsAt has passed. A firing alert gets endsAtMs = 0, as the
    // webhook reports it ("not ended"); the state active, suppressed or unprocessed is only
    // validated: a silenced alert still fires.
    static GettableAlertsResult parse(const QByteArray& body, const QString& source, qint64 nowMs);
};

} // namespace firebreak
