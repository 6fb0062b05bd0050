#pragma once

#include "reviews/reviewsaver.h"
#include "store/writebatch.h"

#include <QString>
#include <QThread>

namespace firebreak {
class StoreReader;
class StoreWriter;
} // namespace firebreak

// A store the way the console runs it: the writer and the reader each on their own thread with their
// own connection, and a ReviewSaver wired to the writer (queued both ways). For tests of the review
// window and of autosave under SIGKILL, which must go through exactly these paths.
class ThreadedStore {
public:
    explicit ThreadedStore(const QString& path);
    ~ThreadedStore();
    ThreadedStore(const ThreadedStore&) = delete;
    ThreadedStore& operator=(const ThreadedStore&) = delete;

    // Both connections are open (the writer for writing); otherwise problem() says why.
    bool isOpen() const { return m_problem.isEmpty(); }
    QString problem() const { return m_problem; }
    firebreak::StoreReader* reader() const { return m_reader; }
    firebreak::StoreWriter* writer() const { return m_writer; }
    firebreak::ReviewSaver& saver() { return m_saver; }
    // Stores `batch` through the saver and waits (running the event loop) until it is committed.
    bool write(const firebreak::WriteBatch& batch, QString* error = nullptr, int timeoutMs = 10'000);
    // The same, returning the committed transaction (empty when the write failed or timed out).
    firebreak::CommittedBatch commit(const firebreak::WriteBatch& batch, int timeoutMs = 10'000);

private:
    QThread m_writerThread;
    QThread m_readerThread;
    firebreak::StoreWriter* m_writer = nullptr;
    firebreak::StoreReader* m_reader = nullptr;
    firebreak::ReviewSaver m_saver;
    QString m_problem;
    firebreak::CommittedBatch m_lastCommitted; // (of the last write)
};
