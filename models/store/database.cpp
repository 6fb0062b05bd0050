#include "database.h"

#include "schema.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>

namespace firebreak {

namespace {

constexpr int BusyTimeoutMs = 5000;
const auto ReadOnlyOptions = QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000");
const auto ReadWriteOptions = QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000");

struct Inspection {
    bool isDatabase = false; // SQLite could read its header and schema
    bool intact = false; // PRAGMA integrity_check said "ok"
    int userVersion = 0;
    QString message; // SQLite's first complaint
};

// integrity_check prefixes its report with "*** in database main ***" on a line of its own.
QString firstComplaint(const QString& report)
{
    for (const QString& line : report.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        if (!line.startsWith(QLatin1String("***")))
            return line.trimmed();
    }
    return report.trimmed();
}

QString errorText(const QSqlError& error)
{
    return error.databaseText().isEmpty() ? error.text() : error.databaseText();
}

QSqlDatabase addConnection(const QString& name, const QString& path, bool readOnly)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    db.setDatabaseName(path);
    db.setConnectOptions(readOnly ? ReadOnlyOptions : ReadWriteOptions);
    return db;
}

// Looks at an existing file through a read-only connection, so that nothing (no journal
// mode change, no migration, no hot-journal rollback) can touch a damaged file before we
// know it is sound.
Inspection inspect(const QString& path, const QString& probeName, Database::Mode mode)
{
    Inspection result;
    {
        QSqlDatabase db = addConnection(probeName, path, true);
        if (!db.open()) {
            result.message = errorText(db.lastError());
        } else {
            QSqlQuery query(db);
            if (!query.exec(QStringLiteral("SELECT count(*) FROM sqlite_master")) || !query.next()) {
                result.message = errorText(query.lastError());
            } else {
                result.isDatabase = true;
                query.finish();
                if (query.exec(QStringLiteral("PRAGMA user_version")) && query.next())
                    result.userVersion = query.value(0).toInt();
                query.finish();
                // The full check also proves every index agrees with its table, which takes
                // seconds on a million events; it guards the writer, which must never build on
                // a damaged file. A read-only connection cannot make damage worse, so it only
                // takes the quick check of the b-tree pages.
                const QString check = mode == Database::Mode::ReadWrite ? QStringLiteral("PRAGMA integrity_check")
                                                                        : QStringLiteral("PRAGMA quick_check");
                if (!query.exec(check)) {
                    result.message = errorText(query.lastError());
                } else if (query.next()) {
                    const QString first = query.value(0).toString();
                    result.intact = first == QLatin1String("ok");
                    if (!result.intact)
                        result.message = firstComplaint(first);
                }
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(probeName);
    return result;
}

bool exec(QSqlDatabase& db, const QString& statement, QString* error, QString* firstValue = nullptr)
{
    QSqlQuery query(db);
    if (!query.exec(statement)) {
        *error = QStringLiteral("%1 failed: %2").arg(statement, query.lastError().text());
        return false;
    }
    if (firstValue && query.next())
        *firstValue = query.value(0).toString();
    return true;
}

// Settings that live on the connection, not in the file: safe on a read-only connection.
bool applyConnectionPragmas(QSqlDatabase& db, QString* error)
{
    return exec(db, QStringLiteral("PRAGMA busy_timeout = %1").arg(BusyTimeoutMs), error)
        && exec(db, QStringLiteral("PRAGMA synchronous = FULL"), error)
        && exec(db, QStringLiteral("PRAGMA foreign_keys = ON"), error)
        // 64 MiB of page cache per connection instead of SQLite's 2 MiB: a busy writer otherwise
        // spends a fifth of its time re-reading index pages from the OS.
        && exec(db, QStringLiteral("PRAGMA cache_size = -65536"), error);
}

// Opens the connection and brings it to the settings and schema its mode needs. Returns the
// schema version, or -1 with `error` set.
int setUp(QSqlDatabase& db, Database::Mode mode, QString* error)
{
    if (!db.open()) {
        *error = errorText(db.lastError());
        return -1;
    }
    if (!applyConnectionPragmas(db, error))
        return -1;
    if (mode == Database::Mode::ReadWrite) {
        QString journalMode;
        // temp_store: a multi-row INSERT keeps a statement journal (the pages it touches, in case
        // it must be undone alone). On disk it spilled past 64 KiB into a temp file, one write()
        // per page; in memory it is a copy. Measured on bench_webhook: half the writer's write calls.
        if (!exec(db, QStringLiteral("PRAGMA journal_mode = WAL"), error, &journalMode)
            || !exec(db, QStringLiteral("PRAGMA temp_store = MEMORY"), error))
            return -1;
        if (journalMode.compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0) {
            *error = QStringLiteral("write-ahead logging is unavailable (journal mode stays %1)").arg(journalMode);
            return -1;
        }
        if (!Database::migrate(db, Database::SchemaVersion, error))
            return -1;
    }
    return Schema::userVersion(db, error);
}

StoreOpenResult failure(StoreOpenResult result, const QString& problem)
{
    result.ok = false;
    result.problem = problem;
    qWarning().noquote() << "firebreak store:" << problem;
    return result;
}

// Opens a file we must not write to. It stays usable for reading when SQLite can read it.
StoreOpenResult openReadOnlyFallback(const QString& name, StoreOpenResult result, const QString& problem)
{
    result.readOnly = true;
    result.problem = problem;
    QSqlDatabase db = addConnection(name, result.path, true);
    QString error;
    if (db.open() && applyConnectionPragmas(db, &error)) {
        const int version = Schema::userVersion(db, &error);
        result.ok = version >= 0;
        result.schemaVersion = qMax(version, 0);
    }
    qWarning().noquote() << "firebreak store:" << problem;
    return result;
}

} // namespace

StoreOpenResult Database::open(const QString& connectionName, const QString& path, Mode mode)
{
    close(connectionName);
    StoreOpenResult result;
    result.path = path;
    result.readOnly = mode == Mode::ReadOnly;

    const QFileInfo info(path);
    if (info.exists() && !info.isFile())
        return failure(result, QStringLiteral("The store path %1 is not a regular file.").arg(path));
    if (!info.exists()) {
        if (mode == Mode::ReadOnly)
            return failure(result, QStringLiteral("There is no store at %1.").arg(path));
        if (!QDir().mkpath(info.absolutePath()))
            return failure(
                result, QStringLiteral("Cannot create the folder %1 for the store.").arg(info.absolutePath()));
    } else {
        const Inspection inspection = inspect(path, connectionName + QStringLiteral("/probe"), mode);
        if (!inspection.isDatabase) {
            result.readOnly = true;
            return failure(result,
                QStringLiteral("The file %1 is not a readable SQLite database (%2). It was left untouched; "
                               "move it aside or choose another path with --db.")
                    .arg(path, inspection.message));
        }
        if (!inspection.intact)
            return openReadOnlyFallback(connectionName, result,
                QStringLiteral("The store %1 failed its integrity check: %2. It is opened read-only and will "
                               "not be written to; copy it for inspection and start a new store with --db.")
                    .arg(path, inspection.message));
        if (inspection.userVersion > SchemaVersion)
            return openReadOnlyFallback(connectionName, result,
                QStringLiteral("The store %1 has schema version %2, newer than this Firebreak understands (%3). "
                               "It is opened read-only.")
                    .arg(path)
                    .arg(inspection.userVersion)
                    .arg(SchemaVersion));
        if (mode == Mode::ReadOnly && inspection.userVersion == 0)
            return failure(result, QStringLiteral("The file %1 holds no Firebreak store yet.").arg(path));
    }

    QString error;
    int version = -1;
    {
        QSqlDatabase db = addConnection(connectionName, path, mode == Mode::ReadOnly);
        version = setUp(db, mode, &error);
    }
    if (version < 0) {
        close(connectionName); // a half-configured connection must not be used
        if (mode == Mode::ReadWrite && info.exists()) // for example a read-only file or folder
            return openReadOnlyFallback(connectionName, result,
                QStringLiteral("The store %1 cannot be opened for writing (%2). It is opened read-only.")
                    .arg(path, error));
        return failure(result, QStringLiteral("Cannot open the store %1: %2").arg(path, error));
    }
    result.schemaVersion = version;
    result.ok = true;
    if (version < SchemaVersion) {
        result.problem = QStringLiteral("The store %1 has the older schema version %2 (read-only here); full-text "
                                        "search works once Firebreak has opened it for writing.")
                             .arg(path)
                             .arg(version);
        qWarning().noquote() << "firebreak store:" << result.problem;
    }
    return result;
}

QSqlDatabase Database::connection(const QString& connectionName)
{
    return QSqlDatabase::database(connectionName, false);
}

void Database::close(const QString& connectionName)
{
    if (!QSqlDatabase::contains(connectionName))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(connectionName, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(connectionName);
}

bool Database::migrate(QSqlDatabase& db, int targetVersion, QString* error)
{
    QString localError;
    QString* err = error ? error : &localError;
    int version = Schema::userVersion(db, err);
    if (version < 0)
        return false;
    if (targetVersion > SchemaVersion || targetVersion < version) {
        *err = QStringLiteral("cannot migrate from schema version %1 to %2 (this build knows 0..%3)")
                   .arg(version)
                   .arg(targetVersion)
                   .arg(SchemaVersion);
        return false;
    }
    // One transaction per step: a crash mid-migration leaves the file at the previous version.
    while (version < targetVersion) {
        const int next = version + 1;
        if (!db.transaction()) {
            *err = QStringLiteral("cannot start the migration to schema version %1: %2")
                       .arg(next)
                       .arg(db.lastError().text());
            return false;
        }
        if (!Schema::applyStep(db, next, err)) {
            db.rollback();
            return false;
        }
        if (!db.commit()) {
            *err = QStringLiteral("cannot commit the migration to schema version %1: %2")
                       .arg(next)
                       .arg(db.lastError().text());
            db.rollback();
            return false;
        }
        version = next;
    }
    return true;
}

QString Database::defaultPath()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(dir);
    return dir + QStringLiteral("/firebreak.db");
}

QString Database::defaultSandboxPath()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(dir);
    return dir + QStringLiteral("/sandbox.db");
}

} // namespace firebreak
