#pragma once

#include "eventquery.h"

#include <QString>
#include <QStringList>
#include <QVariantList>

class QSqlQuery;

namespace firebreak {

// The conditions of a timeline query and their bound values, built together so that no value
// is ever part of the SQL text. It covers what every kind of event read shares: kinds,
// severities, sources and the keyset position; callers add incident and search conditions.
class EventFilter {
public:
    explicit EventFilter(const EventQuery& query);

    void add(const QString& condition, const QVariantList& values = {});
    // " AND c1 AND c2 ..." (or empty), for appending after a WHERE with conditions of its own.
    QString andConditions() const;
    QString where() const; // " WHERE c1 AND ..." or empty
    // Binds this filter's values from `position` on and advances it.
    void bind(QSqlQuery& query, int* position) const;

    static QString placeholders(qsizetype count); // "(?, ?, ?)"

private:
    QStringList m_conditions;
    QVariantList m_values;
};

} // namespace firebreak
