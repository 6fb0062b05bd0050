#include "reviewautosaver.h"

#include "reviewsaver.h"

#include <QDateTime>
#include <QTimer>

namespace firebreak {

ReviewAutosaver::ReviewAutosaver(ReviewSaver& saver, qint64 incidentId, QString author, QObject* parent)
    : QObject(parent)
    , m_saver(saver)
    , m_incidentId(incidentId)
    , m_author(std::move(author))
    , m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    m_timer->setTimerType(Qt::PreciseTimer);
    connect(m_timer, &QTimer::timeout, this, &ReviewAutosaver::writeNow);
    connect(&m_saver, &ReviewSaver::saved, this, &ReviewAutosaver::onSaved);
    connect(&m_saver, &ReviewSaver::saveFailed, this, &ReviewAutosaver::onSaveFailed);
}

ReviewAutosaver::~ReviewAutosaver() = default;

void ReviewAutosaver::setAuthor(const QString& author)
{
    m_author = author;
    if (m_dirty && !m_author.isEmpty() && !m_timer->isActive() && m_inFlight == 0)
        m_timer->start(0);
}

void ReviewAutosaver::setBaseVersion(int version)
{
    m_baseVersion = version;
}

void ReviewAutosaver::setLastSaved(qint64 savedMs)
{
    m_lastSavedMs = savedMs;
    Q_EMIT savedAt(savedMs);
}

void ReviewAutosaver::textChanged(const QString& text)
{
    if (!m_dirty)
        m_dirtySince.start();
    m_text = text;
    m_dirty = true;
    if (m_inFlight != 0)
        return; // written, coalesced, when the write in flight is answered
    if (m_state != State::Failed)
        setState(State::Unsaved);
    if (!m_timer->isActive())
        m_timer->start(MaxDelayMs);
}

void ReviewAutosaver::flush()
{
    if (!m_dirty)
        return;
    if (m_inFlight != 0)
        m_flushAfterWrite = true;
    else
        writeNow();
}

void ReviewAutosaver::writeNow()
{
    m_timer->stop();
    if (!m_dirty || m_inFlight != 0 || m_author.isEmpty())
        return;
    ReviewDraftText draft;
    draft.incidentId = m_incidentId;
    draft.author = m_author;
    draft.text = m_text;
    draft.baseVersion = m_baseVersion;
    draft.savedMs = QDateTime::currentMSecsSinceEpoch();
    m_dirty = false;
    m_flushAfterWrite = false;
    m_inFlightMs = draft.savedMs;
    WriteBatch batch;
    batch.reviewDrafts.append(std::move(draft));
    m_inFlight = m_saver.save(std::move(batch));
    setState(State::Saving);
}

void ReviewAutosaver::onSaved(quint64 ticket, const CommittedBatch&)
{
    if (ticket == 0 || ticket != m_inFlight)
        return;
    m_inFlight = 0;
    m_lastSavedMs = m_inFlightMs;
    m_lastError.clear();
    Q_EMIT savedAt(m_lastSavedMs);
    if (!m_dirty) {
        setState(State::Saved);
        return;
    }
    // Typed while the write was in flight: keep to the deadline of the oldest of those changes.
    setState(State::Unsaved);
    const qint64 waited = m_dirtySince.elapsed();
    if (m_flushAfterWrite || waited >= MaxDelayMs)
        writeNow();
    else
        m_timer->start(int(MaxDelayMs - waited));
}

void ReviewAutosaver::onSaveFailed(quint64 ticket, const QString& error)
{
    if (ticket == 0 || ticket != m_inFlight)
        return;
    m_inFlight = 0;
    m_lastError = error;
    // The writer keeps the failed rows and retries them, but their answer no longer comes back by
    // ticket: this copy is written again, with whatever was typed since, until one is confirmed.
    if (!m_dirty) {
        m_dirty = true;
        m_dirtySince.start();
    }
    setState(State::Failed);
    Q_EMIT failed(error);
    m_timer->start(RetryDelayMs);
}

void ReviewAutosaver::setState(State state)
{
    if (state == m_state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

} // namespace firebreak

#include "moc_reviewautosaver.cpp"
