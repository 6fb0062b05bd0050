#pragma once

#include "scheduledfault.h"
#include "worldevent.h"

#include <QVector>

namespace firebreak {

class Prng;
struct WorldState;

// Switches a scenario's faults on and off in the world, and says so on the timeline: a leaky
// release arrives as a change.deploy first (as in real life, the cause precedes the symptoms), and
// every fault is bracketed by chaos.injected / chaos.cleared.
class FaultInjector {
public:
    static void apply(const ScheduledFault& fault, WorldState& state, Prng& prng, QVector<WorldEvent>& events);
};

} // namespace firebreak
