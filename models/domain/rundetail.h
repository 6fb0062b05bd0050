#pragma once

#include "event.h"
#include "run.h"

#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <QVector>

namespace firebreak {

// What one gate of a run decided, as its gate.passed / gate.blocked event told it: the sentence and
// the evidence the gate saw (the samples of each series for sustained and confirm gates, the changes
// for quiet, the targets for blast_radius). Decoded off the GUI thread.
struct GateOutcome {
    int index = -1; // position among the plan's gates; -1 for rate_limit decisions not tied to one
    QString kind; // sustained | quiet | confirm | approval | rate_limit | blast_radius
    bool passed = false;
    QString reason;
    QJsonObject evidence;
    qint64 timeMs = 0;
    qint64 eventId = 0;

    bool operator==(const GateOutcome&) const = default;
};

// Everything the approval and run views show about one run, read in one go by the store reader so
// that the GUI thread never decodes a payload: the run row, its plan decoded from canonical JSON
// (RenderedPlan::toJson's shape), the latest outcome of each gate, the step records, every
// verification sample, every approval decision, and the run's own timeline (events whose body names
// the run), oldest first.
struct RunDetail {
    Run run;
    QJsonObject plan;
    QVector<GateOutcome> gates;
    QVector<RunStepRecord> steps; // by phase (steps, then rollback), then index
    QVector<VerifySample> samples; // in the order they were taken
    QVector<ApprovalRecord> approvals; // in the order they were given
    QVector<Event> events; // oldest first

    bool operator==(const RunDetail&) const = default;
};

} // namespace firebreak

Q_DECLARE_METATYPE(firebreak::GateOutcome)
Q_DECLARE_METATYPE(firebreak::RunDetail)
