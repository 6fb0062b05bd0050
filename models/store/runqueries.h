#pragma once

#include "domain/event.h"
#include "domain/run.h"

#include <QSqlDatabase>
#include <QString>
#include <QVector>

namespace firebreak {

// The reads behind the console's runs panel and run views, kept apart from StoreQueries because
// they answer one question each for the GUI rather than for the engine: which runs a commander must
// see, and which events belong to one run. Every value is a bound parameter.
class RunQueries {
public:
    static constexpr int ListedNewest = 500;
    static constexpr int MaxRunEvents = 2000;

    // Every run that can still move or waits for a commander (neither terminal nor succeeded, or
    // interrupted), plus
    // the `newest` newest runs whatever their state; newest (highest id) first, each once.
    static QVector<Run> listed(QSqlDatabase& db, int newest, QString* error);
    // The events of `incidentId` whose JSON body names run `runId` ("run": id), oldest first, at
    // most `limit`. Bodies that are not JSON are skipped, never an error.
    static QVector<Event> runEvents(QSqlDatabase& db, qint64 incidentId, qint64 runId, int limit, QString* error);
    // The ids of an incident's runs, oldest (lowest id) first.
    static QVector<qint64> runIdsOfIncident(QSqlDatabase& db, qint64 incidentId, QString* error);
    // The statement runEvents() runs, so that a test can ask SQLite for its query plan.
    static QString runEventsSql();
};

} // namespace firebreak
