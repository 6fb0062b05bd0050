#pragma once

#include "gatedecision.h"
#include "runengine.h"
#include "verificationrunner.h"

#include <QPointer>
#include <QTimer>
#include <memory>

namespace firebreak {

// Everything the engine holds about a run it is driving (private to RunEngine's source files).
struct RunEngine::Active {
    Run run;
    RenderedPlan plan;
    qint64 alertStartsMs = 0;
    bool forceApproval = false; // re-proposed by a commander: never approved by Firebreak itself
    int gateIndex = 0;
    qint64 gateWaitingSinceMs = 0; // a sustained gate not yet held is asked again until its deadline
    QVector<ApprovalRecord> approvals;
    RunStepRecord::Phase phase = RunStepRecord::Phase::Steps;
    int stepIndex = 0;
    RunStepRecord step; // the step in flight
    bool executorBusy = false; // an executor holds a request of this run
    bool finished = false; // finishRun() ran while a step was in flight: its outcome is only recorded
    bool abortRequested = false;
    QString abortReason;
    QString abortActor;
    std::unique_ptr<QTimer> expiry;
    std::unique_ptr<VerificationRunner> verifier;
    VerifySample::Phase verifyPhase = VerifySample::Phase::Verify;
};

} // namespace firebreak
