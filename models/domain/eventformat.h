#pragma once

#include <QByteArray>
#include <QString>

namespace firebreak {

struct Event;

// The one textual form of a timeline event, shared by `--headless` and `firebreak timeline` so that
// both print exactly the same thing for the same event.
namespace EventFormat {
// One compact JSON object (no trailing newline) with at least time (ISO 8601 UTC, ms), time_ms,
// id, incident, kind, severity, source, title, actor; body is embedded when it is valid JSON.
QByteArray toJsonLine(const Event& event);
// "2026-11-21T03:04:05.123Z  #12  critical  alert.firing  sandbox  DiskSpaceHigh on db-eu-1"
QString toTextLine(const Event& event);
// One of the two above as UTF-8 with a trailing newline, ready to write to a stream.
QByteArray toOutputLine(const Event& event, bool json);
} // namespace EventFormat

} // namespace firebreak
