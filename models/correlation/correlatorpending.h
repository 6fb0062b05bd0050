#pragma once

// Shared by the files that implement Correlator; not part of its interface.
#include "correlator.h"

#include <QHash>
#include <QVector>

namespace firebreak {

// What one ingest() or tick() call has changed so far. Each touched incident appears once in the
// batch, in its final state, in the order it was first touched; `last` keeps the final state of
// one that correlation stopped tracking during the call (taken in by a rule incident).
struct Correlator::Pending {
    WriteBatch& batch;
    QVector<qint64> order = {};
    QHash<qint64, Incident> last = {};

    void touch(const Incident& incident)
    {
        if (!last.contains(incident.id))
            order.append(incident.id);
        last.insert(incident.id, incident);
    }
};

} // namespace firebreak
