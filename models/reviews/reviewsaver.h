#pragma once

#include "store/writebatch.h"

#include <QObject>
#include <QSet>

namespace firebreak {

// The console's way to store what a person wrote in a review (a version, an autosaved draft, an
// action item, a verdict) and to learn when it is durable. The GUI thread must not run SQL, so the
// batch goes to the store writer's thread; the ticket comes back in the committed batch. Tickets
// start at TicketBase so they never meet the receiver's or the run engine's.
//
// A failed write is reported, but the writer keeps the rows and retries them while the store stays
// open, so `saved` may still follow a `saveFailed` for the same ticket.
class ReviewSaver final : public QObject {
    Q_OBJECT
public:
    static constexpr quint64 TicketBase = quint64(1) << 63;

    explicit ReviewSaver(QObject* parent = nullptr);

    // Stamps a fresh ticket on the batch, asks for it to be stored and returns the ticket.
    quint64 save(WriteBatch batch);
    bool isPending(quint64 ticket) const { return m_pending.contains(ticket); }
    int pendingCount() const { return int(m_pending.size()); }

public Q_SLOTS:
    void onCommitted(const firebreak::CommittedBatch& batch);
    void onFailed(const QString& error, const QVector<quint64>& tickets);

Q_SIGNALS:
    // Connect (queued) to StoreWriter::enqueue.
    void enqueueRequested(const firebreak::WriteBatch& batch);
    // `batch` is the whole transaction the rows went into; it may hold other senders' rows too.
    void saved(quint64 ticket, const firebreak::CommittedBatch& batch);
    void saveFailed(quint64 ticket, const QString& error);

private:
    quint64 m_nextTicket = TicketBase;
    QSet<quint64> m_pending;
    QSet<quint64> m_failed; // reported as failed, still retried by the writer
};

} // namespace firebreak
