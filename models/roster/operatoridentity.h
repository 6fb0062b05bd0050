#pragma once

#include "role.h"

#include <QMetaType>
#include <QString>

namespace firebreak {

// Who is at the console, as the roster knows them, without their passphrase hash: what the GUI may
// hold. Empty (name) when nobody has signed in.
struct OperatorIdentity {
    QString name;
    QString displayName;
    Role role = Role::Viewer; // the highest role held

    bool isValid() const { return !name.isEmpty(); }
    bool operator==(const OperatorIdentity&) const = default;
};

} // namespace firebreak

Q_DECLARE_METATYPE(firebreak::OperatorIdentity)
