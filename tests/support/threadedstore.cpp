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
    QObject::connect(&m_saver, &ReviewSaver::enqueueRequested, m_writer, &StoreWriter::enqueue);
    QObject::connect(m_writer, &StoreWriter::committed, &m_saver, &ReviewSaver::onCommitted);
    QObject::connect(m_writer, &StoreWriter::failed, &m_saver, &ReviewSaver::onFailed);
    m_writerThread.start();
    m_readerThread.start();

    StoreOpenResult written;
    StoreOpenResult read;
    // The reader opens read-only, so the writer must have created and migrated the file first.
    QObject::connect(
        m_writer, &StoreWriter::opened, m_writer, [&](const StoreOpenResult& r) { written = r; }, Qt::DirectConnection);
    QMetaObject::invokeMethod(m_writer, &StoreWriter::open, Qt::BlockingQueuedConnection);
    QObject::connect(
        m_reader, &StoreReader::opened, m_reader, [&](const StoreOpenResult& r) { read = r; }, Qt::DirectConnection);
    QMetaObject::invokeMethod(m_reader, &StoreReader::open, Qt::BlockingQueuedConnection);
    QObject::disconnect(m_writer, &StoreWriter::opened, m_writer, nullptr);
    QObject::disconnect(m_reader, &StoreReader::opened, m_reader, nullptr);
    if (!written.ok || written.readOnly)
        m_problem = QStringLiteral("writer: ") + written.problem;
    else if (!read.ok)
        m_problem = QStringLiteral("reader: ") + read.problem;
}

ThreadedStore::~ThreadedStore()
{
    QMetaObject::invokeMethod(m_writer, &StoreWriter::close, Qt::BlockingQueuedConnection);
    m_writerThread.quit();
    m_readerThread.quit();
    m_writerThread.wait();
    m_readerThread.wait();
}

bool ThreadedStore::write(const WriteBatch& batch, QString* error, int timeoutMs)
{
    QEventLoop loop;
    bool saved = false;
    QString failure = QStringLiteral("timed out");
    quint64 ticket = 0;
    m_lastCommitted = {};
    const auto onSaved
        = QObject::connect(&m_saver, &ReviewSaver::saved, &loop, [&](quint64 t, const CommittedBatch& b) {
              if (t == ticket) {
                  saved = true;
                  m_lastCommitted = b;
                  loop.quit();
              }
          });
    const auto onFailed = QObject::connect(&m_saver, &ReviewSaver::saveFailed, &loop, [&](quint64 t, const QString& e) {
        if (t == ticket) {
            failure = e;
            loop.quit();
        }
    });
    ticket = m_saver.save(batch);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    QObject::disconnect(onSaved);
    QObject::disconnect(onFailed);
    if (!saved && error)
        *error = failure;
    return saved;
}

CommittedBatch ThreadedStore::commit(const WriteBatch& batch, int timeoutMs)
{
    return write(batch, nullptr, timeoutMs) ? m_lastCommitted : CommittedBatch {};
}
