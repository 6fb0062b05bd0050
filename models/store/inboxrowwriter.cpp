#include "inboxrowwriter.h"

#include "preparedquery.h"
#include "storecodec.h"

#include <QSqlError>
#include <QSqlQuery>

namespace firebreak {

InboxRowWriter::InboxRowWriter() = default;
InboxRowWriter::~InboxRowWriter() = default;

bool InboxRowWriter::validate(const WriteBatch& batch, QString* error)
{
    for (const InboxDelivery& delivery : batch.deliveries) {
        if (delivery.body.isEmpty()) {
            *error = QStringLiteral("an inbox delivery from \"%1\" has no body").arg(delivery.source);
            return false;
        }
    }
    for (const qint64 id : batch.inboxDone) {
        if (id <= 0) {
            *error = QStringLiteral("a batch names inbox delivery %1, which cannot exist").arg(id);
            return false;
        }
    }
    return true;
}

bool InboxRowWriter::prepare(QSqlDatabase& db, QString* error)
{
    const auto prepare = [&](std::unique_ptr<QSqlQuery>& query, const QString& sql) {
        return PreparedQuery::prepare(db, query, sql, error);
    };
    return prepare(
               m_append, QStringLiteral("INSERT INTO inbox(received_ms, source, body) VALUES (?, ?, ?) RETURNING id"))
        && prepare(m_delete, QStringLiteral("DELETE FROM inbox WHERE id = ?"));
}

bool InboxRowWriter::write(const QVector<WriteBatch>& batches, CommittedBatch* out, QString* error)
{
    for (const WriteBatch& batch : batches) {
        for (const InboxDelivery& delivery : batch.deliveries) {
            QSqlQuery& q = *m_append;
            q.bindValue(0, delivery.receivedMs);
            q.bindValue(1, StoreCodec::text(delivery.source));
            q.bindValue(2, delivery.body); // a BLOB: the bytes exactly as received
            if (!q.exec() || !q.next()) {
                *error = QStringLiteral("inbox delivery from %1: %2").arg(delivery.source, q.lastError().text());
                return false;
            }
            InboxDelivery stored = delivery;
            stored.id = q.value(0).toLongLong();
            stored.body.clear(); // the engine still holds what it parsed; the commit need not carry it back
            q.finish();
            out->delivered.append(std::move(stored));
        }
        // A delivery already deleted (replayed twice) deletes nothing; that is not an error.
        for (const qint64 id : batch.inboxDone) {
            QSqlQuery& q = *m_delete;
            q.bindValue(0, id);
            if (!q.exec()) {
                *error = QStringLiteral("deleting inbox delivery %1: %2").arg(id).arg(q.lastError().text());
                return false;
            }
            q.finish();
            out->inboxDone.append(id);
        }
    }
    return true;
}

void InboxRowWriter::release()
{
    m_append.reset();
    m_delete.reset();
}

} // namespace firebreak
