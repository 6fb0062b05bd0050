#pragma once

#include "audit/auditentry.h"
#include "domain/alert.h"
#include "domain/event.h"
#include "domain/eventpin.h"
#include "domain/inboxdelivery.h"
#include "domain/incident.h"
#include "domain/quarantinedpayload.h"
#include "domain/run.h"
#include "reviews/actionitem.h"
#include "reviews/review.h"
#include "reviews/reviewdraft.h"
#include "reviews/reviewtimelineentry.h"
#include "reviews/reviewverdict.h"

#include <QMetaType>
#include <QVector>

namespace firebreak {

// Everything one ingest step wants stored, written in one transaction together with whatever
// else is pending. Incidents and alerts are upserts (incident by id, alert by fingerprint +
// startsAt); events, quarantined payloads and audit entries are appended. Audit entries need only
// time, actor, action, subject and details: the writer numbers and chains them. `ticket` (non-zero) is echoed back in
// CommittedBatch so a caller, such as the webhook receiver, can answer only after its rows are durable.
// Runs are upserts by id and run steps by (runId, phase, index); verification samples and approvals
// are appended. Pins are upserts by event id (unpinning deletes). A run's update and the events that tell of it belong
// in one batch: they are committed together or not at all. Inbox deliveries are appended raw; `inboxDone`
// deletes the deliveries this batch's rows were made from, in the same transaction as the rows.
struct WriteBatch {
    // Every member has an initialiser, so designated initialisers may name only what they fill.
    QVector<Incident> incidents {};
    QVector<Alert> alerts {};
    QVector<Event> events {};
    quint64 ticket = 0;
    QVector<QuarantinedPayload> quarantined {}; // after `ticket`, so brace-initialisers that stop there still work
    QVector<AuditEntry> audit {};
    QVector<Run> runs {};
    QVector<RunStepRecord> runSteps {};
    QVector<VerifySample> verifySamples {};
    QVector<ApprovalRecord> approvals {};
    QVector<EventPin> pins {}; // upserts by event id; a pin with pinned = false deletes the row
    // Each review is saved as a new version (the store numbers it and appends its audit entry:
    // review.saved, or review.finalised for a final one); `version` is ignored.
    QVector<Review> reviews {};
    QVector<ReviewTimelineEntry> reviewTimeline {}; // upserts by id (0: new); `removed` deletes
    QVector<ActionItem> actionItems {}; // upserts by id (0: new)
    QVector<ReviewVerdict> reviewVerdicts {}; // upserts by (incident, subject kind, subject id)
    // Autosaved review text: upserts by incident, not audited, not versioned. A version saved in the
    // same or a later batch leaves the draft in place; the reader decides which one is newer.
    QVector<ReviewDraftText> reviewDrafts {};
    QVector<InboxDelivery> deliveries {}; // appended to the inbox; committed before any answer
    QVector<qint64> inboxDone {}; // inbox ids whose rows are in this batch: deleted with them
    int rowCount() const
    {
        return int(incidents.size() + alerts.size() + events.size() + quarantined.size() + audit.size() + runs.size()
            + runSteps.size() + verifySamples.size() + approvals.size() + pins.size() + reviews.size()
            + reviewTimeline.size() + actionItems.size() + reviewVerdicts.size() + reviewDrafts.size()
            + deliveries.size() + inboxDone.size());
    }
};

// What one committed transaction contained: events with their assigned ids, the incidents and
// alerts as stored (the last version of each, an alert with the incident the store keeps for it),
// the audit entries as chained, the run rows,
// and the tickets of the batches it covered. The alerts let the GUI follow an incident's alerts
// without reading event bodies.
struct CommittedBatch {
    QVector<Incident> incidents;
    QVector<Alert> alerts;
    QVector<Event> events;
    QVector<quint64> tickets;
    QVector<QuarantinedPayload> quarantined {}; // with their assigned ids
    QVector<AuditEntry> audit {}; // as stored: with id, prevHash and hash
    QVector<Run> runs {}; // the last version of each run written, in the order each first appeared
    QVector<RunStepRecord> runSteps {}; // likewise, the last version of each (runId, phase, index)
    QVector<VerifySample> verifySamples {}; // every sample, in order
    QVector<ApprovalRecord> approvals {}; // every decision, in order
    QVector<EventPin> pins {}; // every pin and unpin, in order
    QVector<Review> reviews {}; // every version saved, in order, with the version the store gave it
    QVector<ReviewTimelineEntry> reviewTimeline {}; // in order, with assigned ids
    QVector<ActionItem> actionItems {}; // in order, with assigned ids
    QVector<ReviewVerdict> reviewVerdicts {}; // in order
    QVector<ReviewDraftText> reviewDrafts {}; // every autosave, in order
    // Deliveries appended to the inbox, with their ids and tickets (the bodies are not carried back).
    QVector<InboxDelivery> delivered {};
    QVector<qint64> inboxDone {}; // inbox ids deleted because their rows are in this commit
    int rowCount() const
    {
        return int(incidents.size() + alerts.size() + events.size() + quarantined.size() + audit.size() + runs.size()
            + runSteps.size() + verifySamples.size() + approvals.size() + pins.size() + reviews.size()
            + reviewTimeline.size() + actionItems.size() + reviewVerdicts.size() + reviewDrafts.size()
            + delivered.size() + inboxDone.size());
    }
};

} // namespace firebreak

Q_DECLARE_METATYPE(firebreak::WriteBatch)
Q_DECLARE_METATYPE(firebreak::CommittedBatch)
