#include "sqlitestatement.h"

#include <QSqlDriver>
#include <QSqlQuery>
#include <QVariant>
#include <sqlite3.h>

namespace firebreak {

SqliteStatement::~SqliteStatement()
{
    finalize();
}

sqlite3* SqliteStatement::handleOf(const QSqlDatabase& db, QString* error)
{
    const QVariant handle = db.driver() ? db.driver()->handle() : QVariant();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0) {
        *error = QStringLiteral("the store's connection is not a SQLite handle (%1)").arg(handle.typeName());
        return nullptr;
    }
    QSqlQuery query(db);
    const QString driverSource = query.exec(QStringLiteral("SELECT sqlite_source_id()")) && query.next()
        ? query.value(0).toString()
        : QString();
    const QString ownSource = QString::fromLatin1(sqlite3_sourceid());
    if (driverSource != ownSource) {
        *error = QStringLiteral("Qt's SQLite driver runs SQLite %1, Firebreak was built with %2")
                     .arg(driverSource.left(30), ownSource.left(30));
        return nullptr;
    }
    return *static_cast<sqlite3* const*>(handle.constData());
}

bool SqliteStatement::prepare(sqlite3* db, const QByteArray& sql, QString* error)
{
    finalize();
    m_db = db;
    if (sqlite3_prepare_v3(db, sql.constData(), int(sql.size()), SQLITE_PREPARE_PERSISTENT, &m_statement, nullptr)
        != SQLITE_OK) {
        *error = QString::fromUtf8(sqlite3_errmsg(db)) + QStringLiteral(" (in: ") + QString::fromUtf8(sql.left(60))
            + QLatin1Char(')');
        finalize();
        return false;
    }
    return true;
}

void SqliteStatement::finalize()
{
    sqlite3_finalize(m_statement); // a no-op on null
    m_statement = nullptr;
}

void SqliteStatement::bind(int index, qint64 value)
{
    sqlite3_bind_int64(m_statement, index, value);
}

void SqliteStatement::bindText(int index, const QString& text)
{
    bindUtf8(index, text.toUtf8());
}

void SqliteStatement::bindUtf8(int index, const QByteArray& utf8)
{
    // Never NULL: the store's text columns are NOT NULL, and an absent value is stored as ''.
    sqlite3_bind_text(m_statement, index, utf8.isNull() ? "" : utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
}

bool SqliteStatement::step(bool* hasRow)
{
    const int result = sqlite3_step(m_statement);
    if (hasRow)
        *hasRow = result == SQLITE_ROW;
    return result == SQLITE_ROW || result == SQLITE_DONE;
}

qint64 SqliteStatement::columnInt64(int column) const
{
    return sqlite3_column_int64(m_statement, column);
}

void SqliteStatement::reset()
{
    sqlite3_reset(m_statement);
    sqlite3_clear_bindings(m_statement);
}

QString SqliteStatement::errorMessage() const
{
    return m_db ? QString::fromUtf8(sqlite3_errmsg(m_db)) : QStringLiteral("not prepared");
}

} // namespace firebreak
