#pragma once

#include "passphrasehash.h"
#include "role.h"

#include <QList>
#include <QString>

namespace firebreak {

// One person who may use Firebreak, as the roster file lists them. `name` is what the audit trail and
// approvals record; `displayName` is what the screen shows.
struct RosterUser {
    QString name; // lower-case, unique in the roster
    QString displayName; // the name itself when the file gives none
    QList<Role> roles; // as listed, at least one
    PassphraseHash passphrase;
    int line = 0; // 1-based line of the user's entry in the roster file, 0 when not from a file

    // Whether any role held includes `role` (see Role for the order).
    bool hasRole(Role role) const;
    // The role that includes all the others held.
    Role highestRole() const;

    bool operator==(const RosterUser&) const = default;
};

} // namespace firebreak
