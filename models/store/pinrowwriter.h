#pragma once

#include "writebatch.h"

#include <QString>
#include <QVector>
#include <memory>

class QSqlDatabase;
class QSqlQuery;

namespace firebreak {

// The part of StoreWriter that writes pins: a pin is an upsert by event id, an unpin a delete.
// Used only by StoreWriter, on its thread, inside its transaction.
class PinRowWriter final {
public:
    PinRowWriter();
    ~PinRowWriter();
    PinRowWriter(const PinRowWriter&) = delete;
    PinRowWriter& operator=(const PinRowWriter&) = delete;

    // Whether every pin of `batch` can be stored; otherwise `error` names the pin and what is wrong.
    static bool validate(const WriteBatch& batch, QString* error);
    bool prepare(QSqlDatabase& db, QString* error);
    // Writes the pins of every batch in order and adds them to `out`.
    bool write(const QVector<WriteBatch>& batches, CommittedBatch* out, QString* error);
    void release();

private:
    std::unique_ptr<QSqlQuery> m_upsert;
    std::unique_ptr<QSqlQuery> m_delete;
};

} // namespace firebreak
