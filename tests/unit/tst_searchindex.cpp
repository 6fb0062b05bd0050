// The timeline's search index after schema v11: indexed with the rows when nobody waits for the
// commit, after the commit when a sender does (an Alertmanager delivery), never more than
// StoreWriter::MaxSearchLag behind, caught up in the background, and searched completely meanwhile.

#include "domain/metatypes.h"
#include "store/database.h"
#include "store/storequeries.h"
#include "store/storewriter.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace firebreak;

namespace {

Event alertEvent(qint64 timeMs, const QString& title, const QByteArray& body = {})
{
    return Event { .incidentId = 1,
        .timeMs = timeMs,
        .source = QStringLiteral("alertmanager"),
        .kind = QStringLiteral("alert.firing"),
        .severity = Severity::Warning,
        .title = title,
        .body = body,
        .actor = QStringLiteral("alertmanager") };
}

// An alert event body as correlation writes it: keys every alert shares, values that differ.
QByteArray alertBody(const QString& instance)
{
    return QStringLiteral("{\"fingerprint\":\"00ab\",\"status\":\"firing\",\"labels\":{\"alertname\":\"DiskSpaceHigh\","
                          "\"instance\":\"%1\"},\"annotations\":{\"summary\":\"mount /var above 90%%\"}}")
        .arg(instance)
        .toUtf8();
}

WriteBatch batchOf(const QVector<Event>& events, quint64 ticket)
{
    WriteBatch batch;
    batch.events = events;
    batch.ticket = ticket;
    return batch;
}

// A read connection, as the console's reader has, closed when it goes out of scope.
class Reader {
public:
    explicit Reader(const QString& path)
        : m_name(QStringLiteral("search-reader-%1").arg(++s_count))
    {
        Database::open(m_name, path, Database::Mode::ReadOnly);
        db = Database::connection(m_name);
    }
    ~Reader()
    {
        db = QSqlDatabase();
        Database::close(m_name);
    }
    qint64 scalar(const QString& sql)
    {
        QSqlQuery query(db);
        if (!query.exec(sql) || !query.next()) {
            qWarning() << sql << query.lastError().text();
            return -1;
        }
        return query.value(0).toLongLong();
    }
    qint64 indexedUpTo() { return scalar(QStringLiteral("SELECT indexed_upto FROM search_progress")); }
    qint64 indexMatches(const QString& match)
    {
        return scalar(QStringLiteral("SELECT count(*) FROM events_search WHERE events_search MATCH '%1'").arg(match));
    }
    QVector<qint64> search(const QString& text)
    {
        EventQuery query;
        query.text = text;
        query.limit = 100000;
        QString error;
        QVector<qint64> ids;
        for (const Event& event : StoreQueries::events(db, query, nullptr, &error))
            ids.append(event.id);
        if (!error.isEmpty())
            qWarning() << "search" << text << error;
        return ids;
    }

    QSqlDatabase db;

private:
    static inline int s_count = 0;
    QString m_name;
};

} // namespace

class SearchIndexTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        qRegisterMetaType<CommittedBatch>();
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_path = m_dir->filePath(QStringLiteral("firebreak.db"));
    }
    void cleanup() { m_dir.reset(); }

    void withoutAWaitingSenderTheRowsAreIndexedInTheirOwnCommit()
    {
        StoreWriter writer(m_path);
        QSignalSpy indexed(&writer, &StoreWriter::searchIndexed);
        writer.open();
        writer.enqueue(batchOf({ alertEvent(1000, QStringLiteral("DiskSpaceHigh firing on db-eu-1"),
                                     alertBody(QStringLiteral("db-eu-1:9100"))),
                                   alertEvent(2000, QStringLiteral("Deploy web v42")) },
            0));
        writer.flush();
        QCOMPARE(indexed.size(), 1);
        QCOMPARE(indexed.first().at(0).toLongLong(), 2);

        Reader reader(m_path);
        QCOMPARE(reader.indexedUpTo(), 2);
        QCOMPARE(reader.indexMatches(QStringLiteral("\"db-eu-1\"")), 1); // title and a label value
        QCOMPARE(reader.indexMatches(QStringLiteral("\"var\"")), 1); // an annotation's text
        QCOMPARE(reader.indexMatches(QStringLiteral("\"9100\"")), 1); // inside a value
        // A JSON body's keys are structure, not content: every alert has them.
        QCOMPARE(reader.indexMatches(QStringLiteral("\"fingerprint\"")), 0);
        QCOMPARE(reader.indexMatches(QStringLiteral("\"annotations\"")), 0);
        QCOMPARE(reader.search(QStringLiteral("deploy v4*")), QVector<qint64> { 2 });
        QCOMPARE(reader.search(QStringLiteral("fingerprint")), QVector<qint64> {});
        writer.close();
    }

    void aWaitingSenderIsAnsweredBeforeIndexingAndTheEventIsFoundMeanwhile()
    {
        StoreWriter writer(m_path);
        QSignalSpy committed(&writer, &StoreWriter::committed);
        QSignalSpy indexed(&writer, &StoreWriter::searchIndexed);
        writer.open();
        writer.enqueue(batchOf({ alertEvent(1000, QStringLiteral("DiskSpaceHigh firing on db-eu-1"),
                                   alertBody(QStringLiteral("db-eu-1:9100"))) },
            7));
        writer.flush();
        QCOMPARE(committed.size(), 1);
        QCOMPARE(committed.first().at(0).value<CommittedBatch>().tickets, QVector<quint64> { 7 });
        QCOMPARE(indexed.size(), 0);

        Reader reader(m_path);
        QCOMPARE(reader.indexedUpTo(), 0);
        QCOMPARE(reader.indexMatches(QStringLiteral("\"db-eu-1\"")), 0);
        // The backlog is scanned: the event is found before it is indexed, by title or body text.
        QCOMPARE(reader.search(QStringLiteral("db-eu-1")), QVector<qint64> { 1 });
        QCOMPARE(reader.search(QStringLiteral("DISKSPACE* var")), QVector<qint64> { 1 });
        QCOMPARE(reader.search(QStringLiteral("db-eu-1 nowhere")), QVector<qint64> {});

        // Once senders pause, the writer indexes it and says so.
        QTRY_COMPARE_WITH_TIMEOUT(indexed.size(), 1, 5000);
        QCOMPARE(indexed.first().at(0).toLongLong(), 1);
        QCOMPARE(reader.indexedUpTo(), 1);
        QCOMPARE(reader.indexMatches(QStringLiteral("\"db-eu-1\"")), 1);
        QCOMPARE(reader.search(QStringLiteral("db-eu-1")), QVector<qint64> { 1 });
        writer.close();
    }

    // Deliveries every 100 ms never leave the 250 ms pause the writer waits for; the index still
    // follows within MaxSearchDelayMs.
    void steadyDeliveriesThatNeverPauseStillGetIndexed()
    {
        StoreWriter writer(m_path);
        writer.open();
        Reader reader(m_path);
        QElapsedTimer clock;
        clock.start();
        quint64 ticket = 1;
        qint64 firstIndexedAtMs = -1;
        while (clock.elapsed() < StoreWriter::MaxSearchDelayMs + 1500) {
            writer.enqueue(batchOf({ alertEvent(clock.elapsed(), QStringLiteral("steady alert")) }, ticket++));
            QTest::qWait(100); // the writer's timers run here
            if (firstIndexedAtMs < 0 && reader.indexedUpTo() > 0)
                firstIndexedAtMs = clock.elapsed();
        }
        QVERIFY2(firstIndexedAtMs >= 0, "the index never caught up while deliveries kept coming");
        QVERIFY2(
            firstIndexedAtMs <= StoreWriter::MaxSearchDelayMs + 600, qPrintable(QString::number(firstIndexedAtMs)));
        writer.close();
    }

    void theBacklogScanTakesLikeWildcardsAsText()
    {
        StoreWriter writer(m_path);
        writer.open();
        writer.enqueue(batchOf(
            { alertEvent(1000, QStringLiteral("disk 50% full")), alertEvent(2000, QStringLiteral("disk 500 full")),
                alertEvent(3000, QStringLiteral("queue_depth high")),
                alertEvent(4000, QStringLiteral("queue depth high")) },
            9));
        writer.flush();
        Reader reader(m_path);
        QCOMPARE(reader.indexedUpTo(), 0);
        QCOMPARE(reader.search(QStringLiteral("50%")), QVector<qint64> { 1 });
        QCOMPARE(reader.search(QStringLiteral("queue_depth")), QVector<qint64> { 3 });
        QCOMPARE(reader.search(QStringLiteral("disk")), (QVector<qint64> { 2, 1 }));
        writer.close();
    }

    void theIndexNeverFallsFurtherBehindThanMaxSearchLag()
    {
        StoreWriter writer(m_path);
        writer.open();
        constexpr int PerBatch = 500;
        constexpr int Batches = StoreWriter::MaxSearchLag / PerBatch + 2;
        quint64 ticket = 1;
        qint64 timeMs = 0;
        for (int b = 0; b < Batches; ++b) {
            QVector<Event> events;
            for (int i = 0; i < PerBatch; ++i) {
                ++timeMs;
                events.append(alertEvent(timeMs, QStringLiteral("storm alert %1").arg(timeMs)));
            }
            writer.enqueue(batchOf(events, ticket++));
            writer.flush(); // a sender waits on every batch, and the event loop never idles
        }
        Reader reader(m_path);
        const qint64 last = reader.scalar(QStringLiteral("SELECT max(id) FROM events"));
        QCOMPARE(last, qint64(Batches) * PerBatch);
        QVERIFY2(reader.indexedUpTo() > 0, "past the lag a commit must take a chunk of the backlog along");
        QVERIFY2(last - reader.indexedUpTo() <= StoreWriter::MaxSearchLag,
            qPrintable(QStringLiteral("%1 events behind").arg(last - reader.indexedUpTo())));
        QCOMPARE(reader.search(QStringLiteral("storm")).size(), Batches * PerBatch);
        writer.close();
    }

    // A file whose events the index does not hold (a store migrated to v11, or one whose writer
    // stopped with a backlog) is indexed in chunks by the next writer, and searches give the same
    // answer before and after.
    void aBacklogLeftAtCloseIsIndexedInChunksByTheNextWriter()
    {
        constexpr int Count = StoreWriter::SearchChunk + 500;
        {
            StoreWriter writer(m_path);
            writer.open();
            QVector<Event> events;
            for (int i = 1; i <= Count; ++i)
                events.append(alertEvent(
                    i, i % 2 ? QStringLiteral("checkout slow %1").arg(i) : QStringLiteral("payments down %1").arg(i)));
            writer.enqueue(batchOf(events, 3));
            writer.close();
        }
        Reader reader(m_path);
        QCOMPARE(reader.indexedUpTo(), 0);
        const QVector<qint64> before = reader.search(QStringLiteral("checkout"));
        QCOMPARE(before.size(), (Count + 1) / 2); // the odd ones

        StoreWriter writer(m_path);
        QSignalSpy indexed(&writer, &StoreWriter::searchIndexed);
        writer.open();
        writer.enqueue(batchOf({ alertEvent(Count + 1, QStringLiteral("checkout recovered")) }, 0));
        QTRY_COMPARE_WITH_TIMEOUT(reader.indexedUpTo(), qint64(Count + 1), 10000);
        QVERIFY2(indexed.size() >= 2, "the backlog is indexed a chunk per transaction");
        QCOMPARE(indexed.first().at(0).toLongLong(), qint64(StoreWriter::SearchChunk));
        QCOMPARE(reader.indexMatches(QStringLiteral("\"checkout\"")), qint64(before.size() + 1));
        QCOMPARE(reader.search(QStringLiteral("checkout")).mid(1), before);
        writer.close();
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

QTEST_GUILESS_MAIN(SearchIndexTest)
#include "tst_searchindex.moc"
