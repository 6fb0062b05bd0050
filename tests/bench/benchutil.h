#pragma once

// Small helpers shared by the benchmark programs (header-only on purpose: each bench_*.cpp is its
// own executable and the benchmarks must not add sources to the libraries).

#include "store/database.h"

#include <QByteArray>
#include <QByteArrayList>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <QVector>
#include <QtGlobal>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <sqlite3.h>
#include <string>

namespace firebreak::bench {

// Summary of repeated timings, in milliseconds.
struct Stats {
    int count = 0;
    double median = 0;
    double p95 = 0;
    double max = 0;
    double min = 0;
};

// Nearest-rank percentiles: with few samples p95 is an observed value, never an interpolation.
inline Stats statsOf(QVector<double> samples)
{
    Stats stats;
    if (samples.isEmpty())
        return stats;
    std::sort(samples.begin(), samples.end());
    const auto rank = [&samples](double p) {
        const auto index = static_cast<qsizetype>(std::ceil(p * double(samples.size()))) - 1;
        return samples.at(std::clamp<qsizetype>(index, 0, samples.size() - 1));
    };
    stats.count = int(samples.size());
    stats.median = rank(0.5);
    stats.p95 = rank(0.95);
    stats.max = samples.last();
    stats.min = samples.first();
    return stats;
}

inline QString describe(const Stats& stats)
{
    return QStringLiteral("median %1 ms, p95 %2 ms, max %3 ms (%4 runs)")
        .arg(QString::number(stats.median, 'f', 2), QString::number(stats.p95, 'f', 2),
            QString::number(stats.max, 'f', 2))
        .arg(stats.count);
}

inline double median(QVector<double> values)
{
    return statsOf(std::move(values)).median;
}

// CPU time of the calling thread: on a shared machine this moves much less than wall time when
// other processes compete for the cores, so it is printed next to wall-clock figures.
inline double threadCpuSeconds()
{
    timespec now {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) + double(now.tv_nsec) / 1e9;
}

inline void say(const QString& line)
{
    std::fputs(line.toUtf8().constData(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

inline QString number(double value, int decimals = 2)
{
    return QString::number(value, 'f', decimals);
}

// Prints the machine-readable line for one target and returns whether it was met. `lessThan`
// targets pass when value < target, the others when value >= target.
inline bool figure(
    const QString& name, double value, const QString& extra, bool lessThan, double target, int decimals = 2)
{
    const bool pass = lessThan ? value < target : value >= target;
    QString line = QStringLiteral("FIGURE %1=%2").arg(name, number(value, decimals));
    if (!extra.isEmpty())
        line += QLatin1Char(' ') + extra;
    line += QStringLiteral(" target%1%2 %3")
                .arg(lessThan ? QStringLiteral("<") : QStringLiteral(">="), number(target, 2),
                    pass ? QStringLiteral("PASS") : QStringLiteral("MISS"));
    say(line);
    return pass;
}

// A figure without a target (reported for context).
inline void figure(const QString& name, double value, const QString& extra = {}, int decimals = 2)
{
    QString line = QStringLiteral("FIGURE %1=%2").arg(name, number(value, decimals));
    if (!extra.isEmpty())
        line += QLatin1Char(' ') + extra;
    say(line);
}

// Something functionally wrong (rows missing, a query failing): the benchmark's figures would
// mean nothing, so it stops with exit code 1.
[[noreturn]] inline void fail(const QString& what)
{
    std::fprintf(stderr, "BENCH FAILED: %s\n", what.toUtf8().constData());
    std::fflush(stderr);
    std::exit(1);
}

// Raw sqlite3 helpers for baselines and fast store building.
inline void sqlExec(sqlite3* db, const char* sql)
{
    char* message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        const QString text
            = QStringLiteral("sqlite3 \"%1\": %2").arg(QString::fromUtf8(sql), QString::fromUtf8(message));
        sqlite3_free(message);
        fail(text);
    }
}

inline sqlite3_stmt* sqlPrepare(sqlite3* db, const QByteArray& sql)
{
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db, sql.constData(), int(sql.size()), &statement, nullptr) != SQLITE_OK)
        fail(QStringLiteral("sqlite3 prepare \"%1\": %2")
                 .arg(QString::fromUtf8(sql), QString::fromUtf8(sqlite3_errmsg(db))));
    return statement;
}

// Runs a prepared insert and resets it for the next row.
inline void sqlStepInsert(sqlite3* db, sqlite3_stmt* statement)
{
    if (sqlite3_step(statement) != SQLITE_DONE)
        fail(QStringLiteral("sqlite3 insert: %1").arg(QString::fromUtf8(sqlite3_errmsg(db))));
    sqlite3_reset(statement);
}

// The CREATE statements of one type ("table", "index", "trigger") in name order.
inline QByteArrayList sqlSchema(sqlite3* db, const char* type)
{
    QByteArrayList statements;
    sqlite3_stmt* query = sqlPrepare(
        db, QByteArray("SELECT sql FROM sqlite_master WHERE type = '") + type + "' AND sql IS NOT NULL ORDER BY name");
    while (sqlite3_step(query) == SQLITE_ROW)
        statements.append(reinterpret_cast<const char*>(sqlite3_column_text(query, 0)));
    sqlite3_finalize(query);
    return statements;
}

inline qint64 sqlInteger(sqlite3* db, const QByteArray& sql)
{
    sqlite3_stmt* statement = sqlPrepare(db, sql);
    qint64 value = -1;
    if (sqlite3_step(statement) == SQLITE_ROW)
        value = sqlite3_column_int64(statement, 0);
    sqlite3_finalize(statement);
    return value;
}

// A new store with the current schema, created by Firebreak itself.
inline void createStore(const QString& path)
{
    const QString connection = QStringLiteral("bench-create");
    const StoreOpenResult opened = Database::open(connection, path, Database::Mode::ReadWrite);
    Database::close(connection);
    if (!opened.ok || opened.readOnly)
        fail(QStringLiteral("could not create a store at %1: %2").arg(path, opened.problem));
}

// Opens a store file with the pragmas every Firebreak connection uses (see Database::open):
// WAL, synchronous=FULL, busy_timeout, foreign keys.
inline sqlite3* sqlOpenStore(const QString& path)
{
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK)
        fail(QStringLiteral("sqlite3_open %1: %2").arg(path, QString::fromUtf8(sqlite3_errmsg(db))));
    sqlExec(db, "PRAGMA busy_timeout = 5000");
    sqlExec(db, "PRAGMA synchronous = FULL");
    sqlExec(db, "PRAGMA foreign_keys = ON");
    sqlite3_stmt* mode = sqlPrepare(db, "PRAGMA journal_mode = WAL");
    const bool wal = sqlite3_step(mode) == SQLITE_ROW
        && qstricmp(reinterpret_cast<const char*>(sqlite3_column_text(mode, 0)), "wal") == 0;
    sqlite3_finalize(mode);
    if (!wal)
        fail(QStringLiteral("%1 did not switch to WAL").arg(path));
    return db;
}

