#pragma once

#include <QSqlDatabase>
#include <QString>
#include <memory>

class QSqlQuery;

namespace firebreak {

// Keeps the timeline's search index (events_search, schema v11) up to date with the events table,
// on the writer's connection and inside the writer's transactions. Indexing is a single INSERT ...
// SELECT over a range of ids, so FTS5 writes one segment per range instead of one per statement,
// and the writer chooses when: with the rows when nobody waits for the commit, later when a sender
// does. search_progress.indexed_upto says how far it got; EventSearch scans what lies beyond.
class SearchIndexer {
public:
    SearchIndexer();
    ~SearchIndexer();
    SearchIndexer(const SearchIndexer&) = delete;
    SearchIndexer& operator=(const SearchIndexer&) = delete;

    // The SQL expression for the searchable text of an event's body column: every text value of a
    // JSON body (keys, numbers and punctuation left out), or the body itself when it is not JSON.
    static QString bodyTextSql(const QString& bodyColumn);
    // Indexes the events with ids in (?1, ?2], oldest first, so that FTS5 appends.
    static QString indexRangeSql();

    bool prepare(QSqlDatabase& db, QString* error); // also reads indexed_upto
    void release();

    qint64 indexedUpTo() const { return m_indexedUpTo; }
    // Indexes the events with ids in (indexedUpTo(), lastId], inside the caller's transaction.
    bool indexUpTo(qint64 lastId, QString* error);
    // After the caller's transaction was rolled back: what the file still says.
    void restore(qint64 indexedUpTo) { m_indexedUpTo = indexedUpTo; }

private:
    std::unique_ptr<QSqlQuery> m_index;
    std::unique_ptr<QSqlQuery> m_progress;
    qint64 m_indexedUpTo = 0;
};

} // namespace firebreak
