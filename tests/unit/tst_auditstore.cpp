// The audit log in the store: entries go in through the one writer, in the same transaction as
// everything else, chained from the stored head (also across restarts and failed transactions),
// read back exactly, and SQLite itself refuses to change or remove them.
#include "audit/auditchain.h"
#include "domain/metatypes.h"
#include "store/database.h"
#include "store/schema.h"
#include "store/storequeries.h"
#include "store/storewriter.h"

#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace firebreak;

namespace {

AuditEntry entry(qint64 timeMs, const QString& actor, const QString& action, const QString& subject,
    const QByteArray& details = "{}")
{
    AuditEntry e;
    e.timeMs = timeMs;
    e.actor = actor;
    e.action = action;
    e.subject = subject;
    e.details = details;
    return e;
}

Event note(qint64 timeMs, const QByteArray& body = {})
{
    Event event;
    event.timeMs = timeMs;
    event.kind = QStringLiteral("note");
    event.title = QStringLiteral("note");
    event.body = body;
    return event;
}

WriteBatch auditBatch(const QVector<AuditEntry>& entries, quint64 ticket = 0)
{
    WriteBatch batch;
    batch.audit = entries;
    batch.ticket = ticket;
    return batch;
}

QVector<AuditEntry> committedAudit(const QSignalSpy& spy)
{
    QVector<AuditEntry> entries;
    for (const auto& arguments : spy)
        entries += arguments.at(0).value<CommittedBatch>().audit;
    return entries;
}

// A connection of its own for looking at (or, as an attacker would, changing) the file.
class Connection {
public:
    explicit Connection(const QString& path, Database::Mode mode = Database::Mode::ReadOnly)
        : m_name(QStringLiteral("audit-probe-%1").arg(++s_count))
    {
        result = Database::open(m_name, path, mode);
        db = Database::connection(m_name);
    }
    ~Connection()
    {
        db = QSqlDatabase();
        Database::close(m_name);
    }
    // The error SQLite gave, empty when the statement ran.
    QString run(const QString& sql)
    {
        QSqlQuery query(db);
        return query.exec(sql) ? QString() : query.lastError().text();
    }
    QVector<AuditEntry> entries()
    {
        QString error;
        const auto all = StoreQueries::auditEntries(db, &error);
        if (!error.isEmpty())
            qWarning() << error;
        return all;
    }

    StoreOpenResult result;
    QSqlDatabase db;

private:
    static inline int s_count = 0;
    QString m_name;
};

QString writerConnectionName()
{
    for (const QString& name : QSqlDatabase::connectionNames()) {
        if (name.startsWith(QLatin1String("firebreak-writer-")))
            return name;
    }
    return {};
}

} // namespace

