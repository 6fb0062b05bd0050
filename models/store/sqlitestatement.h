#pragma once

#include <QByteArray>
#include <QSqlDatabase>
#include <QString>

struct sqlite3;
struct sqlite3_stmt;

namespace firebreak {

// A prepared statement on a QSQLITE connection's own handle, through SQLite's C API. QSqlQuery
// binds every value as a QVariant and every text as UTF-16, which SQLite converts back to UTF-8;
// on the two statements each alert goes through (the alert upsert and the event insert) that was
// about a third of the writer's time. Everything else stays on QSqlQuery, in the same transaction.
class SqliteStatement {
public:
    SqliteStatement() = default;
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;

    // The connection's sqlite3 handle, or null with `error` set when the driver is not QSQLITE or
    // was built with a SQLite other than the one Firebreak links (a handle must never cross two).
    static sqlite3* handleOf(const QSqlDatabase& db, QString* error);

    bool prepare(sqlite3* db, const QByteArray& sql, QString* error);
    void finalize();
    bool isPrepared() const { return m_statement != nullptr; }

    // Indexes start at 1, as in SQLite.
    void bind(int index, qint64 value);
    void bindText(int index, const QString& text);
    void bindUtf8(int index, const QByteArray& utf8);

    // Steps once: true on a row or on completion, false on an error (see errorMessage()).
    bool step(bool* hasRow = nullptr);
    qint64 columnInt64(int column) const; // columns start at 0
    void reset(); // also clears the bindings
    QString errorMessage() const;

private:
    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_statement = nullptr;
};

} // namespace firebreak
