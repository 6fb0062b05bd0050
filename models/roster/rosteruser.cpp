#include "rosteruser.h"

#include <algorithm>

namespace firebreak {

bool RosterUser::hasRole(Role role) const
{
    return std::any_of(roles.cbegin(), roles.cend(), [role](Role held) { return roleIncludes(held, role); });
}

Role RosterUser::highestRole() const
{
    Role highest = Role::Viewer;
    for (Role held : roles) {
        if (roleIncludes(held, highest))
            highest = held;
    }
    return highest;
}

} // namespace firebreak
