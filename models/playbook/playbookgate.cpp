#include "playbookgate.h"

namespace firebreak {

QString playbookGateKindName(PlaybookGate::Kind kind)
{
    switch (kind) {
    case PlaybookGate::Kind::Sustained:
        return QStringLiteral("sustained");
    case PlaybookGate::Kind::Quiet:
        return QStringLiteral("quiet");
    case PlaybookGate::Kind::Confirm:
        return QStringLiteral("confirm");
    case PlaybookGate::Kind::Approval:
        return QStringLiteral("approval");
    case PlaybookGate::Kind::RateLimit:
        return QStringLiteral("rate_limit");
    case PlaybookGate::Kind::BlastRadius:
        return QStringLiteral("blast_radius");
    }
    return {};
}

} // namespace firebreak
