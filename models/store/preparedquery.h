#pragma once

#include <QString>
#include <memory>

class QSqlDatabase;
class QSqlQuery;

namespace firebreak {

// How every writer of the store prepares its statements once after open: a new QSqlQuery on the
// writer's connection, and on failure an error that names the statement SQLite refused.
class PreparedQuery {
public:
    static bool prepare(QSqlDatabase& db, std::unique_ptr<QSqlQuery>& query, const QString& sql, QString* error);
};

} // namespace firebreak
