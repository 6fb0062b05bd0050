#include "silence.h"

namespace firebreak {

QString silenceStateName(SilenceState state)
{
    switch (state) {
    case SilenceState::Pending:
        return QStringLiteral("pending");
    case SilenceState::Active:
        return QStringLiteral("active");
    case SilenceState::Expired:
        return QStringLiteral("expired");
    }
    return QString();
}

} // namespace firebreak
