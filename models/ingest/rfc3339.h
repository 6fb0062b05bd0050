#pragma once

#include <QString>
#include <QStringView>
#include <optional>

namespace firebreak {

// RFC 3339 timestamps as Alertmanager and Prometheus write them (Go's time.RFC3339Nano), parsed
// by hand: QDateTime::fromString rejects nanosecond fractions and silently accepts things that are
// not RFC 3339, and a webhook must say exactly what was wrong with a time.
namespace Rfc3339 {
// UTC milliseconds since the epoch (fractions below a millisecond are truncated), or nullopt
// with `reason` saying what was wrong ("month 13 out of range", "missing time zone").
std::optional<qint64> parse(QStringView text, QString* reason = nullptr);
} // namespace Rfc3339

} // namespace firebreak
