#include "reviewrowwriter.h"

#include "audit/canonicaljson.h"
#include "preparedquery.h"
#include "storecodec.h"

#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

namespace firebreak {

namespace {

bool validText(std::initializer_list<const QString*> texts)
{
    for (const QString* text : texts) {
        if (!text->isValidUtf16())
            return false;
    }
    return true;
}

void bindSections(QSqlQuery& q, int first, const Review& review)
{
    int i = first;
    for (const QString* section : { &review.summary, &review.impact, &review.timeline, &review.contributingFactors,
             &review.wentWell, &review.wentBadly, &review.lessons })
        q.bindValue(i++, StoreCodec::text(*section));
}

// The audit entry of one review row (unsealed): every review change is audited on its incident.
AuditEntry reviewAudit(
    qint64 timeMs, const QString& actor, const QString& action, qint64 incidentId, const QJsonObject& details)
{
    AuditEntry entry;
    entry.timeMs = timeMs;
    entry.actor = actor;
    entry.action = action;
    entry.subject = QStringLiteral("incident:%1").arg(incidentId);
    entry.details = CanonicalJson::write(details);
    return entry;
}

} // namespace

ReviewRowWriter::ReviewRowWriter() = default;
ReviewRowWriter::~ReviewRowWriter() = default;

bool ReviewRowWriter::validate(const WriteBatch& batch, QString* error)
{
    for (const Review& review : batch.reviews) {
        const QString where
            = QStringLiteral("the review of incident %1 by \"%2\"").arg(review.incidentId).arg(review.author);
        if (review.incidentId <= 0) {
            *error = where + QStringLiteral(" names no incident");
            return false;
        }
        if (review.author.trimmed().isEmpty()) {
            *error = where + QStringLiteral(" has no author (every saved version is audited under its author)");
            return false;
        }
        if (!validText({ &review.author, &review.summary, &review.impact, &review.timeline, &review.contributingFactors,
                &review.wentWell, &review.wentBadly, &review.lessons })) {
            *error = where + QStringLiteral(" has text that is not valid Unicode");
            return false;
        }
    }
    for (const ReviewTimelineEntry& entry : batch.reviewTimeline) {
        QString problem;
        if (entry.incidentId <= 0)
            problem = QStringLiteral("names no incident");
        else if (entry.removed && entry.id <= 0)
            problem = QStringLiteral("is removed but was never stored");
        else if (entry.author.trimmed().isEmpty())
            problem = QStringLiteral("has no author (every change to a review is audited under its author)");
        else if (!validText({ &entry.text, &entry.author }))
            problem = QStringLiteral("has text that is not valid Unicode");
        if (!problem.isEmpty()) {
            *error = QStringLiteral("review timeline row %1 (\"%2\") of incident %3 %4")
                         .arg(entry.id)
                         .arg(entry.text.left(40))
                         .arg(entry.incidentId)
                         .arg(problem);
            return false;
        }
    }
    for (const ActionItem& item : batch.actionItems) {
        QString problem;
        if (item.incidentId <= 0)
            problem = QStringLiteral("names no incident");
        else if (item.removed && item.id <= 0)
            problem = QStringLiteral("is removed but was never stored");
        else if (!item.removed && item.title.trimmed().isEmpty())
            problem = QStringLiteral("has no title");
        else if (item.author.trimmed().isEmpty())
            problem = QStringLiteral("has no author (every change to a review is audited under its author)");
        else if (!validText({ &item.title, &item.owner, &item.link, &item.author }))
            problem = QStringLiteral("has text that is not valid Unicode");
        if (!problem.isEmpty()) {
            *error = QStringLiteral("action item %1 (\"%2\") of incident %3 %4")
                         .arg(item.id)
                         .arg(item.title)
                         .arg(item.incidentId)
                         .arg(problem);
            return false;
        }
    }
    for (const ReviewVerdict& verdict : batch.reviewVerdicts) {
        QString problem;
        if (verdict.incidentId <= 0)
            problem = QStringLiteral("names no incident");
        else if (verdict.subjectId.trimmed().isEmpty())
            problem = QStringLiteral("names no alert or run");
        else if (verdict.author.trimmed().isEmpty())
            problem = QStringLiteral("has no author (every verdict is audited under its author)");
        else if (!validText({ &verdict.subjectId, &verdict.author }))
            problem = QStringLiteral("has text that is not valid Unicode");
        if (!problem.isEmpty()) {
            *error = QStringLiteral("a verdict by \"%1\" on %2 \"%3\" in incident %4 %5")
                         .arg(verdict.author, verdictSubjectKindName(verdict.subjectKind), verdict.subjectId)
                         .arg(verdict.incidentId)
                         .arg(problem);
            return false;
        }
    }
    for (const ReviewDraftText& draft : batch.reviewDrafts) {
        const QString where = QStringLiteral("the autosaved review text of incident %1 by \"%2\"")
                                  .arg(draft.incidentId)
                                  .arg(draft.author);
        if (draft.incidentId <= 0) {
            *error = where + QStringLiteral(" names no incident");
            return false;
        }
        if (draft.author.trimmed().isEmpty()) {
            *error = where + QStringLiteral(" has no author");
            return false;
        }
        if (draft.baseVersion < 0) {
            *error = where + QStringLiteral(" names version %1 as its base").arg(draft.baseVersion);
            return false;
        }
        if (!validText({ &draft.author, &draft.text })) {
            *error = where + QStringLiteral(" has text that is not valid Unicode");
            return false;
        }
    }
    return true;
}

bool ReviewRowWriter::prepare(QSqlDatabase& db, QString* error)
{
    const auto prepare = [&](std::unique_ptr<QSqlQuery>& query, const QString& sql) {
        return PreparedQuery::prepare(db, query, sql, error);
    };
    const QString sections
        = QStringLiteral("summary, impact, timeline, contributing_factors, went_well, went_badly, lessons");
    return prepare(m_insertVersion,
               QStringLiteral("INSERT INTO review_versions(incident_id, version, status, updated_ms, author, %1,"
                              " content_sha256) VALUES (?, COALESCE((SELECT max(version) FROM review_versions"
                              " WHERE incident_id = ?), 0) + 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                              " RETURNING version")
                   .arg(sections))
        && prepare(m_upsertReview,
            QStringLiteral("INSERT INTO reviews(incident_id, version, status, updated_ms, author, %1, content_sha256)"
                           " SELECT incident_id, version, status, updated_ms, author, %1, content_sha256"
                           " FROM review_versions WHERE incident_id = ? AND version = ?"
                           " ON CONFLICT(incident_id) DO UPDATE SET version = excluded.version,"
                           " status = excluded.status, updated_ms = excluded.updated_ms, author = excluded.author,"
                           " summary = excluded.summary, impact = excluded.impact, timeline = excluded.timeline,"
                           " contributing_factors = excluded.contributing_factors, went_well = excluded.went_well,"
                           " went_badly = excluded.went_badly, lessons = excluded.lessons,"
                           " content_sha256 = excluded.content_sha256")
                .arg(sections))
        && prepare(m_upsertTimeline,
            QStringLiteral("INSERT INTO review_timeline(id, incident_id, time_ms, text, source_event_id)"
                           " VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET incident_id = excluded.incident_id,"
                           " time_ms = excluded.time_ms, text = excluded.text,"
                           " source_event_id = excluded.source_event_id RETURNING id"))
        && prepare(m_deleteTimeline, QStringLiteral("DELETE FROM review_timeline WHERE id = ?"))
        && prepare(m_deleteActionItem, QStringLiteral("DELETE FROM action_items WHERE id = ?"))
        && prepare(m_upsertActionItem,
            QStringLiteral("INSERT INTO action_items(id, incident_id, title, owner, due_ms, status, link, updated_ms)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET"
                           " incident_id = excluded.incident_id, title = excluded.title, owner = excluded.owner,"
                           " due_ms = excluded.due_ms, status = excluded.status, link = excluded.link,"
                           " updated_ms = excluded.updated_ms RETURNING id"))
        && prepare(m_upsertVerdict,
            QStringLiteral(
                "INSERT INTO review_verdicts(incident_id, subject_kind, subject_id, verdict, author, time_ms)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(incident_id, subject_kind, subject_id) DO UPDATE"
                " SET verdict = excluded.verdict, author = excluded.author, time_ms = excluded.time_ms"))
        && prepare(m_upsertDraft,
            QStringLiteral("INSERT INTO review_drafts(incident_id, author, text, base_version, saved_ms)"
                           " VALUES (?, ?, ?, ?, ?) ON CONFLICT(incident_id) DO UPDATE SET author = excluded.author,"
                           " text = excluded.text, base_version = excluded.base_version,"
                           " saved_ms = excluded.saved_ms"));
}

bool ReviewRowWriter::write(
    const QVector<WriteBatch>& batches, CommittedBatch* out, QVector<AuditEntry>* audit, QString* error)
{
    for (const WriteBatch& batch : batches) {
        for (const Review& review : batch.reviews) {
            if (!saveReview(review, out, audit, error))
                return false;
        }
        for (const ReviewTimelineEntry& entry : batch.reviewTimeline) {
            if (!writeTimelineEntry(entry, out, audit, error))
                return false;
        }
        for (const ActionItem& item : batch.actionItems) {
            if (!writeActionItem(item, out, audit, error))
                return false;
        }
        for (const ReviewVerdict& verdict : batch.reviewVerdicts) {
            if (!writeVerdict(verdict, out, audit, error))
                return false;
        }
        for (const ReviewDraftText& draft : batch.reviewDrafts) {
            if (!writeDraft(draft, out, error))
                return false;
        }
    }
    return true;
}

bool ReviewRowWriter::saveReview(const Review& review, CommittedBatch* out, QVector<AuditEntry>* audit, QString* error)
{
    Review stored = review;
    const QString sha256 = review.contentSha256();
    QSqlQuery& q = *m_insertVersion;
    q.bindValue(0, review.incidentId);
    q.bindValue(1, review.incidentId);
    q.bindValue(2, reviewStatusName(review.status));
    q.bindValue(3, review.updatedMs);
    q.bindValue(4, StoreCodec::text(review.author));
    bindSections(q, 5, review);
    q.bindValue(12, sha256);
    if (!q.exec() || !q.next()) {
        *error = QStringLiteral("review of incident %1: %2").arg(review.incidentId).arg(q.lastError().text());
        return false;
    }
    stored.version = q.value(0).toInt();
    q.finish();
    QSqlQuery& latest = *m_upsertReview;
    latest.bindValue(0, review.incidentId);
    latest.bindValue(1, stored.version);
    if (!latest.exec()) {
        *error = QStringLiteral("review of incident %1: %2").arg(review.incidentId).arg(latest.lastError().text());
        return false;
    }
    latest.finish();

    AuditEntry entry;
    entry.timeMs = review.updatedMs;
    entry.actor = review.author;
    entry.action
        = review.status == ReviewStatus::Final ? QStringLiteral("review.finalised") : QStringLiteral("review.saved");
    entry.subject = QStringLiteral("incident:%1").arg(review.incidentId);
    entry.details = CanonicalJson::write(QJsonObject { { QStringLiteral("version"), stored.version },
        { QStringLiteral("status"), reviewStatusName(review.status) }, { QStringLiteral("content_sha256"), sha256 } });
    audit->append(std::move(entry));
    out->reviews.append(std::move(stored));
    return true;
}

bool ReviewRowWriter::writeTimelineEntry(
    const ReviewTimelineEntry& entry, CommittedBatch* out, QVector<AuditEntry>* audit, QString* error)
{
    ReviewTimelineEntry stored = entry;
    if (entry.removed) {
        QSqlQuery& q = *m_deleteTimeline;
        q.bindValue(0, entry.id);
        if (!q.exec()) {
            *error = QStringLiteral("review timeline row %1: %2").arg(entry.id).arg(q.lastError().text());
            return false;
        }
        q.finish();
    } else {
        QSqlQuery& q = *m_upsertTimeline;
        q.bindValue(0, entry.id > 0 ? QVariant(entry.id) : QVariant(QMetaType(QMetaType::LongLong)));
        q.bindValue(1, entry.incidentId);
        q.bindValue(2, entry.timeMs);
        q.bindValue(3, StoreCodec::text(entry.text));
        q.bindValue(4, entry.sourceEventId);
        if (!q.exec() || !q.next()) {
            *error = QStringLiteral("review timeline row of incident %1: %2")
                         .arg(entry.incidentId)
                         .arg(q.lastError().text());
            return false;
        }
        stored.id = q.value(0).toLongLong();
        q.finish();
    }
    const QString change = entry.removed ? QStringLiteral("removed")
        : entry.id > 0                   ? QStringLiteral("edited")
                                         : QStringLiteral("added");
    audit->append(reviewAudit(entry.changedMs, entry.author, QStringLiteral("review.timeline"), entry.incidentId,
        QJsonObject { { QStringLiteral("change"), change }, { QStringLiteral("id"), stored.id },
            { QStringLiteral("time_ms"), entry.timeMs }, { QStringLiteral("text"), entry.text },
            { QStringLiteral("source_event_id"), entry.sourceEventId } }));
    out->reviewTimeline.append(std::move(stored));
    return true;
}

bool ReviewRowWriter::writeActionItem(
    const ActionItem& item, CommittedBatch* out, QVector<AuditEntry>* audit, QString* error)
{
    ActionItem stored = item;
    if (item.removed) {
        QSqlQuery& q = *m_deleteActionItem;
        q.bindValue(0, item.id);
        if (!q.exec()) {
            *error = QStringLiteral("action item %1 (\"%2\"): %3").arg(item.id).arg(item.title, q.lastError().text());
            return false;
        }
        q.finish();
    } else {
        QSqlQuery& q = *m_upsertActionItem;
        q.bindValue(0, item.id > 0 ? QVariant(item.id) : QVariant(QMetaType(QMetaType::LongLong)));
        q.bindValue(1, item.incidentId);
        q.bindValue(2, StoreCodec::text(item.title));
        q.bindValue(3, StoreCodec::text(item.owner));
        q.bindValue(4, item.dueMs);
        q.bindValue(5, actionItemStatusName(item.status));
        q.bindValue(6, StoreCodec::text(item.link));
        q.bindValue(7, item.updatedMs);
        if (!q.exec() || !q.next()) {
            *error = QStringLiteral("action item \"%1\": %2").arg(item.title, q.lastError().text());
            return false;
        }
        stored.id = q.value(0).toLongLong();
        q.finish();
    }
    QJsonObject details { { QStringLiteral("id"), stored.id }, { QStringLiteral("title"), item.title },
        { QStringLiteral("owner"), item.owner }, { QStringLiteral("due_ms"), item.dueMs },
        { QStringLiteral("status"), actionItemStatusName(item.status) }, { QStringLiteral("link"), item.link } };
    if (item.removed)
        details.insert(QStringLiteral("removed"), true);
    audit->append(
        reviewAudit(item.updatedMs, item.author, QStringLiteral("review.action_item"), item.incidentId, details));
    out->actionItems.append(std::move(stored));
    return true;
}

bool ReviewRowWriter::writeVerdict(
    const ReviewVerdict& verdict, CommittedBatch* out, QVector<AuditEntry>* audit, QString* error)
{
    QSqlQuery& q = *m_upsertVerdict;
    q.bindValue(0, verdict.incidentId);
    q.bindValue(1, verdictSubjectKindName(verdict.subjectKind));
    q.bindValue(2, StoreCodec::text(verdict.subjectId));
    q.bindValue(3, verdictName(verdict.verdict));
    q.bindValue(4, StoreCodec::text(verdict.author));
    q.bindValue(5, verdict.timeMs);
    if (!q.exec()) {
        *error = QStringLiteral("verdict on %1 %2: %3")
                     .arg(verdictSubjectKindName(verdict.subjectKind), verdict.subjectId, q.lastError().text());
        return false;
    }
    q.finish();
    audit->append(reviewAudit(verdict.timeMs, verdict.author, QStringLiteral("review.verdict"), verdict.incidentId,
        QJsonObject { { QStringLiteral("subject_kind"), verdictSubjectKindName(verdict.subjectKind) },
            { QStringLiteral("subject_id"), verdict.subjectId },
            { QStringLiteral("verdict"), verdictName(verdict.verdict) } }));
    out->reviewVerdicts.append(verdict);
    return true;
}

bool ReviewRowWriter::writeDraft(const ReviewDraftText& draft, CommittedBatch* out, QString* error)
{
    QSqlQuery& q = *m_upsertDraft;
    q.bindValue(0, draft.incidentId);
    q.bindValue(1, StoreCodec::text(draft.author));
    q.bindValue(2, StoreCodec::text(draft.text));
    q.bindValue(3, draft.baseVersion);
    q.bindValue(4, draft.savedMs);
    if (!q.exec()) {
        *error = QStringLiteral("autosaved review text of incident %1: %2")
                     .arg(draft.incidentId)
                     .arg(q.lastError().text());
        return false;
    }
    q.finish();
    out->reviewDrafts.append(draft);
    return true;
}

void ReviewRowWriter::release()
{
    for (auto* query : { &m_insertVersion, &m_upsertReview, &m_upsertTimeline, &m_deleteTimeline, &m_upsertActionItem,
             &m_deleteActionItem, &m_upsertVerdict, &m_upsertDraft })
        query->reset();
}

} // namespace firebreak
