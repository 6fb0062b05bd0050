#pragma once

#include "reviews/reviewsaver.h"
#include "store/writebatch.h"

#include <QString>
#include <QThread>

namespace firebreak {
class StoreReader;
class StoreWriter;
} // namespace firebreak

// The store as the console runs it, for tests of widgets that read and write reviews: the writer and
// the reader each on their own thread with their own connection, and a ReviewSaver wired to the
// writer with queued connections exactly as the app wires it.
class ThreadedStore {
public:
    explicit ThreadedStore(const QString& path);
    ~ThreadedStore();
    ThreadedStore(const ThreadedStore&) = delete;
    ThreadedStore& operator=(const ThreadedStore&) = delete;

    bool isOpen() const { return m_open; }
    firebreak::StoreWriter* writer() const { return m_writer; }
    firebreak::StoreReader* reader() const { return m_reader; }
    firebreak::ReviewSaver& saver() { return m_saver; }
    // Saves `batch` through the saver and waits (up to 5 s) until it is committed.
    firebreak::CommittedBatch write(const firebreak::WriteBatch& batch);

private:
    QThread m_writerThread;
    QThread m_readerThread;
    firebreak::StoreWriter* m_writer = nullptr;
    firebreak::StoreReader* m_reader = nullptr;
    firebreak::ReviewSaver m_saver;
    bool m_open = false;
};
