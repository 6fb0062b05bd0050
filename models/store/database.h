#pragma once

#include "storeopenresult.h"

#include <QSqlDatabase>
#include <QString>

namespace firebreak {

// Opens one SQLite connection to the Firebreak store with the durability settings every connection
// needs (WAL, synchronous=FULL, busy_timeout, foreign keys), checks integrity, and migrates the
// schema by PRAGMA user_version. Each thread calls open() with its own connection name.
class Database {
public:
    enum class Mode { ReadWrite, ReadOnly };
    static constexpr int SchemaVersion = 12;

    // On integrity failure the connection is reopened read-only and result.readOnly/problem say so.
    // ReadWrite runs PRAGMA integrity_check before anything touches the file; ReadOnly runs the
    // cheaper quick_check (a read-only connection cannot make damage worse).
    static StoreOpenResult open(const QString& connectionName, const QString& path, Mode mode);
    static QSqlDatabase connection(const QString& connectionName);
    static void close(const QString& connectionName);
    // Applies migrations from the file's user_version up to `targetVersion` (tests migrate stepwise).
    static bool migrate(QSqlDatabase& db, int targetVersion, QString* error);
    static QString defaultPath(); // under QStandardPaths::AppDataLocation
    // Where the sandbox demo keeps its store by default: beside, never inside, the real one, so
    // simulated incidents never mix with an operator's own history.
    static QString defaultSandboxPath();
};

} // namespace firebreak
