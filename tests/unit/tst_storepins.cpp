// Pins in the store: a version 7 file keeps every row when it gains the pins table; pins written
// through the writer come back through the reader thread's fetchPins, by incident; an unpin deletes;
// "pinned only" timeline pages hold exactly the pinned events; a pin without an event is refused.
#include "domain/metatypes.h"
#include "store/database.h"
#include "store/storequeries.h"
#include "store/storereader.h"
#include "store/storewriter.h"

#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace firebreak;

namespace {

Event makeEvent(qint64 incidentId, qint64 timeMs, const QString& title)
{
    Event e;
    e.incidentId = incidentId;
    e.timeMs = timeMs;
    e.source = QStringLiteral("sandbox");
    e.kind = QStringLiteral("alert.firing");
    e.title = title;
    return e;
}

CommittedBatch writeOne(const QString& path, const WriteBatch& batch, QStringList* failures = nullptr)
{
    StoreWriter writer(path);
    QSignalSpy committed(&writer, &StoreWriter::committed);
    QSignalSpy failed(&writer, &StoreWriter::failed);
    writer.open();
    writer.enqueue(batch);
    writer.close();
    if (failures) {
        for (const QList<QVariant>& args : failed)
            failures->append(args.at(0).toString());
    }
    return committed.size() == 1 ? committed.first().first().value<CommittedBatch>() : CommittedBatch {};
}

EventPin pin(qint64 eventId, qint64 incidentId, bool pinned = true)
{
    return EventPin { eventId, incidentId, pinned, QStringLiteral("alice"), 1000 + eventId };
}

} // namespace

class TstStorePins : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { registerMetaTypes(); }
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_path = m_dir->filePath(QStringLiteral("firebreak.db"));
    }
    void cleanup() { m_dir.reset(); }

    void versionSevenFileKeepsItsRowsAndGetsPins()
    {
        {
            auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v7"));
            db.setDatabaseName(m_path);
            QVERIFY(db.open());
            QString error;
            QVERIFY2(Database::migrate(db, 7, &error), qPrintable(error));
            QSqlQuery query(db);
            QVERIFY(
                query.exec(QStringLiteral("INSERT INTO events(time_ms, incident_id, title) VALUES (5, 3, 'kept')")));
            QVERIFY(query.exec(
                QStringLiteral("INSERT INTO incidents(id, title, detected_ms) VALUES (3, 'kept incident', 1)")));
            QVERIFY(query.exec(QStringLiteral("INSERT INTO runs(id, incident_id, risk, state) VALUES (4, 3, 'low',"
                                              " 'proposed')")));
            QVERIFY(!query.exec(QStringLiteral("SELECT count(*) FROM pins")));
            query.finish();
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("v7"));

        // The writer migrates on open; the old event can be pinned at once.
        const CommittedBatch out = writeOne(m_path, WriteBatch { .pins = { pin(1, 3) } });
        QCOMPARE(out.pins, QVector<EventPin> { pin(1, 3) });

        {
            const StoreOpenResult result = Database::open(QStringLiteral("v8"), m_path, Database::Mode::ReadOnly);
            QVERIFY2(result.ok, qPrintable(result.problem));
            QCOMPARE(result.schemaVersion, Database::SchemaVersion);
            QSqlDatabase db = Database::connection(QStringLiteral("v8"));
            QSqlQuery query(db);
            QVERIFY(query.exec(QStringLiteral("SELECT (SELECT title FROM events), (SELECT title FROM incidents),"
                                              " (SELECT state FROM runs WHERE id = 4),"
                                              " (SELECT count(*) FROM sqlite_master WHERE name = 'pins_incident')")));
            QVERIFY(query.next());
            QCOMPARE(query.value(0).toString(), QStringLiteral("kept"));
            QCOMPARE(query.value(1).toString(), QStringLiteral("kept incident"));
            QCOMPARE(query.value(2).toString(), QStringLiteral("proposed"));
            QCOMPARE(query.value(3).toInt(), 1);
            query.finish();
            QString error;
            QCOMPARE(StoreQueries::pinnedEvents(db, 3, &error), QVector<qint64> { 1 });
            db = QSqlDatabase();
            Database::close(QStringLiteral("v8"));
        }
    }

    void pinsRoundTripThroughTheReader()
    {
        const CommittedBatch events = writeOne(m_path,
            WriteBatch { .events = { makeEvent(1, 10, QStringLiteral("a")), makeEvent(1, 20, QStringLiteral("b")),
                             makeEvent(2, 30, QStringLiteral("c")), makeEvent(0, 40, QStringLiteral("deploy")) } });
        QCOMPARE(events.events.size(), 4);
        // The deploy (no incident) is pinned in incident 1's timeline; a later pin of the same event
        // by someone else replaces the first; an unpin deletes.
        writeOne(m_path, WriteBatch { .pins = { pin(2, 1), pin(3, 2), pin(4, 1), pin(1, 1) } });
        writeOne(m_path, WriteBatch { .pins = { pin(2, 1, false) } });

        StoreReader reader(m_path);
        QSignalSpy opened(&reader, &StoreReader::opened);
        QSignalSpy fetched(&reader, &StoreReader::pinsFetched);
        reader.open();
        QVERIFY(opened.first().first().value<StoreOpenResult>().ok);
        reader.fetchPins(7, 1);
        reader.fetchPins(8, 2);
        reader.fetchPins(9, 0);
        QCOMPARE(fetched.size(), 3);
        QCOMPARE(fetched.at(0).at(0).value<quint64>(), quint64(7));
        QCOMPARE(fetched.at(0).at(1).value<qint64>(), qint64(1));
        QCOMPARE(fetched.at(0).at(2).value<QVector<qint64>>(), (QVector<qint64> { 1, 4 }));
        QCOMPARE(fetched.at(1).at(2).value<QVector<qint64>>(), (QVector<qint64> { 3 }));
        QCOMPARE(fetched.at(2).at(2).value<QVector<qint64>>(), (QVector<qint64> { 1, 3, 4 }));

        // A "pinned only" page of incident 1 with its context: its pinned event and the pinned deploy.
        QSignalSpy pages(&reader, &StoreReader::eventsFetched);
        EventQuery query;
        query.incidentId = 1;
        query.contextFromMs = 1;
        query.pinnedOnly = true;
        reader.fetchEvents(10, query);
        query.text = QStringLiteral("deploy"); // the full-text path honours it too
        reader.fetchEvents(11, query);
        QCOMPARE(pages.size(), 2);
        QStringList titles;
        for (const Event& e : pages.at(0).at(1).value<QVector<Event>>())
            titles << e.title;
        QCOMPARE(titles, (QStringList { QStringLiteral("deploy"), QStringLiteral("a") }));
        QCOMPARE(pages.at(1).at(1).value<QVector<Event>>().size(), 1);
    }

    void aPinWithoutAnEventIsRefusedBeforeItIsQueued()
    {
        QStringList failures;
        const CommittedBatch out = writeOne(m_path, WriteBatch { .pins = { pin(0, 1) } }, &failures);
        QCOMPARE(out.pins.size(), 0);
        QCOMPARE(failures.size(), 1);
        QVERIFY2(failures.first().contains(QLatin1String("names no event")), qPrintable(failures.first()));
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

QTEST_GUILESS_MAIN(TstStorePins)
#include "tst_storepins.moc"
