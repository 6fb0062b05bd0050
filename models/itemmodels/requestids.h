#pragma once

#include <QtGlobal>

namespace firebreak {

// Store and metric answers come back by signals that every connected receiver sees; each receiver
// keeps only the ids it asked for and drops the rest (stale or someone else's). That only works if
// no two requesters ever use the same id, so ids come from one process-wide counter, never 0.
namespace RequestIds {
quint64 next();
} // namespace RequestIds

} // namespace firebreak
