#include "storequeries.h"

#include "audit/auditchain.h"
#include "eventfilter.h"
#include "eventsearch.h"
#include "ftsquery.h"
#include "storecodec.h"

#include <QSqlError>
#include <QSqlQuery>

namespace firebreak {

namespace {

const auto ActiveStatuses = QStringLiteral("('open', 'acknowledged', 'mitigated')");

void setError(QString* error, const QString& what, const QSqlQuery& query)
{
    if (error)
        *error = what + QStringLiteral(": ") + query.lastError().databaseText();
}

QVector<Incident> readIncidents(QSqlDatabase& db, const QString& sql, QString* error)
{
    QVector<Incident> incidents;
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(sql)) {
        setError(error, QStringLiteral("reading incidents failed"), query);
        return {};
    }
    while (query.next())
        incidents.append(StoreCodec::incidentFrom(query));
    return incidents;
}

QString prefixedAlertColumns()
{
    QString columns;
    for (const QString& column : StoreCodec::alertColumns().split(QStringLiteral(", ")))
        columns += (columns.isEmpty() ? QStringLiteral("a.") : QStringLiteral(", a.")) + column;
    return columns;
}

QVector<Alert> readAlerts(QSqlQuery& query)
{
    QVector<Alert> alerts;
    while (query.next())
        alerts.append(StoreCodec::alertFrom(query));
    return alerts;
}

// Runs `sql` with `values` bound in order and decodes every row with `decode`; empty with `error`
// set (starting with `what`) on failure.
template <typename Row, typename Decode>
QVector<Row> readRows(QSqlDatabase& db, const QString& sql, const QVariantList& values, const QString& what,
    Decode decode, QString* error)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    const bool ok = query.prepare(sql);
    if (ok) {
        for (int i = 0; i < values.size(); ++i)
            query.bindValue(i, values.at(i));
    }
    if (!ok || !query.exec()) {
        setError(error, what, query);
        return {};
    }
    QVector<Row> rows;
    while (query.next())
        rows.append(decode(query));
    return rows;
}

QVector<Run> readRuns(
    QSqlDatabase& db, const QString& condition, const QVariantList& values, const QString& what, QString* error)
{
    return readRows<Run>(db,
        QStringLiteral("SELECT ") + StoreCodec::runColumns() + QStringLiteral(" FROM runs ") + condition, values, what,
        StoreCodec::runFrom, error);
}

} // namespace

QVector<Event> StoreQueries::events(QSqlDatabase& db, const EventQuery& q, bool* more, QString* error)
{
    if (more)
        *more = false;
    if (q.limit <= 0) {
        if (error)
            *error = QStringLiteral("event query: limit must be positive, got %1").arg(q.limit);
        return {};
    }
    EventFilter filter(q);
    const bool withContext = q.incidentId > 0 && q.contextFromMs > 0;

    if (!q.text.trimmed().isEmpty()) {
        if (FtsQuery::matchExpression(q.text).isEmpty())
            return {}; // only stars: no word that could match
        if (withContext)
            filter.add(QStringLiteral("(incident_id = ? OR (incident_id = 0 AND time_ms >= ?))"),
                { q.incidentId, q.contextFromMs });
        else if (q.incidentId > 0)
            filter.add(QStringLiteral("incident_id = ?"), { q.incidentId });
        return EventSearch::run(db, q, filter, more, error);
    }

    const QString select = QStringLiteral("SELECT ") + StoreCodec::eventColumns() + QStringLiteral(" FROM events");
    const QString order = QStringLiteral(" ORDER BY time_ms DESC, id DESC LIMIT ?");
    QString sql;
    if (withContext) {
        // Two index range scans merged in order; an OR of the two would read and sort every
        // unassigned event since contextFromMs.
        sql = select + QStringLiteral(" WHERE incident_id = ?") + filter.andConditions() + QStringLiteral(" UNION ALL ")
            + select + QStringLiteral(" WHERE incident_id = 0 AND time_ms >= ?") + filter.andConditions() + order;
    } else if (q.incidentId > 0) {
        sql = select + QStringLiteral(" WHERE incident_id = ?") + filter.andConditions() + order;
    } else {
        sql = select + filter.where() + order;
    }
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.prepare(sql)) {
        setError(error, QStringLiteral("event query failed"), query);
        return {};
    }
    int position = 0;
    if (q.incidentId > 0)
        query.bindValue(position++, q.incidentId);
    filter.bind(query, &position);
    if (withContext) {
        query.bindValue(position++, q.contextFromMs);
        filter.bind(query, &position);
    }
    query.bindValue(position, q.limit + 1);
    if (!query.exec()) {
        setError(error, QStringLiteral("event query failed"), query);
        return {};
    }
    QVector<Event> events;
    events.reserve(qMin(q.limit, 1000));
    while (query.next()) {
        if (events.size() == q.limit) {
            if (more)
                *more = true;
            break;
        }
        events.append(StoreCodec::eventFrom(query));
    }
    return events;
}

