#pragma once

#include "reviews/reviewlistentry.h"
#include "reviews/reviewsubject.h"

#include <QSqlDatabase>
#include <QString>
#include <QVector>
#include <optional>

namespace firebreak {

// The reads behind the list of all reviews and the verdicts a review gives, kept apart from
// ReviewQueries (one review) because they join reviews with incidents, action items, alerts and
// runs. Every value is a bound parameter.
class ReviewListQueries {
public:
    static constexpr int MaxEntries = 2000;

    // What the status filter of fetchReviewList accepts: "" (every review, and every incident with
    // action items), "draft", "final", "overdue" (open action items past due at `nowMs`), "missing"
    // (resolved or reviewed incidents with no saved review).
    static bool isStatusFilter(const QString& filter);
    // Most recently updated first. With `text`, only reviews whose text matches every word (FtsQuery
    // rules: a trailing * is a prefix), best match first and each with a snippet; for "missing",
    // incidents whose title contains every word. std::nullopt with `error` set on failure or an
    // unknown filter.
    static std::optional<QVector<ReviewListEntry>> list(
        QSqlDatabase& db, const QString& text, const QString& statusFilter, qint64 nowMs, QString* error);
    // The incident's alerts (one per fingerprint, by first firing) then its runs (by creation), each
    // with the verdict already given; then any verdict whose alert or run the incident no longer holds.
    static std::optional<QVector<ReviewSubject>> subjects(QSqlDatabase& db, qint64 incidentId, QString* error);
};

} // namespace firebreak
