#include "eventsearch.h"

#include "ftsquery.h"
#include "searchindexer.h"
#include "storecodec.h"

#include <QSqlError>
#include <QSqlQuery>
#include <algorithm>
#include <limits>
#include <vector>

namespace firebreak {

namespace {

constexpr int ChunkSize = 64; // rowids looked up per statement
constexpr int BlockShift = 10; // event_time_blocks covers 1,024 ids per row (see schema.cpp)

// Newest first: time_ms DESC, id DESC.
bool newer(const Event& a, const Event& b)
{
    return a.timeMs != b.timeMs ? a.timeMs > b.timeMs : a.id > b.id;
}

bool fail(QString* error, const QString& what, const QSqlQuery& query)
{
    if (error)
        *error = what + QStringLiteral(": ") + query.lastError().databaseText();
    return false;
}

} // namespace

// The events the index does not hold yet (ids past search_progress.indexed_upto) that contain every
// word, newest first. Matching is by substring, case-insensitive for ASCII: the backlog is at most
// StoreWriter::MaxSearchLag events and usually none, so it is scanned rather than indexed here.
bool EventSearch::prepareBacklog(QSqlQuery& backlog, const QString& text, qint64 indexedUpTo)
{
    const QVector<FtsQuery::Word> words = FtsQuery::words(text);
    QString sql
        = QStringLiteral("SELECT id FROM (SELECT id, title || ' ' || %1 AS searchable FROM events WHERE id > ?)")
              .arg(SearchIndexer::bodyTextSql(QStringLiteral("body")));
    for (qsizetype i = 0; i < words.size(); ++i)
        sql += (i == 0 ? QStringLiteral(" WHERE") : QStringLiteral(" AND"))
            + QStringLiteral(" searchable LIKE ? ESCAPE '\\'");
    sql += QStringLiteral(" ORDER BY id DESC");
    backlog.setForwardOnly(true);
    if (!backlog.prepare(sql))
        return false;
    backlog.bindValue(0, indexedUpTo);
    int position = 1;
    for (const FtsQuery::Word& word : words) {
        QString pattern = word.text;
        pattern.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
            .replace(QLatin1Char('%'), QLatin1String("\\%"))
            .replace(QLatin1Char('_'), QLatin1String("\\_"));
        backlog.bindValue(position++, QString(QLatin1Char('%') + pattern + QLatin1Char('%')));
    }
    return backlog.exec();
}

QVector<Event> EventSearch::run(
    QSqlDatabase& db, const EventQuery& query, const EventFilter& filter, bool* more, QString* error)
{
    const QString failure = QStringLiteral("search for \"%1\" failed").arg(query.text);
    QSqlQuery progress(db);
    if (!progress.exec(QStringLiteral("SELECT indexed_upto FROM search_progress WHERE id = 1")) || !progress.next()) {
        fail(error, failure, progress);
        return {};
    }
    // Read first: the index holds at least this much whatever the writer does meanwhile, and the
    // backlog scan covers everything after it.
    const qint64 indexedUpTo = progress.value(0).toLongLong();
    progress.finish();
    QSqlQuery backlog(db);
    if (!prepareBacklog(backlog, query.text, indexedUpTo)) {
        fail(error, failure, backlog);
        return {};
    }
    QSqlQuery matches(db);
    matches.setForwardOnly(true);
    if (!matches.prepare(QStringLiteral(
            "SELECT rowid FROM events_search WHERE events_search MATCH ? AND rowid <= ? ORDER BY rowid DESC"))) {
        fail(error, failure, matches);
        return {};
    }
    matches.bindValue(0, FtsQuery::matchExpression(query.text));
    matches.bindValue(1, indexedUpTo);
    QSqlQuery lookup(db);
    lookup.setForwardOnly(true);
    QSqlQuery bound(db);
    if (!matches.exec()
        || !lookup.prepare(QStringLiteral("SELECT ") + StoreCodec::eventColumns()
            + QStringLiteral(" FROM events NOT INDEXED WHERE id IN ") + EventFilter::placeholders(ChunkSize)
            + filter.andConditions())
        || !bound.prepare(
            QStringLiteral("SELECT max_time_ms FROM event_time_blocks WHERE block <= ? ORDER BY block DESC LIMIT 1"))) {
        fail(error, failure, matches.lastError().isValid() ? matches : lookup.lastError().isValid() ? lookup : bound);
        return {};
    }
    // Matching ids, newest first: the backlog's are all newer than the index's.
    bool inBacklog = true;
    const auto nextMatch = [&](qint64* rowid) {
        if (inBacklog) {
            if (backlog.next()) {
                *rowid = backlog.value(0).toLongLong();
                return true;
            }
            inBacklog = false;
        }
        if (!matches.next())
            return false;
        *rowid = matches.value(0).toLongLong();
        return true;
    };

    // The page so far, as a heap whose front is its oldest row.
    const size_t wanted = size_t(query.limit) + 1;
    std::vector<Event> page;
    page.reserve(wanted);
    qint64 boundBlock = -1;
    qint64 blockBound = std::numeric_limits<qint64>::max();
    QVector<qint64> chunk;
    bool done = false;
    while (!done) {
        chunk.clear();
        while (chunk.size() < ChunkSize) {
            qint64 rowid = 0;
            if (!nextMatch(&rowid)) {
                done = true;
                break;
            }
            if (page.size() == wanted) {
                if ((rowid >> BlockShift) != boundBlock) {
                    boundBlock = rowid >> BlockShift;
                    bound.bindValue(0, boundBlock);
                    if (!bound.exec()) {
                        fail(error, failure, bound);
                        return {};
                    }
                    // No row would mean the bound table is behind: then never stop early.
                    blockBound = bound.next() ? bound.value(0).toLongLong() : std::numeric_limits<qint64>::max();
                    bound.finish();
                }
                if (blockBound < page.front().timeMs) {
                    done = true;
                    break;
                }
            }
            chunk.append(rowid);
        }
        if (chunk.isEmpty())
            break;
        int position = 0;
        for (int i = 0; i < ChunkSize; ++i) // unused slots repeat a rowid: IN ignores duplicates
            lookup.bindValue(position++, chunk.at(i < chunk.size() ? i : 0));
        filter.bind(lookup, &position);
        if (!lookup.exec()) {
            fail(error, failure, lookup);
            return {};
        }
        while (lookup.next()) {
            Event event = StoreCodec::eventFrom(lookup);
            if (page.size() < wanted) {
                page.push_back(std::move(event));
                std::push_heap(page.begin(), page.end(), newer);
            } else if (newer(event, page.front())) {
                std::pop_heap(page.begin(), page.end(), newer);
                page.back() = std::move(event);
                std::push_heap(page.begin(), page.end(), newer);
            }
        }
        lookup.finish();
    }

    std::sort(page.begin(), page.end(), newer);
    if (more)
        *more = page.size() > size_t(query.limit);
    if (page.size() > size_t(query.limit))
        page.resize(size_t(query.limit));
    return QVector<Event>(page.begin(), page.end());
}

} // namespace firebreak
