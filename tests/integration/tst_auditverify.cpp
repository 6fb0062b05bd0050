// `firebreak audit verify` as an operator (or an auditor's cron job) uses it: the real binary on a
// store written by the real StoreWriter, then the same store edited with the sqlite3 command-line
// tool the way someone covering their tracks would, triggers dropped first.
#include "audit/auditchain.h"
#include "domain/metatypes.h"
#include "store/database.h"
#include "store/storequeries.h"
#include "store/storewriter.h"

#include <QProcess>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace firebreak;

namespace {

struct ProcessResult {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

ProcessResult runProgram(const QString& program, const QStringList& arguments, const QByteArray& input = {},
    const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment())
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(30000)) {
        process.kill();
        process.waitForFinished();
    }
    return { process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAllStandardOutput(),
        process.readAllStandardError() };
}

ProcessResult verify(const QString& db)
{
    return runProgram(QStringLiteral(FIREBREAK_BINARY),
        { QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--db"), db });
}

// Runs SQL in one session of the sqlite3 command-line tool; its exit code says whether all of it ran.
ProcessResult runSqlite3(const QString& db, const QByteArray& sql)
{
    return runProgram(QStringLiteral("sqlite3"), { QStringLiteral("-bail"), db }, sql);
}

const QByteArray DropTriggers = "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;"
                                " DROP TRIGGER audit_append_in_order;\n";

AuditEntry entry(qint64 timeMs, const QString& actor, const QString& action, const QByteArray& details = "{}")
{
    AuditEntry e;
    e.timeMs = timeMs;
    e.actor = actor;
    e.action = action;
    e.subject = QStringLiteral("run:12");
    e.details = details;
    return e;
}

// Five entries through the real writer, with an event in the same transaction. Returns them as stored.
QVector<AuditEntry> writeFive(const QString& path)
{
    StoreWriter writer(path);
    QSignalSpy committed(&writer, &StoreWriter::committed);
    writer.open();
    WriteBatch batch;
    batch.audit = { entry(1000, QStringLiteral("alice"), QStringLiteral("approval.requested"), "{\"plan\":\"3f2a\"}"),
        entry(2000, QStringLiteral("bob"), QStringLiteral("approval.granted")),
        entry(3000, QStringLiteral("firebreak"), QStringLiteral("run.executed"), "{\"exit\":0}"),
        entry(2500, QStringLiteral("carol"), QStringLiteral("approval.granted")),
        entry(4000, QStringLiteral("firebreak"), QStringLiteral("run.verified")) };
    Event note;
    note.timeMs = 1000;
    note.kind = QStringLiteral("note");
    note.title = QStringLiteral("approval requested");
    batch.events = { note };
    writer.enqueue(batch);
    writer.close();
    QVector<AuditEntry> stored;
    for (const auto& arguments : committed)
        stored += arguments.at(0).value<CommittedBatch>().audit;
    return stored;
}

} // namespace

class TstAuditVerify : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        registerMetaTypes();
        QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("sqlite3")).isEmpty(), "sqlite3 is not installed");
    }
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_path = m_dir->filePath(QStringLiteral("firebreak.db"));
        m_stored = writeFive(m_path);
        QCOMPARE(m_stored.size(), 5);
    }
    void cleanup() { m_dir.reset(); }

    void intactLogPrintsCountAndHead()
    {
        const ProcessResult run = verify(m_path);
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains(QByteArray("intact, 5 entries, head ").append(m_stored.last().hash.toLatin1())),
            run.out.constData());
        QVERIFY2(run.err.isEmpty(), run.err.constData());
    }

    void rowEditedWithSqliteIsNamed()
    {
        // The triggers stop a plain edit...
        const ProcessResult refused = runSqlite3(m_path, "UPDATE audit SET details = '{\"exit\":1}' WHERE id = 3;\n");
        QVERIFY(refused.exitCode != 0);
        QVERIFY2(refused.err.contains("audit is append-only"), refused.err.constData());
        QCOMPARE(verify(m_path).exitCode, 0);

        // ...so the attacker drops them first, in the same session.
        const ProcessResult edited
            = runSqlite3(m_path, DropTriggers + "UPDATE audit SET details = '{\"exit\":1}' WHERE id = 3;\n");
        QVERIFY2(edited.exitCode == 0, edited.err.constData());
        const ProcessResult run = verify(m_path);
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.out.contains("BROKEN at entry 3 (run.executed on run:12)"), run.out.constData());
        QVERIFY2(run.out.contains("does not match its hash"), run.out.constData());
        QVERIFY2(run.out.contains("2 entries before it are intact"), run.out.constData());
    }

    // Recomputing the edited row's own hash (as someone who read AuditChain's documentation could)
    // moves the break to the next entry, whose prev_hash still names the original.
    void editWithRecomputedHashBreaksTheNextLink()
    {
        AuditEntry forged = m_stored.at(2);
        forged.details = "{\"exit\":1}";
        forged.hash = AuditChain::computeHash(forged);
        const ProcessResult edited = runSqlite3(m_path,
            DropTriggers
                + QStringLiteral("UPDATE audit SET details = '{\"exit\":1}', hash = '%1' WHERE id = 3;\n")
                      .arg(forged.hash)
                      .toUtf8());
        QVERIFY2(edited.exitCode == 0, edited.err.constData());
        const ProcessResult run = verify(m_path);
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.out.contains("BROKEN at entry 4"), run.out.constData());
        QVERIFY2(run.out.contains("prev_hash"), run.out.constData());
    }

    void deletedRowIsNamed()
    {
        const ProcessResult edited = runSqlite3(m_path, DropTriggers + "DELETE FROM audit WHERE id = 2;\n");
        QVERIFY2(edited.exitCode == 0, edited.err.constData());
        const ProcessResult run = verify(m_path);
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.out.contains("BROKEN at entry 3") && run.out.contains("id 3 follows id 1"), run.out.constData());
    }

    // Cutting off the newest entries leaves a chain that verifies; only the head it prints differs
    // from the one shown before. That is why the head is printed and shown in the console.
    void truncatedTailChangesTheHead()
    {
        const ProcessResult edited = runSqlite3(m_path, DropTriggers + "DELETE FROM audit WHERE id >= 4;\n");
        QVERIFY2(edited.exitCode == 0, edited.err.constData());
        const ProcessResult run = verify(m_path);
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains(QByteArray("intact, 3 entries, head ").append(m_stored.at(2).hash.toLatin1())),
            run.out.constData());
        QVERIFY(!run.out.contains(m_stored.last().hash.toLatin1()));
    }

    void verifyingNeverChangesTheStore()
    {
        QFile file(m_path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray before = file.readAll();
        file.close();
        QCOMPARE(verify(m_path).exitCode, 0);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), before);
    }

    void storeProblemsAndBadArguments_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("expected");
        QTest::newRow("missing store") << QStringList { QStringLiteral("audit"), QStringLiteral("verify"),
            QStringLiteral("--db"), QStringLiteral("/nonexistent/firebreak.db") }
                                       << 1 << QStringLiteral("no store at /nonexistent/firebreak.db");
        QTest::newRow("no subcommand") << QStringList { QStringLiteral("audit") } << 2
                                       << QStringLiteral("audit needs a subcommand: audit verify");
        QTest::newRow("unknown subcommand") << QStringList { QStringLiteral("audit"), QStringLiteral("fix") } << 2
                                            << QStringLiteral("unknown command 'audit fix'");
        QTest::newRow("other option") << QStringList { QStringLiteral("audit"), QStringLiteral("verify"),
            QStringLiteral("--json") } << 2
                                      << QStringLiteral("audit verify takes only --db PATH, not --json");
        QTest::newRow("db without path") << QStringList { QStringLiteral("audit"), QStringLiteral("verify"),
            QStringLiteral("--db") } << 2 << QStringLiteral("Missing value after '--db'");
        QTest::newRow("extra word") << QStringList { QStringLiteral("audit"), QStringLiteral("verify"),
            QStringLiteral("now") } << 2
                                    << QStringLiteral("unknown command 'audit verify now'");
    }
    void storeProblemsAndBadArguments()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, expected);
        const ProcessResult run = runProgram(QStringLiteral(FIREBREAK_BINARY), arguments);
        QCOMPARE(run.exitCode, exitCode);
        QVERIFY2(QString::fromUtf8(run.err).contains(expected), run.err.constData());
        QVERIFY(run.out.isEmpty());
    }

    // Without --db it checks the store in the default location (here an empty data folder).
    void defaultStoreIsTheRealOne()
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("XDG_DATA_HOME"), m_dir->filePath(QStringLiteral("data")));
        const ProcessResult run = runProgram(
            QStringLiteral(FIREBREAK_BINARY), { QStringLiteral("audit"), QStringLiteral("verify") }, {}, environment);
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QByteArray("no store at ").append(m_dir->filePath(QStringLiteral("data")).toUtf8())),
            run.err.constData());
        QVERIFY2(run.err.contains("firebreak.db"), run.err.constData());
    }

    // A store from before the audit log (schema 5) has nothing to check, and is not changed.
    void storeFromBeforeTheAuditLog()
    {
        const QString old = m_dir->filePath(QStringLiteral("old.db"));
        {
            auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v5"));
            db.setDatabaseName(old);
            QVERIFY(db.open());
            QString error;
            QVERIFY2(Database::migrate(db, 5, &error), qPrintable(error));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("v5"));
        const ProcessResult run = verify(old);
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains(QByteArray("intact, 0 entries, head ").append(AuditChain::GenesisHash.toLatin1())),
            run.out.constData());
        QVERIFY2(run.out.contains("predates the audit log"), run.out.constData());
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    QVector<AuditEntry> m_stored;
};

QTEST_GUILESS_MAIN(TstAuditVerify)
#include "tst_auditverify.moc"
