#pragma once

#include "incidentcommand.h"
#include "store/writebatch.h"

#include <optional>

namespace firebreak {

// Turns an operator's IncidentCommand into what the store must hold: the timeline event, the
// incident's new row or the pin, and the audit entry, all in one batch so that nothing an operator
// did is ever stored without its audit entry (or the other way round). Pure: no clock, no I/O; the
// IngestPipeline looks up the incident, stamps the time and hands correlation the result.
class IncidentCurator final {
public:
    struct Outcome {
        WriteBatch batch; // empty when refused
        std::optional<Incident> updated; // the incident as changed (Status, Commander)
        QString refusal; // why nothing was written; empty when accepted
        bool accepted() const { return refusal.isEmpty(); }
    };

    // `tracked` is correlation's copy of the incident when it still tracks it; otherwise the
    // command's own copy is used (when it is the incident the command names).
    static Outcome apply(const IncidentCommand& command, const std::optional<Incident>& tracked, qint64 nowMs);

    static QString subject(qint64 incidentId); // "incident:12"
    static QString firstLine(const QString& text); // a note's title: its first non-empty line, cut to 200

private:
    static Outcome note(const IncidentCommand& command, qint64 nowMs);
    static Outcome pin(const IncidentCommand& command, qint64 nowMs);
    static Outcome status(const IncidentCommand& command, Incident incident, qint64 nowMs);
    static Outcome commander(const IncidentCommand& command, Incident incident, qint64 nowMs);
};

} // namespace firebreak
