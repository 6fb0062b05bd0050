// End to end on the sandbox, in process, for the seed playbooks that tst_remediation does not cover:
// cache-restart and db-promote-replica on the multi-region scenario as it runs; region-failover and
// db-slow-queries on their fault injected alone into the world (in multi-region the cascade around them
// makes both fail closed, see resources/playbooks/README.md), plus the quiet gate holding the slow-query
// kill back after a routine deploy. The real EngineHost runs; commanders answer through RunEngine's
// slots as the console does.

#include "automationsetup.h"
#include "domain/metatypes.h"
#include "enginehost.h"
#include "interfaces/clock.h"
#include "runrecorder.h"
#include "runs/runengine.h"
#include "sandbox/sandboxplatform.h"
#include "sandbox/sandboxworld.h"
#include "sandbox/worldstate.h"
#include "store/storewriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <functional>
#include <memory>

using namespace firebreak;

namespace {

constexpr double Speed = 120;
constexpr int RunTimeoutMs = 180000; // generous: two busy cores may slow everything several-fold
constexpr qint64 Minute = 60LL * 1000;

struct Approver {
    QString person;
    QString passphrase;
};

using Recorder = RunRecorder;

// One EngineHost on the sandbox with a fresh store and the demo automation (approval required). Runs of
// the playbooks in `approvers` are approved as soon as they wait, by every person listed, as the console
// would send it; runs of other playbooks are left waiting.
class Sandbox {
public:
    Sandbox(const QString& dbPath, const QString& scenario, QMap<QString, QVector<Approver>> approvers)
        : m_approvers(std::move(approvers))
    {
        EngineOptions options;
        options.dbPath = dbPath;
        options.scenario = scenario;
        options.speed = Speed;
        options.seed = 1;
        auto setup = AutomationSetup::forDemo(true);
        if (const auto* errors = std::get_if<QStringList>(&setup))
            qFatal("demo automation does not load: %s", qPrintable(errors->join(QLatin1Char('\n'))));
        options.automation = std::get<AutomationSetup>(setup);
        host = std::make_unique<EngineHost>(options);
        QObject::connect(
            host->writer(), &StoreWriter::committed, &m_context, [this](const CommittedBatch& batch) { take(batch); });
    }
    ~Sandbox() { host->stop(); }

    bool start()
    {
        QSignalSpy ready(host.get(), &EngineHost::engineReady);
        host->start();
        return ready.wait(30000);
    }

    void approveLater(const QString& playbookId, QVector<Approver> approvers)
    {
        m_approvers.insert(playbookId, std::move(approvers));
        for (const Run& run : std::as_const(recorder.runs))
            answer(run);
    }

    // Runs `work` on the engine thread, where the sandbox lives, and waits for it.
    void onEngine(const std::function<void(SandboxPlatform&)>& work)
    {
        SandboxPlatform* platform = host->platform();
        QMetaObject::invokeMethod(
            platform, [platform, &work] { work(*platform); }, Qt::BlockingQueuedConnection);
    }

    std::unique_ptr<EngineHost> host;
    Recorder recorder;

private:
    void take(const CommittedBatch& batch)
    {
        recorder.take(batch);
        for (const Run& run : batch.runs)
            answer(run);
    }
    void answer(const Run& run)
    {
        if (run.state != RunState::AwaitingApproval || m_answered.contains(run.id)
            || !m_approvers.contains(run.playbookId))
            return;
        m_answered.insert(run.id);
        RunEngine* engine = host->runEngine();
        for (const Approver& approver : m_approvers.value(run.playbookId)) {
            QMetaObject::invokeMethod(
                engine,
                [engine, id = run.id, hash = run.planHash, approver] {
                    engine->approve(id, approver.person, hash, approver.passphrase, QStringLiteral("checked the plan"));
                },
                Qt::QueuedConnection);
        }
    }

