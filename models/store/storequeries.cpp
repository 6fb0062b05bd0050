#include "storequeries.h"

#include "ftsquery.h"
#include "storecodec.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariantList>

namespace firebreak {

namespace {

    const auto ActiveStatuses = QStringLiteral("('open', 'acknowledged', 'mitigated')");

    void setError(QString* error, const QString& what, const QSqlQuery& query)
    {
        if (error)
            *error = what + QStringLiteral(": ") + query.lastError().databaseText();
    }

    QString placeholders(qsizetype count)
    {
        QString list = QStringLiteral("(");
        for (qsizetype i = 0; i < count; ++i)
            list += i == 0 ? QStringLiteral("?") : QStringLiteral(", ?");
        return list + QLatin1Char(')');
    }

    // Builds the WHERE clause and its bound values together, so that no value is ever part of
    // the SQL text.
    struct Filter {
        QStringList conditions;
        QVariantList values;

        void add(const QString& condition, const QVariantList& bound)
        {
            conditions.append(condition);
            values += bound;
        }
        void addIn(const QString& column, const QVariantList& bound)
        {
            if (!bound.isEmpty())
                add(column + QStringLiteral(" IN ") + placeholders(bound.size()), bound);
        }
        QString where() const
        {
            return conditions.isEmpty() ? QString() : QStringLiteral(" WHERE ") + conditions.join(QStringLiteral(" AND "));
        }
    };

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

    Filter filter;
    if (q.incidentId > 0) {
        if (q.contextFromMs > 0)
            filter.add(QStringLiteral("(incident_id = ? OR (incident_id = 0 AND time_ms >= ?))"),
                { q.incidentId, q.contextFromMs });
        else
            filter.add(QStringLiteral("incident_id = ?"), { q.incidentId });
    }
    QVariantList kinds;
    for (const QString& kind : q.kinds)
        kinds.append(kind);
    filter.addIn(QStringLiteral("kind"), kinds);
    QVariantList severities;
    for (Severity severity : q.severities)
        severities.append(static_cast<int>(severity));
    filter.addIn(QStringLiteral("severity"), severities);
    QVariantList sources;
    for (const QString& source : q.sources)
        sources.append(source);
    filter.addIn(QStringLiteral("source"), sources);
    if (q.beforeTimeMs != 0 || q.beforeId != 0)
        filter.add(QStringLiteral("(time_ms, id) < (?, ?)"), { q.beforeTimeMs, q.beforeId });
    if (!q.text.trimmed().isEmpty()) {
        const QString match = FtsQuery::matchExpression(q.text);
        if (match.isEmpty())
            return {}; // only stars: nothing that could match
        // The search yields rowids only; every other condition stays on the events table and its
        // indexes, never as a range filter on the FTS table.
        filter.add(QStringLiteral("id IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)"), { match });
    }

    const QString sql = QStringLiteral("SELECT ") + StoreCodec::eventColumns() + QStringLiteral(" FROM events")
        + filter.where() + QStringLiteral(" ORDER BY time_ms DESC, id DESC LIMIT ?");
    QSqlQuery query(db);
    query.setForwardOnly(true);
    const QString what = q.text.isEmpty() ? QStringLiteral("event query failed")
                                          : QStringLiteral("search for \"%1\" failed").arg(q.text);
    if (!query.prepare(sql)) {
        setError(error, what, query);
        return {};
    }
    int position = 0;
    for (const QVariant& value : std::as_const(filter.values))
        query.bindValue(position++, value);
    query.bindValue(position, q.limit + 1);
    if (!query.exec()) {
        setError(error, what, query);
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

QVector<Incident> StoreQueries::activeIncidents(QSqlDatabase& db, QString* error)
{
    return readIncidents(db,
        QStringLiteral("SELECT ") + StoreCodec::incidentColumns() + QStringLiteral(" FROM incidents WHERE status IN ")
            + ActiveStatuses + QStringLiteral(" ORDER BY detected_ms DESC, id DESC"),
        error);
}

QVector<Alert> StoreQueries::alertsOfActiveIncidents(QSqlDatabase& db, QString* error)
{
    QString columns;
    for (const QString& column : StoreCodec::alertColumns().split(QStringLiteral(", ")))
        columns += (columns.isEmpty() ? QStringLiteral("a.") : QStringLiteral(", a.")) + column;
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT ") + columns
            + QStringLiteral(" FROM alerts a JOIN incidents i ON i.id = a.incident_id WHERE i.status IN ")
            + ActiveStatuses + QStringLiteral(" ORDER BY a.starts_at_ms, a.id"))) {
        setError(error, QStringLiteral("reading the alerts of active incidents failed"), query);
        return {};
    }
    QVector<Alert> alerts;
    while (query.next())
        alerts.append(StoreCodec::alertFrom(query));
    return alerts;
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

} // namespace firebreak
