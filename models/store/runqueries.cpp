#include "runqueries.h"

#include "runs/runstatemachine.h"
#include "storecodec.h"
#include "storequeries.h"

#include <QSqlError>
#include <QSqlQuery>
#include <algorithm>

namespace firebreak {

namespace {

QList<RunState> listedStates()
{
    QList<RunState> states;
    for (int value = 0; value <= int(RunState::Interrupted); ++value) {
        const auto state = static_cast<RunState>(value);
        // Succeeded can still be rolled back, so it is not terminal, but nobody has to look at it.
        const bool open = !RunStateMachine::isTerminal(state) && state != RunState::Succeeded;
        if (open || state == RunState::Interrupted)
            states.append(state);
    }
    return states;
}

} // namespace

QVector<Run> RunQueries::listed(QSqlDatabase& db, int newest, QString* error)
{
    QString problem;
    QVector<Run> runs = StoreQueries::runsInStates(db, listedStates(), &problem);
    if (problem.isEmpty()) {
        const QVector<Run> recent = StoreQueries::runs(db, newest, &problem);
        runs += recent;
    }
    if (!problem.isEmpty()) {
        if (error)
            *error = problem;
        return {};
    }
    std::sort(runs.begin(), runs.end(), [](const Run& a, const Run& b) { return a.id > b.id; });
    runs.erase(
        std::unique(runs.begin(), runs.end(), [](const Run& a, const Run& b) { return a.id == b.id; }), runs.end());
    return runs;
}

QVector<qint64> RunQueries::runIdsOfIncident(QSqlDatabase& db, qint64 incidentId, QString* error)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    const bool ok = query.prepare(QStringLiteral("SELECT id FROM runs WHERE incident_id = ? ORDER BY id"));
    if (ok)
        query.bindValue(0, incidentId);
    if (!ok || !query.exec()) {
        if (error)
            *error = QStringLiteral("reading the runs of incident %1 failed: %2")
                         .arg(incidentId)
                         .arg(query.lastError().databaseText());
        return {};
    }
    QVector<qint64> ids;
    while (query.next())
        ids.append(query.value(0).toLongLong());
    return ids;
}

QString RunQueries::runEventsSql()
{
    // The incident's index range bounds the work to one incident's events; json_extract is only
    // reached through CASE, which SQLite evaluates in order, because it raises on a body that is not
    // JSON (a note's free text) where an AND might be reordered.
    return QStringLiteral("SELECT ") + StoreCodec::eventColumns()
        + QStringLiteral(" FROM events WHERE incident_id = ?"
                         " AND CASE WHEN json_valid(body) THEN json_extract(body, '$.run') END = ?"
                         " ORDER BY time_ms, id LIMIT ?");
}

QVector<Event> RunQueries::runEvents(QSqlDatabase& db, qint64 incidentId, qint64 runId, int limit, QString* error)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    const bool ok = query.prepare(runEventsSql());
    if (ok) {
        query.bindValue(0, incidentId);
        query.bindValue(1, runId);
        query.bindValue(2, qMax(0, limit));
    }
    if (!ok || !query.exec()) {
        if (error)
            *error = QStringLiteral("reading the events of run %1 failed: %2")
                         .arg(runId)
                         .arg(query.lastError().databaseText());
        return {};
    }
    QVector<Event> events;
    while (query.next())
        events.append(StoreCodec::eventFrom(query));
    return events;
}

} // namespace firebreak
