#include "domain/metatypes.h"
#include "store/database.h"
#include "store/storequeries.h"
#include "store/storereader.h"
#include "store/storewriter.h"

#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <algorithm>
#include <atomic>
#include <functional>

using namespace firebreak;

namespace {

Event makeEvent(qint64 timeMs, const QString& kind, Severity severity, const QString& source, const QString& title,
    qint64 incidentId = 0, const QByteArray& body = {})
{
    return Event { .incidentId = incidentId,
        .timeMs = timeMs,
        .source = source,
        .kind = kind,
        .severity = severity,
        .title = title,
        .body = body,
        .actor = QStringLiteral("test") };
}

Event note(qint64 timeMs, const QString& title)
{
    return makeEvent(timeMs, QStringLiteral("note"), Severity::Info, QStringLiteral("t"), title);
}

WriteBatch oneEvent(int i, quint64 ticket = 0)
{
    return WriteBatch { {}, {}, { note(i, QStringLiteral("burst %1").arg(i)) }, ticket };
}

Incident makeIncident(qint64 id, const QString& title)
{
    const LabelSet labels { { QStringLiteral("service"), QStringLiteral("db") } };
    return Incident { id, title, 2, IncidentStatus::Open, QStringLiteral("ic"), QStringLiteral("service=db"), labels,
        1000 * id, 0, 0, 0, 1000 * id + 5, 1, 1, 0, QString() };
}

Alert makeAlert(const QString& fingerprint, qint64 startsAtMs, AlertStatus status, qint64 incidentId)
{
    const LabelSet labels { { QStringLiteral("alertname"), QStringLiteral("DiskSpaceHigh") },
        { QStringLiteral("instance"), QStringLiteral("db-eu-1") } };
    const LabelSet annotations { { QStringLiteral("summary"), QStringLiteral("Disk \"90%\" full — ünïcode") } };
    return Alert { fingerprint, labels, annotations, startsAtMs, 0, status, QStringLiteral("sandbox"),
        QStringLiteral("http://prometheus/graph?g0.expr=x"), incidentId };
}

// A connection for checking what is on disk, closed (and removed) when it goes out of scope.
class Probe {
public:
    explicit Probe(const QString& path, Database::Mode mode = Database::Mode::ReadOnly)
        : m_name(QStringLiteral("probe-%1").arg(++s_count))
    {
        result = Database::open(m_name, path, mode);
        db = Database::connection(m_name);
    }
    ~Probe()
    {
        db = QSqlDatabase();
        Database::close(m_name);
    }
    QVariant scalar(const QString& sql)
    {
        QSqlQuery query(db);
        if (!query.exec(sql) || !query.next()) {
            qWarning() << sql << query.lastError().text();
            return {};
        }
        return query.value(0);
    }
    QVector<Event> events(const EventQuery& query, bool* more = nullptr, QString* error = nullptr)
    {
        return StoreQueries::events(db, query, more, error ? error : &lastError);
    }

    StoreOpenResult result;
    QSqlDatabase db;
    QString lastError;

private:
    static inline int s_count = 0;
    QString m_name;
};

// Moves `worker` to `thread`, to be deleted there when the thread finishes, and starts the thread.
template <typename Worker> Worker* onThread(QThread& thread, Worker* worker)
{
    worker->moveToThread(&thread);
    QObject::connect(&thread, &QThread::finished, worker, &QObject::deleteLater);
    thread.start();
    return worker;
}

QVector<Event> committedEvents(const QSignalSpy& spy)
{
    QVector<Event> events;
    for (const auto& arguments : spy)
        events += arguments.at(0).value<CommittedBatch>().events;
    return events;
}

// Writes through a StoreWriter on this thread and returns the events as committed (with ids).
QVector<Event> writeAll(const QString& path, const QVector<Event>& events)
{
    StoreWriter writer(path);
    QSignalSpy committed(&writer, &StoreWriter::committed);
    writer.open();
    writer.enqueue(WriteBatch { {}, {}, events, 0 });
    writer.close();
    return committedEvents(committed);
}

QVector<Event> newestFirst(QVector<Event> events)
{
    std::sort(events.begin(), events.end(),
        [](const Event& a, const Event& b) { return a.timeMs != b.timeMs ? a.timeMs > b.timeMs : a.id > b.id; });
    return events;
}

// Reads every page of `query` by keyset; only the last page may be short or say "no more".
QVector<Event> allPages(Probe& probe, EventQuery query, int* pageCount = nullptr)
{
    QVector<Event> all;
    for (bool more = true; more;) {
        QString error;
        const QVector<Event> page = probe.events(query, &more, &error);
        if (!error.isEmpty() || (more && page.size() != query.limit) || all.size() > 100'000) {
            qWarning() << "bad page:" << error << page.size() << more;
            return {};
        }
        all += page;
        if (pageCount)
            ++*pageCount;
        if (!page.isEmpty()) {
            query.beforeTimeMs = page.last().timeMs;
            query.beforeId = page.last().id;
        }
    }
    return all;
}

// Runs `work` on a plain QSQLITE connection, bypassing Database::open (and its migrations).
bool withRawConnection(const QString& path, const std::function<bool(QSqlDatabase&)>& work)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    bool ok = false;
    {
        auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
        db.setDatabaseName(path);
        ok = db.open() && work(db);
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("raw"));
    return ok;
}

int userVersion(QSqlDatabase& db)
{
    QSqlQuery query(db);
    return query.exec(QStringLiteral("PRAGMA user_version")) && query.next() ? query.value(0).toInt() : -1;
}

// A file at an earlier schema version, as an older Firebreak left it, with `statements` run on it.
bool createAtVersion(const QString& path, int version, const QStringList& statements)
{
    return withRawConnection(path, [&](QSqlDatabase& db) {
        QString error;
        bool ok = Database::migrate(db, version, &error);
        QSqlQuery query(db);
        for (const QString& statement : statements)
            ok = ok && query.exec(statement);
        return ok;
    });
}

QByteArray fileBytes(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

const QStringList Kinds { QStringLiteral("alert.firing"), QStringLiteral("change.deploy"), QStringLiteral("note"),
    QStringLiteral("metric.breach") };
const QStringList Sources { QStringLiteral("sandbox"), QStringLiteral("alertmanager"), QStringLiteral("operator") };

// 400 events with ties on time, spread over kinds, severities, sources and incidents 0..4.
QVector<Event> mixedEvents()
{
    QVector<Event> events;
    for (int i = 0; i < 400; ++i)
        events.append(makeEvent(1'000'000 + (i / 3) * 1000, Kinds.at(i % 4), static_cast<Severity>((i / 4) % 4),
            Sources.at(i % 3), QStringLiteral("event %1").arg(i), i % 5));
    return events;
}

// The documented query semantics, written plainly, as the oracle for the SQL.
bool matches(const EventQuery& q, const Event& e)
{
    if (q.incidentId > 0) {
        const bool inContext = q.contextFromMs > 0 && e.incidentId == 0 && e.timeMs >= q.contextFromMs;
        if (e.incidentId != q.incidentId && !inContext)
            return false;
    }
    return (q.kinds.isEmpty() || q.kinds.contains(e.kind))
        && (q.severities.isEmpty() || q.severities.contains(e.severity))
        && (q.sources.isEmpty() || q.sources.contains(e.source));
}

} // namespace

