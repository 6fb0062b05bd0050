#include "eventsearch.h"

#include "ftsquery.h"
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

QVector<Event> EventSearch::run(
    QSqlDatabase& db, const EventQuery& query, const EventFilter& filter, bool* more, QString* error)
{
    const QString failure = QStringLiteral("search for \"%1\" failed").arg(query.text);
    QSqlQuery matches(db);
    matches.setForwardOnly(true);
    if (!matches.prepare(QStringLiteral("SELECT rowid FROM events_fts WHERE events_fts MATCH ? ORDER BY rowid DESC"))) {
        fail(error, failure, matches);
        return {};
    }
    matches.bindValue(0, FtsQuery::matchExpression(query.text));
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
            if (!matches.next()) {
                done = true;
                break;
            }
            const qint64 rowid = matches.value(0).toLongLong();
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
