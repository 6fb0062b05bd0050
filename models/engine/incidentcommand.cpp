#include "incidentcommand.h"

namespace firebreak {

QString incidentCommandKindName(IncidentCommand::Kind kind)
{
    switch (kind) {
    case IncidentCommand::Kind::Note:
        return QStringLiteral("note");
    case IncidentCommand::Kind::Pin:
        return QStringLiteral("pin");
    case IncidentCommand::Kind::Unpin:
        return QStringLiteral("unpin");
    case IncidentCommand::Kind::Status:
        return QStringLiteral("status");
    case IncidentCommand::Kind::Commander:
        return QStringLiteral("commander");
    }
    return QStringLiteral("note");
}

} // namespace firebreak