QVector<Incident> StoreQueries::incidents(QSqlDatabase& db, QString* error)
{
    return readIncidents(db,
        QStringLiteral("SELECT ") + StoreCodec::incidentColumns()
            + QStringLiteral(" FROM incidents ORDER BY detected_ms DESC, id DESC"),
        error);
}

std::optional<Incident> StoreQueries::incident(QSqlDatabase& db, qint64 id, QString* error)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    const bool ok = query.prepare(
        QStringLiteral("SELECT ") + StoreCodec::incidentColumns() + QStringLiteral(" FROM incidents WHERE id = ?"));
    if (ok)
        query.bindValue(0, id);
    if (!ok || !query.exec()) {
        setError(error, QStringLiteral("reading incident %1 failed").arg(id), query);
        return std::nullopt;
    }
    if (!query.next())
        return std::nullopt;
    return StoreCodec::incidentFrom(query);
}

QVector<Incident> StoreQueries::activeIncidents(QSqlDatabase& db, QString* error)
{
    return readIncidents(db,
        QStringLiteral("SELECT ") + StoreCodec::incidentColumns() + QStringLiteral(" FROM incidents WHERE status IN ")
            + ActiveStatuses + QStringLiteral(" ORDER BY detected_ms DESC, id DESC"),
        error);
}

QVector<Alert> StoreQueries::alertsOfActiveIncidents(QSqlDatabase& db, QString* error)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT ") + prefixedAlertColumns()
            + QStringLiteral(" FROM alerts a JOIN incidents i ON i.id = a.incident_id WHERE i.status IN ")
            + ActiveStatuses + QStringLiteral(" ORDER BY a.starts_at_ms, a.id"))) {
        setError(error, QStringLiteral("reading the alerts of active incidents failed"), query);
        return {};
    }
    return readAlerts(query);
}

QVector<Incident> StoreQueries::incidentsForCorrelation(QSqlDatabase& db, qint64 resolvedSinceMs, QString* error)
{
    return readIncidents(db,
        QStringLiteral("SELECT ") + StoreCodec::incidentColumns() + QStringLiteral(" FROM incidents WHERE status IN ")
            + ActiveStatuses
            + QStringLiteral(" OR resolved_ms >= %1 ORDER BY detected_ms DESC, id DESC").arg(resolvedSinceMs),
        error);
}

QVector<Alert> StoreQueries::alertsForCorrelation(QSqlDatabase& db, qint64 resolvedSinceMs, QString* error)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT ") + prefixedAlertColumns()
            + QStringLiteral(" FROM alerts a JOIN incidents i ON i.id = a.incident_id WHERE i.status IN ")
            + ActiveStatuses
            + QStringLiteral(" OR i.resolved_ms >= %1 ORDER BY a.starts_at_ms, a.id").arg(resolvedSinceMs))) {
        setError(error, QStringLiteral("reading the alerts correlation continues from failed"), query);
        return {};
    }
    return readAlerts(query);
}

QVector<Alert> StoreQueries::alertsOfIncident(QSqlDatabase& db, qint64 incidentId, QString* error)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    const bool ok = query.prepare(QStringLiteral("SELECT ") + StoreCodec::alertColumns()
        + QStringLiteral(" FROM alerts WHERE incident_id = ? ORDER BY starts_at_ms, id"));
    if (ok)
        query.bindValue(0, incidentId);
    if (!ok || !query.exec()) {
        setError(error, QStringLiteral("reading the alerts of incident %1 failed").arg(incidentId), query);
        return {};
    }
    return readAlerts(query);
}

qint64 StoreQueries::maxIncidentId(QSqlDatabase& db, QString* error)
{
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SELECT COALESCE(MAX(id), 0) FROM incidents")) || !query.next()) {
        setError(error, QStringLiteral("reading the highest incident id failed"), query);
        return -1;
    }
    return query.value(0).toLongLong();
}

