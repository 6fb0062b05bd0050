#pragma once

#include "domain/incident.h"

#include <QMetaType>
#include <QString>

namespace firebreak {

// One operator change to an incident or its timeline, as the console asks for it: a note, a pin, a
// status step, a new commander. Every such change travels to the engine thread as one of these and
// is applied there (IngestPipeline::applyCommand), because correlation owns incidents: a change
// made anywhere else would be overwritten by the next alert. The engine writes it with its audit
// entry in one batch, or refuses it and says why.
struct IncidentCommand {
    enum class Kind { Note, Pin, Unpin, Status, Commander };

    Kind kind = Kind::Note;
    qint64 incidentId = 0;
    qint64 eventId = 0; // Pin, Unpin
    QString text; // Note: the full text; Commander: the person's name
    IncidentStatus status = IncidentStatus::Open; // Status: the target
    QString actor; // the signed-in person taking the action; never empty
    // The console's copy of the incident, used only when correlation no longer tracks it (resolved).
    Incident incident;

    bool operator==(const IncidentCommand&) const = default;
};

// "note", "pin", "unpin", "status", "commander": for messages and logs.
QString incidentCommandKindName(IncidentCommand::Kind kind);

} // namespace firebreak

Q_DECLARE_METATYPE(firebreak::IncidentCommand)