class TstAuditStore : public QObject {
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
        m_path = m_dir->filePath(QStringLiteral("firebreak.db"));
    }
    void cleanup() { m_dir.reset(); }

    void entriesAreChainedInTheTransactionAndReadBack()
    {
        QVector<AuditEntry> echoed;
        {
            StoreWriter writer(m_path);
            QSignalSpy committed(&writer, &StoreWriter::committed);
            writer.open();
            QVERIFY(writer.acceptsWrites());
            WriteBatch first = auditBatch({ entry(1000, QStringLiteral("alice"), QStringLiteral("approval.requested"),
                                                QStringLiteral("run:12"), "{ \"risk\": \"high\", \"plan\": \"3f2a\" }"),
                entry(2000, QStringLiteral("bob"), QStringLiteral("approval.granted"), QStringLiteral("run:12")) });
            first.events = { note(1000) };
            writer.enqueue(first);
            writer.enqueue(auditBatch(
                { entry(1500, QStringLiteral("carol"), QStringLiteral("approval.granted"), QStringLiteral("run:12")) },
                7));
            QTRY_COMPARE(committed.size(), 1); // one transaction: the ticket commits what is queued with it
            const auto out = committed.first().first().value<CommittedBatch>();
            QCOMPARE(out.events.size(), 1);
            QCOMPARE(out.tickets, QVector<quint64> { 7 });
            echoed = out.audit;
            writer.close();
        }
        QCOMPARE(echoed.size(), 3);
        QCOMPARE(echoed.at(0).id, 1);
        QCOMPARE(echoed.at(2).id, 3);
        QCOMPARE(echoed.at(0).prevHash, AuditChain::GenesisHash);
        QCOMPARE(echoed.at(1).prevHash, echoed.at(0).hash);
        QCOMPARE(echoed.at(0).details, QByteArray("{\"plan\":\"3f2a\",\"risk\":\"high\"}")); // canonical
        QCOMPARE(echoed.at(1).details, QByteArray("{}"));

        // A new writer (a restart) continues from the stored head.
        {
            StoreWriter writer(m_path);
            QSignalSpy committed(&writer, &StoreWriter::committed);
            writer.open();
            writer.enqueue(auditBatch({ entry(
                3000, QStringLiteral("alice"), QStringLiteral("automation.frozen"), QStringLiteral("global")) }));
            writer.flush();
            QCOMPARE(committed.size(), 1);
            echoed += committedAudit(committed);
            writer.close();
        }
        QCOMPARE(echoed.last().id, 4);
        QCOMPARE(echoed.last().prevHash, echoed.at(2).hash);

        Connection reader(m_path);
        QVERIFY2(reader.result.ok, qPrintable(reader.result.problem));
        const QVector<AuditEntry> stored = reader.entries();
        QCOMPARE(stored, echoed);
        const AuditVerification verified = AuditChain::verify(stored);
        QVERIFY2(verified.ok, qPrintable(verified.message));
        QCOMPARE(verified.count, 4);
        QString error;
        const AuditHead head = StoreQueries::auditHead(reader.db, &error);
        QCOMPARE(head.lastId, 4);
        QCOMPARE(head.hash, verified.headHash);
    }

    void emptyLogHeadIsGenesis()
    {
        Connection writable(m_path, Database::Mode::ReadWrite);
        QString error;
        const AuditHead head = StoreQueries::auditHead(writable.db, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(head.lastId, 0);
        QCOMPARE(head.hash, AuditChain::GenesisHash);
        QVERIFY(writable.entries().isEmpty());
    }

    // Someone with the file and an SQL prompt (the triggers are part of the schema) cannot change,
    // remove or replace entries, nor append one that does not continue the chain.
    void sqlRefusesAnythingButAppendingInOrder_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::newRow("update") << QStringLiteral("UPDATE audit SET actor = 'mallory' WHERE id = 1");
        QTest::newRow("delete one") << QStringLiteral("DELETE FROM audit WHERE id = 2");
        QTest::newRow("delete all") << QStringLiteral("DELETE FROM audit");
        QTest::newRow("replace") << QStringLiteral(
            "INSERT OR REPLACE INTO audit(id, time_ms, actor, action, subject, details, prev_hash, hash)"
            " SELECT id, time_ms, 'mallory', action, subject, details, prev_hash, hash FROM audit WHERE id = 1");
        QTest::newRow("upsert") << QStringLiteral(
            "INSERT INTO audit(id, time_ms, actor, action, subject, details, prev_hash, hash)"
            " SELECT id, time_ms, actor, action, subject, details, prev_hash, hash FROM audit WHERE id = 1"
            " ON CONFLICT(id) DO UPDATE SET actor = 'mallory'");
        QTest::newRow("skipping an id") << QStringLiteral(
            "INSERT INTO audit(id, time_ms, actor, action, subject, details, prev_hash, hash)"
            " SELECT 4, 0, 'mallory', 'x', '', '{}', hash, 'h' FROM audit WHERE id = 2");
        QTest::newRow("not linked to the head")
            << QStringLiteral("INSERT INTO audit(id, time_ms, actor, action, subject, details, prev_hash, hash)"
                              " VALUES (3, 0, 'mallory', 'x', '', '{}', "
                              "'0000000000000000000000000000000000000000000000000000000000000000',"
                              " 'h')");
        QTest::newRow("without an id") << QStringLiteral(
            "INSERT INTO audit(time_ms, actor, action, subject, details, prev_hash, hash)"
            " VALUES (0, 'mallory', 'x', '', '{}', '', 'h')");
    }
    void sqlRefusesAnythingButAppendingInOrder()
    {
        QFETCH(QString, sql);
        {
            StoreWriter writer(m_path);
            writer.open();
            writer.enqueue(auditBatch(
                { entry(1, QStringLiteral("alice"), QStringLiteral("approval.granted"), QStringLiteral("run:1")),
                    entry(2, QStringLiteral("bob"), QStringLiteral("run.executed"), QStringLiteral("run:1")) }));
            writer.close();
        }
        Connection attacker(m_path, Database::Mode::ReadWrite);
        const QVector<AuditEntry> before = attacker.entries();
        QCOMPARE(before.size(), 2);
        const QString error = attacker.run(sql);
        QVERIFY2(error.contains(QLatin1String("audit is append-only")), qPrintable(error));
        QCOMPARE(attacker.entries(), before);

        // What the triggers allow, a correct next entry, still goes in (the writer's own path).
        AuditEntry next = entry(3, QStringLiteral("carol"), QStringLiteral("note"), QStringLiteral("run:1"));
        AuditChain::seal(&next, 2, before.last().hash);
        QSqlQuery insert(attacker.db);
        QVERIFY(insert.prepare(QStringLiteral("INSERT INTO audit VALUES (?, ?, ?, ?, ?, ?, ?, ?)")));
        for (const QVariant& value : { QVariant(next.id), QVariant(next.timeMs), QVariant(next.actor),
                 QVariant(next.action), QVariant(next.subject), QVariant(QString::fromUtf8(next.details)),
                 QVariant(next.prevHash), QVariant(next.hash) })
            insert.addBindValue(value);
        QVERIFY2(insert.exec(), qPrintable(insert.lastError().text()));
        QVERIFY(AuditChain::verify(attacker.entries()).ok);
    }

    // A transaction the store refuses must not leave the writer's idea of the head on an entry that
    // never reached the file: the retried entries continue from the stored head.
    void failedTransactionPutsTheHeadBack()
    {
        StoreWriter writer(m_path);
        QSignalSpy committed(&writer, &StoreWriter::committed);
        QSignalSpy failed(&writer, &StoreWriter::failed);
        writer.open();
        writer.enqueue(auditBatch(
            { entry(1, QStringLiteral("alice"), QStringLiteral("approval.granted"), QStringLiteral("run:1")) }, 1));
        QTRY_COMPARE(committed.size(), 1);
        QSqlQuery limit(QSqlDatabase::database(writerConnectionName(), false));
        QVERIFY(limit.exec(QStringLiteral("PRAGMA page_count")) && limit.next());
        QVERIFY(limit.exec(QStringLiteral("PRAGMA max_page_count = %1").arg(limit.value(0).toInt())));

        // The first entry goes in (and moves the head on), the second, too big, fails the transaction.
        const QByteArray output = "{\"output\":\"" + QByteArray(64 * 1024, 'x') + "\"}";
        writer.enqueue(auditBatch(
            { entry(2, QStringLiteral("bob"), QStringLiteral("run.executed"), QStringLiteral("run:1")),
                entry(3, QStringLiteral("firebreak"), QStringLiteral("step.output"), QStringLiteral("run:1"), output) },
            2));
        QTRY_COMPARE(failed.size(), 1);
        QVERIFY2(failed.first().at(0).toString().contains(QLatin1String("audit entry 3")),
            qPrintable(failed.first().at(0).toString()));
        QCOMPARE(committed.size(), 1);

        QVERIFY(limit.exec(QStringLiteral("PRAGMA max_page_count = 1000000")));
        writer.enqueue(auditBatch(
            { entry(4, QStringLiteral("carol"), QStringLiteral("run.verified"), QStringLiteral("run:1")) }, 3));
        QTRY_COMPARE_WITH_TIMEOUT(committed.size(), 2, StoreWriter::FirstRetryDelayMs * 4);
        QCOMPARE(failed.size(), 1);
        writer.close();

        const QVector<AuditEntry> echoed = committedAudit(committed);
        QCOMPARE(echoed.size(), 4);
        QCOMPARE(echoed.at(1).id, 2);
        QCOMPARE(echoed.at(1).actor, QStringLiteral("bob"));
        QCOMPARE(echoed.at(1).prevHash, echoed.at(0).hash);
        QCOMPARE(echoed.at(2).details, output);
        QCOMPARE(echoed.at(3).id, 4);
        Connection reader(m_path);
        const QVector<AuditEntry> stored = reader.entries();
        QCOMPARE(stored, echoed);
        QVERIFY(AuditChain::verify(stored).ok);
    }

    void entriesThatCannotBeStoredAsHashedAreRejected_data()
    {
        QTest::addColumn<AuditEntry>("bad");
        QTest::addColumn<QString>("says");
        QTest::newRow("no action") << entry(1, QStringLiteral("alice"), QStringLiteral(" "), QStringLiteral("run:1"))
                                   << QStringLiteral("audit entry by \"alice\" on \"run:1\" has no action");
        QTest::newRow("details an array")
            << entry(1, QStringLiteral("alice"), QStringLiteral("approval.granted"), QStringLiteral("run:1"), "[1]")
            << QStringLiteral("details are a JSON object was expected");
        QTest::newRow("details not JSON") << entry(
            1, QStringLiteral("alice"), QStringLiteral("approval.granted"), QStringLiteral("run:1"), "approved")
                                          << QStringLiteral("details are not JSON");
        QTest::newRow("lone surrogate") << entry(1, QString(QChar(0xd800)), QStringLiteral("approval.granted"),
            QStringLiteral("run:1")) << QStringLiteral("not valid Unicode");
    }
    void entriesThatCannotBeStoredAsHashedAreRejected()
    {
        QFETCH(AuditEntry, bad);
        QFETCH(QString, says);
        StoreWriter writer(m_path);
        QSignalSpy committed(&writer, &StoreWriter::committed);
        QSignalSpy failed(&writer, &StoreWriter::failed);
        writer.open();
        writer.enqueue(auditBatch(
            { entry(1, QStringLiteral("bob"), QStringLiteral("approval.granted"), QStringLiteral("run:1")), bad }, 5));
        QCOMPARE(failed.size(), 1);
        QVERIFY2(failed.first().at(0).toString().contains(says), qPrintable(failed.first().at(0).toString()));
        QCOMPARE(failed.first().at(1).value<QVector<quint64>>(), QVector<quint64> { 5 });
        writer.close();
        QCOMPARE(committed.size(), 0);
        Connection reader(m_path);
        QVERIFY(reader.entries().isEmpty()); // the whole batch, not half of it
    }

    void olderStoreGetsTheAuditTable()
    {
        {
            auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v5"));
            db.setDatabaseName(m_path);
            QVERIFY(db.open());
            QString error;
            QVERIFY2(Database::migrate(db, 5, &error), qPrintable(error));
            QVERIFY(QSqlQuery(db).exec(QStringLiteral("INSERT INTO events(time_ms, title) VALUES (1, 'kept')")));
            QVERIFY(!QSqlQuery(db).exec(QStringLiteral("SELECT count(*) FROM audit")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("v5"));
        StoreWriter writer(m_path);
        QSignalSpy committed(&writer, &StoreWriter::committed);
        writer.open();
        writer.enqueue(auditBatch(
            { entry(1, QStringLiteral("alice"), QStringLiteral("config.changed"), QStringLiteral("config")) }));
        writer.close();
        QCOMPARE(committedAudit(committed).size(), 1);
        Connection reader(m_path);
        QCOMPARE(reader.result.schemaVersion, Database::SchemaVersion);
        QCOMPARE(reader.entries().size(), 1);
        QSqlQuery count(reader.db);
        QVERIFY(count.exec(QStringLiteral("SELECT count(*) FROM events")) && count.next());
        QCOMPARE(count.value(0).toInt(), 1);
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

QTEST_GUILESS_MAIN(TstAuditStore)
#include "tst_auditstore.moc"
