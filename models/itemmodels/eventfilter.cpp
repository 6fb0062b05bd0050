#include "eventfilter.h"

#include "domain/event.h"

namespace firebreak {

bool EventFilter::inScope(const EventQuery& query, const Event& event)
{
    if (query.incidentId == 0 || event.incidentId == query.incidentId)
        return true;
    return event.incidentId == 0 && query.contextFromMs > 0 && event.timeMs >= query.contextFromMs;
}

bool EventFilter::matchesStructured(const EventQuery& query, const Event& event)
{
    if (!inScope(query, event))
        return false;
    if (!query.kinds.isEmpty() && !query.kinds.contains(event.kind))
        return false;
    if (!query.severities.isEmpty() && !query.severities.contains(event.severity))
        return false;
    return query.sources.isEmpty() || query.sources.contains(event.source);
}

bool EventFilter::sameFilter(const EventQuery& a, const EventQuery& b)
{
    return a.incidentId == b.incidentId && a.contextFromMs == b.contextFromMs && a.kinds == b.kinds
        && a.severities == b.severities && a.sources == b.sources && a.text == b.text && a.pinnedOnly == b.pinnedOnly;
}

} // namespace firebreak
