#pragma once

#include <QString>
#include <optional>

namespace firebreak {

// Durations are written the way Prometheus and Alertmanager write them, so that a value can be copied
// between their configurations and ours: units y w d h m s ms, each at most once, largest first, no
// fractions, no sign ("1h30m", "250ms"). "0" alone is zero. Returns milliseconds, or nullopt when the
// text is not such a duration or overflows.
std::optional<qint64> parseDurationMs(const QString& text);

} // namespace firebreak
