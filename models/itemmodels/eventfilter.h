#pragma once

#include "store/eventquery.h"

namespace firebreak {

struct Event;

// Pages come from the store already filtered by SQL, but live events arrive straight from the
// writer. This applies the same EventQuery rules to them in memory, so a live row appears exactly
// when a reload would have shown it. The full-text part is not decided here (see TimelineModel).
class EventFilter {
public:
    // Incident scope: the incident's own events, plus events belonging to no incident (deploys,
    // cron, chaos) from contextFromMs on, as the store does.
    static bool inScope(const EventQuery& query, const Event& event);
    // Scope plus kinds, severities and sources (an empty list means "all").
    static bool matchesStructured(const EventQuery& query, const Event& event);
    // Same filter, ignoring paging fields (beforeTimeMs, beforeId, limit).
    static bool sameFilter(const EventQuery& a, const EventQuery& b);
};

} // namespace firebreak
