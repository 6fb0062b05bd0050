#pragma once

#include "writebatch.h"

#include <QString>
#include <QVector>
#include <memory>

class QSqlDatabase;
class QSqlQuery;

namespace firebreak {

// The part of StoreWriter that writes runs, run steps, verification samples and approvals: its
// prepared statements and the checks that keep a row the schema would refuse out of the queue
// (a refused row would fail, and on retry keep failing, the whole transaction it is in).
// Used only by StoreWriter, on its thread, inside its transaction.
class RunRowWriter final {
public:
    RunRowWriter();
    ~RunRowWriter();
    RunRowWriter(const RunRowWriter&) = delete;
    RunRowWriter& operator=(const RunRowWriter&) = delete;

    // Whether every run row of `batch` can be stored; otherwise `error` names the row and what is wrong.
    static bool validate(const WriteBatch& batch, QString* error);
    bool prepare(QSqlDatabase& db, QString* error);
    // Writes the run rows of every batch in order, inside the caller's transaction, and adds them
    // to `out` as stored.
    bool write(const QVector<WriteBatch>& batches, CommittedBatch* out, QString* error);
    void release();

private:
    bool upsertRun(const Run& run, QString* error);
    bool upsertStep(const RunStepRecord& step, QString* error);
    bool insertSample(const VerifySample& sample, QString* error);
    bool insertApproval(const ApprovalRecord& approval, QString* error);

    std::unique_ptr<QSqlQuery> m_upsertRun;
    std::unique_ptr<QSqlQuery> m_upsertStep;
    std::unique_ptr<QSqlQuery> m_insertSample;
    std::unique_ptr<QSqlQuery> m_insertApproval;
};

} // namespace firebreak
