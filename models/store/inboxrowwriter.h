#pragma once

#include "writebatch.h"

#include <QString>
#include <QVector>
#include <memory>

class QSqlDatabase;
class QSqlQuery;

namespace firebreak {

// The part of StoreWriter that keeps the delivery inbox: a delivery is appended raw (so that its
// sender can be answered once it is durable) and deleted by the batch that carries its rows, in
// that batch's transaction, so that a delivery is on the timeline or in the inbox, never both or
// neither. Used only by StoreWriter, on its thread, inside its transaction.
class InboxRowWriter final {
public:
    InboxRowWriter();
    ~InboxRowWriter();
    InboxRowWriter(const InboxRowWriter&) = delete;
    InboxRowWriter& operator=(const InboxRowWriter&) = delete;

    // Whether `batch`'s deliveries and inbox ids can be stored; otherwise `error` says which is not.
    static bool validate(const WriteBatch& batch, QString* error);
    bool prepare(QSqlDatabase& db, QString* error);
    // Appends every batch's deliveries and deletes its inboxDone ids, in order; adds both to `out`.
    bool write(const QVector<WriteBatch>& batches, CommittedBatch* out, QString* error);
    void release();

private:
    std::unique_ptr<QSqlQuery> m_append;
    std::unique_ptr<QSqlQuery> m_delete;
};

} // namespace firebreak
