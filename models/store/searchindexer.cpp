#include "searchindexer.h"

#include <QSqlError>
#include <QSqlQuery>

namespace firebreak {

SearchIndexer::SearchIndexer() = default;
SearchIndexer::~SearchIndexer() = default;

QString SearchIndexer::bodyTextSql(const QString& bodyColumn)
{
    return QStringLiteral("CASE WHEN json_valid(%1) THEN COALESCE((SELECT group_concat(value, ' ')"
                          " FROM json_tree(%1) WHERE type = 'text'), '') ELSE %1 END")
        .arg(bodyColumn);
}

QString SearchIndexer::indexRangeSql()
{
    return QStringLiteral("INSERT INTO events_search(rowid, title, text) SELECT id, title, %1"
                          " FROM events WHERE id > ? AND id <= ? ORDER BY id")
        .arg(bodyTextSql(QStringLiteral("body")));
}

bool SearchIndexer::prepare(QSqlDatabase& db, QString* error)
{
    QSqlQuery read(db);
    if (!read.exec(QStringLiteral("SELECT indexed_upto FROM search_progress WHERE id = 1")) || !read.next()) {
        *error = QStringLiteral("reading how far the search index got: %1")
                     .arg(read.lastError().isValid() ? read.lastError().text() : QStringLiteral("no row"));
        return false;
    }
    m_indexedUpTo = read.value(0).toLongLong();
    m_index = std::make_unique<QSqlQuery>(db);
    m_progress = std::make_unique<QSqlQuery>(db);
    if (!m_index->prepare(indexRangeSql())
        || !m_progress->prepare(QStringLiteral("UPDATE search_progress SET indexed_upto = ? WHERE id = 1"))) {
        *error = QStringLiteral("preparing the search index: %1")
                     .arg((m_index->lastError().isValid() ? m_index->lastError() : m_progress->lastError()).text());
        release();
        return false;
    }
    return true;
}

void SearchIndexer::release()
{
    m_index.reset();
    m_progress.reset();
}

bool SearchIndexer::indexUpTo(qint64 lastId, QString* error)
{
    if (lastId <= m_indexedUpTo)
        return true;
    m_index->bindValue(0, m_indexedUpTo);
    m_index->bindValue(1, lastId);
    if (!m_index->exec()) {
        *error = QStringLiteral("indexing events %1..%2 for search: %3")
                     .arg(m_indexedUpTo + 1)
                     .arg(lastId)
                     .arg(m_index->lastError().text());
        return false;
    }
    m_index->finish();
    m_progress->bindValue(0, lastId);
    if (!m_progress->exec()) {
        *error = QStringLiteral("recording search progress: %1").arg(m_progress->lastError().text());
        return false;
    }
    m_progress->finish();
    m_indexedUpTo = lastId;
    return true;
}

} // namespace firebreak
