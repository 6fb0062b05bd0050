#pragma once

#include "domain/alert.h"
#include "domain/event.h"
#include "domain/incident.h"
#include "domain/quarantinedpayload.h"

#include <QMetaType>
#include <QVector>

namespace firebreak {

// Everything one ingest step wants stored, written in one transaction together with whatever
// else is pending. Incidents and alerts are upserts (incident by id, alert by fingerprint +
// startsAt); events and quarantined payloads are appended. `ticket` (non-zero) is echoed back in CommittedBatch so a
// caller, such as the webhook receiver, can answer only after its rows are durable.
struct WriteBatch {
    QVector<Incident> incidents;
    QVector<Alert> alerts;
    QVector<Event> events;
    quint64 ticket = 0;
    QVector<QuarantinedPayload> quarantined {}; // last, so brace-initialisers that stop at `ticket` still work
    int rowCount() const { return int(incidents.size() + alerts.size() + events.size() + quarantined.size()); }
};

// What one committed transaction contained: events with their assigned ids, the incidents and
// alerts as stored (the last version of each, an alert with the incident the store keeps for it),
// and the tickets of the batches it covered. The alerts let the GUI follow an incident's alerts
// without reading event bodies.
struct CommittedBatch {
    QVector<Incident> incidents;
    QVector<Alert> alerts;
    QVector<Event> events;
    QVector<quint64> tickets;
    QVector<QuarantinedPayload> quarantined {}; // with their assigned ids
    int rowCount() const { return int(incidents.size() + alerts.size() + events.size() + quarantined.size()); }
};

} // namespace firebreak

Q_DECLARE_METATYPE(firebreak::WriteBatch)
Q_DECLARE_METATYPE(firebreak::CommittedBatch)
