#pragma once

#include "audit/audithead.h"
#include "inboxrowwriter.h"
#include "pinrowwriter.h"
#include "reviewrowwriter.h"
#include "runrowwriter.h"
#include "searchindexer.h"
#include "sqlitestatement.h"
#include "storeopenresult.h"
#include "writebatch.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <atomic>
#include <functional>
#include <memory>
#include <vector>

class QSqlQuery;
class QTimer;

namespace firebreak {

// The only writer of the store. Lives on its own thread with its own connection and groups
// whatever arrives into one transaction at most every 50 ms or every 2,000 rows, never one
// transaction per row. A batch with a ticket (a sender waits for it) is committed as soon as the
// batches queued before it are in, together with them. Use: construct, moveToThread, then invoke open() (queued).
class StoreWriter : public QObject {
    Q_OBJECT
public:
    static constexpr int MaxBatchRows = 2000;
    static constexpr int MaxBatchDelayMs = 50;
    // A failed transaction's rows are kept and retried, first after this delay, doubling up to
    // the maximum; at most this many rows are kept.
    static constexpr int FirstRetryDelayMs = 500;
    static constexpr int MaxRetryDelayMs = 30000;
    static constexpr int MaxRetainedRows = 200000;
    // The search index follows the events: with them when no sender waits for the commit,
    // otherwise once senders have paused for SearchIdleMs (or MaxSearchDelayMs after it fell behind,
    // if they never pause), at most SearchChunk events per
    // transaction, and never further than MaxSearchLag behind (past it, each commit indexes a chunk).
    static constexpr int SearchChunk = 2000;
    static constexpr int MaxSearchLag = 20000;
    static constexpr int SearchIdleMs = 250;
    static constexpr int MaxSearchDelayMs = 1000;

    explicit StoreWriter(QString path, QObject* parent = nullptr);
    ~StoreWriter() override;

    // Highest incident id in the store, so correlation can continue numbering after a restart.
    qint64 maxIncidentId() const { return m_maxIncidentId; }
    // Whether the store is open for writing, readable from any thread (for GET /healthz).
    bool acceptsWrites() const { return m_writable.load(); }

public Q_SLOTS:
    void open();
    void enqueue(const firebreak::WriteBatch& batch);
    void flush(); // commit whatever is pending now
    void close();

Q_SIGNALS:
    void opened(const firebreak::StoreOpenResult& result);
    void committed(const firebreak::CommittedBatch& batch);
    // The store could not take a batch (disk full, read-only). Tickets let callers answer 503. The
    // rows themselves are kept and retried (see retainForRetry) while the store stays open.
    void failed(const QString& error, const QVector<quint64>& tickets);
    // The search index now covers every event up to this id (reported after each commit that moved it).
    void searchIndexed(qint64 lastEventId);

private:
    // A prepared multi-row INSERT. Events go in many rows per statement because SQLite opens a
    // statement savepoint for each statement that fires triggers, and FTS5 flushes its pending
    // index at every savepoint: one row per statement makes indexing several times slower.
    struct EventInsert {
        int rows = 0;
        std::unique_ptr<SqliteStatement> statement;
    };

    bool prepareStatements(QString* error);
    void retainForRetry(QVector<WriteBatch> batches);
    bool writeRows(const QVector<WriteBatch>& batches, CommittedBatch* out, QString* error);
    bool insertEvents(const QVector<Event>& events, QString* error);
    bool insertQuarantined(const QVector<WriteBatch>& batches, CommittedBatch* out, QString* error);
    bool appendAudit(const QVector<WriteBatch>& batches, CommittedBatch* out, QString* error);
    bool appendAuditEntry(const AuditEntry& entry, CommittedBatch* out, QString* error);
    bool indexForSearch(bool sendersWait, QString* error);
    void indexBacklog();
    bool writeReviewRows(const QVector<WriteBatch>& batches, CommittedBatch* out, QString* error);
    static bool acceptAudit(WriteBatch* batch, QString* error);
    bool inTransaction(const std::function<bool(QString*)>& work, QString* error);
    bool execControl(QSqlQuery* query, QString* error);
    void releaseStatements();
    static QVector<quint64> ticketsOf(const QVector<WriteBatch>& batches);

    QString m_path;
    // Atomic because the owner of the writer reads it from another thread (added by the implementation).
    std::atomic<qint64> m_maxIncidentId = 0;
    QString m_connectionName;
    QTimer* m_timer = nullptr;
    QTimer* m_indexTimer = nullptr; // indexes the search backlog when nothing else is pending
    QElapsedTimer m_backlogSince; // when the search index last fell behind
    // Atomic because acceptsWrites() is read from other threads (added by the implementation).
    std::atomic<bool> m_writable = false;
    QString m_unwritableReason;
    QVector<WriteBatch> m_pending;
    int m_pendingRows = 0;
    int m_retryDelayMs = 0; // 0 while the store takes writes
    // Prepared once after open and reused by every commit.
    std::unique_ptr<QSqlQuery> m_begin;
    std::unique_ptr<QSqlQuery> m_commit;
    std::unique_ptr<QSqlQuery> m_rollback;
    std::unique_ptr<QSqlQuery> m_maxEventId;
    std::unique_ptr<QSqlQuery> m_upsertIncident;
    SqliteStatement m_upsertAlert;
    std::unique_ptr<QSqlQuery> m_insertQuarantine;
    std::unique_ptr<QSqlQuery> m_insertAudit;
    // Where the next audit entry continues the chain: read once at open, advanced as entries are
    // written and put back when their transaction fails (the writer is the log's only appender).
    AuditHead m_auditHead;
    std::vector<EventInsert> m_insertEvents; // largest first, the last one takes a single row
    qint64 m_lastEventId = 0; // the highest event id in the file, as of the last commit
    SearchIndexer m_search;
    RunRowWriter m_runRows; // runs, run steps, verification samples, approvals (added by the implementation)
    PinRowWriter m_pinRows; // pins on timeline events (added by the implementation)
    InboxRowWriter m_inboxRows; // webhook deliveries answered before their rows are written
    ReviewRowWriter m_reviewRows; // reviews, their timelines, action items, verdicts (added by the implementation)
};

} // namespace firebreak
