#include "reviewtimelineimport.h"

#include "store/storequeries.h"

#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <algorithm>

namespace firebreak {

QVector<ReviewTimelineCandidate> ReviewTimelineImport::candidates(
    qint64 incidentId, const QVector<Event>& events, const QVector<qint64>& pinnedEventIds)
{
    const QSet<qint64> pinned(pinnedEventIds.cbegin(), pinnedEventIds.cend());
    QVector<Event> sorted;
    for (const Event& event : events) {
        // A pinned event without an incident (a deploy) was pinned in this timeline: it belongs.
        if (event.incidentId == incidentId || (event.incidentId == 0 && pinned.contains(event.id)))
            sorted.append(event);
    }
    std::stable_sort(sorted.begin(), sorted.end(),
        [](const Event& a, const Event& b) { return a.timeMs != b.timeMs ? a.timeMs < b.timeMs : a.id < b.id; });
    QVector<ReviewTimelineCandidate> out;
    out.reserve(sorted.size());
    for (const Event& event : std::as_const(sorted)) {
        ReviewTimelineCandidate candidate;
        candidate.entry = ReviewTimelineEntry { 0, incidentId, event.timeMs, entryText(event), event.id, false };
        candidate.preselected = pinned.contains(event.id);
        candidate.kind = event.kind;
        out.append(std::move(candidate));
    }
    return out;
}

std::optional<QVector<ReviewTimelineCandidate>> ReviewTimelineImport::read(
    QSqlDatabase& db, qint64 incidentId, QString* error)
{
    const QVector<qint64> pins = StoreQueries::pinnedEvents(db, incidentId, error);
    if (!error->isEmpty())
        return std::nullopt;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT id, incident_id, time_ms, kind, title, actor FROM events"
                             " WHERE incident_id = ? OR id IN (SELECT event_id FROM pins WHERE incident_id = ?)"
                             " ORDER BY time_ms, id LIMIT %1")
                  .arg(MaxEvents));
    q.addBindValue(incidentId);
    q.addBindValue(incidentId);
    if (!q.exec()) {
        *error = QStringLiteral("reading the events of incident %1 for its review: %2")
                     .arg(incidentId)
                     .arg(q.lastError().text());
        return std::nullopt;
    }
    QVector<Event> events;
    while (q.next()) {
        Event event;
        event.id = q.value(0).toLongLong();
        event.incidentId = q.value(1).toLongLong();
        event.timeMs = q.value(2).toLongLong();
        event.kind = q.value(3).toString();
        event.title = q.value(4).toString();
        event.actor = q.value(5).toString();
        events.append(std::move(event));
    }
    return candidates(incidentId, events, pins);
}

QVector<ReviewTimelineEntry> ReviewTimelineImport::preselected(const QVector<ReviewTimelineCandidate>& candidates)
{
    QVector<ReviewTimelineEntry> out;
    for (const ReviewTimelineCandidate& candidate : candidates) {
        if (candidate.preselected)
            out.append(candidate.entry);
    }
    return out;
}

QString ReviewTimelineImport::entryText(const Event& event)
{
    if (event.actor.isEmpty() || event.actor == QLatin1String("firebreak"))
        return event.title;
    return event.title + QStringLiteral(" — ") + event.actor;
}

} // namespace firebreak
