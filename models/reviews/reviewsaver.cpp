#include "reviews/reviewsaver.h"

namespace firebreak {

ReviewSaver::ReviewSaver(QObject* parent)
    : QObject(parent)
{
}

quint64 ReviewSaver::save(WriteBatch batch)
{
    const quint64 ticket = m_nextTicket++;
    batch.ticket = ticket;
    m_pending.insert(ticket);
    Q_EMIT enqueueRequested(batch);
    return ticket;
}

void ReviewSaver::onCommitted(const CommittedBatch& batch)
{
    for (quint64 ticket : batch.tickets) {
        if (!m_pending.remove(ticket) && !m_failed.remove(ticket))
            continue;
        m_failed.remove(ticket);
        Q_EMIT saved(ticket, batch);
    }
}

void ReviewSaver::onFailed(const QString& error, const QVector<quint64>& tickets)
{
    for (quint64 ticket : tickets) {
        if (!m_pending.remove(ticket))
            continue;
        m_failed.insert(ticket);
        Q_EMIT saveFailed(ticket, error);
    }
}

} // namespace firebreak
