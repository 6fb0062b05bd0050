#pragma once

#include "severity.h"

#include <QByteArray>
#include <QMetaType>
#include <QString>
#include <QVector>

namespace firebreak {

// One row of an incident timeline. Everything the console shows over time is an Event: alerts
// firing and resolving, deploys, gate decisions, approvals, steps, notes. Times are UTC ms.
struct Event {
    qint64 id = 0; // store rowid; 0 until committed
    qint64 incidentId = 0; // 0 = not (yet) part of an incident, e.g. a deploy
    qint64 timeMs = 0;
    QString source; // "sandbox", "alertmanager", "operator", ...
    QString kind; // see EventKind
    Severity severity = Severity::Info;
    QString title;
    QByteArray body; // compact JSON object, may be empty
    QString actor; // who or what caused it

    bool operator==(const Event&) const = default;
};

// The timeline kinds named in DESIGN.md, as constants so that a typo is a compile error.
namespace EventKind {
inline constexpr auto AlertFiring = "alert.firing";
inline constexpr auto AlertResolved = "alert.resolved";
inline constexpr auto MetricBreach = "metric.breach";
inline constexpr auto ChangeDeploy = "change.deploy";
inline constexpr auto ChangeCron = "change.cron";
inline constexpr auto ChangeEvent = "change.event"; // any other CloudEvent; its type is kept in the body
inline constexpr auto IncidentOpened = "incident.opened";
inline constexpr auto IncidentStatus = "incident.status";
inline constexpr auto IncidentCorrelated = "incident.correlated"; // a multi-signal rule matched
inline constexpr auto IncidentCommander = "incident.commander"; // someone took or was given command
inline constexpr auto Note = "note";
inline constexpr auto ChaosInjected = "chaos.injected";
inline constexpr auto ChaosCleared = "chaos.cleared";
inline constexpr auto ActionExecuted = "action.executed";
inline constexpr auto IngestQuarantined = "ingest.quarantined";
inline constexpr auto AlertTruncated = "alert.truncated";
inline constexpr auto RunProposed = "run.proposed";
inline constexpr auto RunState = "run.state"; // a run changed state without a more specific kind below
inline constexpr auto GatePassed = "gate.passed";
inline constexpr auto GateBlocked = "gate.blocked";
inline constexpr auto ApprovalRequested = "approval.requested";
inline constexpr auto ApprovalGranted = "approval.granted";
inline constexpr auto ApprovalDenied = "approval.denied";
inline constexpr auto ApprovalRefused = "approval.refused"; // a decision the rules did not accept
inline constexpr auto ApprovalExpired = "approval.expired";
inline constexpr auto StepStarted = "step.started";
inline constexpr auto StepSucceeded = "step.succeeded";
inline constexpr auto StepFailed = "step.failed";
inline constexpr auto VerifyPassed = "verify.passed";
inline constexpr auto VerifyFailed = "verify.failed";
inline constexpr auto RollbackStarted = "rollback.started";
inline constexpr auto RollbackSucceeded = "rollback.succeeded";
inline constexpr auto RollbackFailed = "rollback.failed";
inline constexpr auto SuppressionStarted = "suppression.started";
inline constexpr auto SuppressionEnded = "suppression.ended";
inline constexpr auto AutomationFrozen = "automation.frozen";
} // namespace EventKind

} // namespace firebreak

Q_DECLARE_METATYPE(firebreak::Event)
