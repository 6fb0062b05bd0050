#pragma once

#include <QString>

namespace firebreak {

// A change to the system that could explain an alert by itself (a deploy, a cron run, a maintenance
// window), as the run engine hands it to the quiet gate. Kinds are the playbook's words: "deploy",
// "cron", "maintenance"; "change.deploy" and the like are read as the same kinds.
struct ChangeRecord {
    qint64 timeMs = 0; // when it happened; for a maintenance window, when the window opens
    qint64 endMs = 0; // a maintenance window's end; 0 (or <= timeMs) for a change at one instant
    QString kind;
    QString title;
    qint64 eventId = 0; // the timeline event it came from, 0 when it has none (configured windows)
    bool operator==(const ChangeRecord&) const = default;
};

} // namespace firebreak
