#pragma once

#include "labelset.h"
#include "runstate.h"

#include <QByteArray>
#include <QMetaType>
#include <QString>
#include <QVector>

namespace firebreak {

// One execution of a playbook for an incident, as persisted in the `runs` table (upsert by id). The
// plan is the canonical JSON of what will run (every executor, argument, request and target); an
// approval is bound to `planHash`, its SHA-256, so anything that changes the plan voids approvals.
struct Run {
    qint64 id = 0; // assigned by the engine (max id in the store + 1), never reused
    qint64 incidentId = 0;
    QString playbookId;
    QString playbookTitle;
    QString risk; // low | medium | high | critical
    RunState state = RunState::Proposed;
    QString stateReason; // why it is in this state, one sentence ("gate sustained: no data for ...")
    QString alertFingerprint; // the alert that triggered it
    LabelSet labels; // that alert's labels when the plan was rendered
    QByteArray plan; // canonical JSON (CanonicalJson) of the rendered plan
    QString planHash; // lower-case hex SHA-256 of `plan`
    QString requester; // who proposed it: "firebreak" when a trigger did
    qint64 createdMs = 0;
    qint64 updatedMs = 0;
    int approvalsRequired = 0; // 0 = runs without approval
    QString approvalRole;
    qint64 approvalExpiresMs = 0; // 0 = no pending approval
    QString silenceId; // suppression created for this run (Alertmanager id or local id), empty if none
    qint64 silenceEndsMs = 0;

    bool operator==(const Run&) const = default;
};

// The write-ahead record of one step (or rollback step). Committed with status Intent before the
// executor is called, and updated with the outcome afterwards; a step found at Intent after a crash
// may or may not have run, so it is never run again by itself. Upsert by (runId, phase, index).
struct RunStepRecord {
    enum class Status { Intent, Succeeded, Failed };
    enum class Phase { Steps, Rollback };

    qint64 runId = 0;
    Phase phase = Phase::Steps;
    int index = 0; // position in the playbook's steps (or rollback) list, from 0
    QString name;
    QString executor;
    Status status = Status::Intent;
    qint64 startedMs = 0;
    qint64 finishedMs = 0; // 0 while Intent
    QString summary;
    QString output; // bounded
    QString error;

    bool operator==(const RunStepRecord&) const = default;
};

// One sample of a verification check, recorded whatever its outcome (append-only).
struct VerifySample {
    enum class Outcome { Success, Failure, Inconclusive };
    enum class Phase { Verify, RollbackVerify };

    qint64 runId = 0;
    Phase phase = Phase::Verify;
    int checkIndex = 0;
    int sampleIndex = 0;
    qint64 timeMs = 0;
    bool hasValue = false;
    double value = 0;
    Outcome outcome = Outcome::Inconclusive;
    QString detail; // "no data", the query error, or empty

    bool operator==(const VerifySample&) const = default;
};

// A decision by one person on one run, bound to the plan hash they saw (append-only).
struct ApprovalRecord {
    enum class Decision { Granted, Denied };

    qint64 runId = 0;
    QString approver;
    Decision decision = Decision::Granted;
    QString planHash; // the hash the approver was shown
    qint64 timeMs = 0;
    QString reason;

    bool operator==(const ApprovalRecord&) const = default;
};

QString runStepStatusName(RunStepRecord::Status status); // intent | succeeded | failed
QString runStepPhaseName(RunStepRecord::Phase phase); // steps | rollback
QString verifyOutcomeName(VerifySample::Outcome outcome); // success | failure | inconclusive
QString verifyPhaseName(VerifySample::Phase phase); // verify | rollback_verify
QString approvalDecisionName(ApprovalRecord::Decision decision); // granted | denied

} // namespace firebreak

Q_DECLARE_METATYPE(firebreak::Run)
Q_DECLARE_METATYPE(firebreak::RunStepRecord)
Q_DECLARE_METATYPE(firebreak::VerifySample)
Q_DECLARE_METATYPE(firebreak::ApprovalRecord)
