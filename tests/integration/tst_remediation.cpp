// End to end on the sandbox, in process: the seed playbooks driven by the real EngineHost (sandbox,
// ingest pipeline, store, run engine) from a firing alert to a finished run, with people approving
// and denying through RunEngine's slots as the console does; and the real binary's headless demo.

#include "audit/auditchain.h"
#include "automationsetup.h"
#include "domain/metatypes.h"
#include "enginehost.h"
#include "interfaces/clock.h"
#include "runrecorder.h"
#include "runs/runengine.h"
#include "sandbox/ruleevaluator.h"
#include "sandbox/sandboxplatform.h"
#include "sandbox/sandboxsuppressor.h"
#include "sandbox/sandboxworld.h"
#include "store/database.h"
#include "store/storequeries.h"
#include "store/storewriter.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <functional>
#include <memory>

using namespace firebreak;

namespace {

// The sandbox runs 300 simulated seconds per second: a disk cleanup takes a few wall seconds, and a
// 15-minute approval window is 3 wall seconds, ample for the test thread to answer on a loaded machine.
constexpr double Speed = 300;
constexpr int RunTimeoutMs = 120000; // generous: two busy cores may slow everything several-fold
constexpr qint64 Minute = 60LL * 1000;

// The recorder, with a QObject to carry the connections that feed it on the test thread.
class Recorder : public QObject, public RunRecorder { };

// Webhook bodies (Alertmanager v4) the sandbox sent to Firebreak, recorded on the engine thread.
struct Notifications {
    QMutex mutex;
    QVector<QByteArray> sent;

    // Alerts named `alertname` in any body whose news is from `fromMs` on: a resolution evaluated then
    // (its endsAt) or an alert that started firing then (its startsAt).
    int newsAbout(const QString& alertname, qint64 fromMs)
    {
        QMutexLocker lock(&mutex);
        int count = 0;
        for (const QByteArray& body : std::as_const(sent)) {
            const QJsonArray alerts = QJsonDocument::fromJson(body).object().value(QStringLiteral("alerts")).toArray();
            for (const QJsonValue& value : alerts) {
                const QJsonObject alert = value.toObject();
                if (alert.value(QStringLiteral("labels")).toObject().value(QStringLiteral("alertname")).toString()
                    != alertname)
                    continue;
                const bool resolved = alert.value(QStringLiteral("status")).toString() == QLatin1String("resolved");
                const QString at
                    = alert.value(resolved ? QStringLiteral("endsAt") : QStringLiteral("startsAt")).toString();
                if (QDateTime::fromString(at, Qt::ISODateWithMs).toMSecsSinceEpoch() >= fromMs)
                    ++count;
            }
        }
        return count;
    }
};

// One EngineHost on the sandbox with a fresh store, the demo roster and playbooks, approval required.
class Sandbox {
public:
    Sandbox(const QString& dbPath, const QString& scenario, double speed = Speed)
    {
        EngineOptions options;
        options.dbPath = dbPath;
        options.scenario = scenario;
        options.speed = speed;
        options.seed = 1;
        auto setup = AutomationSetup::forDemo(true);
        if (const auto* errors = std::get_if<QStringList>(&setup))
            qFatal("demo automation does not load: %s", qPrintable(errors->join(QLatin1Char('\n'))));
        options.automation = std::get<AutomationSetup>(setup);
        host = std::make_unique<EngineHost>(options);
        QObject::connect(host->writer(), &StoreWriter::committed, &recorder,
            [this](const CommittedBatch& batch) { recorder.take(batch); });
    }
    ~Sandbox() { host->stop(); }

    bool start()
    {
        QSignalSpy ready(host.get(), &EngineHost::engineReady);
        host->start();
        if (!ready.wait(30000))
            return false;
        QObject::connect(host->runEngine(), &RunEngine::decisionAnswered, &recorder,
            [this](qint64 runId, const QString& person, bool accepted, const QString& reason) {
                recorder.answers.append({ runId, person, accepted, reason });
            });
        QObject::connect(
            host->platform(), &SandboxPlatform::webhook, host->platform(),
            [this](const QByteArray& body, const QString&) {
                QMutexLocker lock(&notifications.mutex);
                notifications.sent.append(body);
            },
            Qt::DirectConnection);
        return true;
    }

