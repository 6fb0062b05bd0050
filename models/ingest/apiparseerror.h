#pragma once

#include <QString>

namespace firebreak {

// Why a response of an HTTP API (Alertmanager API v2) could not be read: the JSON path of the
// offending value ("gettableAlerts[3].startsAt", or the definition's name for the document itself)
// and what was wrong there.
struct ApiParseError {
    QString path;
    QString message;
    QString toString() const { return path.isEmpty() ? message : path + QStringLiteral(": ") + message; }
};

} // namespace firebreak
