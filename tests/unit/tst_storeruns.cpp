// Remediation runs in the store: every field of a run, its step records, its verification samples
// and its approvals goes in through the one writer and comes back exactly; upserts replace, approvals
// cannot be changed, a run's row and its events commit together, and a v6 file keeps its rows.
#include "audit/auditchain.h"
#include "domain/metatypes.h"
#include "store/database.h"
#include "store/storequeries.h"
#include "store/storewriter.h"

#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <memory>

using namespace firebreak;

namespace {

Run makeRun(qint64 id, RunState state, qint64 createdMs, const QString& playbookId = QStringLiteral("disk-cleanup"))
{
    Run run;
    run.id = id;
    run.incidentId = 7;
    run.playbookId = playbookId;
    run.playbookTitle = QStringLiteral("Disk cleanup — “ünïcode”");
    run.risk = QStringLiteral("medium");
    run.state = state;
    run.stateReason = QStringLiteral("gate sustained: no data for disk_used_ratio{instance=\"db-eu-1\"}");
    run.alertFingerprint = QStringLiteral("a1b2c3");
    run.labels = { { QStringLiteral("alertname"), QStringLiteral("DiskSpaceHigh") },
        { QStringLiteral("instance"), QStringLiteral("db-eu-1") },
        { QStringLiteral("note"), QStringLiteral("quote \" backslash \\ 日本") } };
    // Not canonical JSON and not even UTF-8: the store keeps whatever bytes it is given.
    run.plan = QByteArray("{\"steps\":[{\"argv\":[\"archive-logs\",\"caf\xc3\xa9\"]}]}\xff\xfe\x00tail", 51);
    run.planHash = QStringLiteral("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
    run.requester = QStringLiteral("firebreak");
    run.createdMs = createdMs;
    run.updatedMs = createdMs + 5;
    run.approvalsRequired = 2;
    run.approvalRole = QStringLiteral("commander");
    run.approvalExpiresMs = createdMs + 15 * 60 * 1000;
    run.silenceId = QStringLiteral("5b2c7e1a-0000-4000-8000-000000000001");
    run.silenceEndsMs = createdMs + 3600 * 1000;
    return run;
}

RunStepRecord makeStep(qint64 runId, RunStepRecord::Phase phase, int index, RunStepRecord::Status status)
{
    RunStepRecord step;
    step.runId = runId;
    step.phase = phase;
    step.index = index;
    step.name = QStringLiteral("archive logs %1").arg(index);
    step.executor = QStringLiteral("shell");
    step.status = status;
    step.startedMs = 1000 + index;
    step.finishedMs = status == RunStepRecord::Status::Intent ? 0 : 2000 + index;
    step.summary = QStringLiteral("exit 0");
    step.output = QStringLiteral("archived 12 files\nfreed 3.2 GiB — ok");
    step.error = status == RunStepRecord::Status::Failed ? QStringLiteral("exit 2: no such host") : QString();
    return step;
}

VerifySample makeSample(qint64 runId, int sampleIndex, bool hasValue, double value, VerifySample::Outcome outcome)
{
    VerifySample sample;
    sample.runId = runId;
    sample.phase = VerifySample::Phase::Verify;
    sample.checkIndex = 1;
    sample.sampleIndex = sampleIndex;
    sample.timeMs = 5000 + sampleIndex;
    sample.hasValue = hasValue;
    sample.value = value;
    sample.outcome = outcome;
    sample.detail = hasValue ? QString() : QStringLiteral("no data");
    return sample;
}

ApprovalRecord makeApproval(qint64 runId, const QString& approver, ApprovalRecord::Decision decision, qint64 timeMs)
{
    ApprovalRecord approval;
    approval.runId = runId;
    approval.approver = approver;
    approval.decision = decision;
    approval.planHash = QStringLiteral("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
    approval.timeMs = timeMs;
    approval.reason = decision == ApprovalRecord::Decision::Denied ? QStringLiteral("wrong host") : QString();
    return approval;
}

Event note(qint64 timeMs, const QString& title)
{
    Event event;
    event.timeMs = timeMs;
    event.kind = QStringLiteral("run.proposed");
    event.title = title;
    return event;
}

// A connection of its own for looking at (or changing behind the writer's back) the file.
class Connection {
public:
    explicit Connection(const QString& path, Database::Mode mode = Database::Mode::ReadOnly)
        : m_name(QStringLiteral("runs-probe-%1").arg(++s_count))
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
    QVariant scalar(const QString& sql)
    {
        QSqlQuery query(db);
        if (!query.exec(sql) || !query.next()) {
            qWarning() << sql << query.lastError().text();
            return {};
        }
        return query.value(0);
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

// Writes `batch` through a writer of its own and returns what it committed (empty on failure).
CommittedBatch writeOne(const QString& path, const WriteBatch& batch)
{
    StoreWriter writer(path);
    QSignalSpy committed(&writer, &StoreWriter::committed);
    writer.open();
    writer.enqueue(batch);
    writer.close();
    return committed.size() == 1 ? committed.first().first().value<CommittedBatch>() : CommittedBatch {};
}

} // namespace

class TstStoreRuns : public QObject {
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

    void versionSixFileKeepsItsRowsAndGetsRunTables()
    {
        AuditEntry audited;
        audited.timeMs = 10;
        audited.actor = QStringLiteral("alice");
        audited.action = QStringLiteral("config.changed");
        audited.subject = QStringLiteral("config");
        audited.details = "{}";
        AuditChain::seal(&audited, 0, AuditChain::GenesisHash);
        {
            auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v6"));
            db.setDatabaseName(m_path);
            QVERIFY(db.open());
            QString error;
            QVERIFY2(Database::migrate(db, 6, &error), qPrintable(error));
            QSqlQuery query(db);
            QVERIFY(query.exec(QStringLiteral("INSERT INTO events(time_ms, title) VALUES (1, 'kept event')")));
            QVERIFY(query.exec(
                QStringLiteral("INSERT INTO incidents(id, title, detected_ms) VALUES (3, 'kept incident', 1)")));
            QVERIFY(query.prepare(QStringLiteral("INSERT INTO audit VALUES (?, ?, ?, ?, ?, ?, ?, ?)")));
            for (const QVariant& value : { QVariant(audited.id), QVariant(audited.timeMs), QVariant(audited.actor),
                     QVariant(audited.action), QVariant(audited.subject), QVariant(QString::fromUtf8(audited.details)),
                     QVariant(audited.prevHash), QVariant(audited.hash) })
                query.addBindValue(value);
            QVERIFY2(query.exec(), qPrintable(query.lastError().text()));
            QVERIFY(!query.exec(QStringLiteral("SELECT count(*) FROM runs")));
            query.finish();
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("v6"));

        const Run run = makeRun(1, RunState::Proposed, 100);
        const CommittedBatch out = writeOne(m_path, WriteBatch { .runs = { run } });
        QCOMPARE(out.runs, QVector<Run> { run });

        Connection reader(m_path);
        QVERIFY2(reader.result.ok, qPrintable(reader.result.problem));
        QCOMPARE(reader.result.schemaVersion, Database::SchemaVersion);
        QCOMPARE(reader.scalar(QStringLiteral("SELECT title FROM events")).toString(), QStringLiteral("kept event"));
        QCOMPARE(reader.scalar(QStringLiteral("SELECT title FROM incidents WHERE id = 3")).toString(),
            QStringLiteral("kept incident"));
        QString error;
        const QVector<AuditEntry> entries = StoreQueries::auditEntries(reader.db, &error);
        QCOMPARE(entries, QVector<AuditEntry> { audited });
        QVERIFY(AuditChain::verify(entries).ok);
        QCOMPARE(StoreQueries::runs(reader.db, 10, &error), QVector<Run> { run });
        for (const char* index :
            { "runs_state", "runs_playbook_created", "runs_incident", "verify_samples_run", "approvals_run" })
            QCOMPARE(
                reader
                    .scalar(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = '%1'")
                                .arg(QLatin1String(index)))
                    .toInt(),
                1);
    }

    void everyFieldRoundTrips()
    {
        using Step = RunStepRecord;
        const Run run = makeRun(4, RunState::Verifying, 1'700'000'000'000);
        Run other = makeRun(9, RunState::Blocked, 1'700'000'001'000, QStringLiteral("db-slow"));
        other.risk = QStringLiteral("critical");
        other.plan.clear();
        other.labels.clear();
        other.silenceId.clear();
        // Written out of order: read back steps before rollback, each by index.
        const QVector<Step> steps { makeStep(4, Step::Phase::Rollback, 0, Step::Status::Failed),
            makeStep(4, Step::Phase::Steps, 1, Step::Status::Intent),
            makeStep(4, Step::Phase::Steps, 0, Step::Status::Succeeded),
            makeStep(9, Step::Phase::Steps, 0, Step::Status::Intent) };
        VerifySample rollbackSample = makeSample(4, 0, true, -1.5e300, VerifySample::Outcome::Failure);
        rollbackSample.phase = VerifySample::Phase::RollbackVerify;
        const QVector<VerifySample> samples { makeSample(4, 0, true, 0.0, VerifySample::Outcome::Success),
            makeSample(4, 1, false, 0.0, VerifySample::Outcome::Inconclusive),
            makeSample(4, 2, true, 93.25, VerifySample::Outcome::Failure), rollbackSample };
        const QVector<ApprovalRecord> approvals {
            makeApproval(4, QStringLiteral("alice"), ApprovalRecord::Decision::Granted, 3000),
            makeApproval(4, QStringLiteral("bob"), ApprovalRecord::Decision::Denied, 3100),
            makeApproval(9, QStringLiteral("carol"), ApprovalRecord::Decision::Granted, 3200),
        };
        WriteBatch batch;
        batch.runs = { run, other };
        batch.runSteps = steps;
        batch.verifySamples = samples;
        batch.approvals = approvals;
        const CommittedBatch out = writeOne(m_path, batch);
        QCOMPARE(out.runs, batch.runs);
        QCOMPARE(out.runSteps, steps);
        QCOMPARE(out.verifySamples, samples);
        QCOMPARE(out.approvals, approvals);

        Connection reader(m_path);
        QString error;
        QCOMPARE(StoreQueries::run(reader.db, 4, &error), std::optional<Run>(run));
        QCOMPARE(StoreQueries::run(reader.db, 9, &error), std::optional<Run>(other));
        QCOMPARE(StoreQueries::run(reader.db, 5, &error), std::nullopt);
        QCOMPARE(StoreQueries::runs(reader.db, 10, &error), (QVector<Run> { other, run }));
        QCOMPARE(StoreQueries::runs(reader.db, 1, &error), QVector<Run> { other });
        QCOMPARE(
            StoreQueries::runSteps(reader.db, 4, &error), (QVector<Step> { steps.at(2), steps.at(1), steps.at(0) }));
        QCOMPARE(StoreQueries::runSteps(reader.db, 9, &error), QVector<Step> { steps.at(3) });
        QCOMPARE(StoreQueries::verifySamples(reader.db, 4, &error), samples);
        QCOMPARE(StoreQueries::verifySamples(reader.db, 9, &error), QVector<VerifySample> {});
        QCOMPARE(StoreQueries::approvals(reader.db, 4, &error), approvals.mid(0, 2));
        QCOMPARE(StoreQueries::approvals(reader.db, 9, &error), approvals.mid(2));
        QCOMPARE(StoreQueries::maxRunId(reader.db, &error), qint64(9));
        QVERIFY2(error.isEmpty(), qPrintable(error));

        // On disk: the plan is a BLOB of exactly its bytes, labels a JSON object, and a sample
        // without a value is NULL while a value of 0 is 0.0.
        QCOMPARE(reader.scalar(QStringLiteral("SELECT typeof(plan) FROM runs WHERE id = 4")).toString(),
            QStringLiteral("blob"));
        QCOMPARE(reader.scalar(QStringLiteral("SELECT hex(plan) FROM runs WHERE id = 4")).toString(),
            QString::fromLatin1(run.plan.toHex().toUpper()));
        QCOMPARE(reader.scalar(QStringLiteral("SELECT json_extract(labels, '$.instance') FROM runs WHERE id = 4"))
                     .toString(),
            QStringLiteral("db-eu-1"));
        QCOMPARE(reader.scalar(QStringLiteral("SELECT state FROM runs WHERE id = 4")).toString(),
            QStringLiteral("verifying"));
        QCOMPARE(reader
                     .scalar(QStringLiteral("SELECT group_concat(coalesce(typeof(value) || ':' || value, 'null'), ' ')"
                                            " FROM (SELECT value FROM verify_samples WHERE run_id = 4 ORDER BY id)"))
                     .toString(),
            QStringLiteral("real:0.0 null real:93.25 real:-1.5e+300"));
    }

    void upsertsReplaceRunsAndSteps()
    {
        using Step = RunStepRecord;
        StoreWriter writer(m_path);
        QSignalSpy committed(&writer, &StoreWriter::committed);
        writer.open();
        Run run = makeRun(1, RunState::Proposed, 1000);
        Run gating = run;
        gating.state = RunState::Gating;
        gating.updatedMs = 1100;
        writer.enqueue(WriteBatch { .runs = { run, makeRun(2, RunState::Proposed, 2000) } });
        writer.enqueue(WriteBatch {
            .runs = { gating }, .runSteps = { makeStep(1, Step::Phase::Steps, 0, Step::Status::Intent) } });
        writer.flush();
        QCOMPARE(committed.size(), 1);
        const auto first = committed.first().first().value<CommittedBatch>();
        // One transaction, two versions of run 1: the echo holds the last, where run 1 first stood.
        QCOMPARE(first.runs, (QVector<Run> { gating, makeRun(2, RunState::Proposed, 2000) }));

        Run awaiting = gating;
        awaiting.state = RunState::AwaitingApproval;
        awaiting.stateReason = QStringLiteral("gates passed");
        awaiting.updatedMs = 1200;
        Step done = makeStep(1, Step::Phase::Steps, 0, Step::Status::Succeeded);
        done.output = QStringLiteral("freed 4 GiB");
        writer.enqueue(WriteBatch { .runs = { awaiting }, .runSteps = { done } });
        writer.close();
        QCOMPARE(committed.size(), 2);
        QCOMPARE(committed.at(1).first().value<CommittedBatch>().runSteps, QVector<Step> { done });

        Connection reader(m_path);
        QString error;
        QCOMPARE(StoreQueries::runs(reader.db, 10, &error),
            (QVector<Run> { makeRun(2, RunState::Proposed, 2000), awaiting }));
        QCOMPARE(StoreQueries::runSteps(reader.db, 1, &error), QVector<Step> { done });
        QCOMPARE(reader.scalar(QStringLiteral("SELECT count(*) FROM run_steps")).toInt(), 1);
        QCOMPARE(
            StoreQueries::runsInStates(reader.db, { RunState::AwaitingApproval }, &error), QVector<Run> { awaiting });
        QCOMPARE(StoreQueries::runsInStates(reader.db, { RunState::Gating }, &error), QVector<Run> {});
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void runsAreFoundByStateAndCreationTime()
    {
        WriteBatch batch;
        batch.runs = { makeRun(1, RunState::Executing, 1000), makeRun(2, RunState::Succeeded, 2000),
            makeRun(3, RunState::RollingBack, 3000), makeRun(4, RunState::Verifying, 4000),
            makeRun(5, RunState::AwaitingApproval, 2000, QStringLiteral("db-slow")) };
        QCOMPARE(writeOne(m_path, batch).runs.size(), 5);
        Connection reader(m_path);
        QString error;
        const auto ids = [](const QVector<Run>& runs) {
            QList<qint64> list;
            for (const Run& run : runs)
                list.append(run.id);
            return list;
        };
        QCOMPARE(ids(StoreQueries::runsInStates(
                     reader.db, { RunState::Executing, RunState::Verifying, RunState::RollingBack }, &error)),
            (QList<qint64> { 1, 3, 4 }));
        QCOMPARE(StoreQueries::runsInStates(reader.db, {}, &error), QVector<Run> {});
        QCOMPARE(ids(StoreQueries::runsCreatedSince(reader.db, 2000, &error)), (QList<qint64> { 2, 5, 3, 4 }));
        QCOMPARE(ids(StoreQueries::runsCreatedSince(reader.db, 4001, &error)), QList<qint64> {});
        QCOMPARE(ids(StoreQueries::runs(reader.db, 2, &error)), (QList<qint64> { 5, 4 }));
        QCOMPARE(StoreQueries::runs(reader.db, 0, &error), QVector<Run> {});
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    // Every state RunState has and every risk goes into the file and comes back: a state added to
    // the enum without a schema step that admits it fails here, not in a commander's transaction.
    void everyStateAndRiskIsStored()
    {
        const QStringList risks { QStringLiteral("low"), QStringLiteral("medium"), QStringLiteral("high"),
            QStringLiteral("critical") };
        WriteBatch batch;
        QList<RunState> states;
        for (int value = 0; !runStateName(static_cast<RunState>(value)).isEmpty(); ++value) {
            Run run = makeRun(value + 1, static_cast<RunState>(value), 1000 + value);
            run.risk = risks.at(value % risks.size());
            batch.runs.append(run);
            states.append(run.state);
        }
        QCOMPARE(states.size(), 17);
        QCOMPARE(writeOne(m_path, batch).runs, batch.runs);
        Connection reader(m_path);
        QString error;
        QCOMPARE(StoreQueries::runsInStates(reader.db, states, &error), batch.runs);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void emptyStoreAndMissingTablesAnswerPlainly()
    {
        {
            Connection empty(m_path, Database::Mode::ReadWrite);
            QString error;
            QCOMPARE(StoreQueries::maxRunId(empty.db, &error), qint64(0));
            QCOMPARE(StoreQueries::run(empty.db, 1, &error), std::nullopt);
            QVERIFY2(error.isEmpty(), qPrintable(error));
        }
        // A file this build did not migrate (a v6 file is opened read-only): reads fail with a message.
        {
            auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("old"));
            db.setDatabaseName(m_dir->filePath(QStringLiteral("v6.db")));
            QVERIFY(db.open());
            QString error;
            QVERIFY(Database::migrate(db, 6, &error));
            QCOMPARE(StoreQueries::maxRunId(db, &error), qint64(-1));
            QVERIFY2(
                error.startsWith(QLatin1String("reading the highest run id failed: no such table")), qPrintable(error));
            error.clear();
            QCOMPARE(StoreQueries::run(db, 1, &error), std::nullopt);
            QVERIFY2(error.startsWith(QLatin1String("reading run 1 failed")), qPrintable(error));
            error.clear();
            QVERIFY(StoreQueries::runSteps(db, 1, &error).isEmpty());
            QVERIFY2(error.contains(QLatin1String("no such table: run_steps")), qPrintable(error));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("old"));
    }

    void approvalsCannotBeChanged_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::newRow("update") << QStringLiteral("UPDATE approvals SET decision = 'granted' WHERE approver = 'bob'");
        QTest::newRow("update hash") << QStringLiteral("UPDATE approvals SET plan_hash = 'other'");
        QTest::newRow("delete one") << QStringLiteral("DELETE FROM approvals WHERE approver = 'bob'");
        QTest::newRow("delete all") << QStringLiteral("DELETE FROM approvals");
        QTest::newRow("replace") << QStringLiteral(
            "INSERT OR REPLACE INTO approvals(id, run_id, approver, decision, plan_hash, time_ms, reason)"
            " SELECT id, run_id, approver, 'granted', plan_hash, time_ms, '' FROM approvals WHERE approver = 'bob'");
        QTest::newRow("upsert") << QStringLiteral(
            "INSERT INTO approvals(id, run_id, approver, decision, plan_hash, time_ms, reason)"
            " SELECT id, run_id, approver, decision, plan_hash, time_ms, reason FROM approvals WHERE approver = 'bob'"
            " ON CONFLICT(id) DO UPDATE SET decision = 'granted'");
    }
    void approvalsCannotBeChanged()
    {
        QFETCH(QString, sql);
        writeOne(m_path,
            WriteBatch { .runs = { makeRun(1, RunState::AwaitingApproval, 1000) },
                .approvals = { makeApproval(1, QStringLiteral("alice"), ApprovalRecord::Decision::Granted, 2000),
                    makeApproval(1, QStringLiteral("bob"), ApprovalRecord::Decision::Denied, 2100) } });
        Connection attacker(m_path, Database::Mode::ReadWrite);
        QString error;
        const QVector<ApprovalRecord> before = StoreQueries::approvals(attacker.db, 1, &error);
        QCOMPARE(before.size(), 2);
        const QString refused = attacker.run(sql);
        QVERIFY2(refused.contains(QLatin1String("approvals are append-only")), qPrintable(refused));
        QCOMPARE(StoreQueries::approvals(attacker.db, 1, &error), before);
        // Appending is still allowed, as the writer does.
        QCOMPARE(attacker.run(QStringLiteral("INSERT INTO approvals(run_id, approver, decision) VALUES (1, 'carol', "
                                             "'granted')")),
            QString());
        QCOMPARE(StoreQueries::approvals(attacker.db, 1, &error).size(), 3);
    }

    void schemaRefusesNamesTheCodeNeverWrites_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::newRow("run state") << QStringLiteral("INSERT INTO runs(id, risk, state) VALUES (1, 'low', 'running')");
        QTest::newRow("run risk") << QStringLiteral("INSERT INTO runs(id, risk, state) VALUES (1, 'huge', 'proposed')");
        QTest::newRow("step phase") << QStringLiteral(
            "INSERT INTO run_steps(run_id, phase, step_index, status) VALUES (1, 'undo', 0, 'intent')");
        QTest::newRow("step status") << QStringLiteral(
            "INSERT INTO run_steps(run_id, phase, step_index, status) VALUES (1, 'steps', 0, 'done')");
        QTest::newRow("sample outcome") << QStringLiteral(
            "INSERT INTO verify_samples(run_id, phase, outcome) VALUES (1, 'verify', 'ok')");
        QTest::newRow("sample phase") << QStringLiteral(
            "INSERT INTO verify_samples(run_id, phase, outcome) VALUES (1, 'rollback', 'success')");
        QTest::newRow("approval decision")
            << QStringLiteral("INSERT INTO approvals(run_id, approver, decision) VALUES (1, 'alice', 'maybe')");
        QTest::newRow("approval without approver")
            << QStringLiteral("INSERT INTO approvals(run_id, approver, decision) VALUES (1, '', 'granted')");
    }
    void schemaRefusesNamesTheCodeNeverWrites()
    {
        QFETCH(QString, sql);
        Connection store(m_path, Database::Mode::ReadWrite);
        const QString refused = store.run(sql);
        QVERIFY2(refused.contains(QLatin1String("CHECK constraint failed")), qPrintable(refused));
    }

    // A run that moves and the events that tell of it: both are in the file or neither is. Here the
    // run row is refused after the events went in; the transaction leaves nothing, and the retry
    // writes both once the store takes the row.
    void eventsAndRunCommitTogetherOrNotAtAll()
    {
        StoreWriter writer(m_path);
        QSignalSpy committed(&writer, &StoreWriter::committed);
        QSignalSpy failed(&writer, &StoreWriter::failed);
        writer.open();
        {
            Connection saboteur(m_path, Database::Mode::ReadWrite);
            QCOMPARE(saboteur.run(QStringLiteral("CREATE TRIGGER refuse_runs BEFORE INSERT ON runs BEGIN"
                                                 " SELECT RAISE(ABORT, 'disk says no'); END")),
                QString());
        }
        const Run run = makeRun(1, RunState::Proposed, 1000);
        WriteBatch batch { .events = { note(1000, QStringLiteral("run 1 proposed")) }, .ticket = 5, .runs = { run } };
        batch.approvals = { makeApproval(1, QStringLiteral("alice"), ApprovalRecord::Decision::Granted, 1001) };
        writer.enqueue(batch);
        QTRY_COMPARE(failed.size(), 1);
        QVERIFY2(failed.first().at(0).toString().contains(QLatin1String("run 1: disk says no")),
            qPrintable(failed.first().at(0).toString()));
        QCOMPARE(failed.first().at(1).value<QVector<quint64>>(), QVector<quint64> { 5 });
        {
            Connection reader(m_path);
            QCOMPARE(reader.scalar(QStringLiteral("SELECT count(*) FROM events")).toInt(), 0);
            QCOMPARE(reader.scalar(QStringLiteral("SELECT count(*) FROM runs")).toInt(), 0);
            QCOMPARE(reader.scalar(QStringLiteral("SELECT count(*) FROM approvals")).toInt(), 0);
        }

        {
            Connection repair(m_path, Database::Mode::ReadWrite);
            QCOMPARE(repair.run(QStringLiteral("DROP TRIGGER refuse_runs")), QString());
        }
        QTRY_COMPARE_WITH_TIMEOUT(committed.size(), 1, StoreWriter::FirstRetryDelayMs * 4);
        const auto retried = committed.first().first().value<CommittedBatch>();
        QCOMPARE(retried.runs, QVector<Run> { run });
        QCOMPARE(retried.events.size(), 1);
        QCOMPARE(retried.approvals, batch.approvals);
        writer.close();
        Connection reader(m_path);
        QString error;
        QCOMPARE(StoreQueries::run(reader.db, 1, &error), std::optional<Run>(run));
        QCOMPARE(reader.scalar(QStringLiteral("SELECT count(*) FROM events")).toInt(), 1);
        QCOMPARE(StoreQueries::approvals(reader.db, 1, &error), batch.approvals);
    }

    // The other way round: the events make the transaction fail (the disk is full), and the run
    // row written before them in the same transaction is not left behind.
    void fullDiskLeavesNoRunRow()
    {
        StoreWriter writer(m_path);
        QSignalSpy committed(&writer, &StoreWriter::committed);
        QSignalSpy failed(&writer, &StoreWriter::failed);
        writer.open();
        writer.enqueue(WriteBatch { .events = { note(1, QStringLiteral("first")) }, .ticket = 1 });
        QTRY_COMPARE(committed.size(), 1);
        QSqlQuery limit(QSqlDatabase::database(writerConnectionName(), false));
        QVERIFY(limit.exec(QStringLiteral("PRAGMA page_count")) && limit.next());
        QVERIFY(limit.exec(QStringLiteral("PRAGMA max_page_count = %1").arg(limit.value(0).toInt())));

        Event big = note(2, QStringLiteral("run 1 executing"));
        big.body = QByteArray(64 * 1024, 'x');
        writer.enqueue(WriteBatch { .events = { big }, .ticket = 2, .runs = { makeRun(1, RunState::Executing, 2) } });
        QTRY_COMPARE(failed.size(), 1);
        {
            Connection reader(m_path);
            QCOMPARE(reader.scalar(QStringLiteral("SELECT count(*) FROM runs")).toInt(), 0);
            QCOMPARE(reader.scalar(QStringLiteral("SELECT count(*) FROM events")).toInt(), 1);
        }
        QVERIFY(limit.exec(QStringLiteral("PRAGMA max_page_count = 1000000")));
        QTRY_COMPARE_WITH_TIMEOUT(committed.size(), 2, StoreWriter::FirstRetryDelayMs * 4);
        QCOMPARE(committed.at(1).first().value<CommittedBatch>().runs.size(), 1);
        writer.close();
        Connection reader(m_path);
        QCOMPARE(reader.scalar(QStringLiteral("SELECT state FROM runs WHERE id = 1")).toString(),
            QStringLiteral("executing"));
    }

    // A row the schema would refuse never reaches the queue: it would fail every retry of the
    // transaction it is in, and with it every other write.
    void rowsTheSchemaWouldRefuseAreRejectedAtOnce_data()
    {
        QTest::addColumn<WriteBatch>("batch");
        QTest::addColumn<QString>("message");
        const Run good = makeRun(3, RunState::Proposed, 1000);
        Run noId = good;
        noId.id = 0;
        Run badRisk = good;
        badRisk.risk = QStringLiteral("extreme");
        Run noRisk = good;
        noRisk.risk.clear();
        QTest::newRow("run without id") << WriteBatch { .runs = { noId } }
                                        << "run of playbook \"disk-cleanup\" has no id";
        QTest::newRow("unknown risk") << WriteBatch { .runs = { badRisk } }
                                      << "run 3 has risk \"extreme\", expected one of low, medium, high, critical";
        QTest::newRow("no risk") << WriteBatch { .runs = { noRisk } } << "run 3 has risk \"\"";
        QTest::newRow("step without run")
            << WriteBatch { .runSteps = { makeStep(0, RunStepRecord::Phase::Steps, 0, RunStepRecord::Status::Intent) } }
            << "step \"archive logs 0\" (steps 0) of run 0";
        QTest::newRow("step with negative index") << WriteBatch { .runSteps
            = { makeStep(3, RunStepRecord::Phase::Rollback, -1, RunStepRecord::Status::Intent) } }
                                                  << "(rollback -1) of run 3";
        QTest::newRow("sample without run")
            << WriteBatch { .verifySamples = { makeSample(0, 2, true, 1, VerifySample::Outcome::Success) } }
            << "verification sample 2 of check 1 of run 0";
        QTest::newRow("approval without approver")
            << WriteBatch { .approvals = { makeApproval(3, QString(), ApprovalRecord::Decision::Granted, 1) } }
            << "granted by \"\" on run 3 needs a run id and an approver";
    }
    void rowsTheSchemaWouldRefuseAreRejectedAtOnce()
    {
        QFETCH(WriteBatch, batch);
        QFETCH(QString, message);
        StoreWriter writer(m_path);
        QSignalSpy committed(&writer, &StoreWriter::committed);
        QSignalSpy failed(&writer, &StoreWriter::failed);
        writer.open();
        batch.ticket = 8;
        batch.events = { note(1, QStringLiteral("comes with the bad row")) };
        writer.enqueue(batch);
        QCOMPARE(failed.size(), 1);
        QVERIFY2(failed.first().at(0).toString().contains(message), qPrintable(failed.first().at(0).toString()));
        QCOMPARE(failed.first().at(1).value<QVector<quint64>>(), QVector<quint64> { 8 });
        const Run good = makeRun(3, RunState::Proposed, 1000);
        writer.enqueue(WriteBatch { .runs = { good } });
        writer.close();
        QCOMPARE(committed.size(), 1);
        QCOMPARE(failed.size(), 1);
        Connection reader(m_path);
        QString error;
        QCOMPARE(StoreQueries::runs(reader.db, 10, &error), QVector<Run> { good });
        QCOMPARE(reader.scalar(QStringLiteral("SELECT count(*) FROM events")).toInt(), 0);
    }

    // The engine and the GUI get run rows by queued signal from the writer's thread.
    void committedRunsCrossThreads()
    {
        QThread thread;
        auto* writer = new StoreWriter(m_path);
        writer->moveToThread(&thread);
        connect(&thread, &QThread::finished, writer, &QObject::deleteLater);
        thread.start();
        QVector<CommittedBatch> received;
        connect(writer, &StoreWriter::committed, this,
            [&received](const CommittedBatch& batch) { received.append(batch); });
        QMetaObject::invokeMethod(writer, &StoreWriter::open);
        const WriteBatch batch { .runs = { makeRun(2, RunState::Approved, 10) },
            .runSteps = { makeStep(2, RunStepRecord::Phase::Steps, 0, RunStepRecord::Status::Intent) },
            .verifySamples = { makeSample(2, 0, false, 0, VerifySample::Outcome::Inconclusive) },
            .approvals = { makeApproval(2, QStringLiteral("alice"), ApprovalRecord::Decision::Granted, 9) } };
        QVERIFY(QMetaObject::invokeMethod(writer, "enqueue", Q_ARG(firebreak::WriteBatch, batch)));
        QTRY_COMPARE(received.size(), 1);
        QCOMPARE(received.first().runs, batch.runs);
        QCOMPARE(received.first().runSteps, batch.runSteps);
        QCOMPARE(received.first().verifySamples, batch.verifySamples);
        QCOMPARE(received.first().approvals, batch.approvals);
        QMetaObject::invokeMethod(writer, &StoreWriter::close, Qt::BlockingQueuedConnection);
        thread.quit();
        thread.wait();
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

QTEST_GUILESS_MAIN(TstStoreRuns)
#include "tst_storeruns.moc"
