#include "reviewqueries.h"

#include "ftsquery.h"
#include "reviews/reviewdocumenttext.h"

#include <QSqlError>
#include <QSqlQuery>

namespace firebreak {

namespace {

const QString ReviewColumns = QStringLiteral("incident_id, version, status, updated_ms, author, summary, impact,"
                                             " timeline, contributing_factors, went_well, went_badly, lessons");

bool run(QSqlQuery& q, const QString& what, QString* error)
{
    if (q.exec())
        return true;
    *error = QStringLiteral("reading %1: %2").arg(what, q.lastError().text());
    return false;
}

// Columns as ReviewColumns lists them, from `first` on.
Review reviewFrom(const QSqlQuery& q, int first = 0)
{
    Review review;
    review.incidentId = q.value(first).toLongLong();
    review.version = q.value(first + 1).toInt();
    review.status = reviewStatusFromName(q.value(first + 2).toString()).value_or(ReviewStatus::Draft);
    review.updatedMs = q.value(first + 3).toLongLong();
    review.author = q.value(first + 4).toString();
    int i = first + 5;
    for (QString* section : { &review.summary, &review.impact, &review.timeline, &review.contributingFactors,
             &review.wentWell, &review.wentBadly, &review.lessons })
        *section = q.value(i++).toString();
    return review;
}

QVector<Review> reviewsFrom(QSqlQuery& q)
{
    QVector<Review> out;
    while (q.next())
        out.append(reviewFrom(q));
    return out;
}

} // namespace

std::optional<Review> ReviewQueries::latest(QSqlDatabase& db, qint64 incidentId, QString* error)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT %1 FROM reviews WHERE incident_id = ?").arg(ReviewColumns));
    q.addBindValue(incidentId);
    if (!run(q, QStringLiteral("the review of incident %1").arg(incidentId), error) || !q.next())
        return std::nullopt;
    return reviewFrom(q);
}

QVector<Review> ReviewQueries::versions(QSqlDatabase& db, qint64 incidentId, QString* error)
{
    QSqlQuery q(db);
    q.prepare(
        QStringLiteral("SELECT %1 FROM review_versions WHERE incident_id = ? ORDER BY version").arg(ReviewColumns));
    q.addBindValue(incidentId);
    if (!run(q, QStringLiteral("the review versions of incident %1").arg(incidentId), error))
        return {};
    return reviewsFrom(q);
}

QVector<Review> ReviewQueries::reviews(QSqlDatabase& db, QString* error)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT %1 FROM reviews ORDER BY updated_ms DESC, incident_id DESC").arg(ReviewColumns));
    if (!run(q, QStringLiteral("the reviews"), error))
        return {};
    return reviewsFrom(q);
}

QVector<Review> ReviewQueries::search(QSqlDatabase& db, const QString& text, QString* error)
{
    const QString match = FtsQuery::matchExpression(text);
    if (match.isEmpty())
        return {};
    QSqlQuery q(db);
    QStringList columns = ReviewColumns.split(QStringLiteral(", "));
    for (QString& column : columns)
        column.prepend(QStringLiteral("r."));
    q.prepare(QStringLiteral("SELECT %1 FROM reviews_fts JOIN reviews r ON r.incident_id = reviews_fts.rowid"
                             " WHERE reviews_fts MATCH ? ORDER BY bm25(reviews_fts), r.incident_id DESC LIMIT %2")
                  .arg(columns.join(QStringLiteral(", ")))
                  .arg(MaxSearchResults));
    q.addBindValue(match);
    if (!run(q, QStringLiteral("reviews matching \"%1\"").arg(text), error))
        return {};
    return reviewsFrom(q);
}

QVector<ReviewTimelineEntry> ReviewQueries::timeline(QSqlDatabase& db, qint64 incidentId, QString* error)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT id, incident_id, time_ms, text, source_event_id FROM review_timeline"
                             " WHERE incident_id = ? ORDER BY time_ms, id"));
    q.addBindValue(incidentId);
    QVector<ReviewTimelineEntry> out;
    if (!run(q, QStringLiteral("the review timeline of incident %1").arg(incidentId), error))
        return out;
    while (q.next()) {
        out.append(ReviewTimelineEntry { q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toLongLong(),
            q.value(3).toString(), q.value(4).toLongLong(), false });
    }
    return out;
}

