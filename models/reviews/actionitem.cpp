#include "actionitem.h"

namespace firebreak {

QString actionItemStatusName(ActionItemStatus status)
{
    switch (status) {
    case ActionItemStatus::Open:
        return QStringLiteral("open");
    case ActionItemStatus::Done:
        return QStringLiteral("done");
    case ActionItemStatus::Dropped:
        return QStringLiteral("dropped");
    }
    return QStringLiteral("open");
}

std::optional<ActionItemStatus> actionItemStatusFromName(const QString& name)
{
    for (const ActionItemStatus status :
        { ActionItemStatus::Open, ActionItemStatus::Done, ActionItemStatus::Dropped }) {
        if (actionItemStatusName(status) == name)
            return status;
    }
    return std::nullopt;
}

} // namespace firebreak