// The sqlite3 connection under a QSQLITE connection, for tracing and EXPLAIN.
inline sqlite3* sqlHandle(const QSqlDatabase& db)
{
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        fail(QStringLiteral("the QSQLITE driver did not expose its sqlite3 handle"));
    return *static_cast<sqlite3* const*>(handle.constData());
}

// A sqlite3_trace_v2 callback (SQLITE_TRACE_STMT) that keeps the last top-level statement run,
// with its bound values, in the QByteArray passed as context.
inline int captureExpandedSql(unsigned type, void* context, void* statement, void* text)
{
    if (type == SQLITE_TRACE_STMT && static_cast<const char*>(text)[0] != '-') { // "-- TRIGGER ..." lines
        char* expanded = sqlite3_expanded_sql(static_cast<sqlite3_stmt*>(statement));
        *static_cast<QByteArray*>(context) = expanded;
        sqlite3_free(expanded);
    }
    return 0;
}

// snprintf into a std::string (for generating many rows of text quickly).
inline std::string format(const char* pattern, auto... values)
{
    char buffer[512];
    const int length = std::snprintf(buffer, sizeof buffer, pattern, values...);
    return std::string(buffer, size_t(std::clamp(length, 0, int(sizeof buffer) - 1)));
}

// The EXPLAIN QUERY PLAN of `sql` as indented lines, the way the sqlite3 shell prints it.
inline QStringList queryPlan(sqlite3* db, const QByteArray& sql)
{
    sqlite3_stmt* statement = nullptr;
    const QByteArray explain = "EXPLAIN QUERY PLAN " + sql;
    if (sqlite3_prepare_v2(db, explain.constData(), int(explain.size()), &statement, nullptr) != SQLITE_OK)
        return { QStringLiteral("(no plan: %1)").arg(QString::fromUtf8(sqlite3_errmsg(db))) };
    QVector<QPair<int, int>> depthOf; // (id, depth)
    QStringList lines;
    while (sqlite3_step(statement) == SQLITE_ROW) {
        const int id = sqlite3_column_int(statement, 0);
        const int parent = sqlite3_column_int(statement, 1);
        int depth = 0;
        for (const auto& [knownId, knownDepth] : std::as_const(depthOf)) {
            if (knownId == parent)
                depth = knownDepth + 1;
        }
        depthOf.append({ id, depth });
        lines.append(QString(depth * 2 + 2, QLatin1Char(' ')) + QStringLiteral("`--")
            + QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(statement, 3))));
    }
    sqlite3_finalize(statement);
    return lines;
}

} // namespace firebreak::bench
