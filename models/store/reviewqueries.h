#pragma once

#include "reviews/reviewdetail.h"

#include <QSqlDatabase>
#include <QString>
#include <QVector>
#include <optional>

namespace firebreak {

// The reads behind post-incident reviews (the editor, the list and its search), kept apart from
// StoreQueries like RunQueries. Every value is a bound parameter.
class ReviewQueries {
public:
    static constexpr int MaxSearchResults = 500;

    // The latest saved version; std::nullopt when none is saved and on failure (which sets `error`).
    static std::optional<Review> latest(QSqlDatabase& db, qint64 incidentId, QString* error);
    // Every saved version of an incident's review, version 1 first.
    static QVector<Review> versions(QSqlDatabase& db, qint64 incidentId, QString* error);
    // The latest version of every review, most recently saved first.
    static QVector<Review> reviews(QSqlDatabase& db, QString* error);
    // The latest versions whose text matches every word of `text` (FtsQuery rules: a trailing *
    // is a prefix), best match first; empty for text without a word.
    static QVector<Review> search(QSqlDatabase& db, const QString& text, QString* error);
    static QVector<ReviewTimelineEntry> timeline(QSqlDatabase& db, qint64 incidentId, QString* error);
    static QVector<ActionItem> actionItems(QSqlDatabase& db, qint64 incidentId, QString* error);
    // An incident's verdicts; 0: every verdict in the store (what learning from reviews reads).
    static QVector<ReviewVerdict> verdicts(QSqlDatabase& db, qint64 incidentId, QString* error);
    // The autosaved text of an incident's review, whatever its age; std::nullopt when there is none
    // and on failure (which sets `error`).
    static std::optional<ReviewDraftText> draft(QSqlDatabase& db, qint64 incidentId, QString* error);
    // All of the above for one incident; std::nullopt on failure. `autosaved` is the draft only when
    // it was taken after the latest version was saved and its text is not that version's document.
    static std::optional<ReviewDetail> detail(QSqlDatabase& db, qint64 incidentId, QString* error);
};

} // namespace firebreak
