#pragma once

#include "writebatch.h"

#include <QString>
#include <QVector>
#include <memory>

class QSqlDatabase;
class QSqlQuery;

namespace firebreak {

// The part of StoreWriter that writes reviews: each saved review becomes the next version in
// review_versions (numbered in the transaction, so two saves queued together cannot collide) and
// the incident's row in reviews; timeline rows, action items and verdicts are upserts. Every row is
// audited here too (review.saved / review.finalised, review.timeline, review.action_item,
// review.verdict), because only inside the transaction are a version's number and a new row's id
// known. Used only by StoreWriter, on its thread, inside its transaction. Autosaved drafts are upserts by incident and
// are neither audited nor versioned.
class ReviewRowWriter final {
public:
    ReviewRowWriter();
    ~ReviewRowWriter();
    ReviewRowWriter(const ReviewRowWriter&) = delete;
    ReviewRowWriter& operator=(const ReviewRowWriter&) = delete;

    // Whether every review row of `batch` can be stored; otherwise `error` names the row and what is
    // wrong. Checked before queueing, so that one bad row never fails (and blocks) a transaction.
    static bool validate(const WriteBatch& batch, QString* error);
    bool prepare(QSqlDatabase& db, QString* error);
    // Writes the review rows of every batch in order and adds them to `out`. For each row appends to
    // `audit` the entry that records it (unsealed; the writer chains it).
    bool write(const QVector<WriteBatch>& batches, CommittedBatch* out, QVector<AuditEntry>* audit, QString* error);
    void release();

private:
    bool saveReview(const Review& review, CommittedBatch* out, QVector<AuditEntry>* audit, QString* error);
    bool writeTimelineEntry(
        const ReviewTimelineEntry& entry, CommittedBatch* out, QVector<AuditEntry>* audit, QString* error);
    bool writeActionItem(const ActionItem& item, CommittedBatch* out, QVector<AuditEntry>* audit, QString* error);
    bool writeVerdict(const ReviewVerdict& verdict, CommittedBatch* out, QVector<AuditEntry>* audit, QString* error);
    bool writeDraft(const ReviewDraftText& draft, CommittedBatch* out, QString* error);

    std::unique_ptr<QSqlQuery> m_insertVersion;
    std::unique_ptr<QSqlQuery> m_upsertReview;
    std::unique_ptr<QSqlQuery> m_upsertTimeline;
    std::unique_ptr<QSqlQuery> m_deleteTimeline;
    std::unique_ptr<QSqlQuery> m_upsertActionItem;
    std::unique_ptr<QSqlQuery> m_deleteActionItem; // (added by the implementation)
    std::unique_ptr<QSqlQuery> m_upsertVerdict;
    std::unique_ptr<QSqlQuery> m_upsertDraft; // (added by the implementation)
};

} // namespace firebreak
