#pragma once

#include "silencematcher.h"

#include <QMetaType>
#include <QString>
#include <QVector>

namespace firebreak {

enum class SilenceState { Pending, Active, Expired };

// An Alertmanager silence (API v2 `gettableSilence` / `postableSilence`). Suppression after a
// remediation creates one so that the alert does not storm while the fix takes hold; the console
// lists them so that an operator sees what is muted. `id` is empty for a silence not yet created.
struct Silence {
    QString id;
    QVector<SilenceMatcher> matchers;
    qint64 startsAtMs = 0;
    qint64 endsAtMs = 0;
    QString createdBy;
    QString comment;
    SilenceState state = SilenceState::Pending; // as the server reported it; ignored when posting
    qint64 updatedAtMs = 0; // 0 for a silence not yet created

    bool operator==(const Silence&) const = default;
};

QString silenceStateName(SilenceState state);

} // namespace firebreak

Q_DECLARE_METATYPE(firebreak::Silence)