    // A commander's decision, as the console sends it: queued to the engine thread.
    void decide(bool grant, qint64 runId, const QString& person, const QString& planHash)
    {
        RunEngine* engine = host->runEngine();
        QMetaObject::invokeMethod(
            engine,
            [engine, grant, runId, person, planHash] {
                if (grant)
                    engine->approve(runId, person, planHash, QString(), QStringLiteral("checked the plan"));
                else
                    engine->deny(runId, person, planHash, QString(), QStringLiteral("not now"));
            },
            Qt::QueuedConnection);
    }

    // Runs `work` on the engine thread, where the sandbox lives, and waits for it.
    void onEngine(const std::function<void(SandboxPlatform&)>& work)
    {
        SandboxPlatform* platform = host->platform();
        QMetaObject::invokeMethod(
            platform, [platform, &work] { work(*platform); }, Qt::BlockingQueuedConnection);
    }

    bool answered(qint64 runId, const QString& person) const
    {
        return std::any_of(recorder.answers.cbegin(), recorder.answers.cend(),
            [&](const Recorder::Answer& a) { return a.runId == runId && a.person == person; });
    }

    std::unique_ptr<EngineHost> host;
    Recorder recorder;
    Notifications notifications;
};

double diskPercent(SandboxPlatform& platform, const QString& instance)
{
    const WorldState::DbHost* db = platform.world().state().db(instance);
    return db ? db->dataPercent + db->logPercent : -1;
}

QVector<AuditEntry> storedAudit(const QString& dbPath, QString* error)
{
    const QString connection = QStringLiteral("tst-remediation-audit");
    QVector<AuditEntry> entries;
    {
        const StoreOpenResult opened = Database::open(connection, dbPath, Database::Mode::ReadOnly);
        if (opened.ok) {
            QSqlDatabase db = Database::connection(connection);
            entries = StoreQueries::auditEntries(db, error);
        } else {
            *error = opened.problem;
        }
    }
    Database::close(connection);
    return entries;
}

QStringList actionsOf(const QVector<AuditEntry>& entries, qint64 runId)
{
    QStringList actions;
    for (const AuditEntry& entry : entries) {
        if (entry.subject == QStringLiteral("run:%1").arg(runId))
            actions.append(entry.action + QLatin1Char('/') + entry.actor);
    }
    return actions;
}

} // namespace

class TestRemediation : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void diskFullIsCleanedAfterApprovalAndSilenced();
    void memoryLeakRestartsThenRollsBack();
    void deniedRunExecutesNothing();
    void unansweredApprovalExpires();
    void headlessDemoShowsAFullRun();

private:
    QString db(const QString& name) const { return m_dir.filePath(name); }
    QTemporaryDir m_dir;
};

void TestRemediation::initTestCase()
{
    registerMetaTypes();
    QVERIFY(m_dir.isValid());
}

