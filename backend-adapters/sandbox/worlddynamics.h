#pragma once

#include "worldevent.h"

#include <QVector>

namespace firebreak {

class Prng;
struct WorldState;

// How the shop evolves over one tick, faults or not: daily traffic, the nightly batch job and
// unrelated deploys (the background later gates must tell apart from real trouble), leaking pods
// being OOM-killed, caches warming up, slow queries piling up on an overloaded database.
class WorldDynamics {
public:
    // Shared by the dynamics and the metrics: load the database of `region` is under (1 ~ healthy limit).
    static double dbPressure(const WorldState& state, const QString& instance);
    static void advance(WorldState& state, Prng& prng, qint64 tickMs, qint64 dtMs, QVector<WorldEvent>& events);
};

} // namespace firebreak
