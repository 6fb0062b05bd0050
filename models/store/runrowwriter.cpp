#include "runrowwriter.h"

#include "preparedquery.h"
#include "storecodec.h"

#include <QHash>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

namespace firebreak {

namespace {

const QStringList Risks { QStringLiteral("low"), QStringLiteral("medium"), QStringLiteral("high"),
    QStringLiteral("critical") };

QString sqlError(const QSqlQuery& query)
{
    return query.lastError().text();
}

QString runName(qint64 runId)
{
    return QStringLiteral("run %1").arg(runId);
}

// Puts `value` in `rows` at the position of its key's first appearance, or appends it.
template <typename Key, typename Value>
void keepLast(QHash<Key, qsizetype>* positions, QVector<Value>* rows, const Key& key, const Value& value)
{
    const auto position = positions->constFind(key);
    if (position != positions->constEnd()) {
        (*rows)[*position] = value;
    } else {
        positions->insert(key, rows->size());
        rows->append(value);
    }
}

} // namespace

RunRowWriter::RunRowWriter() = default;

RunRowWriter::~RunRowWriter() = default;

bool RunRowWriter::validate(const WriteBatch& batch, QString* error)
{
    for (const Run& run : batch.runs) {
        if (run.id <= 0) {
            *error = QStringLiteral("run of playbook \"%1\" has no id (got %2)").arg(run.playbookId).arg(run.id);
            return false;
        }
        if (!Risks.contains(run.risk)) {
            *error = QStringLiteral("%1 has risk \"%2\", expected one of %3")
                         .arg(runName(run.id), run.risk, Risks.join(QStringLiteral(", ")));
            return false;
        }
        if (runStateName(run.state).isEmpty()) {
            *error
                = QStringLiteral("%1 has an unknown state (%2)").arg(runName(run.id)).arg(static_cast<int>(run.state));
            return false;
        }
    }
    for (const RunStepRecord& step : batch.runSteps) {
        if (step.runId <= 0 || step.index < 0 || runStepStatusName(step.status).isEmpty()) {
            *error = QStringLiteral("step \"%1\" (%2 %3) of %4 needs a run id, an index from 0 and a known status")
                         .arg(step.name, runStepPhaseName(step.phase))
                         .arg(step.index)
                         .arg(runName(step.runId));
            return false;
        }
    }
    for (const VerifySample& sample : batch.verifySamples) {
        if (sample.runId <= 0 || verifyOutcomeName(sample.outcome).isEmpty()) {
            *error = QStringLiteral("verification sample %1 of check %2 of %3 needs a run id and a known outcome")
                         .arg(sample.sampleIndex)
                         .arg(sample.checkIndex)
                         .arg(runName(sample.runId));
            return false;
        }
    }
    for (const ApprovalRecord& approval : batch.approvals) {
        if (approval.runId <= 0 || approval.approver.isEmpty()) {
            *error = QStringLiteral("%1 by \"%2\" on %3 needs a run id and an approver")
                         .arg(approvalDecisionName(approval.decision), approval.approver, runName(approval.runId));
            return false;
        }
    }
    return true;
}

bool RunRowWriter::prepare(QSqlDatabase& db, QString* error)
{
    const auto prepare = [&](std::unique_ptr<QSqlQuery>& query, const QString& sql) {
        return PreparedQuery::prepare(db, query, sql, error);
    };
    const bool prepared
        = prepare(m_upsertRun,
              QStringLiteral("INSERT INTO runs(") + StoreCodec::runColumns()
                  + QStringLiteral(") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                                   " ON CONFLICT(id) DO UPDATE SET incident_id = excluded.incident_id,"
                                   " playbook_id = excluded.playbook_id,"
                                   " playbook_title = excluded.playbook_title, risk = excluded.risk,"
                                   " state = excluded.state, state_reason = excluded.state_reason,"
                                   " alert_fingerprint = excluded.alert_fingerprint,"
                                   " labels = excluded.labels, plan = excluded.plan,"
                                   " plan_hash = excluded.plan_hash, requester = excluded.requester,"
                                   " created_ms = excluded.created_ms, updated_ms = excluded.updated_ms,"
                                   " approvals_required = excluded.approvals_required,"
                                   " approval_role = excluded.approval_role,"
                                   " approval_expires_ms = excluded.approval_expires_ms,"
                                   " silence_id = excluded.silence_id,"
                                   " silence_ends_ms = excluded.silence_ends_ms"))
        && prepare(m_upsertStep,
            QStringLiteral("INSERT INTO run_steps(") + StoreCodec::runStepColumns()
                + QStringLiteral(") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                                 " ON CONFLICT(run_id, phase, step_index) DO UPDATE SET name = excluded.name,"
                                 " executor = excluded.executor, status = excluded.status,"
                                 " started_ms = excluded.started_ms, finished_ms = excluded.finished_ms,"
                                 " summary = excluded.summary, output = excluded.output, error = excluded.error"))
        && prepare(m_insertSample,
            QStringLiteral("INSERT INTO verify_samples(") + StoreCodec::verifySampleColumns()
                + QStringLiteral(") VALUES (?, ?, ?, ?, ?, ?, ?, ?)"))
        && prepare(m_insertApproval,
            QStringLiteral("INSERT INTO approvals(") + StoreCodec::approvalColumns()
                + QStringLiteral(") VALUES (?, ?, ?, ?, ?, ?)"));
    if (!prepared)
        release();
    return prepared;
}

bool RunRowWriter::write(const QVector<WriteBatch>& batches, CommittedBatch* out, QString* error)
{
    QHash<qint64, qsizetype> runRow; // id -> index in out->runs: the last version wins
    QHash<QPair<qint64, QPair<int, int>>, qsizetype> stepRow; // (run, (phase, index)) -> index in out->runSteps
    for (const WriteBatch& batch : batches) {
        for (const Run& run : batch.runs) {
            if (!upsertRun(run, error))
                return false;
            keepLast(&runRow, &out->runs, run.id, run);
        }
        for (const RunStepRecord& step : batch.runSteps) {
            if (!upsertStep(step, error))
                return false;
            const QPair<qint64, QPair<int, int>> key { step.runId, { static_cast<int>(step.phase), step.index } };
            keepLast(&stepRow, &out->runSteps, key, step);
        }
        for (const VerifySample& sample : batch.verifySamples) {
            if (!insertSample(sample, error))
                return false;
            out->verifySamples.append(sample);
        }
        for (const ApprovalRecord& approval : batch.approvals) {
            if (!insertApproval(approval, error))
                return false;
            out->approvals.append(approval);
        }
    }
    return true;
}

void RunRowWriter::release()
{
    for (auto* query : { &m_upsertRun, &m_upsertStep, &m_insertSample, &m_insertApproval })
        query->reset();
}

bool RunRowWriter::upsertRun(const Run& run, QString* error)
{
    QSqlQuery& q = *m_upsertRun;
    q.bindValue(0, run.id);
    q.bindValue(1, run.incidentId);
    q.bindValue(2, StoreCodec::text(run.playbookId));
    q.bindValue(3, StoreCodec::text(run.playbookTitle));
    q.bindValue(4, run.risk);
    q.bindValue(5, runStateName(run.state));
    q.bindValue(6, StoreCodec::text(run.stateReason));
    q.bindValue(7, StoreCodec::text(run.alertFingerprint));
    q.bindValue(8, StoreCodec::labelsToJson(run.labels));
    // A BLOB, never text: the hash covers these exact bytes.
    q.bindValue(9, run.plan.isNull() ? QByteArray("") : run.plan);
    q.bindValue(10, StoreCodec::text(run.planHash));
    q.bindValue(11, StoreCodec::text(run.requester));
    q.bindValue(12, run.createdMs);
    q.bindValue(13, run.updatedMs);
    q.bindValue(14, run.approvalsRequired);
    q.bindValue(15, StoreCodec::text(run.approvalRole));
    q.bindValue(16, run.approvalExpiresMs);
    q.bindValue(17, StoreCodec::text(run.silenceId));
    q.bindValue(18, run.silenceEndsMs);
    if (!q.exec()) {
        *error = QStringLiteral("%1: %2").arg(runName(run.id), sqlError(q));
        return false;
    }
    q.finish();
    return true;
}

bool RunRowWriter::upsertStep(const RunStepRecord& step, QString* error)
{
    QSqlQuery& q = *m_upsertStep;
    q.bindValue(0, step.runId);
    q.bindValue(1, runStepPhaseName(step.phase));
    q.bindValue(2, step.index);
    q.bindValue(3, StoreCodec::text(step.name));
    q.bindValue(4, StoreCodec::text(step.executor));
    q.bindValue(5, runStepStatusName(step.status));
    q.bindValue(6, step.startedMs);
    q.bindValue(7, step.finishedMs);
    q.bindValue(8, StoreCodec::text(step.summary));
    q.bindValue(9, StoreCodec::text(step.output));
    q.bindValue(10, StoreCodec::text(step.error));
    if (!q.exec()) {
        *error = QStringLiteral("%1 %2 %3 of %4: %5")
                     .arg(runStepPhaseName(step.phase))
                     .arg(step.index)
                     .arg(step.name, runName(step.runId), sqlError(q));
        return false;
    }
    q.finish();
    return true;
}

bool RunRowWriter::insertSample(const VerifySample& sample, QString* error)
{
    QSqlQuery& q = *m_insertSample;
    q.bindValue(0, sample.runId);
    q.bindValue(1, verifyPhaseName(sample.phase));
    q.bindValue(2, sample.checkIndex);
    q.bindValue(3, sample.sampleIndex);
    q.bindValue(4, sample.timeMs);
    q.bindValue(5, sample.hasValue ? QVariant(sample.value) : QVariant(QMetaType(QMetaType::Double)));
    q.bindValue(6, verifyOutcomeName(sample.outcome));
    q.bindValue(7, StoreCodec::text(sample.detail));
    if (!q.exec()) {
        *error = QStringLiteral("verification sample %1 of check %2 of %3: %4")
                     .arg(sample.sampleIndex)
                     .arg(sample.checkIndex)
                     .arg(runName(sample.runId), sqlError(q));
        return false;
    }
    q.finish();
    return true;
}

bool RunRowWriter::insertApproval(const ApprovalRecord& approval, QString* error)
{
    QSqlQuery& q = *m_insertApproval;
    q.bindValue(0, approval.runId);
    q.bindValue(1, approval.approver);
    q.bindValue(2, approvalDecisionName(approval.decision));
    q.bindValue(3, StoreCodec::text(approval.planHash));
    q.bindValue(4, approval.timeMs);
    q.bindValue(5, StoreCodec::text(approval.reason));
    if (!q.exec()) {
        *error = QStringLiteral("%1 by %2 on %3: %4")
                     .arg(approvalDecisionName(approval.decision), approval.approver, runName(approval.runId),
                         sqlError(q));
        return false;
    }
    q.finish();
    return true;
}

} // namespace firebreak