void TestRemediation::diskFullIsCleanedAfterApprovalAndSilenced()
{
    const QString path = db(QStringLiteral("disk.db"));
    Sandbox sandbox(path, QStringLiteral("disk-full"));
    QVERIFY(sandbox.start());
    const Recorder& rec = sandbox.recorder;

    // DiskSpaceHigh fires, the gates hold, and the low-risk cleanup (no approval gate, approval required)
    // waits for one commander.
    QTRY_VERIFY_WITH_TIMEOUT(rec.runIn(QStringLiteral("disk-cleanup"), RunState::AwaitingApproval) != 0, RunTimeoutMs);
    const qint64 id = rec.runIn(QStringLiteral("disk-cleanup"), RunState::AwaitingApproval);
    const Run waiting = rec.runs.value(id);
    QCOMPARE(waiting.approvalRole, QStringLiteral("commander"));
    QCOMPARE(waiting.approvalsRequired, 1);
    QCOMPARE(waiting.labels.value(QStringLiteral("instance")), QStringLiteral("db-eu-1"));

    // Every gate's decision is on the timeline with what it saw: the sustained gate its samples.
    QStringList passed;
    for (const Event& event : rec.eventsOf(id)) {
        if (event.kind != QLatin1String(EventKind::GatePassed))
            continue;
        const QJsonObject body = RunRecorder::bodyOf(event);
        passed.append(body.value(QStringLiteral("gate")).toString());
        if (body.value(QStringLiteral("gate")).toString() == QLatin1String("sustained")) {
            const QJsonObject evidence = body.value(QStringLiteral("evidence")).toObject();
            QVERIFY2(evidence.value(QStringLiteral("min")).toDouble() > 90, event.body.constData());
            QVERIFY2(!evidence.value(QStringLiteral("series")).toArray().isEmpty(), event.body.constData());
        }
    }
    QCOMPARE(passed,
        QStringList({ QStringLiteral("sustained"), QStringLiteral("quiet"), QStringLiteral("blast_radius"),
            QStringLiteral("rate_limit") }));

    // The request carries the dry run and the hash an approver is shown.
    const std::optional<Event> request = rec.first(id, QString::fromLatin1(EventKind::ApprovalRequested));
    QVERIFY(request);
    const QJsonObject requestBody = RunRecorder::bodyOf(*request);
    const QString shownHash = requestBody.value(QStringLiteral("plan_sha256")).toString();
    QCOMPARE(shownHash, waiting.planHash);
    QVERIFY2(QJsonDocument(requestBody.value(QStringLiteral("plan")).toObject()).toJson().contains("cleanup-logs"),
        request->body.constData());
    // Nothing ran before the approval: the disk is still full.
    double before = 0;
    sandbox.onEngine([&](SandboxPlatform& platform) { before = diskPercent(platform, QStringLiteral("db-eu-1")); });
    QVERIFY2(before > 90, qPrintable(QString::number(before)));

    // Without an approval gate a low-risk run waits for one commander when approval is required.
    sandbox.decide(true, id, QStringLiteral("carol"), shownHash);
    QTRY_VERIFY_WITH_TIMEOUT(sandbox.answered(id, QStringLiteral("carol")), RunTimeoutMs);
    QCOMPARE(rec.stateOf(id), RunState::AwaitingApproval);
    sandbox.decide(true, id, QStringLiteral("alice"), shownHash);
    QTRY_VERIFY_WITH_TIMEOUT(rec.stateOf(id) == RunState::Succeeded, RunTimeoutMs);
    QVERIFY(std::any_of(rec.answers.cbegin(), rec.answers.cend(),
        [&](const Recorder::Answer& a) { return a.runId == id && a.person == QLatin1String("carol") && !a.accepted; }));
    QVERIFY(std::any_of(rec.answers.cbegin(), rec.answers.cend(),
        [&](const Recorder::Answer& a) { return a.runId == id && a.person == QLatin1String("alice") && a.accepted; }));

    const QStringList kinds = rec.kindsOf(id);
    QVERIFY2(RunRecorder::inOrder(kinds,
                 { QString::fromLatin1(EventKind::RunProposed), QString::fromLatin1(EventKind::GatePassed),
                     QString::fromLatin1(EventKind::ApprovalRequested), QString::fromLatin1(EventKind::ApprovalGranted),
                     QString::fromLatin1(EventKind::StepStarted), QString::fromLatin1(EventKind::StepSucceeded),
                     QString::fromLatin1(EventKind::VerifyPassed) }),
        qPrintable(kinds.join(QLatin1Char(','))));
    QVERIFY2(kinds.contains(QString::fromLatin1(EventKind::SuppressionStarted)), qPrintable(kinds.join(',')));
    QVERIFY(!kinds.contains(QString::fromLatin1(EventKind::VerifyFailed)));

    // The cleanup really freed the space, and every verification sample saw it.
    double after = 0;
    sandbox.onEngine([&](SandboxPlatform& platform) { after = diskPercent(platform, QStringLiteral("db-eu-1")); });
    QVERIFY2(after < 80, qPrintable(QString::number(after)));
    int verified = 0;
    for (const VerifySample& sample : rec.samples) {
        if (sample.runId != id)
            continue;
        ++verified;
        QCOMPARE(sample.outcome, VerifySample::Outcome::Success);
        QVERIFY2(sample.hasValue && sample.value < 80, qPrintable(QString::number(sample.value)));
    }
    QCOMPARE(verified, 5);

    // The silence is held by the sandbox, for this run, and mutes DiskSpaceHigh on db-eu-1.
    const Run done = rec.runs.value(id);
    QVERIFY(!done.silenceId.isEmpty());
    const QVector<Silence> silences = sandbox.host->platform()->suppressor().silences();
    const auto silence
        = std::find_if(silences.cbegin(), silences.cend(), [&](const Silence& s) { return s.id == done.silenceId; });
    QVERIFY(silence != silences.cend());
    QCOMPARE(silence->state, SilenceState::Active);
    QCOMPARE(silence->createdBy, QStringLiteral("firebreak"));
    QVERIFY2(silence->comment.contains(QStringLiteral("run %1").arg(id)), qPrintable(silence->comment));
    QCOMPARE(silence->endsAtMs - silence->startsAtMs, 60 * Minute);
    const LabelSet diskAlert { { QStringLiteral("alertname"), QStringLiteral("DiskSpaceHigh") },
        { QStringLiteral("instance"), QStringLiteral("db-eu-1") }, { QStringLiteral("region"), QStringLiteral("eu") },
        { QStringLiteral("service"), QStringLiteral("db") },
        { QStringLiteral("severity"), QStringLiteral("critical") } };
    QVERIFY(sandbox.host->platform()->suppressor().mutes(diskAlert, sandbox.host->clock().nowMs()));

    // The disk fills again in the scenario's next cycle (18 minutes on) and DiskSpaceHigh fires in the
    // sandbox, but while the silence holds no notification of it reaches Firebreak: no new run.
    qint64 startMs = 0;
    qint64 nowMs = 0;
    sandbox.onEngine([&](SandboxPlatform& platform) {
        startMs = platform.options().startMs;
        nowMs = platform.clock().nowMs();
    });
    const qint64 refilled = startMs + 28 * Minute; // the second fill fires at about 23:45
    QVERIFY2(refilled < silence->endsAtMs, "the scenario's cycle no longer refills within the silence");
    QSignalSpy forwarded(sandbox.host.get(), &EngineHost::fastForwarded);
    sandbox.host->fastForward(std::max<qint64>(refilled - nowMs, 0));
    QVERIFY(forwarded.wait(30000));
    bool firing = false;
    sandbox.onEngine([&](SandboxPlatform& platform) {
        for (const AlertInstance& alert : platform.rules().firing())
            firing = firing || alert.labels.value(QStringLiteral("alertname")) == QLatin1String("DiskSpaceHigh");
    });
    QVERIFY2(firing, "the disk did not fill again: nothing for the silence to hold back");
    QVERIFY(sandbox.notifications.newsAbout(QStringLiteral("DiskSpaceHigh"), 0) >= 1); // the first firing
    QCOMPARE(sandbox.notifications.newsAbout(QStringLiteral("DiskSpaceHigh"), silence->startsAtMs), 0);
    sandbox.host->stop();
    int cleanups = 0;
    for (const Run& run : rec.runs)
        cleanups += run.playbookId == QLatin1String("disk-cleanup") ? 1 : 0;
    QCOMPARE(cleanups, 1);

    // `firebreak audit verify`: the stored chain is intact and holds the decisions and actions.
    QString error;
    const QVector<AuditEntry> entries = storedAudit(path, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const AuditVerification verification = AuditChain::verify(entries);
    QVERIFY2(verification.ok, qPrintable(verification.message));
    QCOMPARE(verification.count, qint64(entries.size()));
    const QStringList actions = actionsOf(entries, id);
    for (const QString& wanted :
        { QStringLiteral("approval.requested/firebreak"), QStringLiteral("approval.granted/alice"),
            QStringLiteral("step.started/firebreak"), QStringLiteral("step.executed/firebreak"),
            QStringLiteral("verify.passed/firebreak"), QStringLiteral("suppression.started/firebreak") })
        QVERIFY2(actions.contains(wanted), qPrintable(wanted + QStringLiteral(" not in ") + actions.join(',')));
}

void TestRemediation::memoryLeakRestartsThenRollsBack()
{
    const QString path = db(QStringLiteral("leak.db"));
    Sandbox sandbox(path, QStringLiteral("memory-leak"));
    QVERIFY(sandbox.start());
    const Recorder& rec = sandbox.recorder;

    QTRY_VERIFY_WITH_TIMEOUT(
        rec.runIn(QStringLiteral("memory-leak-restart"), RunState::AwaitingApproval) != 0, RunTimeoutMs);
    const qint64 id = rec.runIn(QStringLiteral("memory-leak-restart"), RunState::AwaitingApproval);
    const Run waiting = rec.runs.value(id);
    QCOMPARE(waiting.risk, QStringLiteral("medium"));
    QCOMPARE(waiting.approvalRole, QStringLiteral("commander"));
    QCOMPARE(waiting.labels.value(QStringLiteral("region")), QStringLiteral("eu"));

    sandbox.decide(true, id, QStringLiteral("alice"), waiting.planHash);
    const auto finished = [&] {
        const RunState state = rec.stateOf(id);
        return state == RunState::RolledBack || state == RunState::RollbackFailed || state == RunState::Succeeded
            || state == RunState::Paused;
    };
    QTRY_VERIFY_WITH_TIMEOUT(finished(), RunTimeoutMs);
    const QStringList kinds = rec.kindsOf(id);
    QVERIFY2(rec.stateOf(id) == RunState::RolledBack,
        qPrintable(runStateName(rec.stateOf(id)) + QStringLiteral(": ") + rec.runs.value(id).stateReason + " / "
            + kinds.join(',')));
    QVERIFY2(RunRecorder::inOrder(kinds,
                 { QString::fromLatin1(EventKind::ApprovalGranted), QString::fromLatin1(EventKind::StepStarted),
                     QString::fromLatin1(EventKind::StepSucceeded), QString::fromLatin1(EventKind::VerifyFailed),
                     QString::fromLatin1(EventKind::RollbackStarted), QString::fromLatin1(EventKind::StepStarted),
                     QString::fromLatin1(EventKind::StepSucceeded), QString::fromLatin1(EventKind::VerifyPassed),
                     QString::fromLatin1(EventKind::RollbackSucceeded) }),
        qPrintable(kinds.join(',')));

    // The restart replaced the pods, the leak came back in the fresh ones, and the rollback returned web
    // in eu to its last good release.
    QStringList executed;
    for (const RunStepRecord& step : rec.steps) {
        if (step.runId == id && step.status == RunStepRecord::Status::Succeeded)
            executed.append(
                runStepPhaseName(step.phase) + QLatin1Char(':') + step.summary.section(QLatin1Char(':'), 0, 0));
    }
    QVERIFY2(executed.size() == 2 && executed.at(0).startsWith(QStringLiteral("steps:rollout restart of web in eu"))
            && executed.at(1).startsWith(QStringLiteral("rollback:rolled web back")),
        qPrintable(executed.join(" | ")));
    const std::optional<Event> failed = rec.first(id, QString::fromLatin1(EventKind::VerifyFailed));
    QVERIFY2(failed->title.contains(QStringLiteral("memory stays below 80% of the limit")), qPrintable(failed->title));
    bool leakSeen = false;
    int rollbackSamples = 0;
    for (const VerifySample& sample : rec.samples) {
        if (sample.runId != id)
            continue;
        if (sample.phase == VerifySample::Phase::Verify && sample.outcome == VerifySample::Outcome::Failure)
            leakSeen = leakSeen || (sample.checkIndex == 0 && sample.value >= 400e6);
        if (sample.phase == VerifySample::Phase::RollbackVerify) {
            ++rollbackSamples;
            QCOMPARE(sample.outcome, VerifySample::Outcome::Success);
        }
    }
    QVERIFY2(leakSeen, "no verification sample saw the fresh pods' memory past 400 MB");
    QCOMPARE(rollbackSamples, 10); // two checks, five samples each
    const bool rolledBackBySandbox = std::any_of(rec.events.cbegin(), rec.events.cend(), [](const Event& event) {
        return event.kind == QLatin1String(EventKind::ChangeDeploy) && event.actor == QLatin1String("sandbox-executor")
            && RunRecorder::bodyOf(event).value(QStringLiteral("service")).toString() == QLatin1String("web");
    });
    QVERIFY(rolledBackBySandbox);

    // The silence made after the restart was expired by the rollback, in the sandbox too.
    QVERIFY(kinds.contains(QString::fromLatin1(EventKind::SuppressionStarted)));
    const QStringList audited = rec.auditActions(id);
    QVERIFY2(audited.contains(QStringLiteral("suppression.expired")), qPrintable(audited.join(',')));
    QVERIFY(rec.runs.value(id).silenceId.isEmpty());
    const QVector<Silence> silences = sandbox.host->platform()->suppressor().silences();
    QCOMPARE(silences.size(), 1);
    QCOMPARE(silences.first().state, SilenceState::Expired);
    sandbox.host->stop();

    QString error;
    const QVector<AuditEntry> entries = storedAudit(path, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(AuditChain::verify(entries).ok);
    const QStringList actions = actionsOf(entries, id);
    for (const QString& wanted : { QStringLiteral("approval.granted/alice"), QStringLiteral("step.executed/firebreak"),
             QStringLiteral("verify.failed/firebreak"), QStringLiteral("rollback.started/firebreak"),
             QStringLiteral("rollback.step_executed/firebreak"), QStringLiteral("verify.passed/firebreak"),
             QStringLiteral("suppression.expired/firebreak") })
        QVERIFY2(actions.contains(wanted), qPrintable(wanted + QStringLiteral(" not in ") + actions.join(',')));
}

void TestRemediation::deniedRunExecutesNothing()
{
    // Slower, so that the denial and the look at the disk both fall well before the scenario rotates
    // the logs itself (14 simulated minutes in, about 5 after the approval is requested).
    const QString path = db(QStringLiteral("denied.db"));
    Sandbox sandbox(path, QStringLiteral("disk-full"), 120);
    QVERIFY(sandbox.start());
    const Recorder& rec = sandbox.recorder;
    QTRY_VERIFY_WITH_TIMEOUT(rec.runIn(QStringLiteral("disk-cleanup"), RunState::AwaitingApproval) != 0, RunTimeoutMs);
    const qint64 id = rec.runIn(QStringLiteral("disk-cleanup"), RunState::AwaitingApproval);

    sandbox.decide(false, id, QStringLiteral("bob"), rec.runs.value(id).planHash);
    QTRY_VERIFY_WITH_TIMEOUT(rec.stateOf(id) == RunState::Rejected, RunTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(sandbox.answered(id, QStringLiteral("bob")), RunTimeoutMs);
    // A later approval cannot revive it.
    sandbox.decide(true, id, QStringLiteral("carol"), rec.runs.value(id).planHash);
    QTRY_VERIFY_WITH_TIMEOUT(sandbox.answered(id, QStringLiteral("carol")), RunTimeoutMs);
    QVERIFY(!rec.answers.constLast().accepted);

    // A simulated minute on (an approved cleanup runs within seconds), nothing has run: the disk is still
    // full and no step was written.
    const qint64 deniedAt = rec.runs.value(id).updatedMs;
    QTRY_VERIFY_WITH_TIMEOUT(sandbox.host->clock().nowMs() > deniedAt + Minute, RunTimeoutMs);
    double disk = 0;
    sandbox.onEngine([&](SandboxPlatform& platform) { disk = diskPercent(platform, QStringLiteral("db-eu-1")); });
    QVERIFY2(disk > 90, qPrintable(QString::number(disk)));
    QCOMPARE(rec.stateOf(id), RunState::Rejected);
    const QStringList kinds = rec.kindsOf(id);
    QVERIFY2(kinds.contains(QString::fromLatin1(EventKind::ApprovalDenied)), qPrintable(kinds.join(',')));
    QVERIFY2(!kinds.contains(QString::fromLatin1(EventKind::StepStarted)), qPrintable(kinds.join(',')));
    QVERIFY(std::none_of(rec.steps.cbegin(), rec.steps.cend(), [&](const RunStepRecord& s) { return s.runId == id; }));
    QVERIFY(std::none_of(rec.events.cbegin(), rec.events.cend(),
        [](const Event& e) { return e.kind == QLatin1String(EventKind::ActionExecuted); }));
    QVERIFY(sandbox.host->platform()->suppressor().silences().isEmpty());
    sandbox.host->stop();

    QString error;
    const QVector<AuditEntry> entries = storedAudit(path, &error);
    QVERIFY(AuditChain::verify(entries).ok);
    const QStringList actions = actionsOf(entries, id);
    QVERIFY2(actions.contains(QStringLiteral("approval.denied/bob")), qPrintable(actions.join(',')));
    QVERIFY2(actions.contains(QStringLiteral("approval.refused/carol")), qPrintable(actions.join(',')));
    QVERIFY2(!actions.contains(QStringLiteral("step.started/firebreak")), qPrintable(actions.join(',')));
}

void TestRemediation::unansweredApprovalExpires()
{
    const QString path = db(QStringLiteral("expired.db"));
    Sandbox sandbox(path, QStringLiteral("disk-full"));
    QVERIFY(sandbox.start());
    const Recorder& rec = sandbox.recorder;
    QTRY_VERIFY_WITH_TIMEOUT(rec.runIn(QStringLiteral("disk-cleanup"), RunState::AwaitingApproval) != 0, RunTimeoutMs);
    const qint64 id = rec.runIn(QStringLiteral("disk-cleanup"), RunState::AwaitingApproval);
    const Run waiting = rec.runs.value(id);
    // The playbook's window: 15 simulated minutes (the engine reads its running clock twice).
    QVERIFY(qAbs(waiting.approvalExpiresMs - waiting.updatedMs - 15 * Minute) < Minute);

    // Nobody answers for the 15 simulated minutes of the window.
    QTRY_VERIFY_WITH_TIMEOUT(rec.stateOf(id) == RunState::Expired, RunTimeoutMs);
    QVERIFY(sandbox.host->clock().nowMs() >= waiting.approvalExpiresMs);
    const QStringList kinds = rec.kindsOf(id);
    QVERIFY2(kinds.contains(QString::fromLatin1(EventKind::ApprovalExpired)), qPrintable(kinds.join(',')));
    QVERIFY2(!kinds.contains(QString::fromLatin1(EventKind::StepStarted)), qPrintable(kinds.join(',')));

    // Too late: the approval is refused and nothing runs.
    sandbox.decide(true, id, QStringLiteral("carol"), waiting.planHash);
    QTRY_VERIFY_WITH_TIMEOUT(sandbox.answered(id, QStringLiteral("carol")), RunTimeoutMs);
    QVERIFY(!rec.answers.constLast().accepted);
    double disk = 0;
    sandbox.onEngine([&](SandboxPlatform& platform) { disk = diskPercent(platform, QStringLiteral("db-eu-1")); });
    QVERIFY2(disk > 90, qPrintable(QString::number(disk)));
    QVERIFY(std::none_of(rec.steps.cbegin(), rec.steps.cend(), [&](const RunStepRecord& s) { return s.runId == id; }));
    sandbox.host->stop();

    QString error;
    const QVector<AuditEntry> entries = storedAudit(path, &error);
    QVERIFY(AuditChain::verify(entries).ok);
    const QStringList actions = actionsOf(entries, id);
    QVERIFY2(actions.contains(QStringLiteral("approval.expired/firebreak")), qPrintable(actions.join(',')));
    QVERIFY2(!actions.contains(QStringLiteral("step.started/firebreak")), qPrintable(actions.join(',')));
}

void TestRemediation::headlessDemoShowsAFullRun()
{
    // The demo as a user starts it: default speed (60x) and scenario cycle, low risk runs by itself.
    const QString path = db(QStringLiteral("demo.db"));
    QProcess demo;
    demo.start(QStringLiteral(FIREBREAK_BINARY),
        { QStringLiteral("--headless"), QStringLiteral("--demo"), QStringLiteral("--for"), QStringLiteral("60"),
            QStringLiteral("--json"), QStringLiteral("--db"), path, QStringLiteral("--seed"), QStringLiteral("1") });
    QVERIFY(demo.waitForStarted());
    QVERIFY2(demo.waitForFinished(180000), "the headless demo did not stop after --for 60");
    QCOMPARE(demo.exitStatus(), QProcess::NormalExit);
    QVERIFY2(demo.exitCode() == 0, demo.readAllStandardError().constData());

    QMap<qint64, QStringList> kindsByRun;
    QMap<qint64, QString> playbookByRun;
    bool automatic = false;
    for (const QByteArray& line : demo.readAllStandardOutput().split('\n')) {
        if (line.trimmed().isEmpty())
            continue;
        QJsonParseError parseError;
        const QJsonObject object = QJsonDocument::fromJson(line, &parseError).object();
        QVERIFY2(parseError.error == QJsonParseError::NoError, line.constData());
        const QJsonObject body = object.value(QStringLiteral("body")).toObject();
        if (!body.contains(QStringLiteral("run")))
            continue;
        const qint64 run = body.value(QStringLiteral("run")).toInteger();
        const QString kind = object.value(QStringLiteral("kind")).toString();
        kindsByRun[run].append(kind);
        playbookByRun[run] = body.value(QStringLiteral("playbook")).toString();
        if (kind == QLatin1String(EventKind::ApprovalGranted)
            && object.value(QStringLiteral("title")).toString().contains(QStringLiteral("automatically")))
            automatic = true;
    }
    const QStringList full { QString::fromLatin1(EventKind::RunProposed), QString::fromLatin1(EventKind::GatePassed),
        QString::fromLatin1(EventKind::ApprovalGranted), QString::fromLatin1(EventKind::StepStarted),
        QString::fromLatin1(EventKind::StepSucceeded), QString::fromLatin1(EventKind::VerifyPassed) };
    qint64 complete = 0;
    for (auto it = kindsByRun.cbegin(); it != kindsByRun.cend() && complete == 0; ++it) {
        if (RunRecorder::inOrder(it.value(), full)
            && it.value().contains(QString::fromLatin1(EventKind::SuppressionStarted)))
            complete = it.key();
    }
    QStringList seen;
    for (auto it = kindsByRun.cbegin(); it != kindsByRun.cend(); ++it)
        seen.append(
            QStringLiteral("run %1 (%2): %3").arg(it.key()).arg(playbookByRun.value(it.key()), it.value().join(',')));
    QVERIFY2(
        complete != 0, qPrintable(QStringLiteral("no full run in 60 s of the demo; runs seen:\n") + seen.join('\n')));
    QCOMPARE(playbookByRun.value(complete), QStringLiteral("disk-cleanup"));
    QVERIFY(automatic);

    QProcess verify;
    verify.start(QStringLiteral(FIREBREAK_BINARY),
        { QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--db"), path });
    QVERIFY(verify.waitForFinished(60000));
    const QByteArray out = verify.readAllStandardOutput();
    QVERIFY2(verify.exitCode() == 0, out.constData());
    QVERIFY2(out.contains("intact"), out.constData());
}

QTEST_GUILESS_MAIN(TestRemediation)
#include "tst_remediation.moc"
