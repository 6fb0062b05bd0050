#pragma once

#include <QMetaType>
#include <QString>

namespace firebreak {

// An operator's star on a timeline event, so that the few rows that tell the story of an incident
// can be found again among thousands (and shown alone with the "pinned only" filter). One pin per
// event; `pinned` false removes it. `incidentId` is the incident whose timeline it was pinned in
// (a deploy belongs to no incident but is pinned in one).
struct EventPin {
    qint64 eventId = 0;
    qint64 incidentId = 0;
    bool pinned = true;
    QString actor;
    qint64 timeMs = 0;

    bool operator==(const EventPin&) const = default;
};

} // namespace firebreak

Q_DECLARE_METATYPE(firebreak::EventPin)