    QObject m_context;
    QMap<QString, QVector<Approver>> m_approvers;
    QSet<qint64> m_answered;
};

const Approver Alice { QStringLiteral("alice"), QStringLiteral("alice-demo-passphrase") };
const Approver Bob { QStringLiteral("bob"), QStringLiteral("bob-demo-passphrase") };
const Approver Carol { QStringLiteral("carol"), QString() };

bool finished(RunState state)
{
    return state == RunState::Succeeded || state == RunState::Paused || state == RunState::Blocked
        || state == RunState::Failed || state == RunState::Expired || state == RunState::RolledBack
        || state == RunState::RollbackFailed || state == RunState::Rejected;
}

// The first run of `playbookId` whose trigger labels hold `label`=`value` (any run when `label` is empty).
qint64 runOf(const Recorder& rec, const QString& playbookId, const QString& label = {}, const QString& value = {})
{
    for (const Run& run : rec.runs) {
        if (run.playbookId == playbookId && (label.isEmpty() || run.labels.value(label) == value))
            return run.id;
    }
    return 0;
}

QStringList passedGates(const Recorder& rec, qint64 runId)
{
    QStringList gates;
    for (const Event& event : rec.eventsOf(runId)) {
        if (event.kind == QLatin1String(EventKind::GatePassed))
            gates.append(RunRecorder::bodyOf(event).value(QStringLiteral("gate")).toString());
    }
    return gates;
}

QStringList grantedBy(const Recorder& rec, qint64 runId)
{
    QStringList people;
    for (const Event& event : rec.eventsOf(runId)) {
        if (event.kind == QLatin1String(EventKind::ApprovalGranted))
            people.append(event.actor);
    }
    return people;
}

// Every verification sample of the run, and whether all of them succeeded.
int successfulSamples(const Recorder& rec, qint64 runId, QString* failures)
{
    int count = 0;
    for (const VerifySample& sample : rec.samples) {
        if (sample.runId != runId)
            continue;
        if (sample.outcome == VerifySample::Outcome::Success)
            ++count;
        else
            failures->append(QStringLiteral("check %1 sample %2: %3 %4; ")
                                 .arg(sample.checkIndex)
                                 .arg(sample.sampleIndex)
                                 .arg(sample.value)
                                 .arg(sample.detail));
    }
    return count;
}

const QStringList SucceededPath { QString::fromLatin1(EventKind::RunProposed),
    QString::fromLatin1(EventKind::ApprovalRequested), QString::fromLatin1(EventKind::ApprovalGranted),
    QString::fromLatin1(EventKind::StepStarted), QString::fromLatin1(EventKind::StepSucceeded),
    QString::fromLatin1(EventKind::VerifyPassed) };

} // namespace

class TestSeedPlaybooks : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cacheRestartBringsTheCacheBack();
    void primaryDownPromotesTheReplicaAfterTwoCommanders();
    void partitionFailsTheSufferingRegionOver();
    void slowQueriesAreHeldBackByARecentDeploy();
    void slowQueriesAreKilledWhenNothingExplainsThem();

private:
    QString db(const QString& name) const { return m_dir.filePath(name); }
    // Waits for the run to end; fails naming every run when it does not reach `state`.
    static bool ends(const Recorder& rec, qint64 runId, RunState state);
    QTemporaryDir m_dir;
};

void TestSeedPlaybooks::initTestCase()
{
    registerMetaTypes();
    QVERIFY(m_dir.isValid());
}

bool TestSeedPlaybooks::ends(const Recorder& rec, qint64 runId, RunState state)
{
    [&] { QTRY_VERIFY_WITH_TIMEOUT(finished(rec.runs.value(runId).state), RunTimeoutMs); }();
    if (rec.runs.value(runId).state == state)
        return true;
    qWarning("run %lld did not end %s:\n%s", runId, qPrintable(runStateName(state)), qPrintable(rec.describe()));
    return false;
}

void TestSeedPlaybooks::cacheRestartBringsTheCacheBack()
{
    // multi-region crashes the primary region's cache 1 minute in; only the responder answers.
    Sandbox sandbox(db(QStringLiteral("cache.db")), QStringLiteral("multi-region"),
        { { QStringLiteral("cache-restart"), { Carol } } });
    QVERIFY(sandbox.start());
    const Recorder& rec = sandbox.recorder;
    QTRY_VERIFY_WITH_TIMEOUT(runOf(rec, QStringLiteral("cache-restart")) != 0, RunTimeoutMs);
    const qint64 id = runOf(rec, QStringLiteral("cache-restart"));
    QVERIFY(ends(rec, id, RunState::Succeeded));

    const Run run = rec.runs.value(id);
    QCOMPARE(run.risk, QStringLiteral("medium"));
    QCOMPARE(run.approvalRole, QStringLiteral("responder"));
    QCOMPARE(run.labels.value(QStringLiteral("instance")), QStringLiteral("cache-eu-1"));
    QCOMPARE(passedGates(rec, id),
        QStringList({ QStringLiteral("sustained"), QStringLiteral("blast_radius"), QStringLiteral("rate_limit") }));
    QCOMPARE(grantedBy(rec, id), QStringList { QStringLiteral("carol") });
    const QStringList kinds = rec.kindsOf(id);
    QVERIFY2(RunRecorder::inOrder(kinds, SucceededPath), qPrintable(kinds.join(',')));
    QVERIFY2(kinds.contains(QString::fromLatin1(EventKind::SuppressionStarted)), qPrintable(kinds.join(',')));
    QString failures;
    QCOMPARE(successfulSamples(rec, id, &failures), 4);
    QVERIFY2(failures.isEmpty(), qPrintable(failures));
    bool up = false;
    sandbox.onEngine(
        [&](SandboxPlatform& platform) { up = platform.world().state().cache(QStringLiteral("cache-eu-1"))->up; });
    QVERIFY(up);
}