qint64 StoreQueries::lastEventTimeMs(QSqlDatabase& db, QString* error)
{
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SELECT COALESCE(MAX(time_ms), 0) FROM events")) || !query.next()) {
        setError(error, QStringLiteral("reading the time of the newest event failed"), query);
        return -1;
    }
    return query.value(0).toLongLong();
}

QStringList StoreQueries::sources(QSqlDatabase& db, QString* error)
{
    // A skip scan over the source index: one index seek per distinct source instead of reading
    // every event, which matters with a million rows and a handful of sources.
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("WITH RECURSIVE s(source) AS ("
                                   " SELECT MIN(source) FROM events"
                                   " UNION ALL"
                                   " SELECT (SELECT MIN(source) FROM events WHERE source > s.source) FROM s"
                                   " WHERE s.source IS NOT NULL)"
                                   " SELECT source FROM s WHERE source IS NOT NULL"))) {
        setError(error, QStringLiteral("reading event sources failed"), query);
        return {};
    }
    QStringList sources;
    while (query.next())
        sources.append(query.value(0).toString());
    return sources;
}

QVector<QuarantinedPayload> StoreQueries::quarantined(QSqlDatabase& db, int limit, QString* error)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    const bool ok = query.prepare(QStringLiteral("SELECT id, received_ms, source, reason, content_type, body"
                                                 " FROM quarantine ORDER BY received_ms DESC, id DESC LIMIT ?"));
    if (ok)
        query.bindValue(0, qMax(0, limit));
    if (!ok || !query.exec()) {
        setError(error, QStringLiteral("reading quarantined payloads failed"), query);
        return {};
    }
    QVector<QuarantinedPayload> payloads;
    while (query.next()) {
        QuarantinedPayload payload;
        payload.id = query.value(0).toLongLong();
        payload.receivedMs = query.value(1).toLongLong();
        payload.source = query.value(2).toString();
        payload.reason = query.value(3).toString();
        payload.contentType = query.value(4).toString();
        payload.body = query.value(5).toByteArray();
        payloads.append(std::move(payload));
    }
    return payloads;
}

qint64 StoreQueries::quarantineCount(QSqlDatabase& db, QString* error)
{
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SELECT count(*) FROM quarantine")) || !query.next()) {
        setError(error, QStringLiteral("counting quarantined payloads failed"), query);
        return -1;
    }
    return query.value(0).toLongLong();
}

QVector<InboxDelivery> StoreQueries::inboxDeliveries(QSqlDatabase& db, QString* error)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT id, received_ms, source, body FROM inbox ORDER BY id"))) {
        setError(error, QStringLiteral("reading the delivery inbox failed"), query);
        return {};
    }
    QVector<InboxDelivery> deliveries;
    while (query.next()) {
        InboxDelivery delivery;
        delivery.id = query.value(0).toLongLong();
        delivery.receivedMs = query.value(1).toLongLong();
        delivery.source = query.value(2).toString();
        delivery.body = query.value(3).toByteArray();
        deliveries.append(std::move(delivery));
    }
    return deliveries;
}

QVector<AuditEntry> StoreQueries::auditEntries(QSqlDatabase& db, QString* error)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral(
            "SELECT id, time_ms, actor, action, subject, details, prev_hash, hash FROM audit ORDER BY id"))) {
        setError(error, QStringLiteral("reading the audit log failed"), query);
        return {};
    }
    QVector<AuditEntry> entries;
    while (query.next()) {
        AuditEntry entry;
        entry.id = query.value(0).toLongLong();
        entry.timeMs = query.value(1).toLongLong();
        entry.actor = query.value(2).toString();
        entry.action = query.value(3).toString();
        entry.subject = query.value(4).toString();
        // Text as stored, as bytes: it is hashed exactly as it is, never re-serialised.
        entry.details = query.value(5).toString().toUtf8();
        entry.prevHash = query.value(6).toString();
        entry.hash = query.value(7).toString();
        entries.append(std::move(entry));
    }
    return entries;
}

AuditHead StoreQueries::auditHead(QSqlDatabase& db, QString* error)
{
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1"))) {
        setError(error, QStringLiteral("reading the head of the audit log failed"), query);
        return AuditHead { -1, QString() };
    }
    if (!query.next())
        return AuditHead { 0, AuditChain::GenesisHash };
    return AuditHead { query.value(0).toLongLong(), query.value(1).toString() };
}

