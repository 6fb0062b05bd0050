#include "reviewwritetracker.h"

#include "reviews/reviewsaver.h"

namespace firebreak {

ReviewWriteTracker::ReviewWriteTracker(ReviewSaver& saver, QObject* parent)
    : QObject(parent)
    , m_saver(saver)
{
    connect(&m_saver, &ReviewSaver::saved, this, &ReviewWriteTracker::onSaved);
    connect(&m_saver, &ReviewSaver::saveFailed, this, &ReviewWriteTracker::onFailed);
}

quint64 ReviewWriteTracker::save(const WriteBatch& batch, OnSaved onSaved)
{
    const bool wasBusy = isBusy();
    const quint64 ticket = m_saver.save(batch);
    // The saver emits nothing synchronously: the writer answers through the event loop.
    m_pending.insert(ticket, std::move(onSaved));
    if (!wasBusy)
        Q_EMIT busyChanged(true);
    return ticket;
}

bool ReviewWriteTracker::isBusy() const
{
    return !m_pending.isEmpty();
}

void ReviewWriteTracker::forget()
{
    const bool wasBusy = isBusy();
    m_pending.clear();
    m_failed.clear();
    if (wasBusy)
        Q_EMIT busyChanged(false);
}

void ReviewWriteTracker::onSaved(quint64 ticket, const CommittedBatch& batch)
{
    const bool wasBusy = isBusy();
    OnSaved callback;
    if (m_pending.contains(ticket))
        callback = m_pending.take(ticket);
    else if (m_failed.contains(ticket))
        callback = m_failed.take(ticket);
    if (callback)
        callback(batch);
    Q_EMIT committed(batch);
    if (wasBusy && !isBusy())
        Q_EMIT busyChanged(false);
}

void ReviewWriteTracker::onFailed(quint64 ticket, const QString& error)
{
    if (!m_pending.contains(ticket))
        return;
    m_failed.insert(ticket, m_pending.take(ticket));
    Q_EMIT failed(error);
    if (!isBusy())
        Q_EMIT busyChanged(false);
}

} // namespace firebreak
