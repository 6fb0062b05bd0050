#pragma once

#include "ingest/webhookpayload.h"

#include <QHash>
#include <QString>
#include <QVector>
#include <deque>

namespace firebreak {

// Why a webhook's sender is answered before its alerts are correlated: correlation and the
// timeline's rows cost several times what committing the raw delivery does, and a sender kept
// waiting through an alert storm times out and delivers everything again. So a delivery that
// parsed is committed raw to the store's inbox and answered, and its parsed payload waits here
// until it is correlated into rows. This decides when: as soon as deliveries pause for idleMs,
// and during a storm that never pauses, once the oldest has waited maxLagMs, so the timeline
// trails the receiver by at most about that. Past maxHeldAlerts a new delivery is refused (the
// sender retries it) rather than held. Deliveries leave in the order they arrived, about half of
// chunkAlerts at a time, and only while fewer than chunkAlerts are taken and not yet written by the
// store (drained()): correlation and the store's writing overlap, and the store's queue stays short.
// Plain logic, no clock of its own: `nowMs` is a monotonic time the caller keeps (a wall clock
// stepped back would stall it); `receivedMs` is the wall time correlation uses.
class DeliveryInbox {
public:
    struct Limits {
        qint64 idleMs = 20;
        qint64 maxLagMs = 2000;
        int chunkAlerts = 2000;
        qint64 maxHeldAlerts = 100'000;
    };

    struct Held {
        quint64 ticket = 0; // 0 for a delivery replayed from the store
        qint64 id = 0; // inbox id, once the store has committed it
        qint64 receivedMs = 0;
        QString source;
        WebhookPayload payload;
        qint64 arrivedMs = 0; // the caller's monotonic now at hold()
    };

    explicit DeliveryInbox(Limits limits);

    // A delivery sent to the store: held until the store commits it (committed) or refuses it
    // (failed). Refused here, holding nothing, when it would take the held alerts past maxHeldAlerts.
    bool hold(quint64 ticket, qint64 receivedMs, QString source, WebhookPayload payload, qint64 nowMs);
    // A delivery read back from the store at start-up: already committed, never refused.
    void holdReplayed(qint64 id, qint64 receivedMs, QString source, WebhookPayload payload);
    void committed(quint64 ticket, qint64 id);
    void failed(quint64 ticket); // its sender was answered 503 and delivers it again
    void drained(const QVector<qint64>& ids); // the rows of these deliveries are committed

    // The deliveries to correlate now, oldest first, or none if it is not yet time. `everything`
    // takes every committed delivery at once, due or not (before alerts from another path are
    // correlated, so that those do not overtake deliveries received before them).
    QVector<Held> take(qint64 nowMs, bool everything = false);
    // Milliseconds until take() would return something if nothing else happened; -1 when only the
    // store can make something due (a commit or a drain it has not reported yet).
    qint64 msUntilDue(qint64 nowMs) const;

    // The wall time the oldest delivery not yet taken was received, or -1 when none waits: what
    // correlation may treat as now until it has been correlated.
    qint64 oldestReceivedMs() const { return m_held.empty() ? -1 : m_held.front().receivedMs; }
    int heldDeliveries() const { return int(m_held.size() + m_inFlight.size()); }
    qint64 heldAlerts() const { return m_heldAlerts; }
    const Limits& limits() const { return m_limits; }

private:
    // The delivery sent with `ticket` that the store has not committed yet, or m_held.end().
    std::deque<Held>::iterator uncommitted(quint64 ticket);

    Limits m_limits;
    std::deque<Held> m_held; // arrival order; the front ones have ids
    QHash<qint64, qint64> m_inFlight; // ids taken and not yet drained -> their alerts
    qint64 m_inFlightAlerts = 0;
    qint64 m_heldAlerts = 0; // in m_held and in flight
    qint64 m_lastArrivalMs = 0;
};

} // namespace firebreak
