#pragma once

#include "domain/event.h"
#include "eventfilter.h"
#include "eventquery.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVector>

namespace firebreak {

// Full-text search of the timeline that does not sort every match. A common word matches a good
// part of a million events, and sorting all of them by time to show 200 takes hundreds of
// milliseconds. Matches are instead read newest id first from FTS5 (ids grow with time), looked
// up by rowid in chunks against the events table with the ordinary filters, and the walk stops as
// soon as the event_time_blocks bound says no older id can be newer than the page already found.
// The result is exactly the page the plain query would return. Events the writer has not indexed
// yet (see SearchIndexer) are found by a scan of that backlog, ahead of the indexed matches.
class EventSearch {
public:
    // `filter` holds every condition but the text (incident included). `query.text` must hold a word.
    static QVector<Event> run(
        QSqlDatabase& db, const EventQuery& query, const EventFilter& filter, bool* more, QString* error);

private:
    static bool prepareBacklog(QSqlQuery& backlog, const QString& text, qint64 indexedUpTo);
};

} // namespace firebreak