void TestSeedPlaybooks::primaryDownPromotesTheReplicaAfterTwoCommanders()
{
    // multi-region crashes the primary db-eu-1 7.5 minutes in; alice and bob approve with passphrases.
    Sandbox sandbox(db(QStringLiteral("promote.db")), QStringLiteral("multi-region"),
        { { QStringLiteral("db-promote-replica"), { Alice, Bob } } });
    QVERIFY(sandbox.start());
    const Recorder& rec = sandbox.recorder;
    QTRY_VERIFY_WITH_TIMEOUT(runOf(rec, QStringLiteral("db-promote-replica")) != 0, RunTimeoutMs);
    const qint64 id = runOf(rec, QStringLiteral("db-promote-replica"));
    QVERIFY(ends(rec, id, RunState::Succeeded));

    const Run run = rec.runs.value(id);
    QCOMPARE(run.risk, QStringLiteral("critical"));
    QCOMPARE(run.approvalsRequired, 2);
    QCOMPARE(passedGates(rec, id),
        QStringList({ QStringLiteral("sustained"), QStringLiteral("confirm"), QStringLiteral("quiet"),
            QStringLiteral("blast_radius"), QStringLiteral("rate_limit") }));
    QCOMPARE(grantedBy(rec, id), QStringList({ QStringLiteral("alice"), QStringLiteral("bob") }));
    const QStringList kinds = rec.kindsOf(id);
    QVERIFY2(RunRecorder::inOrder(kinds, SucceededPath), qPrintable(kinds.join(',')));
    QString failures;
    QCOMPARE(successfulSamples(rec, id, &failures), 4);
    QVERIFY2(failures.isEmpty(), qPrintable(failures));
    QString primary;
    sandbox.onEngine([&](SandboxPlatform& platform) {
        const WorldState::DbHost* host = platform.world().state().primary();
        primary = host && host->up ? host->instance : QString();
    });
    QCOMPARE(primary, QStringLiteral("db-us-1"));
}

void TestSeedPlaybooks::partitionFailsTheSufferingRegionOver()
{
    // The partition alone, injected into a quiet shop: in multi-region the region taking the traffic also
    // has its cache down under 1.8x peak load, so its checkout latency breaks the SLO and the run pauses.
    Sandbox sandbox(db(QStringLiteral("failover.db")), QStringLiteral("disk-full"),
        { { QStringLiteral("region-failover"), { Alice, Bob } } });
    QVERIFY(sandbox.start());
    const Recorder& rec = sandbox.recorder;
    sandbox.onEngine([](SandboxPlatform& platform) { platform.world().state().partitioned = true; });
    QTRY_VERIFY_WITH_TIMEOUT(
        runOf(rec, QStringLiteral("region-failover"), QStringLiteral("from"), QStringLiteral("us")) != 0
            && runOf(rec, QStringLiteral("region-failover"), QStringLiteral("from"), QStringLiteral("eu")) != 0,
        RunTimeoutMs);
    const qint64 us = runOf(rec, QStringLiteral("region-failover"), QStringLiteral("from"), QStringLiteral("us"));
    const qint64 eu = runOf(rec, QStringLiteral("region-failover"), QStringLiteral("from"), QStringLiteral("eu"));

    // us is cut off from the primary in eu: its checkout fails, eu's does not. Only us is failed over.
    QVERIFY(ends(rec, eu, RunState::Blocked));
    QVERIFY2(rec.runs.value(eu).stateReason.startsWith(QStringLiteral("gate confirm")),
        qPrintable(rec.runs.value(eu).stateReason));
    QVERIFY(ends(rec, us, RunState::Succeeded));
    const Run run = rec.runs.value(us);
    QCOMPARE(run.risk, QStringLiteral("high"));
    QCOMPARE(run.approvalsRequired, 2);
    QCOMPARE(run.labels.value(QStringLiteral("to")), QStringLiteral("eu"));
    QCOMPARE(passedGates(rec, us),
        QStringList({ QStringLiteral("sustained"), QStringLiteral("confirm"), QStringLiteral("quiet"),
            QStringLiteral("blast_radius"), QStringLiteral("rate_limit") }));
    QCOMPARE(grantedBy(rec, us), QStringList({ QStringLiteral("alice"), QStringLiteral("bob") }));
    QVERIFY2(RunRecorder::inOrder(rec.kindsOf(us), SucceededPath), qPrintable(rec.kindsOf(us).join(',')));
    QString failures;
    QCOMPARE(successfulSamples(rec, us, &failures), 12);
    QVERIFY2(failures.isEmpty(), qPrintable(failures));
    QStringList drained;
    sandbox.onEngine([&](SandboxPlatform& platform) { drained = platform.world().state().failedOver.values(); });
    QCOMPARE(drained, QStringList { QStringLiteral("us") });
}

