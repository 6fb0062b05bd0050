#include "domain/metatypes.h"
#include "store/database.h"
#include "store/ftsquery.h"
#include "store/storequeries.h"
#include "store/storereader.h"
#include "store/storewriter.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSet>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <algorithm>

using namespace firebreak;

namespace {

Event makeEvent(qint64 timeMs, const QString& kind, Severity severity, const QString& source, const QString& title,
    qint64 incidentId = 0, const QByteArray& body = {})
{
    Event event;
    event.timeMs = timeMs;
    event.kind = kind;
    event.severity = severity;
    event.source = source;
    event.title = title;
    event.incidentId = incidentId;
    event.body = body;
    event.actor = QStringLiteral("test");
    return event;
}

Incident makeIncident(qint64 id, const QString& title, IncidentStatus status = IncidentStatus::Open)
{
    Incident incident;
    incident.id = id;
    incident.title = title;
    incident.severity = 2;
    incident.status = status;
    incident.groupKey = QStringLiteral("service=db");
    incident.groupLabels = { { QStringLiteral("service"), QStringLiteral("db") } };
    incident.detectedMs = 1000 * id;
    incident.updatedMs = 1000 * id + 5;
    incident.alertCount = 1;
    incident.firingCount = 1;
    return incident;
}

Alert makeAlert(const QString& fingerprint, qint64 startsAtMs, AlertStatus status, qint64 incidentId)
{
    Alert alert;
    alert.fingerprint = fingerprint;
    alert.startsAtMs = startsAtMs;
    alert.status = status;
    alert.incidentId = incidentId;
    alert.labels = { { QStringLiteral("alertname"), QStringLiteral("DiskSpaceHigh") },
        { QStringLiteral("instance"), QStringLiteral("db-eu-1") } };
    alert.annotations = { { QStringLiteral("summary"), QStringLiteral("Disk \"90%\" full — ünïcode") } };
    alert.source = QStringLiteral("sandbox");
    alert.generatorUrl = QStringLiteral("http://prometheus/graph?g0.expr=x");
    return alert;
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
    QVector<Event> events(EventQuery query, bool* more = nullptr, QString* error = nullptr)
    {
        QString localError;
        const auto events = StoreQueries::events(db, query, more, error ? error : &localError);
        if (!error && !localError.isEmpty())
            qWarning() << localError;
        return events;
    }

    StoreOpenResult result;
    QSqlDatabase db;

private:
    static inline int s_count = 0;
    QString m_name;
};

QVector<Event> committedEvents(const QSignalSpy& spy)
{
    QVector<Event> events;
    for (const auto& arguments : spy)
        events += arguments.at(0).value<CommittedBatch>().events;
    return events;
}

// Writes through a StoreWriter on this thread and returns the events as committed (with ids).
QVector<Event> writeAll(const QString& path, const QVector<Event>& events, const QVector<Incident>& incidents = {},
    const QVector<Alert>& alerts = {})
{
    StoreWriter writer(path);
    QSignalSpy committed(&writer, &StoreWriter::committed);
    writer.open();
    WriteBatch batch;
    batch.events = events;
    batch.incidents = incidents;
    batch.alerts = alerts;
    writer.enqueue(batch);
    writer.close();
    return committedEvents(committed);
}

QVector<qint64> idsOf(const QVector<Event>& events)
{
    QVector<qint64> ids;
    for (const Event& event : events)
        ids.append(event.id);
    return ids;
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

    void newFileHasCurrentSchemaAndDurableSettings()
    {
        Probe probe(m_path, Database::Mode::ReadWrite);
        QVERIFY2(probe.result.ok, qPrintable(probe.result.problem));
        QVERIFY(!probe.result.readOnly);
        QVERIFY(probe.result.problem.isEmpty());
        QCOMPARE(probe.result.schemaVersion, Database::SchemaVersion);
        QCOMPARE(probe.scalar(QStringLiteral("PRAGMA user_version")).toInt(), 2);
        QCOMPARE(probe.scalar(QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
        QCOMPARE(probe.scalar(QStringLiteral("PRAGMA synchronous")).toInt(), 2);
        QCOMPARE(probe.scalar(QStringLiteral("PRAGMA foreign_keys")).toInt(), 1);
        QCOMPARE(probe.scalar(QStringLiteral("PRAGMA busy_timeout")).toInt(), 5000);
        QCOMPARE(probe.scalar(QStringLiteral("SELECT count(*) FROM events_fts")).toInt(), 0);
    }

    void readOnlyConnectionAlsoGetsSettings()
    {
        writeAll(m_path, { makeEvent(1, QStringLiteral("note"), Severity::Info, QStringLiteral("t"), QStringLiteral("x")) });
        Probe probe(m_path);
        QVERIFY2(probe.result.ok && probe.result.readOnly, qPrintable(probe.result.problem));
        QCOMPARE(probe.scalar(QStringLiteral("PRAGMA synchronous")).toInt(), 2);
        QCOMPARE(probe.scalar(QStringLiteral("PRAGMA busy_timeout")).toInt(), 5000);
        QSqlQuery insert(probe.db);
        QVERIFY(!insert.exec(QStringLiteral("INSERT INTO events(time_ms) VALUES (5)")));
    }

    void migratesFromEmptyFile()
    {
        QDir().mkpath(QFileInfo(m_path).absolutePath());
        QFile empty(m_path);
        QVERIFY(empty.open(QIODevice::WriteOnly));
        empty.close();
        Probe probe(m_path, Database::Mode::ReadWrite);
        QVERIFY2(probe.result.ok, qPrintable(probe.result.problem));
        QCOMPARE(probe.scalar(QStringLiteral("PRAGMA user_version")).toInt(), 2);
        QCOMPARE(probe.scalar(QStringLiteral("SELECT count(*) FROM events")).toInt(), 0);
    }

    void migratesFromVersionOneKeepingData_data()
    {
        QTest::addColumn<bool>("throughOpen");
        QTest::newRow("Database::migrate stepwise") << false;
        QTest::newRow("Database::open") << true;
    }
    void migratesFromVersionOneKeepingData()
    {
        QFETCH(bool, throughOpen);
        QDir().mkpath(QFileInfo(m_path).absolutePath());
        {
            auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v1"));
            db.setDatabaseName(m_path);
            QVERIFY(db.open());
            QString error;
            QVERIFY2(Database::migrate(db, 1, &error), qPrintable(error));
            QSqlQuery query(db);
            QCOMPARE(Database::SchemaVersion, 2);
            QVERIFY(query.exec(QStringLiteral("PRAGMA user_version")) && query.next());
            QCOMPARE(query.value(0).toInt(), 1);
            QVERIFY(!query.exec(QStringLiteral("SELECT count(*) FROM events_fts")));
            QVERIFY(query.exec(QStringLiteral(
                "INSERT INTO events(incident_id, time_ms, source, kind, severity, title, body, actor) VALUES"
                " (1, 100, 'sandbox', 'alert.firing', 3, 'DiskSpaceHigh on db-eu-1', '{\"mount\":\"/var\"}', 'am'),"
                " (0, 200, 'sandbox', 'change.deploy', 0, 'Deploy web v42', '', 'ci')")));
            QVERIFY(query.exec(QStringLiteral(
                "INSERT INTO incidents(id, title, severity, status, detected_ms) VALUES (1, 'Disk full', 2, 'open', 100)")));
            if (!throughOpen) {
                QVERIFY2(Database::migrate(db, 2, &error), qPrintable(error));
                QVERIFY(query.exec(QStringLiteral("PRAGMA user_version")) && query.next());
                QCOMPARE(query.value(0).toInt(), 2);
            }
            query.finish();
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("v1"));

        Probe probe(m_path, Database::Mode::ReadWrite);
        QVERIFY2(probe.result.ok && !probe.result.readOnly, qPrintable(probe.result.problem));
        QCOMPARE(probe.result.schemaVersion, 2);
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
    }

    void migrateRefusesUnknownTargets()
    {
        Probe probe(m_path, Database::Mode::ReadWrite);
        QString error;
        QVERIFY(!Database::migrate(probe.db, 1, &error));
        QVERIFY2(error.contains(QLatin1String("from schema version 2 to 1")), qPrintable(error));
        QVERIFY(!Database::migrate(probe.db, 3, &error));
        QVERIFY(Database::migrate(probe.db, 2, &error));
    }

    void newerSchemaIsOpenedReadOnly()
    {
        {
            Probe probe(m_path, Database::Mode::ReadWrite);
            QSqlQuery(probe.db).exec(QStringLiteral("PRAGMA user_version = 7"));
        }
        const QByteArray before = fileBytes(m_path);
        Probe probe(m_path, Database::Mode::ReadWrite);
        QVERIFY(probe.result.readOnly);
        QVERIFY2(probe.result.problem.contains(QLatin1String("schema version 7")), qPrintable(probe.result.problem));
        QCOMPARE(fileBytes(m_path), before);
    }

    void burstOfSmallBatchesIsCommittedInFewTransactions()
    {
        StoreWriter writer(m_path);
        QSignalSpy committed(&writer, &StoreWriter::committed);
        writer.open();
        for (int i = 0; i < 5000; ++i) {
            WriteBatch batch;
            batch.events = { makeEvent(i, QStringLiteral("note"), Severity::Info, QStringLiteral("t"),
                QStringLiteral("burst %1").arg(i)) };
            batch.ticket = quint64(i + 1);
            writer.enqueue(batch);
        }
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
        auto* writer = new StoreWriter(m_path);
        writer->moveToThread(&thread);
        connect(&thread, &QThread::finished, writer, &QObject::deleteLater);
        QSignalSpy opened(writer, &StoreWriter::opened);
        QSignalSpy committed(writer, &StoreWriter::committed);
        thread.start();
        QMetaObject::invokeMethod(writer, &StoreWriter::open);
        QTRY_COMPARE(opened.size(), 1);
        for (int i = 0; i < 5000; ++i) {
            WriteBatch batch;
            batch.events = { makeEvent(i, QStringLiteral("note"), Severity::Info, QStringLiteral("t"),
                QStringLiteral("burst %1").arg(i)) };
            QMetaObject::invokeMethod(writer, [writer, batch] { writer->enqueue(batch); });
        }
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
        WriteBatch batch;
        batch.events = { makeEvent(
            10, QStringLiteral("note"), Severity::Info, QStringLiteral("t"), QStringLiteral("lonely")) };
        batch.ticket = 7;
        QElapsedTimer clock;
        clock.start();
        writer.enqueue(batch);
        QCOMPARE(committed.size(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(committed.size(), 1, 1000);
        QVERIFY2(clock.elapsed() >= 40, QByteArray::number(clock.elapsed()).constData());
        const auto out = committed.first().first().value<CommittedBatch>();
        QCOMPARE(out.tickets, QVector<quint64> { 7 });
        QCOMPARE(out.events.size(), 1);
        QVERIFY(out.events.first().id > 0);
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
            QCOMPARE(stored.at(i).id, qint64(i + 1));
            Event expected = input.at(i);
            expected.id = stored.at(i).id;
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
        writer.close();

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

    void rejectsIncidentWithoutId()
    {
        StoreWriter writer(m_path);
        QSignalSpy failed(&writer, &StoreWriter::failed);
        QSignalSpy committed(&writer, &StoreWriter::committed);
        writer.open();
        WriteBatch batch;
        batch.incidents = { makeIncident(0, QStringLiteral("nameless")) };
        batch.ticket = 11;
        writer.enqueue(batch);
        QCOMPARE(failed.size(), 1);
        QVERIFY(failed.first().at(0).toString().contains(QLatin1String("nameless")));
        QCOMPARE(failed.first().at(1).value<QVector<quint64>>(), QVector<quint64> { 11 });
        writer.close();
        QCOMPARE(committed.size(), 0);
    }

    void paginationCoversEveryRowOnce()
    {
        QVector<Event> input;
        for (int i = 0; i < 1000; ++i)
            input.append(makeEvent(
                (i * 7919) % 151, QStringLiteral("note"), Severity::Info, QStringLiteral("t"), QString::number(i)));
        const auto stored = writeAll(m_path, input);
        Probe probe(m_path);
        EventQuery query;
        query.limit = 37;
        QVector<Event> all;
        bool more = true;
        int pages = 0;
        while (more) {
            const auto page = probe.events(query, &more);
            QVERIFY(!page.isEmpty() || !more);
            QVERIFY(page.size() == query.limit || !more);
            all += page;
            if (!page.isEmpty()) {
                query.beforeTimeMs = page.last().timeMs;
                query.beforeId = page.last().id;
            }
            QVERIFY(++pages < 100);
        }
        QCOMPARE(pages, 28); // 27 full pages of 37 and one of 1
        QCOMPARE(all.size(), 1000);
        for (int i = 1; i < all.size(); ++i) {
            const auto& a = all.at(i - 1);
            const auto& b = all.at(i);
            QVERIFY(a.timeMs > b.timeMs || (a.timeMs == b.timeMs && a.id > b.id));
        }
        auto ids = idsOf(all);
        std::sort(ids.begin(), ids.end());
        auto expected = idsOf(stored);
        std::sort(expected.begin(), expected.end());
        QCOMPARE(ids, expected);
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
        std::sort(expected.begin(), expected.end(), [](const Event& a, const Event& b) {
            return a.timeMs != b.timeMs ? a.timeMs > b.timeMs : a.id > b.id;
        });
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

    void matchExpressionQuotesEveryWord_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::newRow("words") << "disk  full" << "\"disk\" \"full\"";
        QTest::newRow("prefix") << "dis*" << "\"dis\"*";
        QTest::newRow("quote") << "a\"b*" << "\"a\"\"b\"*";
        QTest::newRow("operators") << "NEAR( AND" << "\"NEAR(\" \"AND\"";
        QTest::newRow("only stars") << " * ** " << "";
        QTest::newRow("tabs and newlines") << "a\tb\nc" << "\"a\" \"b\" \"c\"";
    }
    void matchExpressionQuotesEveryWord()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        QCOMPARE(FtsQuery::matchExpression(input), expected);
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
        QTest::newRow("words not together") << "memory disk" << any << QStringList {};
        QTest::newRow("body") << "checkout" << any << QStringList { "Latency high", "Deploy checkout v7" };
        QTest::newRow("with kind filter") << "checkout" << QStringList { "change.deploy" }
                                          << QStringList { "Deploy checkout v7" };
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
        const QString alert = QStringLiteral("alert.firing");
        writeAll(m_path,
            {
                makeEvent(1, alert, Severity::Critical, QStringLiteral("s"), QStringLiteral("DiskSpaceHigh on db-eu-1 disk")),
                makeEvent(2, alert, Severity::Error, QStringLiteral("s"), QStringLiteral("Memory leak after deploy")),
                makeEvent(3, alert, Severity::Warning, QStringLiteral("s"), QStringLiteral("Latency high"), 0,
                    QByteArray("{\"service\":\"checkout\"}")),
                makeEvent(4, QStringLiteral("change.deploy"), Severity::Info, QStringLiteral("s"),
                    QStringLiteral("Deploy checkout v7")),
                makeEvent(5, alert, Severity::Info, QStringLiteral("s"), QStringLiteral("Überlauf im Cache")),
                makeEvent(6, alert, Severity::Info, QStringLiteral("s"), QStringLiteral("日本語の警告")),
                makeEvent(7, alert, Severity::Info, QStringLiteral("s"), QStringLiteral("cache AND database")),
                makeEvent(8, alert, Severity::Info, QStringLiteral("s"), QStringLiteral("NEAR( the edge")),
            });
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

    void searchThatSqliteRejectsIsAnError()
    {
        // A v1 file opened read-only has no FTS table: the search must fail with a message, not crash.
        QDir().mkpath(QFileInfo(m_path).absolutePath());
        {
            auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v1"));
            db.setDatabaseName(m_path);
            QVERIFY(db.open());
            QString error;
            QVERIFY(Database::migrate(db, 1, &error));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("v1"));
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

    void damagedFileIsOpenedReadOnlyAndNeverWritten()
    {
        QVector<Event> input;
        for (int i = 0; i < 3000; ++i)
            input.append(makeEvent(i, QStringLiteral("note"), Severity::Info, QStringLiteral("sandbox"),
                QStringLiteral("row %1 with some text to fill pages").arg(i)));
        writeAll(m_path, input);
        QFile::remove(m_path + QStringLiteral("-wal"));
        QFile::remove(m_path + QStringLiteral("-shm"));
        const QString damaged = m_dir->filePath(QStringLiteral("damaged.db"));
        QVERIFY(QFile::copy(m_path, damaged));
        {
            // Overwrite a b-tree page in the middle of the file (the page header included).
            QFile file(damaged);
            QVERIFY(file.open(QIODevice::ReadWrite));
            const qint64 pageSize = 4096;
            const qint64 pages = file.size() / pageSize;
            QVERIFY(pages > 20);
            QVERIFY(file.seek((pages / 2) * pageSize));
            file.write(QByteArray(300, '\xA5'));
        }
        const QByteArray before = fileBytes(damaged);

        {
            Probe probe(damaged, Database::Mode::ReadWrite);
            QVERIFY(probe.result.readOnly);
            QVERIFY2(probe.result.problem.contains(damaged), qPrintable(probe.result.problem));
            QVERIFY2(probe.result.problem.contains(QLatin1String("integrity check")), qPrintable(probe.result.problem));
        }
        QCOMPARE(fileBytes(damaged), before);

        StoreWriter writer(damaged);
        QSignalSpy opened(&writer, &StoreWriter::opened);
        QSignalSpy failed(&writer, &StoreWriter::failed);
        QSignalSpy committed(&writer, &StoreWriter::committed);
        writer.open();
        QCOMPARE(opened.size(), 1);
        QVERIFY(opened.first().first().value<StoreOpenResult>().readOnly);
        WriteBatch batch;
        batch.events = { makeEvent(1, QStringLiteral("note"), Severity::Info, QStringLiteral("t"), QStringLiteral("x")) };
        batch.ticket = 9;
        writer.enqueue(batch);
        writer.flush();
        QCOMPARE(failed.size(), 1);
        QVERIFY2(failed.first().at(0).toString().contains(QLatin1String("integrity")),
            qPrintable(failed.first().at(0).toString()));
        QCOMPARE(failed.first().at(1).value<QVector<quint64>>(), QVector<quint64> { 9 });
        writer.close();
        QCOMPARE(committed.size(), 0);
        QCOMPARE(fileBytes(damaged), before);
    }

    void fileThatIsNotADatabaseIsLeftAlone()
    {
        QDir().mkpath(QFileInfo(m_path).absolutePath());
        QByteArray text;
        for (int i = 0; i < 200; ++i)
            text += "these are my notes, not a database\n";
        {
            QFile file(m_path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(text);
        }
        {
            Probe probe(m_path, Database::Mode::ReadWrite);
            QVERIFY(!probe.result.ok);
            QVERIFY2(probe.result.problem.contains(m_path), qPrintable(probe.result.problem));
            QVERIFY2(probe.result.problem.contains(QLatin1String("not a readable SQLite database")),
                qPrintable(probe.result.problem));
        }
        StoreWriter writer(m_path);
        QSignalSpy failed(&writer, &StoreWriter::failed);
        writer.open();
        writer.enqueue(WriteBatch { {}, {}, { makeEvent(1, QStringLiteral("n"), Severity::Info, {}, {}) }, 3 });
        QCOMPARE(failed.size(), 1);
        writer.close();
        QCOMPARE(fileBytes(m_path), text);
    }

    void readerOnItsThreadAnswersBySignalAndSeesNewCommits()
    {
        StoreWriter writer(m_path);
        writer.open();
        WriteBatch batch;
        batch.incidents = { makeIncident(1, QStringLiteral("one")), makeIncident(2, QStringLiteral("two")) };
        batch.events = mixedEvents();
        writer.enqueue(batch);
        writer.flush();

        QThread thread;
        auto* reader = new StoreReader(m_path);
        reader->moveToThread(&thread);
        connect(&thread, &QThread::finished, reader, &QObject::deleteLater);
        QSignalSpy opened(reader, &StoreReader::opened);
        QSignalSpy events(reader, &StoreReader::eventsFetched);
        QSignalSpy incidents(reader, &StoreReader::incidentsFetched);
        QSignalSpy sources(reader, &StoreReader::sourcesFetched);
        QSignalSpy failed(reader, &StoreReader::failed);
        thread.start();
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

        // A commit made after the reader opened is visible to its next read.
        WriteBatch later;
        later.events = { makeEvent(9'000'000, QStringLiteral("note"), Severity::Info, QStringLiteral("zeta"),
            QStringLiteral("later")) };
        writer.enqueue(later);
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

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

QTEST_GUILESS_MAIN(TstStore)
#include "tst_store.moc"
