// The runs panel and the approval and run views read runs through the store reader, on its own
// thread: which runs are listed, and everything about one run (plan, latest gate outcomes, steps,
// samples, approvals, and only its own events), read from a real store file written by the writer.
// RunDetailFeed keeps one run's detail current from committed batches without reading on every one.
#include "audit/canonicaljson.h"
#include "domain/metatypes.h"
#include "itemmodels/rundetailfeed.h"
#include "runs/runjournal.h"
#include "store/database.h"
#include "store/rundetailreader.h"
#include "store/runqueries.h"
#include "store/storereader.h"
#include "store/storewriter.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <memory>

using namespace firebreak;

namespace {

constexpr qint64 T0 = 1'790'000'000'000;

QJsonObject planObject()
{
    const QJsonArray gates {
        QJsonObject { { QStringLiteral("kind"), QStringLiteral("sustained") },
            { QStringLiteral("query"), QStringLiteral("disk_used_ratio{instance=\"db-1\"}") },
            { QStringLiteral("above"), 0.9 }, { QStringLiteral("for_ms"), 300000 } },
        QJsonObject { { QStringLiteral("kind"), QStringLiteral("quiet") }, { QStringLiteral("window_ms"), 600000 },
            { QStringLiteral("kinds"), QJsonArray { QStringLiteral("change.deploy") } } },
        QJsonObject { { QStringLiteral("kind"), QStringLiteral("rate_limit") }, { QStringLiteral("max_runs"), 3 },
            { QStringLiteral("per_ms"), 3600000 } },
        QJsonObject { { QStringLiteral("kind"), QStringLiteral("approval") },
            { QStringLiteral("role"), QStringLiteral("commander") }, { QStringLiteral("approvers"), 2 },
            { QStringLiteral("expires_ms"), 900000 } },
    };
    const QJsonArray steps { QJsonObject { { QStringLiteral("name"), QStringLiteral("archive logs") },
        { QStringLiteral("executor"), QStringLiteral("shell") },
        { QStringLiteral("argv"), QJsonArray { QStringLiteral("archive-logs"), QStringLiteral("--host=db-1") } } } };
    return QJsonObject { { QStringLiteral("playbook"), QStringLiteral("disk-cleanup") },
        { QStringLiteral("title"), QStringLiteral("Disk cleanup") }, { QStringLiteral("risk"), QStringLiteral("high") },
        { QStringLiteral("gates"), gates }, { QStringLiteral("steps"), steps },
        { QStringLiteral("rollback"), QJsonArray {} } };
}

Run makeRun(qint64 id, RunState state, qint64 incidentId = 7)
{
    Run run;
    run.id = id;
    run.incidentId = incidentId;
    run.playbookId = QStringLiteral("disk-cleanup");
    run.playbookTitle = QStringLiteral("Disk cleanup");
    run.risk = QStringLiteral("high");
    run.state = state;
    run.stateReason = QStringLiteral("state of %1").arg(id);
    run.plan = CanonicalJson::write(planObject());
    run.planHash = QStringLiteral("ab").repeated(32);
    run.requester = QStringLiteral("firebreak");
    run.createdMs = T0 + id;
    run.updatedMs = T0 + id;
    return run;
}

RunStepRecord makeStep(qint64 runId, int index, RunStepRecord::Status status)
{
    RunStepRecord step;
    step.runId = runId;
    step.index = index;
    step.name = QStringLiteral("step %1").arg(index);
    step.executor = QStringLiteral("shell");
    step.status = status;
    step.startedMs = T0 + 100 + index;
    step.finishedMs = status == RunStepRecord::Status::Intent ? 0 : T0 + 200 + index;
    return step;
}

VerifySample makeSample(qint64 runId, int sampleIndex, double value)
{
    VerifySample sample;
    sample.runId = runId;
    sample.sampleIndex = sampleIndex;
    sample.timeMs = T0 + 300 + sampleIndex;
    sample.hasValue = true;
    sample.value = value;
    sample.outcome = VerifySample::Outcome::Success;
    return sample;
}

ApprovalRecord makeApproval(qint64 runId, const QString& approver)
{
    ApprovalRecord approval;
    approval.runId = runId;
    approval.approver = approver;
    approval.planHash = QStringLiteral("ab").repeated(32);
    approval.timeMs = T0 + 50;
    approval.reason = QStringLiteral("disk at 97%");
    return approval;
}

QJsonObject gateBody(const QString& kind, int index, const QString& reason, const QJsonObject& evidence)
{
    QJsonObject body { { QStringLiteral("gate"), kind }, { QStringLiteral("evidence"), evidence },
        { QStringLiteral("reason"), reason } };
    if (index >= 0)
        body.insert(QStringLiteral("index"), index);
    return body;
}

QVector<qint64> idsOf(const QVector<Run>& runs)
{
    QVector<qint64> ids;
    for (const Run& run : runs)
        ids.append(run.id);
    return ids;
}

} // namespace