void TestSeedPlaybooks::slowQueriesAreHeldBackByARecentDeploy()
{
    // What multi-region does to the primary region's database (cache down under peak load), injected at
    // start: the sandbox's first routine deploy follows within 2.5 minutes, well inside the 30-minute
    // window the quiet gate looks at when the 5-minute sustained gate has held.
    Sandbox sandbox(db(QStringLiteral("slow-blocked.db")), QStringLiteral("disk-full"),
        { { QStringLiteral("db-slow-queries"), { Alice } } });
    QVERIFY(sandbox.start());
    const Recorder& rec = sandbox.recorder;
    sandbox.onEngine([](SandboxPlatform& platform) {
        WorldState& state = platform.world().state();
        state.cache(QStringLiteral("cache-eu-1"))->up = false;
        state.peakLoad = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(runOf(rec, QStringLiteral("db-slow-queries")) != 0, RunTimeoutMs);
    const qint64 id = runOf(rec, QStringLiteral("db-slow-queries"));
    QVERIFY(ends(rec, id, RunState::Blocked));
    QCOMPARE(passedGates(rec, id), QStringList { QStringLiteral("sustained") });
    // Fail closed, saying why: the quiet gate names the routine deploy it saw within its 30 minutes.
    const QString reason = rec.runs.value(id).stateReason;
    QVERIFY2(reason.startsWith(QStringLiteral("gate quiet")) && reason.contains(QStringLiteral("30m window")),
        qPrintable(reason));
    QStringList deploys;
    bool cron = false;
    for (const Event& event : rec.eventsOf(id)) {
        const QJsonObject body = RunRecorder::bodyOf(event);
        if (event.kind != QLatin1String(EventKind::GateBlocked)
            || body.value(QStringLiteral("gate")) != QStringLiteral("quiet"))
            continue;
        const QJsonArray changes
            = body.value(QStringLiteral("evidence")).toObject().value(QStringLiteral("changes")).toArray();
        for (const QJsonValue& change : changes) {
            const QString title = change.toObject().value(QStringLiteral("title")).toString();
            const QString kind = change.toObject().value(QStringLiteral("kind")).toString();
            if (kind == QLatin1String(EventKind::ChangeDeploy) || kind == QLatin1String("deploy"))
                deploys.append(title);
            cron = cron || kind == QLatin1String(EventKind::ChangeCron) || kind == QLatin1String("cron");
        }
    }
    QVERIFY2(!deploys.isEmpty(), qPrintable(reason));
    // The reason names the newest change: the deploy, unless the nightly batch (02:00 UTC) started later.
    QVERIFY2(
        reason.contains(QStringLiteral("deploy '") + deploys.first() + QLatin1Char('\'')) || cron, qPrintable(reason));
    const QStringList kinds = rec.kindsOf(id);
    QVERIFY2(!kinds.contains(QString::fromLatin1(EventKind::ApprovalRequested)), qPrintable(kinds.join(',')));
    QVERIFY2(!kinds.contains(QString::fromLatin1(EventKind::StepStarted)), qPrintable(kinds.join(',')));
}

void TestSeedPlaybooks::slowQueriesAreKilledWhenNothingExplainsThem()
{
    Sandbox sandbox(db(QStringLiteral("slow.db")), QStringLiteral("disk-full"), {});
    QVERIFY(sandbox.start());
    const Recorder& rec = sandbox.recorder;

    // Fast-forward past routine deploys until one is followed by a gap of at least 40 minutes, clear of
    // the nightly batch; then the slowness starts 27 minutes after that deploy, so that the quiet gate
    // (30 minutes back, about 6.5 minutes after the fault) sees no deploy and no cron.
    const auto forward = [&](qint64 ms) {
        QSignalSpy done(sandbox.host.get(), &EngineHost::fastForwarded);
        sandbox.host->fastForward(ms);
        return done.wait(RunTimeoutMs);
    };
    struct Schedule {
        qint64 nowMs = 0;
        qint64 nextDeployMs = 0;
        qint64 nextBatchMs = 0;
        bool batch = false;
    };
    const auto schedule = [&] {
        Schedule out;
        sandbox.onEngine([&](SandboxPlatform& platform) {
            const WorldState& state = platform.world().state();
            out = { platform.world().nowMs(), state.nextBenignDeployMs, state.nextBatchMs, state.batchRunning };
        });
        return out;
    };
    qint64 lastDeployMs = 0;
    for (int tries = 0;; ++tries) {
        QVERIFY2(tries < 40, "no 40-minute gap between routine deploys in 40 of them");
        const Schedule before = schedule();
        QVERIFY(forward(before.nextDeployMs + 15000 - before.nowMs));
        const Schedule after = schedule();
        QVERIFY(after.nextDeployMs > before.nextDeployMs);
        lastDeployMs = before.nextDeployMs;
        const qint64 faultMs = lastDeployMs + 27 * Minute;
        const bool clearOfBatch = !after.batch && after.nextBatchMs > faultMs + 20 * Minute
            && after.nextBatchMs - 24 * 60 * Minute + 25 * Minute + 30 * Minute < faultMs;
        if (after.nextDeployMs - lastDeployMs >= 40 * Minute && clearOfBatch)
            break;
    }
    QVERIFY(forward(lastDeployMs + 27 * Minute - schedule().nowMs));
    const qint64 faultMs = schedule().nowMs;
    const qint64 runsBefore = rec.runs.isEmpty() ? 0 : rec.runs.lastKey();
    sandbox.onEngine([](SandboxPlatform& platform) {
        WorldState& state = platform.world().state();
        state.cache(QStringLiteral("cache-eu-1"))->up = false;
        state.peakLoad = true;
    });
    const auto newRun = [&](const QString& playbook) {
        for (const Run& run : rec.runs) {
            if (run.id > runsBefore && run.playbookId == playbook)
                return run.id;
        }
        return qint64(0);
    };

    // Once all three gates have held and the run waits for a commander, the cache is restarted (what
    // keeps the slowness coming back) and, with the cache warm again, the slow queries are killed.
    QTRY_VERIFY_WITH_TIMEOUT(newRun(QStringLiteral("db-slow-queries")) != 0, RunTimeoutMs);
    const qint64 id = newRun(QStringLiteral("db-slow-queries"));
    QTRY_VERIFY2_WITH_TIMEOUT(
        finished(rec.runs.value(id).state) || rec.runs.value(id).state == RunState::AwaitingApproval,
        qPrintable(rec.describe()), RunTimeoutMs);
    QVERIFY2(rec.runs.value(id).state == RunState::AwaitingApproval, qPrintable(rec.describe()));
    QCOMPARE(passedGates(rec, id),
        QStringList({ QStringLiteral("sustained"), QStringLiteral("quiet"), QStringLiteral("confirm"),
            QStringLiteral("blast_radius"), QStringLiteral("rate_limit") }));
    for (const Event& event : rec.eventsOf(id)) {
        const QJsonObject body = RunRecorder::bodyOf(event);
        if (event.kind == QLatin1String(EventKind::GatePassed)
            && body.value(QStringLiteral("gate")) == QStringLiteral("quiet")) {
            const QJsonObject evidence = body.value(QStringLiteral("evidence")).toObject();
            QVERIFY2(
                evidence.value(QStringLiteral("from_ms")).toDouble() > double(lastDeployMs), event.body.constData());
        }
    }
    QVERIFY(rec.runs.value(id).updatedMs > faultMs);

    sandbox.approveLater(QStringLiteral("cache-restart"), { Carol });
    QTRY_VERIFY_WITH_TIMEOUT(newRun(QStringLiteral("cache-restart")) != 0, RunTimeoutMs);
    QVERIFY(ends(rec, newRun(QStringLiteral("cache-restart")), RunState::Succeeded));
    sandbox.approveLater(QStringLiteral("db-slow-queries"), { Alice });
    QVERIFY(ends(rec, id, RunState::Succeeded));
    QVERIFY2(RunRecorder::inOrder(rec.kindsOf(id), SucceededPath), qPrintable(rec.kindsOf(id).join(',')));
    QString failures;
    const int good = successfulSamples(rec, id, &failures);
    QVERIFY2(good >= 8, qPrintable(failures));
}

QTEST_GUILESS_MAIN(TestSeedPlaybooks)
#include "tst_seedplaybooks.moc"
