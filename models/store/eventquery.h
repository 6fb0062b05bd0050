#pragma once

#include "domain/severity.h"

#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVector>

namespace firebreak {

// A page of timeline events, newest first, with keyset pagination: pass the (timeMs, id) of the
// last row of the previous page as `before*` to get the next (older) page.
struct EventQuery {
    qint64 incidentId = 0; // 0 = all incidents
    qint64 contextFromMs = 0; // with incidentId: also include unassigned events (deploys, cron) from this time on
    QStringList kinds; // empty = all
    QVector<Severity> severities; // empty = all
    QStringList sources; // empty = all
    QString text; // full-text search (FTS5 syntax, user input is quoted safely); empty = none
    qint64 beforeTimeMs = 0; // 0 = from the newest
    qint64 beforeId = 0;
    int limit = 200;
    bool pinnedOnly = false; // only events pinned in this incident's timeline (in any, without incidentId)
};

} // namespace firebreak

Q_DECLARE_METATYPE(firebreak::EventQuery)
