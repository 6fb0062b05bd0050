#pragma once

#include "domain/rundetail.h"

#include <QString>
#include <QVector>

namespace firebreak {

// Where a run's approvals stand, as the console can tell from the run's records: which grants still
// count (bound to the current plan hash, by distinct people other than the requester), which were
// voided by a new plan, any denial, and how many more of which role are needed. The view shows it and
// the dialog uses it to refuse a second grant by the same person before asking the engine; the engine
// (ApprovalPolicy) stays the judge.
struct ApprovalTally {
    QVector<ApprovalRecord> counted; // grants for the current plan, one per person
    QVector<ApprovalRecord> voided; // grants given for another plan
    QVector<ApprovalRecord> denials;
    int required = 0;
    QString role; // the role each approver must hold
    bool highRisk = false; // high or critical: passphrase and two distinct commanders

    int remaining() const { return qMax(0, required - int(counted.size())); }
    bool hasGranted(const QString& person) const;

    static ApprovalTally of(const RunDetail& detail);
    static bool isHighRisk(const QString& risk);
    // "1 more commander needed", "2 more commanders needed", "no more approvals needed".
    static QString neededText(int remaining, const QString& role);
};

} // namespace firebreak
