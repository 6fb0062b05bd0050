#pragma once

#include <QString>
#include <optional>

namespace firebreak {

// What a roster user may do. The roles are ordered and each includes the ones before it:
//   viewer     sees incidents, runs and the timeline
//   responder  and also approves runs whose approval gate asks for a responder
//   commander  and also approves runs that ask for a commander (every high and critical run)
//   admin      and also everything a commander may do
// So "holds commander" is true for a commander and for an admin (roleIncludes).
enum class Role { Viewer, Responder, Commander, Admin };

QString roleName(Role role); // viewer | responder | commander | admin
std::optional<Role> roleFromName(const QString& name);
// Whether someone holding `held` may act where `required` is asked for.
bool roleIncludes(Role held, Role required);

} // namespace firebreak
