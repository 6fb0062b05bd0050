#include "role.h"

namespace firebreak {

QString roleName(Role role)
{
    switch (role) {
    case Role::Viewer:
        return QStringLiteral("viewer");
    case Role::Responder:
        return QStringLiteral("responder");
    case Role::Commander:
        return QStringLiteral("commander");
    case Role::Admin:
        return QStringLiteral("admin");
    }
    return {};
}

std::optional<Role> roleFromName(const QString& name)
{
    for (Role role : { Role::Viewer, Role::Responder, Role::Commander, Role::Admin }) {
        if (roleName(role) == name)
            return role;
    }
    return std::nullopt;
}

bool roleIncludes(Role held, Role required)
{
    return static_cast<int>(held) >= static_cast<int>(required);
}

} // namespace firebreak
