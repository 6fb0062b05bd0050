#pragma once

#include "reviewdraft.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>

class QTimer;

namespace firebreak {

class ReviewSaver;
struct CommittedBatch;

// Keeps a durable copy of the review someone is typing no more than about a second behind them, so
// that a crash or a SIGKILL loses at most the last second. The first change after a durable copy arms
// a timer that is never pushed back by further typing (a debounce would slide for as long as the
// person types and save nothing); when it fires, the latest text is written. One write is in flight at
// a time and later changes wait for it, coalesced into the newest text. A failed write is tried again.
class ReviewAutosaver final : public QObject {
    Q_OBJECT
public:
    enum class State {
        Saved, // the durable copy is the text (or nothing was typed yet)
        Unsaved, // typed since the last durable copy; a write is scheduled
        Saving, // a write is in flight
        Failed, // the last write failed; it is tried again
    };
    Q_ENUM(State)

    // The longest a change waits before its write starts. Writes take a few milliseconds (one
    // fsync), so the copy on disk trails the typing by well under a second.
    static constexpr int MaxDelayMs = 400;
    static constexpr int RetryDelayMs = 2000;

    ReviewAutosaver(ReviewSaver& saver, qint64 incidentId, QString author, QObject* parent = nullptr);
    ~ReviewAutosaver() override;

    // Who is typing (the signed-in person); nothing is written while it is empty.
    void setAuthor(const QString& author);
    // The saved version the text is being edited from.
    void setBaseVersion(int version);
    // The text on screen is a durable copy taken at `savedMs` (recovered from the store).
    void setLastSaved(qint64 savedMs);
    State state() const { return m_state; }
    qint64 lastSavedMs() const { return m_lastSavedMs; } // when the durable copy was taken; 0: none yet
    QString lastError() const { return m_lastError; }
    // Whether some typed text is not known to be durable yet.
    bool hasUnsavedText() const { return m_dirty || m_inFlight != 0; }

public Q_SLOTS:
    void textChanged(const QString& text);
    // Writes the latest text now (closing, focus leaving the editor), or right after the write in flight.
    void flush();

Q_SIGNALS:
    void stateChanged(firebreak::ReviewAutosaver::State state);
    void savedAt(qint64 savedMs);
    void failed(const QString& error);

private:
    void onSaved(quint64 ticket, const firebreak::CommittedBatch& batch);
    void onSaveFailed(quint64 ticket, const QString& error);
    void writeNow();
    void setState(State state);

    ReviewSaver& m_saver;
    qint64 m_incidentId = 0;
    QString m_author;
    int m_baseVersion = 0;
    QString m_text;
    bool m_dirty = false; // m_text is not (being) written
    bool m_flushAfterWrite = false;
    QElapsedTimer m_dirtySince; // since the oldest change not yet written
    QTimer* m_timer = nullptr;
    quint64 m_inFlight = 0; // ticket of the write in flight
    qint64 m_inFlightMs = 0;
    qint64 m_lastSavedMs = 0;
    QString m_lastError;
    State m_state = State::Saved;
};

} // namespace firebreak
