#include "eventfilter.h"

#include <QSqlQuery>

namespace firebreak {

EventFilter::EventFilter(const EventQuery& query)
{
    const auto addIn = [this](const QString& column, const QVariantList& values) {
        if (!values.isEmpty())
            add(column + QStringLiteral(" IN ") + placeholders(values.size()), values);
    };
    QVariantList kinds;
    for (const QString& kind : query.kinds)
        kinds.append(kind);
    addIn(QStringLiteral("kind"), kinds);
    QVariantList severities;
    for (const Severity severity : query.severities)
        severities.append(static_cast<int>(severity));
    addIn(QStringLiteral("severity"), severities);
    QVariantList sources;
    for (const QString& source : query.sources)
        sources.append(source);
    addIn(QStringLiteral("source"), sources);
    if (query.pinnedOnly) {
        if (query.incidentId > 0)
            add(QStringLiteral("id IN (SELECT event_id FROM pins WHERE incident_id = ?)"), { query.incidentId });
        else
            add(QStringLiteral("id IN (SELECT event_id FROM pins)"));
    }
    if (query.beforeTimeMs != 0 || query.beforeId != 0)
        add(QStringLiteral("(time_ms, id) < (?, ?)"), { query.beforeTimeMs, query.beforeId });
}

void EventFilter::add(const QString& condition, const QVariantList& values)
{
    m_conditions.append(condition);
    m_values += values;
}

QString EventFilter::andConditions() const
{
    QString sql;
    for (const QString& condition : m_conditions)
        sql += QStringLiteral(" AND ") + condition;
    return sql;
}

QString EventFilter::where() const
{
    return m_conditions.isEmpty() ? QString() : QStringLiteral(" WHERE ") + m_conditions.join(QStringLiteral(" AND "));
}

void EventFilter::bind(QSqlQuery& query, int* position) const
{
    for (const QVariant& value : m_values)
        query.bindValue((*position)++, value);
}

QString EventFilter::placeholders(qsizetype count)
{
    QString list = QStringLiteral("(");
    for (qsizetype i = 0; i < count; ++i)
        list += i == 0 ? QStringLiteral("?") : QStringLiteral(", ?");
    return list + QLatin1Char(')');
}

} // namespace firebreak
