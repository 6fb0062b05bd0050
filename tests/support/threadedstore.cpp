#include "threadedstore.h"

#include "store/storereader.h"
#include "store/storewriter.h"

#include <QEventLoop>
#include <QTimer>

using namespace firebreak;

ThreadedStore::ThreadedStore(const QString& path)
    : m_writer(new StoreWriter(path))
    , m_reader(new StoreReader(path))
{
    m_writer->moveToThread(&m_writerThread);
    m_reader->moveToThread(&m_readerThread);
    QObject::connect(&m_writerThread, &QThread::finished, m_writer, &QObject::deleteLater);
    QObject::connect(&m_readerThread, &QThread::finished, m_reader, &QObject::deleteLater);
    m_writerThread.start();
    m_readerThread.start();
    QObject::connect(&m_saver, &ReviewSaver::enqueueRequested, m_writer, &StoreWriter::enqueue, Qt::QueuedConnection);
    QObject::connect(m_writer, &StoreWriter::committed, &m_saver, &ReviewSaver::onCommitted, Qt::QueuedConnection);
    QObject::connect(m_writer, &StoreWriter::failed, &m_saver, &ReviewSaver::onFailed, Qt::QueuedConnection);
    StoreOpenResult writerOpened;
    StoreOpenResult readerOpened;
    // The writer creates and migrates the file before the reader opens it read-only.
    QObject::connect(
        m_writer, &StoreWriter::opened, m_writer, [&writerOpened](const StoreOpenResult& r) { writerOpened = r; },
        Qt::DirectConnection);
    QMetaObject::invokeMethod(m_writer, &StoreWriter::open, Qt::BlockingQueuedConnection);
    QObject::connect(
        m_reader, &StoreReader::opened, m_reader, [&readerOpened](const StoreOpenResult& r) { readerOpened = r; },
        Qt::DirectConnection);
    QMetaObject::invokeMethod(m_reader, &StoreReader::open, Qt::BlockingQueuedConnection);
    m_open = writerOpened.ok && readerOpened.ok;
    if (!m_open)
        qWarning() << "ThreadedStore:" << writerOpened.problem << readerOpened.problem;
    QObject::disconnect(m_writer, &StoreWriter::opened, m_writer, nullptr);
    QObject::disconnect(m_reader, &StoreReader::opened, m_reader, nullptr);
}

ThreadedStore::~ThreadedStore()
{
    QMetaObject::invokeMethod(m_writer, &StoreWriter::close, Qt::BlockingQueuedConnection);
    m_writerThread.quit();
    m_readerThread.quit();
    m_writerThread.wait();
    m_readerThread.wait();
}

CommittedBatch ThreadedStore::write(const WriteBatch& batch)
{
    CommittedBatch result;
    bool done = false;
    QEventLoop loop;
    const quint64 ticket = m_saver.save(batch);
    const auto saved = QObject::connect(
        &m_saver, &ReviewSaver::saved, &loop, [&](quint64 savedTicket, const CommittedBatch& committed) {
            if (savedTicket != ticket)
                return;
            result = committed;
            done = true;
            loop.quit();
        });
    const auto failed
        = QObject::connect(&m_saver, &ReviewSaver::saveFailed, &loop, [&](quint64 failedTicket, const QString& error) {
              if (failedTicket != ticket)
                  return;
              qWarning() << "ThreadedStore::write failed:" << error;
              loop.quit();
          });
    QTimer::singleShot(5000, &loop, &QEventLoop::quit);
    if (!done)
        loop.exec();
    QObject::disconnect(saved);
    QObject::disconnect(failed);
    return result;
}
