#pragma once

#include <QMetaType>
#include <QString>

namespace firebreak {

// One row of a review's timeline. Imported rows keep the id of the event they came from, so the
// review can link back to the evidence; rows the commander types have sourceEventId 0. Rows are
// upserts by id (0: a new row, numbered by the store); `removed` deletes the row. Every write is
// audited (review.timeline) under `author` at `changedMs`.
struct ReviewTimelineEntry {
    qint64 id = 0;
    qint64 incidentId = 0;
    qint64 timeMs = 0;
    QString text {};
    qint64 sourceEventId = 0; // 0 when typed
    bool removed = false;
    // Who makes this change and when (UTC ms): the audit entry's actor and time; the author is
    // required by the store. Not columns of the row, so rows read back have them empty.
    QString author {};
    qint64 changedMs = 0;

    bool operator==(const ReviewTimelineEntry&) const = default;
};

} // namespace firebreak

Q_DECLARE_METATYPE(firebreak::ReviewTimelineEntry)