QVector<ActionItem> ReviewQueries::actionItems(QSqlDatabase& db, qint64 incidentId, QString* error)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT id, incident_id, title, owner, due_ms, status, link, updated_ms FROM action_items"
                             " WHERE incident_id = ? ORDER BY id"));
    q.addBindValue(incidentId);
    QVector<ActionItem> out;
    if (!run(q, QStringLiteral("the action items of incident %1").arg(incidentId), error))
        return out;
    while (q.next()) {
        ActionItem item;
        item.id = q.value(0).toLongLong();
        item.incidentId = q.value(1).toLongLong();
        item.title = q.value(2).toString();
        item.owner = q.value(3).toString();
        item.dueMs = q.value(4).toLongLong();
        item.status = actionItemStatusFromName(q.value(5).toString()).value_or(ActionItemStatus::Open);
        item.link = q.value(6).toString();
        item.updatedMs = q.value(7).toLongLong();
        out.append(std::move(item));
    }
    return out;
}

QVector<ReviewVerdict> ReviewQueries::verdicts(QSqlDatabase& db, qint64 incidentId, QString* error)
{
    QSqlQuery q(db);
    q.prepare(
        QStringLiteral("SELECT incident_id, subject_kind, subject_id, verdict, author, time_ms FROM review_verdicts"
                       " WHERE ? = 0 OR incident_id = ? ORDER BY incident_id, subject_kind, subject_id"));
    q.addBindValue(incidentId);
    q.addBindValue(incidentId);
    QVector<ReviewVerdict> out;
    if (!run(q, QStringLiteral("the verdicts of incident %1").arg(incidentId), error))
        return out;
    while (q.next()) {
        ReviewVerdict verdict;
        verdict.incidentId = q.value(0).toLongLong();
        verdict.subjectKind
            = verdictSubjectKindFromName(q.value(1).toString()).value_or(ReviewVerdict::SubjectKind::Alert);
        verdict.subjectId = q.value(2).toString();
        verdict.verdict = verdictFromName(q.value(3).toString()).value_or(ReviewVerdict::Verdict::Useful);
        verdict.author = q.value(4).toString();
        verdict.timeMs = q.value(5).toLongLong();
        out.append(std::move(verdict));
    }
    return out;
}

std::optional<ReviewDraftText> ReviewQueries::draft(QSqlDatabase& db, qint64 incidentId, QString* error)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral(
        "SELECT incident_id, author, text, base_version, saved_ms FROM review_drafts WHERE incident_id = ?"));
    q.addBindValue(incidentId);
    if (!run(q, QStringLiteral("the autosaved review text of incident %1").arg(incidentId), error) || !q.next())
        return std::nullopt;
    ReviewDraftText draft;
    draft.incidentId = q.value(0).toLongLong();
    draft.author = q.value(1).toString();
    draft.text = q.value(2).toString();
    draft.baseVersion = q.value(3).toInt();
    draft.savedMs = q.value(4).toLongLong();
    return draft;
}

std::optional<ReviewDetail> ReviewQueries::detail(QSqlDatabase& db, qint64 incidentId, QString* error)
{
    ReviewDetail detail;
    detail.incidentId = incidentId;
    QString failure;
    const std::optional<Review> review = latest(db, incidentId, &failure);
    detail.saved = review.has_value();
    if (review)
        detail.review = *review;
    if (failure.isEmpty())
        detail.timeline = timeline(db, incidentId, &failure);
    if (failure.isEmpty())
        detail.actionItems = actionItems(db, incidentId, &failure);
    if (failure.isEmpty())
        detail.verdicts = verdicts(db, incidentId, &failure);
    if (failure.isEmpty()) {
        std::optional<ReviewDraftText> autosaved = draft(db, incidentId, &failure);
        const bool newer = autosaved
            && (!review
                || (autosaved->savedMs > review->updatedMs
                    && autosaved->text != ReviewDocumentText::toMarkdown(*review)));
        if (newer)
            detail.autosaved = std::move(autosaved);
    }
    if (!failure.isEmpty()) {
        *error = failure;
        return std::nullopt;
    }
    return detail;
}

} // namespace firebreak