class TstStore : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        registerMetaTypes();
    }
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_path = m_dir->filePath(QStringLiteral("store/firebreak.db"));
    }
    void cleanup() { m_dir.reset(); }

    void connectionsHaveCurrentSchemaAndDurableSettings_data()
    {
        QTest::addColumn<bool>("readOnly");
        QTest::newRow("read-write, new file") << false;
        QTest::newRow("read-only") << true;
    }
    void connectionsHaveCurrentSchemaAndDurableSettings()
    {
        QFETCH(bool, readOnly);
        if (readOnly)
            writeAll(m_path, { note(1, QStringLiteral("x")) });
        Probe probe(m_path, readOnly ? Database::Mode::ReadOnly : Database::Mode::ReadWrite);
        QVERIFY2(probe.result.ok && probe.result.problem.isEmpty(), qPrintable(probe.result.problem));
        QCOMPARE(probe.result.readOnly, readOnly);
        QCOMPARE(probe.result.schemaVersion, Database::SchemaVersion);
        QCOMPARE(probe.scalar(QStringLiteral("PRAGMA user_version")).toInt(), Database::SchemaVersion);
        QCOMPARE(probe.scalar(QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
        QCOMPARE(probe.scalar(QStringLiteral("PRAGMA synchronous")).toInt(), 2);
        QCOMPARE(probe.scalar(QStringLiteral("PRAGMA foreign_keys")).toInt(), 1);
        QCOMPARE(probe.scalar(QStringLiteral("PRAGMA busy_timeout")).toInt(), 5000);
        // The note went in without a waiting sender, so the writer indexed it in the same commit.
        QCOMPARE(probe.scalar(QStringLiteral("SELECT indexed_upto FROM search_progress")).toInt(), readOnly ? 1 : 0);
        QCOMPARE(
            probe.scalar(QStringLiteral("SELECT count(*) FROM events_search WHERE events_search MATCH 'x'")).toInt(),
            readOnly ? 1 : 0);
        QCOMPARE(QSqlQuery(probe.db).exec(QStringLiteral("INSERT INTO events(time_ms) VALUES (5)")), !readOnly);
    }

    void migratesFromEmptyFile()
    {
        QDir().mkpath(QFileInfo(m_path).absolutePath());
        QFile empty(m_path);
        QVERIFY(empty.open(QIODevice::WriteOnly));
        empty.close();
        Probe probe(m_path, Database::Mode::ReadWrite);
        QVERIFY2(probe.result.ok, qPrintable(probe.result.problem));
        QCOMPARE(probe.scalar(QStringLiteral("PRAGMA user_version")).toInt(), Database::SchemaVersion);
        QCOMPARE(probe.scalar(QStringLiteral("SELECT count(*) FROM events")).toInt(), 0);
        QString error;
        QVERIFY(Database::migrate(probe.db, Database::SchemaVersion, &error)); // already there: nothing to do
        QVERIFY(!Database::migrate(probe.db, 1, &error));
        QVERIFY2(error.contains(QStringLiteral("from schema version %1 to 1").arg(Database::SchemaVersion)),
            qPrintable(error));
        QVERIFY(!Database::migrate(probe.db, Database::SchemaVersion + 1, &error));
    }

    void migratesFromEachEarlierVersionKeepingData_data()
    {
        QTest::addColumn<int>("fromVersion");
        QTest::addColumn<bool>("throughOpen");
        for (int version = 1; version < Database::SchemaVersion; ++version) {
            QTest::addRow("v%d, Database::migrate stepwise", version) << version << false;
            QTest::addRow("v%d, Database::open", version) << version << true;
        }
    }
    void migratesFromEachEarlierVersionKeepingData()
    {
        QFETCH(int, fromVersion);
        QFETCH(bool, throughOpen);
        QVERIFY(createAtVersion(m_path, fromVersion,
            { QStringLiteral(
                  "INSERT INTO events(incident_id, time_ms, source, kind, severity, title, body, actor) VALUES"
                  " (1, 100, 'sandbox', 'alert.firing', 3, 'DiskSpaceHigh on db-eu-1', '{\"mount\":\"/var\"}', 'am'),"
                  " (0, 200, 'sandbox', 'change.deploy', 0, 'Deploy web v42', '', 'ci')"),
                QStringLiteral("INSERT INTO incidents(id, title, severity, status, detected_ms) VALUES "
                               "(1, 'Disk full', 2, 'open', 100)") }));
        if (!throughOpen) {
            QVERIFY(withRawConnection(m_path, [fromVersion](QSqlDatabase& db) {
                QString error;
                // v2 to v10 kept an external-content index; v11 replaced it with events_search.
                const bool hasSearch = QSqlQuery(db).exec(QStringLiteral("SELECT count(*) FROM events_fts"));
                return userVersion(db) == fromVersion && hasSearch == (fromVersion >= 2 && fromVersion < 11)
                    && Database::migrate(db, Database::SchemaVersion, &error)
                    && userVersion(db) == Database::SchemaVersion;
            }));
        }

        Probe probe(m_path, Database::Mode::ReadWrite);
        QVERIFY2(probe.result.ok && !probe.result.readOnly, qPrintable(probe.result.problem));
        QCOMPARE(probe.result.schemaVersion, Database::SchemaVersion);
        QCOMPARE(probe.scalar(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = 'events_kind_severity'"))
                     .toInt(),
            1);
        QCOMPARE(probe.scalar(QStringLiteral("SELECT count(*) FROM inbox")).toInt(), 0); // v12: an empty inbox
        QVERIFY(probe.scalar(QStringLiteral("SELECT sql FROM sqlite_master WHERE name = 'events_search'"))
                    .toString()
                    .contains(QLatin1String("prefix='1 2 3'")));
        QCOMPARE(
            probe.scalar(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = 'events_fts'")).toInt(), 0);
        // v11 leaves the rows from before it to the writer's background indexing; until then the
        // search scans them, so every search below is answered all the same.
        QCOMPARE(probe.scalar(QStringLiteral("SELECT indexed_upto FROM search_progress")).toInt(), 0);
        EventQuery shortPrefix;
        shortPrefix.text = QStringLiteral("d*");
        QCOMPARE(probe.events(shortPrefix).size(), 2);
        QCOMPARE(probe.events({}).size(), 2);
        EventQuery search;
        search.text = QStringLiteral("db-eu-1");
        const auto found = probe.events(search);
        QCOMPARE(found.size(), 1);
        QCOMPARE(found.first().title, QStringLiteral("DiskSpaceHigh on db-eu-1"));
        QCOMPARE(found.first().body, QByteArray("{\"mount\":\"/var\"}"));
        search.text = QStringLiteral("var"); // from the body
        QCOMPARE(probe.events(search).size(), 1);
        QString error;
        QCOMPARE(StoreQueries::incidents(probe.db, &error).size(), 1);
        QCOMPARE(StoreQueries::incidents(probe.db, &error).first().truncatedAlerts, 0); // v5 column, defaulted
        QCOMPARE(StoreQueries::quarantineCount(probe.db, &error), 0);
    }

    // After a restart correlation continues from the active incidents and those resolved since a
    // given time (with their alerts), not from everything ever resolved.
    void correlationRestoresActiveAndRecentlyResolved()
    {
        StoreWriter writer(m_path);
        writer.open();
        WriteBatch batch;
        Incident open = makeIncident(1, QStringLiteral("still open"));
        Incident recent = makeIncident(2, QStringLiteral("resolved an hour ago"));
        recent.status = IncidentStatus::Resolved;
        recent.resolvedMs = 100'000;
        Incident old = makeIncident(3, QStringLiteral("resolved last week"));
        old.status = IncidentStatus::Resolved;
        old.resolvedMs = 10'000;
        batch.incidents = { open, recent, old };
        batch.alerts = { makeAlert(QStringLiteral("a1"), 1000, AlertStatus::Firing, 1),
            makeAlert(QStringLiteral("a2"), 2000, AlertStatus::Resolved, 2),
            makeAlert(QStringLiteral("a3"), 3000, AlertStatus::Resolved, 3) };
        writer.enqueue(batch);
        writer.close();

        Probe probe(m_path);
        QString error;
        QSet<qint64> incidents;
        for (const Incident& incident : StoreQueries::incidentsForCorrelation(probe.db, 50'000, &error))
            incidents.insert(incident.id);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(incidents, (QSet<qint64> { 1, 2 }));
        QStringList fingerprints;
        for (const Alert& alert : StoreQueries::alertsForCorrelation(probe.db, 50'000, &error))
            fingerprints << alert.fingerprint;
        QCOMPARE(fingerprints, (QStringList { QStringLiteral("a1"), QStringLiteral("a2") }));
    }

    void quarantinedPayloadsAndTruncationAreStored()
    {
        StoreWriter writer(m_path);
        QSignalSpy committed(&writer, &StoreWriter::committed);
        writer.open();
        WriteBatch batch;
        Incident incident = makeIncident(1, QStringLiteral("cut short"));
        incident.truncatedAlerts = 7;
        batch.incidents = { incident };
        QuarantinedPayload kept;
        kept.receivedMs = 5000;
        kept.source = QStringLiteral("alertmanager");
        kept.reason = QStringLiteral("version: unsupported webhook version \"5\"");
        kept.contentType = QStringLiteral("application/json");
        kept.body = QByteArray("{\"version\":\"5\"}\xff\x00tail", 21); // not text: kept as bytes
        kept.ticket = 42;
        batch.quarantined = { kept };
        batch.ticket = 42;
        writer.enqueue(batch);
        writer.flush();
        QCOMPARE(committed.size(), 1);
        const auto out = committed.first().first().value<CommittedBatch>();
        QCOMPARE(out.quarantined.size(), 1);
        QVERIFY(out.quarantined.first().id > 0);
        QCOMPARE(out.quarantined.first().ticket, quint64(42));
        QCOMPARE(out.tickets, QVector<quint64> { 42 });
        writer.close();

        Probe probe(m_path);
        QString error;
        const auto stored = StoreQueries::quarantined(probe.db, 10, &error);
        QCOMPARE(stored.size(), 1);
        kept.id = out.quarantined.first().id;
        kept.ticket = 0; // a delivery's ticket is not stored
        QCOMPARE(stored.first(), kept);
        QCOMPARE(StoreQueries::incidents(probe.db, &error).first().truncatedAlerts, 7);
    }

    // The inbox: a delivery is appended byte for byte and echoed with its id and ticket; the batch
    // carrying its rows deletes it in the same transaction; a delivery in a failed transaction is
    // not kept for the retry (its sender was answered 503 and sends it again), while rows are.
    void inboxDeliveriesAreAppendedAndLeaveWithTheirRows()
    {
        StoreWriter writer(m_path);
        QSignalSpy committed(&writer, &StoreWriter::committed);
        QSignalSpy failed(&writer, &StoreWriter::failed);
        writer.open();
        const QByteArray body("{\"version\":\"4\"}\xff\x00tail", 20); // kept as bytes, not text
        WriteBatch delivery;
        delivery.ticket = 7;
        delivery.deliveries = { InboxDelivery { 0, 5000, QStringLiteral("alertmanager"), body, 7 } };
        writer.enqueue(delivery);
        QTRY_COMPARE(committed.size(), 1);
        const auto appended = committed.at(0).first().value<CommittedBatch>();
        QCOMPARE(appended.tickets, QVector<quint64> { 7 });
        QCOMPARE(appended.delivered.size(), 1);
        const qint64 id = appended.delivered.first().id;
        QVERIFY(id > 0);
        QCOMPARE(appended.delivered.first().ticket, quint64(7));
        {
            Probe probe(m_path);
            QString error;
            const QVector<InboxDelivery> held = StoreQueries::inboxDeliveries(probe.db, &error);
            QVERIFY2(error.isEmpty(), qPrintable(error));
            QCOMPARE(
                held, (QVector<InboxDelivery> { InboxDelivery { id, 5000, QStringLiteral("alertmanager"), body, 0 } }));
        }

        WriteBatch rows = oneEvent(1, 0);
        rows.inboxDone = { id };
        writer.enqueue(rows);
        QTRY_COMPARE(committed.size(), 2);
        QCOMPARE(committed.at(1).first().value<CommittedBatch>().inboxDone, QVector<qint64> { id });
        {
            Probe probe(m_path);
            QCOMPARE(probe.scalar(QStringLiteral("SELECT count(*) FROM inbox")).toInt(), 0);
            QCOMPARE(probe.scalar(QStringLiteral("SELECT count(*) FROM events")).toInt(), 1);
        }

        // A full disk: both the next delivery and a batch of rows fail; only the rows come back.
        QString writerConnection;
        for (const QString& name : QSqlDatabase::connectionNames()) {
            if (name.startsWith(QLatin1String("firebreak-writer-")))
                writerConnection = name;
        }
        QSqlQuery limit(QSqlDatabase::database(writerConnection, false));
        QVERIFY(limit.exec(QStringLiteral("PRAGMA page_count")) && limit.next());
        QVERIFY(limit.exec(QStringLiteral("PRAGMA max_page_count = %1").arg(limit.value(0).toInt())));
        WriteBatch second = delivery;
        second.ticket = 8;
        second.deliveries.first().ticket = 8;
        second.deliveries.first().body = QByteArray(64 * 1024, 'x');
        writer.enqueue(second);
        QTRY_COMPARE(failed.size(), 1);
        QCOMPARE(failed.first().at(1).value<QVector<quint64>>(), QVector<quint64> { 8 });
        QVERIFY(limit.exec(QStringLiteral("PRAGMA max_page_count = 1000000")));
        writer.enqueue(oneEvent(2, 0));
        writer.flush();
        QTRY_COMPARE(committed.size(), 3);
        writer.close();
        Probe probe(m_path);
        QCOMPARE(probe.scalar(QStringLiteral("SELECT count(*) FROM inbox")).toInt(), 0);
        QCOMPARE(probe.scalar(QStringLiteral("SELECT count(*) FROM events")).toInt(), 2);
    }

    // A delivery without a body, or rows naming an inbox id that cannot exist, are refused whole.
    void badInboxBatchesAreRefused()
    {
        StoreWriter writer(m_path);
        QSignalSpy failed(&writer, &StoreWriter::failed);
        writer.open();
        WriteBatch empty;
        empty.ticket = 3;
        empty.deliveries = { InboxDelivery { 0, 5000, QStringLiteral("alertmanager"), QByteArray(), 3 } };
        writer.enqueue(empty);
        WriteBatch badId = oneEvent(1, 4);
        badId.inboxDone = { 0 };
        writer.enqueue(badId);
        QCOMPARE(failed.size(), 2);
        QVERIFY2(failed.at(0).at(0).toString().contains(QLatin1String("no body")),
            qPrintable(failed.at(0).at(0).toString()));
        QVERIFY2(failed.at(1).at(0).toString().contains(QLatin1String("inbox delivery 0")),
            qPrintable(failed.at(1).at(0).toString()));
        writer.flush();
        writer.close();
        Probe probe(m_path);
        QCOMPARE(probe.scalar(QStringLiteral("SELECT count(*) FROM events")).toInt(), 0);
    }

    void newerSchemaIsOpenedReadOnly()
    {
        {
            Probe probe(m_path, Database::Mode::ReadWrite);
            QSqlQuery(probe.db).exec(QStringLiteral("PRAGMA user_version = %1").arg(Database::SchemaVersion + 1));
        }
        const QByteArray before = fileBytes(m_path);
        Probe probe(m_path, Database::Mode::ReadWrite);
        QVERIFY(probe.result.readOnly);
        QVERIFY2(probe.result.problem.contains(QStringLiteral("schema version %1").arg(Database::SchemaVersion + 1)),
            qPrintable(probe.result.problem));
        QCOMPARE(fileBytes(m_path), before);
    }

    void burstOfSmallBatchesIsCommittedInFewTransactions()
    {
        StoreWriter writer(m_path);
        QSignalSpy committed(&writer, &StoreWriter::committed);
        writer.open();
        for (int i = 0; i < 5000; ++i)
            writer.enqueue(oneEvent(i, quint64(i + 1)));
        // 2,000 rows commit at once, twice; the last 1,000 wait for the 50 ms window.
        QCOMPARE(committed.size(), 2);
        QTRY_COMPARE(committed.size(), 3);
        QCOMPARE(committed.at(0).at(0).value<CommittedBatch>().events.size(), 2000);
        QCOMPARE(committed.at(0).at(0).value<CommittedBatch>().tickets.size(), 2000);
        QCOMPARE(committed.at(2).at(0).value<CommittedBatch>().events.size(), 1000);
        writer.close();
        Probe probe(m_path);
        QCOMPARE(probe.scalar(QStringLiteral("SELECT count(*) FROM events")).toInt(), 5000);
    }

    void writerOnItsThreadBatchesABurst()
    {
        QThread thread;
        auto* writer = onThread(thread, new StoreWriter(m_path));
        connect(writer, &StoreWriter::committed, this, &TstStore::committed); // see Q_SIGNALS below
        QSignalSpy committed(this, &TstStore::committed);
        QMetaObject::invokeMethod(writer, &StoreWriter::open);
        for (int i = 0; i < 5000; ++i)
            QMetaObject::invokeMethod(writer, [writer, i] { writer->enqueue(oneEvent(i)); });
        QTRY_COMPARE(committedEvents(committed).size(), 5000);
        // Three commits when the burst arrives within one window; a slow, shared machine may split
        // it further, but never anywhere near one transaction per row.
        QVERIFY2(committed.size() <= 10, QByteArray::number(committed.size()).constData());
        QMetaObject::invokeMethod(writer, &StoreWriter::close, Qt::BlockingQueuedConnection);
        thread.quit();
        thread.wait();
        Probe probe(m_path);
        QCOMPARE(probe.scalar(QStringLiteral("SELECT count(*) FROM events")).toInt(), 5000);
    }

    void singleBatchCommitsAfterTheWindow()
    {
        StoreWriter writer(m_path);
        QSignalSpy committed(&writer, &StoreWriter::committed);
        writer.open();
        QElapsedTimer clock;
        clock.start();
        writer.enqueue(oneEvent(10)); // nobody waits for it: it may wait for company
        QCOMPARE(committed.size(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(committed.size(), 1, 1000);
        QVERIFY2(clock.elapsed() >= 40, QByteArray::number(clock.elapsed()).constData());
        const auto out = committed.first().first().value<CommittedBatch>();
        QVERIFY(out.tickets.isEmpty());
        QCOMPARE(out.events.size(), 1);
        QVERIFY(out.events.first().id > 0);
    }

    // A sender waiting for its answer (the webhook receiver) must not wait out the batching
    // window; batches already queued when it arrives are committed with it, in one transaction.
    void ticketedBatchCommitsAtOnceWithWhatIsQueued()
    {
        QThread thread;
        StoreWriter writer(m_path);
        writer.moveToThread(&thread);
        thread.start();
        const auto stop = qScopeGuard([&] {
            QMetaObject::invokeMethod(&writer, &StoreWriter::close, Qt::BlockingQueuedConnection);
            thread.quit();
            thread.wait();
        });
        QSignalSpy committed(&writer, &StoreWriter::committed);
        QMetaObject::invokeMethod(&writer, &StoreWriter::open, Qt::BlockingQueuedConnection);
        QElapsedTimer clock;
        std::atomic<qint64> lastEnqueuedMs { -1 };
        std::atomic<qint64> committedMs { -1 };
        connect(
            &writer, &StoreWriter::committed, &writer, [&] { committedMs = clock.elapsed(); }, Qt::DirectConnection);
        // Hold the writer's thread busy so that all three arrive before it looks at its queue.
        QMetaObject::invokeMethod(&writer, [] { QThread::msleep(100); });
        clock.start();
        QMetaObject::invokeMethod(&writer, [&writer] { writer.enqueue(oneEvent(20)); });
        QMetaObject::invokeMethod(&writer, [&writer] { writer.enqueue(oneEvent(21, 8)); });
        QMetaObject::invokeMethod(&writer, [&] {
            writer.enqueue(oneEvent(22, 9));
            lastEnqueuedMs = clock.elapsed();
        });
        QTRY_COMPARE_WITH_TIMEOUT(committed.size(), 1, 2000);
        // Committed (fsync included) sooner than the batching window would even have opened.
        const qint64 waited = committedMs - lastEnqueuedMs;
        QVERIFY2(waited < StoreWriter::MaxBatchDelayMs, QByteArray::number(waited).constData());
        const auto out = committed.first().first().value<CommittedBatch>();
        QCOMPARE(out.tickets, (QVector<quint64> { 8, 9 }));
        QCOMPARE(out.events.size(), 3);
    }

    // A transaction the store refuses (here: full, by max_page_count) is answered as failed, but
    // its rows are not lost: correlation has already counted them as seen, so a sender's retry
    // would be dropped as a duplicate. They are written once the store takes writes again.
    void failedTransactionIsRetriedUntilTheStoreTakesIt()
    {
        StoreWriter writer(m_path);
        QSignalSpy committed(&writer, &StoreWriter::committed);
        QSignalSpy failed(&writer, &StoreWriter::failed);
        writer.open();
        writer.enqueue(oneEvent(1, 1));
        QTRY_COMPARE(committed.size(), 1);
        QString writerConnection;
        for (const QString& name : QSqlDatabase::connectionNames()) {
            if (name.startsWith(QLatin1String("firebreak-writer-")))
                writerConnection = name;
        }
        QVERIFY(!writerConnection.isEmpty());
        QSqlQuery limit(QSqlDatabase::database(writerConnection, false));
        QVERIFY(limit.exec(QStringLiteral("PRAGMA page_count")) && limit.next());
        const int pages = limit.value(0).toInt();
        QVERIFY(limit.exec(QStringLiteral("PRAGMA max_page_count = %1").arg(pages)));

        WriteBatch big = oneEvent(2, 2);
        big.events.first().body = QByteArray(64 * 1024, 'x');
        writer.enqueue(big);
        QTRY_COMPARE(failed.size(), 1);
        QVERIFY2(failed.first().at(0).toString().contains(QLatin1String("full")),
            qPrintable(failed.first().at(0).toString()));
        QCOMPARE(failed.first().at(1).value<QVector<quint64>>(), QVector<quint64> { 2 });
        QCOMPARE(committed.size(), 1);

        // The disk has room again: the kept rows go in with the next attempt, without the ticket
        // that was already answered.
        QVERIFY(limit.exec(QStringLiteral("PRAGMA max_page_count = 1000000")));
        QTRY_COMPARE_WITH_TIMEOUT(committed.size(), 2, StoreWriter::FirstRetryDelayMs * 4);
        const auto retried = committed.at(1).first().value<CommittedBatch>();
        QCOMPARE(retried.events.size(), 1);
        QCOMPARE(retried.events.first().body.size(), 64 * 1024);
        QVERIFY(retried.tickets.isEmpty());
        writer.close();
        Probe probe(m_path);
        QCOMPARE(probe.scalar(QStringLiteral("SELECT count(*) FROM events")).toInt(), 2);
    }

    void eventsGetIdsAndRoundTrip()
    {
        const QVector<Event> input {
            makeEvent(100, QStringLiteral("alert.firing"), Severity::Critical, QStringLiteral("sandbox"),
                QStringLiteral("DiskSpaceHigh"), 3, QByteArray("{\"value\":93.5,\"name\":\"ünï\"}")),
            makeEvent(100, QStringLiteral("note"), Severity::Info, QStringLiteral("operator"), QString()),
            makeEvent(50, QStringLiteral("change.deploy"), Severity::Warning, QStringLiteral("ci"),
                QStringLiteral("Deploy web v42")),
        };
        const QVector<Event> stored = writeAll(m_path, input);
        QCOMPARE(stored.size(), 3);
        for (int i = 0; i < 3; ++i) {
            Event expected = input.at(i);
            expected.id = i + 1;
            QCOMPARE(stored.at(i), expected);
        }
        Probe probe(m_path);
        const QVector<Event> read = probe.events({});
        QCOMPARE(read, (QVector<Event> { stored.at(1), stored.at(0), stored.at(2) })); // newest first, id DESC on ties
    }

    void incidentsAndAlertsAreUpserted()
    {
        StoreWriter writer(m_path);
        QSignalSpy committed(&writer, &StoreWriter::committed);
        writer.open();
        Incident first = makeIncident(5, QStringLiteral("Disk filling"));
        Incident second = first;
        second.title = QStringLiteral("Disk filling on db-eu-1");
        second.hypothesis = QStringLiteral("database primary degraded");
        QVERIFY(second.transitionTo(IncidentStatus::Acknowledged, 6000));
        WriteBatch batch;
        batch.incidents = { first, makeIncident(2, QStringLiteral("Older")), second };
        batch.alerts = { makeAlert(QStringLiteral("fp1"), 1000, AlertStatus::Firing, 5),
            makeAlert(QStringLiteral("fp1"), 9000, AlertStatus::Firing, 2) };
        writer.enqueue(batch);
        writer.flush();
        QCOMPARE(committed.size(), 1);
        const auto out = committed.first().first().value<CommittedBatch>();
        QCOMPARE(out.incidents, (QVector<Incident> { second, makeIncident(2, QStringLiteral("Older")) }));
        QCOMPARE(writer.maxIncidentId(), qint64(5));

        Incident resolved = makeIncident(2, QStringLiteral("Older"));
        QVERIFY(resolved.transitionTo(IncidentStatus::Resolved, 7000));
        WriteBatch update;
        update.incidents = { resolved };
        update.alerts = { makeAlert(QStringLiteral("fp1"), 1000, AlertStatus::Resolved, 0) };
        update.alerts.first().endsAtMs = 5000;
        writer.enqueue(update);
        QSignalSpy failed(&writer, &StoreWriter::failed);
        writer.enqueue(WriteBatch { { makeIncident(0, QStringLiteral("nameless")) }, {}, {}, 11 });
        QCOMPARE(failed.size(), 1); // an incident without id is refused at once, the rest still goes in
        QVERIFY(failed.first().at(0).toString().contains(QLatin1String("nameless")));
        QCOMPARE(failed.first().at(1).value<QVector<quint64>>(), QVector<quint64> { 11 });
        writer.close();
        QCOMPARE(committed.size(), 2);

        Probe probe(m_path);
        QString error;
        QCOMPARE(StoreQueries::incidents(probe.db, &error), (QVector<Incident> { second, resolved }));
        QCOMPARE(StoreQueries::activeIncidents(probe.db, &error), QVector<Incident> { second });
        QCOMPARE(StoreQueries::maxIncidentId(probe.db, &error), qint64(5));
        QCOMPARE(probe.scalar(QStringLiteral("SELECT count(*) FROM alerts")).toInt(), 2);
        const QVector<Alert> alerts = StoreQueries::alertsOfActiveIncidents(probe.db, &error);
        QVERIFY(error.isEmpty());
        QCOMPARE(alerts.size(), 1);
        Alert expected = makeAlert(QStringLiteral("fp1"), 1000, AlertStatus::Resolved, 5); // kept incident 5
        expected.endsAtMs = 5000;
        QCOMPARE(alerts.first(), expected);
    }

    void committedBatchEchoesTheAlertsAsStored()
    {
        StoreWriter writer(m_path);
        QSignalSpy committed(&writer, &StoreWriter::committed);
        writer.open();
        Alert resolved = makeAlert(QStringLiteral("fp1"), 1000, AlertStatus::Resolved, 5);
        resolved.endsAtMs = 4000;
        Alert other = makeAlert(QStringLiteral("fp2"), 2000, AlertStatus::Firing, 5);
        other.labels.insert(QStringLiteral("instance"), QStringLiteral("db-us-1"));
        // Two enqueues in one transaction; fp1@1000 twice: one echo, its last version, where it first stood.
        writer.enqueue(
            WriteBatch { {}, { makeAlert(QStringLiteral("fp1"), 1000, AlertStatus::Firing, 5), other }, {}, 0 });
        writer.enqueue(WriteBatch { {}, { resolved }, { note(1, QStringLiteral("x")) }, 0 });
        writer.flush();
        QCOMPARE(committed.size(), 1);
        QCOMPARE(committed.at(0).at(0).value<CommittedBatch>().alerts, (QVector<Alert> { resolved, other }));

        // An update that does not know the incident is echoed with the incident the store kept.
        Alert anonymous = other;
        anonymous.incidentId = 0;
        anonymous.status = AlertStatus::Resolved;
        anonymous.endsAtMs = 9000;
        writer.enqueue(WriteBatch { {}, { anonymous }, {}, 0 });
        writer.flush();
        QCOMPARE(committed.size(), 2);
        Alert expected = anonymous;
        expected.incidentId = 5;
        QCOMPARE(committed.at(1).at(0).value<CommittedBatch>().alerts, QVector<Alert> { expected });

        writer.enqueue(oneEvent(3));
        writer.flush();
        QCOMPARE(committed.size(), 3);
        QVERIFY(committed.at(2).at(0).value<CommittedBatch>().alerts.isEmpty());
        writer.close();
    }

    void alertsOfIncidentAreDecodedInFiringOrder()
    {
        const Alert late = makeAlert(QStringLiteral("fp-late"), 9000, AlertStatus::Firing, 5);
        Alert early = makeAlert(QStringLiteral("fp-early"), 1000, AlertStatus::Resolved, 5);
        early.endsAtMs = 3000;
        early.labels.insert(QStringLiteral("instance"), QStringLiteral("db-us-1"));
        const Alert elsewhere = makeAlert(QStringLiteral("fp-other"), 5000, AlertStatus::Firing, 6);
        const Alert ungrouped = makeAlert(QStringLiteral("fp-none"), 6000, AlertStatus::Resolved, 0);
        {
            StoreWriter writer(m_path);
            writer.open();
            writer.enqueue(WriteBatch { {}, { late, elsewhere, early, ungrouped }, {}, 0 });
            writer.close();
        }
        Probe probe(m_path);
        QString error;
        // Labels and annotations come back decoded from their JSON columns, unicode and quotes included.
        QCOMPARE(StoreQueries::alertsOfIncident(probe.db, 5, &error), (QVector<Alert> { early, late }));
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(StoreQueries::alertsOfIncident(probe.db, 6, &error), QVector<Alert> { elsewhere });
        QVERIFY(StoreQueries::alertsOfIncident(probe.db, 77, &error).isEmpty());
        QVERIFY(error.isEmpty());

        // A connection without the schema: the error names what was read.
        const QString bare = m_dir->filePath(QStringLiteral("bare.db"));
        QVERIFY(withRawConnection(bare, [](QSqlDatabase& db) {
            QString failure;
            const bool empty = StoreQueries::alertsOfIncident(db, 5, &failure).isEmpty();
            return empty && failure.contains(QLatin1String("alerts of incident 5"))
                && failure.contains(QLatin1String("no such table"));
        }));
    }

    void paginationCoversEveryRowOnce()
    {
        QVector<Event> input;
        for (int i = 0; i < 1000; ++i)
            input.append(note((i * 7919) % 151, QString::number(i))); // many ties on time
        const auto stored = writeAll(m_path, input);
        Probe probe(m_path);
        EventQuery query;
        query.limit = 37;
        int pages = 0;
        const QVector<Event> all = allPages(probe, query, &pages);
        QCOMPARE(pages, 28); // 27 full pages of 37 and one of 1
        QCOMPARE(all, newestFirst(stored)); // every row once, in time_ms DESC, id DESC order
    }

    void filters_data()
    {
        QTest::addColumn<EventQuery>("query");
        QTest::addColumn<int>("expectedCount");
        EventQuery q;
        QTest::newRow("none") << q << 400;
        q.kinds = { QStringLiteral("change.deploy") };
        QTest::newRow("one kind") << q << 100;
        q.kinds = { QStringLiteral("change.deploy"), QStringLiteral("note") };
        QTest::newRow("two kinds") << q << 200;
        q = {};
        q.severities = { Severity::Critical };
        QTest::newRow("severity") << q << 100;
        q.kinds = { QStringLiteral("note") };
        QTest::newRow("severity and kind") << q << 25;
        q = {};
        q.sources = { QStringLiteral("operator"), QStringLiteral("sandbox") };
        QTest::newRow("sources") << q << 267;
        q = {};
        q.incidentId = 3;
        QTest::newRow("incident") << q << 80;
        q.contextFromMs = 1'100'000;
        QTest::newRow("incident with context") << q << 80 + 20;
        q.kinds = { QStringLiteral("alert.firing") };
        q.sources = { QStringLiteral("sandbox") };
        QTest::newRow("incident, context, kind and source") << q << 8;
        q = {};
        q.kinds = { QStringLiteral("no.such.kind") };
        QTest::newRow("nothing matches") << q << 0;
    }
    void filters()
    {
        QFETCH(EventQuery, query);
        QFETCH(int, expectedCount);
        const auto stored = writeAll(m_path, mixedEvents());
        QVector<Event> expected;
        for (const Event& event : stored) {
            if (matches(query, event))
                expected.append(event);
        }
        expected = newestFirst(expected);
        QCOMPARE(expected.size(), expectedCount);

        Probe probe(m_path);
        query.limit = 1000;
        bool more = true;
        QCOMPARE(probe.events(query, &more), expected);
        QVERIFY(!more);
        if (expectedCount > 10) {
            query.limit = 10;
            QCOMPARE(probe.events(query, &more), expected.mid(0, 10));
            QVERIFY(more);
        }
    }

    void fullTextSearch_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("kinds");
        QTest::addColumn<QStringList>("expectedTitles");
        const QStringList any;
        QTest::newRow("word") << "disk" << any << QStringList { "DiskSpaceHigh on db-eu-1 disk" };
        QTest::newRow("case") << "DISK" << any << QStringList { "DiskSpaceHigh on db-eu-1 disk" };
        QTest::newRow("prefix") << "diskspace*" << any << QStringList { "DiskSpaceHigh on db-eu-1 disk" };
        QTest::newRow("two words") << "memory leak" << any << QStringList { "Memory leak after deploy" };
        QTest::newRow("tab between words") << "memory\tleak" << any << QStringList { "Memory leak after deploy" };
        QTest::newRow("words not together") << "memory disk" << any << QStringList {};
        QTest::newRow("body") << "checkout" << any << QStringList { "Latency high", "Deploy checkout v7" };
        QTest::newRow("with kind filter")
            << "checkout" << QStringList { "change.deploy" } << QStringList { "Deploy checkout v7" };
        QTest::newRow("diacritics folded") << "uberlauf" << any << QStringList { "Überlauf im Cache" };
        QTest::newRow("cjk prefix") << "日本*" << any << QStringList { "日本語の警告" };
        QTest::newRow("AND is a word") << "AND" << any << QStringList { "cache AND database" };
        QTest::newRow("NEAR( is a word") << "NEAR(" << any << QStringList { "NEAR( the edge" };
        QTest::newRow("lone quote") << "\"" << any << QStringList {};
        QTest::newRow("unbalanced quote") << "\"disk" << any << QStringList { "DiskSpaceHigh on db-eu-1 disk" };
        QTest::newRow("column filter syntax") << "title:disk" << any << QStringList {};
        QTest::newRow("operators") << "- ^ + ( ) : OR NOT" << any << QStringList {};
        QTest::newRow("only a star") << "*" << any << QStringList {};
        QTest::newRow("sql quote") << "'; DROP TABLE events; --" << any << QStringList {};
    }
    void fullTextSearch()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, kinds);
        QFETCH(QStringList, expectedTitles);
        const auto alert = [](qint64 time, const char* title, const QByteArray& body = {}) {
            return makeEvent(time, QStringLiteral("alert.firing"), Severity::Info, QStringLiteral("s"),
                QString::fromUtf8(title), 0, body);
        };
        writeAll(m_path,
            { alert(1, "DiskSpaceHigh on db-eu-1 disk"), alert(2, "Memory leak after deploy"),
                alert(3, "Latency high", QByteArray("{\"service\":\"checkout\"}")),
                makeEvent(4, QStringLiteral("change.deploy"), Severity::Info, QStringLiteral("s"),
                    QStringLiteral("Deploy checkout v7")),
                alert(5, "Überlauf im Cache"), alert(6, "日本語の警告"), alert(7, "cache AND database"),
                alert(8, "NEAR( the edge") });
        Probe probe(m_path);
        EventQuery query;
        query.text = text;
        query.kinds = kinds;
        QString error;
        QStringList titles;
        for (const Event& event : probe.events(query, nullptr, &error))
            titles.append(event.title);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        std::sort(titles.begin(), titles.end());
        std::sort(expectedTitles.begin(), expectedTitles.end());
        QCOMPARE(titles, expectedTitles);
        QCOMPARE(probe.scalar(QStringLiteral("SELECT count(*) FROM events")).toInt(), 8);
    }

    // Search walks matches newest id first and stops early; with ids out of time order (late and
    // early arrivals across many id blocks) every page must still equal the plain ordering.
    void searchPagesFollowTimeOrderNotIdOrder()
    {
        QVector<Event> input;
        for (int i = 0; i < 5000; ++i) {
            qint64 time = 1'000'000 + i * 10;
            if (i % 7 == 0)
                time -= 30'000; // arrived late
            if (i % 501 == 0)
                time += 5'000; // stamped ahead of the next 500 ids
            const QString title
                = QStringLiteral("%1 %2").arg(i % 3 == 0 ? "common" : "other", i % 400 == 0 ? "rare" : "");
            input.append(
                makeEvent(time, Kinds.at(i % 4), Severity::Info, QStringLiteral("s"), title, i % 11 == 0 ? 0 : 2));
        }
        const auto stored = writeAll(m_path, input);
        Probe probe(m_path);
        for (const QString& word : { QStringLiteral("common"), QStringLiteral("rare"), QStringLiteral("comm*") }) {
            for (const bool filtered : { false, true }) {
                EventQuery query;
                query.text = word;
                query.limit = 45;
                if (filtered) {
                    query.kinds = { Kinds.at(0), Kinds.at(3) };
                    query.incidentId = 2;
                    query.contextFromMs = 1'020'000;
                }
                const bool prefix = word.endsWith(QLatin1Char('*'));
                const QString stem = prefix ? word.chopped(1) : word;
                QVector<Event> expected;
                for (const Event& event : stored) {
                    const QStringList words = event.title.split(QLatin1Char(' '), Qt::SkipEmptyParts);
                    const bool hit = std::any_of(words.begin(), words.end(),
                        [&](const QString& w) { return prefix ? w.startsWith(stem) : w == stem; });
                    if (hit && matches(query, event))
                        expected.append(event);
                }
                QVERIFY(!expected.isEmpty());
                QCOMPARE(allPages(probe, query), newestFirst(expected));
            }
        }
    }

    void searchThatSqliteRejectsIsAnError()
    {
        // A v1 file opened read-only has no FTS table: the search must fail with a message, not crash.
        QVERIFY(createAtVersion(m_path, 1, {}));
        Probe probe(m_path);
        QVERIFY(probe.result.ok);
        QVERIFY(probe.result.problem.contains(QLatin1String("older schema version 1")));
        EventQuery query;
        query.text = QStringLiteral("disk");
        QString error;
        bool more = true;
        QVERIFY(probe.events(query, &more, &error).isEmpty());
        QVERIFY(!more);
        QVERIFY2(error.contains(QLatin1String("search for \"disk\" failed")), qPrintable(error));
    }

    void brokenFileIsNeverWritten_data()
    {
        QTest::addColumn<bool>("database"); // a damaged store, or a file that never was one
        QTest::addColumn<QString>("problem");
        QTest::newRow("b-tree page overwritten") << true << "failed its integrity check: Page";
        QTest::newRow("not a database") << false << "not a readable SQLite database";
    }
    void brokenFileIsNeverWritten()
    {
        QFETCH(bool, database);
        QFETCH(QString, problem);
        QDir().mkpath(QFileInfo(m_path).absolutePath());
        if (database) {
            QVector<Event> input;
            for (int i = 0; i < 3000; ++i)
                input.append(note(i, QStringLiteral("row %1 with some text to fill pages").arg(i)));
            writeAll(m_path, input);
            // Overwrite a leaf page of the events table in the middle, its b-tree page header
            // included (a fixed offset may land on a free page as the schema grows).
            qint64 page = 0;
            QVERIFY(withRawConnection(m_path, [&page](QSqlDatabase& db) {
                QSqlQuery query(db);
                const bool ok = query.exec(QStringLiteral("SELECT pageno FROM dbstat WHERE name = 'events' AND"
                                                          " pagetype = 'leaf' ORDER BY pageno"));
                QVector<qint64> leaves;
                while (ok && query.next())
                    leaves.append(query.value(0).toLongLong());
                page = leaves.isEmpty() ? 0 : leaves.at(leaves.size() / 2);
                return ok;
            }));
            QVERIFY(page > 1);
            QFile file(m_path);
            QVERIFY(file.open(QIODevice::ReadWrite) && file.size() > 20 * 4096);
            QVERIFY(file.seek((page - 1) * 4096));
            file.write(QByteArray(300, '\xA5'));
        } else {
            QFile file(m_path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            for (int i = 0; i < 200; ++i)
                file.write("these are my notes, not a database\n");
        }
        const QByteArray before = fileBytes(m_path);
        const QRegularExpression warning(QRegularExpression::escape(problem));
        for (const auto mode : { Database::Mode::ReadWrite, Database::Mode::ReadOnly }) {
            QTest::ignoreMessage(QtWarningMsg, warning); // said on stderr too; fails if it is not
            Probe probe(m_path, mode);
            QVERIFY(probe.result.readOnly);
            QCOMPARE(probe.result.ok, database); // a damaged store can still be read
            QVERIFY2(probe.result.problem.contains(m_path), qPrintable(probe.result.problem));
            QVERIFY2(probe.result.problem.contains(problem), qPrintable(probe.result.problem));
        }
        QCOMPARE(fileBytes(m_path), before);

        StoreWriter writer(m_path);
        QSignalSpy opened(&writer, &StoreWriter::opened);
        QSignalSpy failed(&writer, &StoreWriter::failed);
        QSignalSpy committed(&writer, &StoreWriter::committed);
        QTest::ignoreMessage(QtWarningMsg, warning);
        writer.open();
        QCOMPARE(opened.size(), 1);
        QVERIFY(opened.first().first().value<StoreOpenResult>().readOnly);
        writer.enqueue(oneEvent(1, 9));
        writer.flush();
        QCOMPARE(failed.size(), 1);
        QVERIFY2(failed.first().at(0).toString().contains(problem), qPrintable(failed.first().at(0).toString()));
        QCOMPARE(failed.first().at(1).value<QVector<quint64>>(), QVector<quint64> { 9 });
        writer.close();
        QCOMPARE(committed.size(), 0);
        QCOMPARE(fileBytes(m_path), before);
    }

    void readerOnItsThreadAnswersBySignalAndSeesNewCommits()
    {
        StoreWriter writer(m_path);
        writer.open();
        WriteBatch batch;
        batch.incidents = { makeIncident(1, QStringLiteral("one")), makeIncident(2, QStringLiteral("two")) };
        batch.events = mixedEvents();
        batch.alerts = { makeAlert(QStringLiteral("fp-b"), 7000, AlertStatus::Firing, 1),
            makeAlert(QStringLiteral("fp-a"), 6000, AlertStatus::Firing, 1),
            makeAlert(QStringLiteral("fp-c"), 6500, AlertStatus::Firing, 2) };
        writer.enqueue(batch);
        writer.flush();

        QThread thread;
        auto* reader = onThread(thread, new StoreReader(m_path));
        connect(reader, &StoreReader::opened, this, &TstStore::opened);
        connect(reader, &StoreReader::eventsFetched, this, &TstStore::eventsFetched);
        connect(reader, &StoreReader::incidentsFetched, this, &TstStore::incidentsFetched);
        connect(reader, &StoreReader::sourcesFetched, this, &TstStore::sourcesFetched);
        connect(reader, &StoreReader::alertsFetched, this, &TstStore::alertsFetched);
        connect(reader, &StoreReader::failed, this, &TstStore::failed);
        QSignalSpy opened(this, &TstStore::opened);
        QSignalSpy events(this, &TstStore::eventsFetched);
        QSignalSpy incidents(this, &TstStore::incidentsFetched);
        QSignalSpy sources(this, &TstStore::sourcesFetched);
        QSignalSpy alerts(this, &TstStore::alertsFetched);
        QSignalSpy failed(this, &TstStore::failed);
        QMetaObject::invokeMethod(reader, &StoreReader::open);
        QTRY_COMPARE(opened.size(), 1);
        QVERIFY(opened.first().first().value<StoreOpenResult>().ok);

        EventQuery query;
        query.limit = 50;
        QMetaObject::invokeMethod(reader, [reader, query] { reader->fetchEvents(42, query); });
        QTRY_COMPARE(events.size(), 1);
        QCOMPARE(events.first().at(0).toULongLong(), 42ULL);
        QCOMPARE(events.first().at(1).value<QVector<Event>>().size(), 50);
        QCOMPARE(events.first().at(2).toBool(), true);

        QMetaObject::invokeMethod(reader, [reader] { reader->fetchIncidents(43); });
        QTRY_COMPARE(incidents.size(), 1);
        QCOMPARE(incidents.first().at(0).toULongLong(), 43ULL);
        const auto fetched = incidents.first().at(1).value<QVector<Incident>>();
        QCOMPARE(fetched.size(), 2);
        QCOMPARE(fetched.first().id, qint64(2)); // newest first

        QMetaObject::invokeMethod(reader, [reader] { reader->fetchSources(44); });
        QTRY_COMPARE(sources.size(), 1);
        QCOMPARE(sources.first().at(1).toStringList(),
            (QStringList { QStringLiteral("alertmanager"), QStringLiteral("operator"), QStringLiteral("sandbox") }));

        QMetaObject::invokeMethod(reader, [reader] { reader->fetchAlerts(47, 1); });
        QTRY_COMPARE(alerts.size(), 1);
        QCOMPARE(alerts.first().at(0).toULongLong(), 47ULL);
        QCOMPARE(alerts.first().at(1).value<QVector<Alert>>(),
            (QVector<Alert> { batch.alerts.at(1), batch.alerts.at(0) })); // oldest first

        // A commit made after the reader opened is visible to its next read.
        writer.enqueue(WriteBatch { {}, {}, { note(9'000'000, QStringLiteral("later")) }, 0 });
        writer.flush();
        query.limit = 1;
        QMetaObject::invokeMethod(reader, [reader, query] { reader->fetchEvents(45, query); });
        QTRY_COMPARE(events.size(), 2);
        QCOMPARE(events.at(1).at(1).value<QVector<Event>>().first().title, QStringLiteral("later"));

        query.limit = 0;
        QMetaObject::invokeMethod(reader, [reader, query] { reader->fetchEvents(46, query); });
        QTRY_COMPARE(failed.size(), 1);
        QCOMPARE(failed.first().at(0).toULongLong(), 46ULL);
        QVERIFY(failed.first().at(1).toString().contains(QLatin1String("limit")));

        // A reader that was never opened says so instead of answering.
        StoreReader closed(m_path);
        QSignalSpy closedFailed(&closed, &StoreReader::failed);
        QSignalSpy closedAlerts(&closed, &StoreReader::alertsFetched);
        closed.fetchAlerts(48, 1);
        QCOMPARE(closedFailed.size(), 1);
        QCOMPARE(closedFailed.first().at(0).toULongLong(), 48ULL);
        QVERIFY(closedFailed.first().at(1).toString().contains(QLatin1String("not open")));
        QCOMPARE(closedAlerts.size(), 0);

        thread.quit();
        thread.wait();
        writer.close();
    }

    void defaultPathIsUnderAppData()
    {
        const QString path = Database::defaultPath();
        QVERIFY(path.endsWith(QLatin1String("/firebreak.db")));
        QVERIFY(path.startsWith(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)));
        QVERIFY(QFileInfo(path).absoluteDir().exists());
    }

Q_SIGNALS:
    // A worker's signals, relayed (queued) to this thread: QSignalSpy records in the emitting
    // thread, which would race with the test reading it.
    void committed(const firebreak::CommittedBatch& batch);
    void opened(const firebreak::StoreOpenResult& result);
    void eventsFetched(quint64 requestId, const QVector<firebreak::Event>& events, bool more);
    void incidentsFetched(quint64 requestId, const QVector<firebreak::Incident>& incidents);
    void sourcesFetched(quint64 requestId, const QStringList& sources);
    void alertsFetched(quint64 requestId, const QVector<firebreak::Alert>& alerts);
    void failed(quint64 requestId, const QString& error);

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

QTEST_GUILESS_MAIN(TstStore)
#include "tst_store.moc"
