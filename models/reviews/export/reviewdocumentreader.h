#pragma once

#include "reviewdocument.h"

#include <QSqlDatabase>
#include <QString>
#include <optional>

namespace firebreak {

// Reads everything an export prints about one incident's review, on the caller's connection (the
// reader thread's, or the command line's read-only one), through the same queries the console's
// review editor and run views use.
class ReviewDocumentReader {
public:
    // std::nullopt with `error` set for an unknown incident ("incident 42 does not exist") or a
    // failed read. An incident without a saved review still reads (detail.saved false). `nowMs`
    // stamps the export and the figures.
    static std::optional<ReviewDocument> read(QSqlDatabase& db, qint64 incidentId, qint64 nowMs, QString* error);
};

} // namespace firebreak
