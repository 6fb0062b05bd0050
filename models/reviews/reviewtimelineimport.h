#pragma once

#include "domain/event.h"
#include "reviewtimelinecandidate.h"

#include <QSqlDatabase>
#include <QString>
#include <QVector>
#include <optional>

namespace firebreak {

// Turns an incident's timeline into the rows a review's timeline starts from, so the commander
// picks and edits rather than retypes. Every row keeps the id of the event it came from; the
// events someone pinned while working the incident are the ones preselected.
class ReviewTimelineImport {
public:
    static constexpr int MaxEvents = 5000;

    // One candidate per event of `incidentId` in `events`, oldest first (time, then id).
    static QVector<ReviewTimelineCandidate> candidates(
        qint64 incidentId, const QVector<Event>& events, const QVector<qint64>& pinnedEventIds);
    // The incident's events (oldest first, at most MaxEvents) and pins, read from the store.
    static std::optional<QVector<ReviewTimelineCandidate>> read(QSqlDatabase& db, qint64 incidentId, QString* error);
    // The rows of the preselected candidates, ready to store (ids 0: new rows).
    static QVector<ReviewTimelineEntry> preselected(const QVector<ReviewTimelineCandidate>& candidates);
    // "Title — actor" (the actor left out when it is Firebreak itself or empty).
    static QString entryText(const Event& event);
};

} // namespace firebreak
