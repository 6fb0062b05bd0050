#pragma once

#include "audit/auditentry.h"
#include "audit/audithead.h"
#include "domain/alert.h"
#include "domain/event.h"
#include "domain/inboxdelivery.h"
#include "domain/incident.h"
#include "domain/quarantinedpayload.h"
#include "domain/run.h"
#include "eventquery.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QVector>
#include <optional>

namespace firebreak {

// The store's reads, as plain synchronous functions over a connection the caller owns. The
// reader thread, `firebreak timeline` and the benchmarks all run exactly these statements, so
// what is measured and tested is what the console does. Every value is a bound parameter.
class StoreQueries {
public:
    // One page, newest first (time_ms DESC, id DESC). `more` says whether an older page exists.
    // On failure returns an empty vector and sets `error` (for example a search SQLite rejects).
    static QVector<Event> events(QSqlDatabase& db, const EventQuery& query, bool* more, QString* error);
    static QVector<Incident> incidents(QSqlDatabase& db, QString* error); // newest detected first
    static QVector<Incident> activeIncidents(QSqlDatabase& db, QString* error); // not yet resolved
    // One incident; std::nullopt both when there is none and on failure, which sets `error`.
    static std::optional<Incident> incident(QSqlDatabase& db, qint64 id, QString* error);
    // The alerts grouped into active incidents, so correlation can pick up where it left off.
    static QVector<Alert> alertsOfActiveIncidents(QSqlDatabase& db, QString* error);
    // What correlation continues from after a restart: the active incidents and those resolved at
    // or after `resolvedSinceMs` (so that retried or late notifications of their alerts are
    // recognised), and the alerts grouped into them.
    static QVector<Incident> incidentsForCorrelation(QSqlDatabase& db, qint64 resolvedSinceMs, QString* error);
    static QVector<Alert> alertsForCorrelation(QSqlDatabase& db, qint64 resolvedSinceMs, QString* error);
    // Every alert grouped into one incident, oldest startsAt first: what its charts are about.
    static QVector<Alert> alertsOfIncident(QSqlDatabase& db, qint64 incidentId, QString* error);
    static qint64 maxIncidentId(QSqlDatabase& db, QString* error); // 0 for an empty store, -1 on failure
    static qint64 lastEventTimeMs(QSqlDatabase& db, QString* error); // 0 for an empty store, -1 on failure
    static QStringList sources(QSqlDatabase& db, QString* error); // distinct event sources, sorted
    // Kept deliveries of an unknown format version, newest first, at most `limit`, bodies included.
    static QVector<QuarantinedPayload> quarantined(QSqlDatabase& db, int limit, QString* error);
    static qint64 quarantineCount(QSqlDatabase& db, QString* error); // -1 on failure
    // Deliveries answered but not yet turned into rows when the store was last closed, oldest first.
    static QVector<InboxDelivery> inboxDeliveries(QSqlDatabase& db, QString* error);
    // The whole audit log, oldest (lowest id) first, exactly as stored.
    static QVector<AuditEntry> auditEntries(QSqlDatabase& db, QString* error);
    // The last entry's id and hash (0 and the genesis hash for an empty log); lastId -1 on failure.
    static AuditHead auditHead(QSqlDatabase& db, QString* error);

    // Runs, newest (highest id) first, at most `limit`.
    static QVector<Run> runs(QSqlDatabase& db, int limit, QString* error);
    // The runs in any of `states`, oldest (lowest id) first: what restart recovery looks at.
    static QVector<Run> runsInStates(QSqlDatabase& db, const QList<RunState>& states, QString* error);
    // The runs created at or after `sinceMs`, oldest first, so rate limits count across a restart.
    static QVector<Run> runsCreatedSince(QSqlDatabase& db, qint64 sinceMs, QString* error);
    // One run; std::nullopt both when there is none and on failure, which sets `error` (so a
    // caller that needs the difference clears `error` first).
    static std::optional<Run> run(QSqlDatabase& db, qint64 id, QString* error);
    // A run's step records: its steps by index, then its rollback steps by index.
    static QVector<RunStepRecord> runSteps(QSqlDatabase& db, qint64 runId, QString* error);
    // A run's verification samples and approvals, in the order they were written.
    static QVector<VerifySample> verifySamples(QSqlDatabase& db, qint64 runId, QString* error);
    static QVector<ApprovalRecord> approvals(QSqlDatabase& db, qint64 runId, QString* error);
    // Highest run id, so the engine numbers new runs after it: 0 for none, -1 on failure.
    static qint64 maxRunId(QSqlDatabase& db, QString* error);

    // The ids of the events pinned in an incident's timeline (every pinned event for 0), ascending.
    static QVector<qint64> pinnedEvents(QSqlDatabase& db, qint64 incidentId, QString* error);
};

} // namespace firebreak
