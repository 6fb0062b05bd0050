#pragma once

#include "labelset.h"

#include <QMetaType>
#include <QString>
#include <optional>

namespace firebreak {

// Lifecycle of an incident. Transitions only move forward; each stamps its milestone time.
enum class IncidentStatus { Open = 0, Acknowledged = 1, Mitigated = 2, Resolved = 3, Reviewed = 4 };

QString incidentStatusName(IncidentStatus status);
std::optional<IncidentStatus> incidentStatusFromName(const QString& name);

// A group of alerts and events that one commander works as one problem. Milestones are UTC ms,
// 0 while not reached; MTTA and MTTR are derived from them, never typed in.
struct Incident {
    qint64 id = 0;
    QString title;
    int severity = 4; // SEV1 (worst) .. SEV4
    IncidentStatus status = IncidentStatus::Open;
    QString commander;
    QString groupKey; // correlation key, e.g. "region=eu,service=db", or "rule:db-primary;region=eu"
    LabelSet groupLabels;
    qint64 detectedMs = 0;
    qint64 acknowledgedMs = 0;
    qint64 mitigatedMs = 0;
    qint64 resolvedMs = 0;
    qint64 updatedMs = 0; // last alert or event that touched it
    int alertCount = 0; // distinct alerts (fingerprint + startsAt) grouped into it
    int firingCount = 0; // of those, how many still fire
    // The most alerts a notification about this incident said it left out (Alertmanager's
    // truncatedAlerts, set when a receiver's max_alerts cut the list): the incident is incomplete.
    int truncatedAlerts = 0;
    QString hypothesis; // what a multi-signal rule says the problem is; empty for plain grouping

    // Moves to `next` if it is later in the lifecycle, stamping the milestone with `nowMs`.
    // Returns false (and changes nothing) for a backwards or same-state transition.
    bool transitionTo(IncidentStatus next, qint64 nowMs);
    bool isActive() const { return status < IncidentStatus::Resolved; }
    bool operator==(const Incident&) const = default;
};

} // namespace firebreak

Q_DECLARE_METATYPE(firebreak::Incident)