class TstStoreReaderRuns : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    std::unique_ptr<StoreWriter> m_writer;
    std::unique_ptr<QThread> m_thread;
    StoreReader* m_reader = nullptr;

    // Writes through the real writer and returns what it committed, with the events' ids.
    CommittedBatch write(const WriteBatch& batch)
    {
        QSignalSpy committed(m_writer.get(), &StoreWriter::committed);
        m_writer->enqueue(batch);
        m_writer->flush();
        if (committed.size() != 1)
            qFatal("the writer did not commit the batch");
        return committed.first().first().value<CommittedBatch>();
    }

    void startReader()
    {
        m_thread = std::make_unique<QThread>();
        m_reader = new StoreReader(m_path);
        m_reader->moveToThread(m_thread.get());
        connect(m_thread.get(), &QThread::finished, m_reader, &QObject::deleteLater);
        m_thread->start();
        QSignalSpy opened(m_reader, &StoreReader::opened);
        QMetaObject::invokeMethod(m_reader, &StoreReader::open, Qt::QueuedConnection);
        QTRY_VERIFY(!opened.isEmpty());
        QVERIFY2(opened.first().first().value<StoreOpenResult>().ok,
            qPrintable(opened.first().first().value<StoreOpenResult>().problem));
    }

    // Asks the reader thread for one run's detail; std::nullopt (and `error`) when it failed.
    std::optional<RunDetail> detailOf(qint64 runId, QString* error = nullptr)
    {
        QSignalSpy fetched(m_reader, &StoreReader::runDetailFetched);
        QSignalSpy failed(m_reader, &StoreReader::failed);
        QMetaObject::invokeMethod(
            m_reader, "fetchRunDetail", Qt::QueuedConnection, Q_ARG(quint64, 41), Q_ARG(qint64, runId));
        if (!QTest::qWaitFor([&] { return fetched.size() + failed.size() > 0; }, 5000))
            return std::nullopt;
        if (!failed.isEmpty()) {
            if (error)
                *error = failed.first().at(1).toString();
            return std::nullopt;
        }
        if (fetched.first().first().toULongLong() != 41)
            return std::nullopt;
        return fetched.first().at(1).value<RunDetail>();
    }

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
        m_writer = std::make_unique<StoreWriter>(m_path);
        QSignalSpy opened(m_writer.get(), &StoreWriter::opened);
        m_writer->open();
        QCOMPARE(opened.size(), 1);
        QVERIFY(opened.first().first().value<StoreOpenResult>().ok);
    }

    void cleanup()
    {
        if (m_thread) {
            m_thread->quit();
            m_thread->wait();
            m_thread.reset();
        }
        m_reader = nullptr;
        if (m_writer)
            m_writer->close();
        m_writer.reset();
        m_dir.reset();
    }

    void listsEveryOpenRunAndTheNewestFiveHundred()
    {
        // 530 runs: two old ones still open (executing, interrupted), the rest finished in turns.
        WriteBatch batch;
        const QVector<RunState> finished { RunState::Succeeded, RunState::Blocked, RunState::RolledBack,
            RunState::Aborted, RunState::Expired, RunState::Rejected, RunState::RollbackFailed };
        for (qint64 id = 1; id <= 530; ++id)
            batch.runs.append(makeRun(id, finished.at(int(id % finished.size()))));
        batch.runs[2].state = RunState::Executing; // run 3
        batch.runs[9].state = RunState::Interrupted; // run 10: waits for a commander to re-approve
        batch.runs[10].state = RunState::RollbackFailed; // run 11: over, and older than the newest 500
        batch.runs[529].state = RunState::AwaitingApproval; // run 530
        write(batch);
        startReader();

        QSignalSpy fetched(m_reader, &StoreReader::runsFetched);
        QMetaObject::invokeMethod(m_reader, "fetchRuns", Qt::QueuedConnection, Q_ARG(quint64, 7));
        QTRY_VERIFY(!fetched.isEmpty());
        QCOMPARE(fetched.first().first().toULongLong(), quint64(7));
        const auto runs = fetched.first().at(1).value<QVector<Run>>();
        QVector<qint64> expected;
        for (qint64 id = 530; id >= 31; --id)
            expected.append(id);
        expected += { 10, 3 };
        QCOMPARE(idsOf(runs), expected);
        QCOMPARE(runs.first(), batch.runs.last());
        QCOMPARE(runs.last().state, RunState::Executing);
    }

    void readsOneRunWithItsGatesAndOnlyItsEvents()
    {
        const Run run = makeRun(2, RunState::AwaitingApproval);
        const Run other = makeRun(3, RunState::Executing); // same incident, another run
        const Run elsewhere = makeRun(4, RunState::Executing, 8);
        const QJsonObject sustained { { QStringLiteral("samples"), QJsonArray { 0.95, 0.97 } } };
        const QJsonObject rate { { QStringLiteral("max_runs"), 3 }, { QStringLiteral("per_ms"), 3600000 },
            { QStringLiteral("runs_in_window"), 1 } };
        WriteBatch batch;
        batch.runs = { run, other, elsewhere };
        batch.events = {
            RunJournal::event(run, T0 + 10, EventKind::RunProposed, Severity::Info, QStringLiteral("Run 2 proposed")),
            RunJournal::event(run, T0 + 20, EventKind::GateBlocked, Severity::Warning, QStringLiteral("blocked"),
                gateBody(QStringLiteral("sustained"), 0, QStringLiteral("only 1 of 2 samples above"), {})),
            RunJournal::event(other, T0 + 21, EventKind::GatePassed, Severity::Info, QStringLiteral("run 3's gate"),
                gateBody(QStringLiteral("sustained"), 0, QStringLiteral("run 3 passed"), {})),
            RunJournal::event(run, T0 + 30, EventKind::GatePassed, Severity::Info, QStringLiteral("passed"),
                gateBody(QStringLiteral("sustained"), 0, QStringLiteral("2 of 2 samples above 0.9"), sustained)),
            RunJournal::event(run, T0 + 40, EventKind::GatePassed, Severity::Info, QStringLiteral("quiet"),
                gateBody(QStringLiteral("quiet"), 1, QStringLiteral("no deploys"), {})),
            RunJournal::event(run, T0 + 50, EventKind::GatePassed, Severity::Info,
                QStringLiteral("Gate rate_limit passed for run 2"),
                gateBody(QStringLiteral("rate_limit"), -1, {}, rate)),
            RunJournal::event(elsewhere, T0 + 55, EventKind::GatePassed, Severity::Info, QStringLiteral("run 4"),
                gateBody(QStringLiteral("quiet"), 1, QStringLiteral("run 4 quiet"), {})),
            RunJournal::event(run, T0 + 60, EventKind::RunState, Severity::Info, QStringLiteral("awaits approval")),
        };
        Event note;
        note.incidentId = 7;
        note.timeMs = T0 + 45;
        note.kind = QString::fromLatin1(EventKind::Note);
        note.source = QStringLiteral("operator");
        note.title = QStringLiteral("free text, not JSON");
        note.body = "run 2 looks fine";
        batch.events.append(note);
        batch.runSteps
            = { makeStep(2, 0, RunStepRecord::Status::Succeeded), makeStep(3, 0, RunStepRecord::Status::Intent) };
        batch.verifySamples = { makeSample(2, 0, 0.5), makeSample(3, 0, 0.9), makeSample(2, 1, 0.4) };
        batch.approvals = { makeApproval(2, QStringLiteral("alice")), makeApproval(3, QStringLiteral("bob")) };
        const CommittedBatch out = write(batch);
        startReader();

        QString error;
        const std::optional<RunDetail> detail = detailOf(2, &error);
        QVERIFY2(detail, qPrintable(error));
        QCOMPARE(detail->run, run);
        QCOMPARE(detail->plan, planObject());
        QCOMPARE(detail->steps, (QVector<RunStepRecord> { batch.runSteps.at(0) }));
        QCOMPARE(detail->samples, (QVector<VerifySample> { batch.verifySamples.at(0), batch.verifySamples.at(2) }));
        QCOMPARE(detail->approvals, (QVector<ApprovalRecord> { batch.approvals.at(0) }));
        // Run 2's events only, oldest first: not run 3's, not run 4's (another incident), not the note.
        QCOMPARE(detail->events,
            (QVector<Event> { out.events.at(0), out.events.at(1), out.events.at(3), out.events.at(4), out.events.at(5),
                out.events.at(7) }));

        // The latest outcome per gate: sustained passed after first being blocked; rate_limit, which
        // names no index, is the plan's third gate; the approval gate has no outcome yet.
        QCOMPARE(detail->gates.size(), 3);
        const GateOutcome& first = detail->gates.at(0);
        QCOMPARE(first.index, 0);
        QCOMPARE(first.kind, QStringLiteral("sustained"));
        QVERIFY(first.passed);
        QCOMPARE(first.reason, QStringLiteral("2 of 2 samples above 0.9"));
        QCOMPARE(first.evidence, sustained);
        QCOMPARE(first.timeMs, T0 + 30);
        QCOMPARE(first.eventId, out.events.at(3).id);
        QCOMPARE(detail->gates.at(1).index, 1);
        QCOMPARE(detail->gates.at(1).reason, QStringLiteral("no deploys"));
        const GateOutcome& limit = detail->gates.at(2);
        QCOMPARE(limit.index, 2);
        QCOMPARE(limit.kind, QStringLiteral("rate_limit"));
        QCOMPARE(limit.evidence, rate);
        QCOMPARE(limit.reason, QStringLiteral("Gate rate_limit passed for run 2"));
    }

    void rateLimitWithoutAGateInThePlanStaysUnplaced()
    {
        QJsonObject plan = planObject();
        plan.insert(QStringLiteral("gates"), QJsonArray {});
        const QJsonObject body = gateBody(QStringLiteral("rate_limit"), -1, QStringLiteral("1 of 3"), {});
        Event event = RunJournal::event(
            makeRun(2, RunState::Gating), T0, EventKind::GatePassed, Severity::Info, QStringLiteral("passed"), body);
        const QVector<GateOutcome> gates = RunDetailReader::gateOutcomes(plan, { event });
        QCOMPARE(gates.size(), 1);
        QCOMPARE(gates.first().index, -1);
        QCOMPARE(gates.first().kind, QStringLiteral("rate_limit"));
    }

    void unknownRunAndBrokenPlanFail()
    {
        Run broken = makeRun(5, RunState::Proposed);
        broken.plan = "{\"steps\": [";
        write(WriteBatch { .runs = { broken } });
        startReader();
        QString error;
        QVERIFY(!detailOf(999, &error));
        QCOMPARE(error, QStringLiteral("run 999 is not in the store"));
        QVERIFY(!detailOf(5, &error));
        QVERIFY2(error.startsWith(QStringLiteral("run 5: the stored plan is not a JSON object")), qPrintable(error));
    }

    void runEventsUseTheIncidentIndex()
    {
        // What SQLite plans for the statement: a search of one incident's range, never a scan of all events.
        const QString name = QStringLiteral("plan-probe");
        QVERIFY(Database::open(name, m_path, Database::Mode::ReadOnly).ok);
        {
            QSqlDatabase db = Database::connection(name);
            QSqlQuery query(db);
            QVERIFY(query.prepare(QStringLiteral("EXPLAIN QUERY PLAN ") + RunQueries::runEventsSql()));
            query.bindValue(0, 7);
            query.bindValue(1, 2);
            query.bindValue(2, 2000);
            QVERIFY(query.exec());
            QStringList steps;
            while (query.next())
                steps.append(query.value(3).toString());
            QVERIFY2(steps.join(QLatin1Char('|')).contains(QStringLiteral("SEARCH events USING INDEX events_incident")),
                qPrintable(steps.join(QLatin1Char('|'))));
            QVERIFY2(!steps.join(QLatin1Char('|')).contains(QStringLiteral("SCAN events")),
                qPrintable(steps.join(QLatin1Char('|'))));
        }
        Database::close(name);
    }

    void feedRereadsOnlyForItsRunAndNotTooOften()
    {
        const Run run = makeRun(2, RunState::Executing);
        const Run other = makeRun(3, RunState::Executing);
        write(WriteBatch { .runs = { run, other } });
        startReader();

        RunDetailFeed feed;
        connect(&feed, &RunDetailFeed::fetchRequested, m_reader, &StoreReader::fetchRunDetail);
        connect(m_reader, &StoreReader::runDetailFetched, &feed, &RunDetailFeed::onRunDetailFetched);
        connect(m_reader, &StoreReader::failed, &feed, &RunDetailFeed::onFetchFailed);
        QSignalSpy requested(&feed, &RunDetailFeed::fetchRequested);
        QSignalSpy changed(&feed, &RunDetailFeed::detailChanged);
        QSignalSpy failed(&feed, &RunDetailFeed::failed);

        feed.setRunId(2);
        QTRY_COMPARE(changed.size(), 1);
        QCOMPARE(feed.detail().run, run);
        QCOMPARE(requested.size(), 1);

        // Another run's step, sample and gate event: nothing to read again.
        CommittedBatch unrelated
            = write(WriteBatch { .events = { RunJournal::event(other, T0 + 5, EventKind::GatePassed, Severity::Info,
                                     QStringLiteral("3"), gateBody(QStringLiteral("quiet"), 1, {}, {})) },
                .runSteps = { makeStep(3, 0, RunStepRecord::Status::Intent) },
                .verifySamples = { makeSample(3, 0, 1.0) } });
        feed.onCommitted(unrelated);
        QTest::qWait(400);
        QCOMPARE(requested.size(), 1);

        // Its own step: read again, and the view gets the step.
        const RunStepRecord step = makeStep(2, 0, RunStepRecord::Status::Intent);
        feed.onCommitted(write(WriteBatch { .runSteps = { step } }));
        QTRY_COMPARE(changed.size(), 2);
        QCOMPARE(requested.size(), 2);
        QCOMPARE(feed.detail().steps, QVector<RunStepRecord> { step });

        // A gate decision is committed as an event alone; it is this run's, so it is read too.
        const Event gate = RunJournal::event(run, T0 + 6, EventKind::GatePassed, Severity::Info,
            QStringLiteral("quiet passed"), gateBody(QStringLiteral("quiet"), 1, QStringLiteral("quiet"), {}));
        feed.onCommitted(write(WriteBatch { .events = { gate } }));
        QTRY_COMPARE(changed.size(), 3);
        QCOMPARE(feed.detail().gates.size(), 1);

        // A burst of ten relevant batches: at most one read in flight and one queued, ~4 a second.
        const int before = int(requested.size());
        QElapsedTimer burst;
        burst.start();
        for (int i = 0; i < 10; ++i) {
            Run moved = run;
            moved.updatedMs = T0 + 100 + i;
            moved.stateReason = QStringLiteral("step %1").arg(i);
            feed.onCommitted(write(WriteBatch { .runs = { moved } }));
        }
        QTRY_COMPARE(feed.detail().run.stateReason, QStringLiteral("step 9"));
        QTest::qWait(2 * RunDetailFeed::MinFetchIntervalMs);
        const int reads = int(requested.size()) - before;
        QVERIFY2(reads >= 1 && reads <= 2 + int(burst.elapsed() / RunDetailFeed::MinFetchIntervalMs),
            qPrintable(QStringLiteral("%1 reads in %2 ms").arg(reads).arg(burst.elapsed())));
        QCOMPARE(failed.size(), 0);

        // A run that does not exist is reported, not shown.
        feed.setRunId(999);
        QTRY_COMPARE(failed.size(), 1);
        QCOMPARE(failed.first().first().toString(), QStringLiteral("run 999 is not in the store"));
        QVERIFY(!feed.hasDetail());
    }

    void feedDropsAnswersItDidNotAskFor()
    {
        RunDetailFeed feed;
        QSignalSpy requested(&feed, &RunDetailFeed::fetchRequested);
        QSignalSpy changed(&feed, &RunDetailFeed::detailChanged);
        feed.setRunId(2);
        const quint64 first = requested.first().first().toULongLong();
        RunDetail detail;
        detail.run = makeRun(2, RunState::Executing);
        feed.onRunDetailFetched(first + 1, detail);
        QCOMPARE(changed.size(), 0);
        // Switched to another run before the answer came: the old answer is not shown as run 3's.
        feed.setRunId(3);
        feed.onRunDetailFetched(first, detail);
        QCOMPARE(changed.size(), 0);
        QVERIFY(!feed.hasDetail());
        QCOMPARE(requested.last().at(1).toLongLong(), qint64(3));
    }
};

QTEST_GUILESS_MAIN(TstStoreReaderRuns)
#include "tst_storereaderruns.moc"
