#pragma once

#include "domain/event.h"
#include "domain/labelset.h"

#include <QJsonObject>

namespace firebreak {

// Something that happened in the simulated world and belongs on the timeline (a deploy, the batch
// job, a chaos fault, an executed action), with the labels correlation uses to attach it.
struct WorldEvent {
    Event event;
    LabelSet labels;

    static WorldEvent make(qint64 timeMs, const char* kind, Severity severity, const QString& title,
        const QJsonObject& body, const LabelSet& labels);
    // A change.deploy of `service` in `region` from `previous` to `version`.
    static WorldEvent deploy(qint64 timeMs, const QString& service, const QString& region, const QString& version,
        const QString& previous, const QString& note, const QString& actor);
};

} // namespace firebreak
