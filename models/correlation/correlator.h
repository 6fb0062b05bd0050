#pragma once

#include "correlationconfig.h"
#include "store/writebatch.h"

#include <QHash>
#include <QSet>
#include <QVector>

namespace firebreak {

// Groups alerts into incidents (first version: by labels within a time window). Pure engine state:
// no I/O and no clock; it turns alerts into the incident upserts, alert upserts and timeline
// events that the store should write. Restored from the store after a restart.
class Correlator {
public:
    explicit Correlator(CorrelationConfig config);

    // Continue after what the store already holds: open incidents, their alerts, the highest id.
    void restore(const QVector<Incident>& incidents, const QVector<Alert>& alerts, qint64 maxIncidentId);

    // Adds everything these alerts change to `out`. Duplicates (same fingerprint + startsAt +
    // status) add nothing. `nowMs` is when they were received.
    void ingest(const QVector<Alert>& alerts, qint64 nowMs, WriteBatch& out);

    // Attaches a non-alert event (deploy, cron, chaos) to the open incident whose group labels it
    // matches, if any; `labels` are the event's own labels (service, region...).
    void attach(Event& event, const LabelSet& labels) const;

    const CorrelationConfig& config() const { return m_config; }
    QVector<Incident> activeIncidents() const;
    int duplicatesDropped() const { return m_duplicates; }

private:
    // Implementation-private members are added by the implementation.
    CorrelationConfig m_config;
    int m_duplicates = 0;
};

} // namespace firebreak
