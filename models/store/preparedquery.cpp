#include "preparedquery.h"

#include <QSqlError>
#include <QSqlQuery>

namespace firebreak {

bool PreparedQuery::prepare(QSqlDatabase& db, std::unique_ptr<QSqlQuery>& query, const QString& sql, QString* error)
{
    query = std::make_unique<QSqlQuery>(db);
    if (query->prepare(sql))
        return true;
    *error = query->lastError().text() + QStringLiteral(" (in: ") + sql.left(60) + QLatin1Char(')');
    return false;
}

} // namespace firebreak