QVector<Run> StoreQueries::runs(QSqlDatabase& db, int limit, QString* error)
{
    return readRuns(db, QStringLiteral("ORDER BY id DESC LIMIT ?"), { qMax(0, limit) },
        QStringLiteral("reading runs failed"), error);
}

QVector<Run> StoreQueries::runsInStates(QSqlDatabase& db, const QList<RunState>& states, QString* error)
{
    if (states.isEmpty())
        return {};
    QVariantList names;
    QStringList placeholders;
    for (const RunState state : states) {
        names.append(runStateName(state));
        placeholders.append(QStringLiteral("?"));
    }
    return readRuns(db, QStringLiteral("WHERE state IN (%1) ORDER BY id").arg(placeholders.join(QStringLiteral(", "))),
        names, QStringLiteral("reading runs by state failed"), error);
}

QVector<Run> StoreQueries::runsCreatedSince(QSqlDatabase& db, qint64 sinceMs, QString* error)
{
    return readRuns(db, QStringLiteral("WHERE created_ms >= ? ORDER BY created_ms, id"), { sinceMs },
        QStringLiteral("reading the runs created since %1 failed").arg(sinceMs), error);
}

std::optional<Run> StoreQueries::run(QSqlDatabase& db, qint64 id, QString* error)
{
    const QVector<Run> found
        = readRuns(db, QStringLiteral("WHERE id = ?"), { id }, QStringLiteral("reading run %1 failed").arg(id), error);
    if (found.isEmpty())
        return std::nullopt;
    return found.first();
}

QVector<RunStepRecord> StoreQueries::runSteps(QSqlDatabase& db, qint64 runId, QString* error)
{
    return readRows<RunStepRecord>(db,
        QStringLiteral("SELECT ") + StoreCodec::runStepColumns()
            + QStringLiteral(" FROM run_steps WHERE run_id = ?"
                             " ORDER BY CASE phase WHEN 'steps' THEN 0 ELSE 1 END, step_index"),
        { runId }, QStringLiteral("reading the steps of run %1 failed").arg(runId), StoreCodec::runStepFrom, error);
}

QVector<VerifySample> StoreQueries::verifySamples(QSqlDatabase& db, qint64 runId, QString* error)
{
    return readRows<VerifySample>(db,
        QStringLiteral("SELECT ") + StoreCodec::verifySampleColumns()
            + QStringLiteral(" FROM verify_samples WHERE run_id = ? ORDER BY id"),
        { runId }, QStringLiteral("reading the verification samples of run %1 failed").arg(runId),
        StoreCodec::verifySampleFrom, error);
}

QVector<ApprovalRecord> StoreQueries::approvals(QSqlDatabase& db, qint64 runId, QString* error)
{
    return readRows<ApprovalRecord>(db,
        QStringLiteral("SELECT ") + StoreCodec::approvalColumns()
            + QStringLiteral(" FROM approvals WHERE run_id = ? ORDER BY id"),
        { runId }, QStringLiteral("reading the approvals of run %1 failed").arg(runId), StoreCodec::approvalFrom,
        error);
}

qint64 StoreQueries::maxRunId(QSqlDatabase& db, QString* error)
{
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SELECT COALESCE(MAX(id), 0) FROM runs")) || !query.next()) {
        setError(error, QStringLiteral("reading the highest run id failed"), query);
        return -1;
    }
    return query.value(0).toLongLong();
}

QVector<qint64> StoreQueries::pinnedEvents(QSqlDatabase& db, qint64 incidentId, QString* error)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    const bool all = incidentId == 0;
    const bool prepared
        = query.prepare(all ? QStringLiteral("SELECT event_id FROM pins ORDER BY event_id")
                            : QStringLiteral("SELECT event_id FROM pins WHERE incident_id = ? ORDER BY event_id"));
    if (prepared && !all)
        query.bindValue(0, incidentId);
    if (!prepared || !query.exec()) {
        setError(error, QStringLiteral("reading the pins of incident %1 failed").arg(incidentId), query);
        return {};
    }
    QVector<qint64> ids;
    while (query.next())
        ids.append(query.value(0).toLongLong());
    return ids;
}

} // namespace firebreak
