#pragma once

#include "domain/rundetail.h"

#include <QSqlDatabase>
#include <QString>
#include <optional>

namespace firebreak {

// Reads everything one run's approval and run views show, in one go on the reader's thread, and
// decodes the JSON there (the plan, the gate evidence) so that the GUI thread only draws it.
class RunDetailReader {
public:
    // std::nullopt with `error` set when the run does not exist, its plan is not JSON, or a read fails.
    static std::optional<RunDetail> read(QSqlDatabase& db, qint64 runId, QString* error);
    // The latest outcome of each gate told by the run's gate.passed / gate.blocked events (oldest
    // first), by gate index. A rate_limit decision names no index: it is the plan's rate_limit gate
    // with the same limits (or its only one), -1 when the plan has none.
    static QVector<GateOutcome> gateOutcomes(const QJsonObject& plan, const QVector<Event>& events);
};

} // namespace firebreak
