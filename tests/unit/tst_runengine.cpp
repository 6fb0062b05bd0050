// The run engine against a real store (a temporary SQLite file written by the real StoreWriter): rate
// limits under simultaneous triggers, gates that fail closed, approvals bound to the plan hash with
// the two-person rule, expiry, write-ahead intents, verification with rollback or pause, hostile
// labels, the freeze switch and interrupted runs after a restart. Only the executor and the metric
// source are scripted, because what they stand for (a platform, Prometheus) is not what is tested.

#include "audit/auditchain.h"
#include "domain/metatypes.h"
#include "executors/shellexecutor.h"
#include "interfaces/clock.h"
#include "interfaces/executor.h"
#include "interfaces/metricsource.h"
#include "playbook/playbookloader.h"
#include "roster/passphrasehash.h"
#include "roster/rosterloader.h"
#include "runs/runengine.h"
#include "store/database.h"
#include "store/storequeries.h"
#include "store/storewriter.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

using namespace firebreak;

namespace {

constexpr qint64 Start = 1'763'700'000'000;

class ManualClock final : public Clock {
public:
    qint64 nowMs() const override { return now; }
    qint64 now = Start;
};

// Answers every query with one series holding `value` (or an error), sampled every step over the range.
class ScriptedMetrics final : public MetricSource {
public:
    QString name() const override { return QStringLiteral("scripted"); }
    void instantQuery(const QString& query, qint64 atMs, Callback done) override
    {
        queries.append(query);
        done(answer(query, atMs, atMs, 1));
    }
    void rangeQuery(const QString& query, qint64 startMs, qint64 endMs, qint64 stepMs, Callback done) override
    {
        queries.append(query);
        done(answer(query, startMs, endMs, stepMs));
    }
    QueryResult answer(const QString& query, qint64 startMs, qint64 endMs, qint64 stepMs)
    {
        QueryResult result;
        if (!error.isEmpty()) {
            result.error = error;
            return result;
        }
        double value = values.value(query, defaultValue);
        if (!sequence.isEmpty() && query.contains(sequenceQuery))
            value = sequence.size() > 1 ? sequence.takeFirst() : sequence.first();
        Series series;
        series.labels.insert(QStringLiteral("__name__"), QStringLiteral("m"));
        for (qint64 t = startMs; t <= endMs; t += std::max<qint64>(stepMs, 1))
            series.samples.append(Sample { t, value });
        result.series.append(series);
        return result;
    }
    QMap<QString, double> values;
    double defaultValue = 95;
    QString sequenceQuery;
    QList<double> sequence; // values handed out one per query matching sequenceQuery, the last repeated
    QString error;
    QStringList queries;
};

// Records what it was asked; answers as told. Checks, when asked, that the step's intent is already
// durable in the store.
class RecordingExecutor final : public Executor {
public:
    QString name() const override { return QStringLiteral("shell"); }
    QStringList actions() const override { return {}; }
    void execute(const ExecutionRequest& request, Callback done) override
    {
        requests.append(request);
        if (intentCheck)
            intentsSeen.append(intentCheck());
        ExecutionResult result;
        result.ok = !failing.contains(request.params.value(QStringLiteral("argv")).toStringList().value(1));
        result.summary
            = QStringLiteral("ran %1").arg(request.params.value(QStringLiteral("argv")).toStringList().join(' '));
        if (!result.ok)
            result.error = QStringLiteral("exit code 1");
        done(result);
    }
    QVector<ExecutionRequest> requests;
    QStringList failing; // argv[1] values that fail
    std::function<bool()> intentCheck;
    QVector<bool> intentsSeen;
};

QString writeFile(const QString& dir, const QString& name, const QByteArray& content)
{
    const QString path = dir + QLatin1Char('/') + name;
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QString();
    file.write(content);
    return path;
}

Playbook loadPlaybook(const QString& dir, const QByteArray& yaml)
{
    const QString path = writeFile(dir, QStringLiteral("pb-%1.yaml").arg(qHash(yaml)), yaml);
    auto loaded = PlaybookLoader::load(path);
    if (const auto* errors = std::get_if<QList<ConfigError>>(&loaded)) {
        for (const ConfigError& error : *errors)
            qWarning("%s", qPrintable(error.toString()));
        return Playbook();
    }
    return std::get<Playbook>(loaded);
}

QByteArray playbookYaml(const QByteArray& risk, const QByteArray& gates, const QByteArray& extra = {})
{
    return "id: fix-disk\n"
           "title: Fix the disk\n"
           "risk: "
        + risk
        + "\n"
          "trigger: {alert: DiskFull, requires_labels: [instance]}\n"
          "gates:\n"
        + gates
        + "steps:\n"
          "  - name: clean\n"
          "    run: {executor: shell, argv: [/usr/bin/clean, '{{ labels.instance }}']}\n"
          "  - name: compact\n"
          "    run: {executor: shell, argv: [/usr/bin/compact, '{{ labels.instance }}']}\n"
        + extra;
}

Alert firing(const QString& instance, qint64 incident = 1)
{
    Alert alert;
    alert.fingerprint = QStringLiteral("fp-%1").arg(instance);
    alert.labels = LabelSet { { QStringLiteral("alertname"), QStringLiteral("DiskFull") },
        { QStringLiteral("instance"), instance } };
    alert.startsAtMs = Start - 60'000;
    alert.incidentId = incident;
    return alert;
}

// The engine on a real store, everything on the test thread.
struct Harness {
    explicit Harness(QVector<Playbook> playbooks, RunEngineSettings settings = {}, const Roster* roster = nullptr,
        bool recording = true)
        : writer(dir.filePath(QStringLiteral("fb.db")))
        , shell(ShellExecutorOptions {})
    {
        settings.timeScale = 1e9; // verification intervals pass at once; the clock is manual
        QMap<QString, Executor*> executors;
        executors.insert(QStringLiteral("shell"), recording ? static_cast<Executor*>(&executor) : &shell);
        engine
            = std::make_unique<RunEngine>(clock, metrics, executors, nullptr, roster, std::move(playbooks), settings);
        QObject::connect(engine.get(), &RunEngine::batchReady, &writer, &StoreWriter::enqueue);
        QObject::connect(&writer, &StoreWriter::committed, engine.get(), &RunEngine::onCommitted);
        QObject::connect(&writer, &StoreWriter::failed, engine.get(), &RunEngine::onStoreFailed);
        QObject::connect(&writer, &StoreWriter::committed, &writer,
            [this](const CommittedBatch& batch) { committed.append(batch); });
        writer.open();
        engine->restore(RunRestore {});
    }
    ~Harness() { writer.close(); }

    void trigger(const QVector<Alert>& alerts)
    {
        CommittedBatch batch;
        batch.alerts = alerts;
        engine->onCommitted(batch);
    }
    Run runOf(qint64 id) const { return engine->run(id).value_or(Run()); }
    QVector<AuditEntry> audit() const
    {
        QVector<AuditEntry> out;
        for (const CommittedBatch& batch : committed)
            out += batch.audit;
        return out;
    }
    QStringList auditActions(qint64 runId = 0) const
    {
        QStringList out;
        for (const AuditEntry& entry : audit()) {
            if (runId == 0 || entry.subject == QStringLiteral("run:%1").arg(runId))
                out << entry.action;
        }
        return out;
    }
    QStringList eventKinds(qint64 runId) const
    {
        QStringList out;
        for (const CommittedBatch& batch : committed) {
            for (const Event& event : batch.events) {
                if (QJsonDocument::fromJson(event.body).object().value(QStringLiteral("run")).toInteger() == runId)
                    out << event.kind;
            }
        }
        return out;
    }
    QStringList executedArgs() const
    {
        QStringList out;
        for (const ExecutionRequest& request : executor.requests)
            out << request.params.value(QStringLiteral("argv")).toStringList().join(QLatin1Char(' '));
        return out;
    }

    QTemporaryDir dir;
    ManualClock clock;
    ScriptedMetrics metrics;
    RecordingExecutor executor;
    StoreWriter writer;
    ShellExecutor shell;
    std::unique_ptr<RunEngine> engine;
    QVector<CommittedBatch> committed;
};

const QByteArray FastHash = PassphraseHash::create(QStringLiteral("x"), 1000).toUtf8();

Roster makeRoster(const QString& dir)
{
    auto hash
        = [](const char* passphrase) { return PassphraseHash::create(QString::fromLatin1(passphrase), 1000).toUtf8(); };
    const QByteArray yaml = "users:\n"
                            "  - {name: alice, roles: [commander], passphrase: \""
        + hash("alice-pass") + "\"}\n  - {name: bob, roles: [commander], passphrase: \"" + hash("bob-pass")
        + "\"}\n  - {name: carol, roles: [responder], passphrase: \"" + hash("carol-pass") + "\"}\n";
    const QString path = writeFile(dir, QStringLiteral("roster.yaml"), yaml);
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    auto loaded = RosterLoader::load(path);
    if (const auto* errors = std::get_if<QList<ConfigError>>(&loaded)) {
        for (const ConfigError& error : *errors)
            qWarning("%s", qPrintable(error.toString()));
        return Roster();
    }
    return std::get<Roster>(loaded);
}

} // namespace

class TestRunEngine : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { registerMetaTypes(); }

    void tenSimultaneousTriggersAgainstALimitOfOne()
    {
        QTemporaryDir dir;
        const Playbook playbook = loadPlaybook(dir.path(),
            playbookYaml("low", "  - rate_limit: {max_runs: 1, per: 1h}\n  - blast_radius: {max_targets: 1}\n"));
        QVERIFY(!playbook.id.isEmpty());
        RunEngineSettings settings;
        settings.autoApproveLow = true;
        Harness h({ playbook }, settings);
        QVector<Alert> alerts;
        for (int i = 0; i < 10; ++i)
            alerts << firing(QStringLiteral("db-%1").arg(i));
        h.trigger(alerts);
        QTRY_COMPARE(h.engine->runs().size(), 10);
        auto settled = [&h] {
            const QVector<Run> runs = h.engine->runs();
            return std::all_of(runs.cbegin(), runs.cend(),
                [](const Run& run) { return run.state == RunState::Succeeded || run.state == RunState::Blocked; });
        };
        QTRY_VERIFY(settled());
        int succeeded = 0;
        int blocked = 0;
        for (const Run& run : h.engine->runs()) {
            if (run.state == RunState::Succeeded)
                ++succeeded;
            else {
                ++blocked;
                QVERIFY2(run.stateReason.contains(QStringLiteral("rate_limit")), qPrintable(run.stateReason));
            }
        }
        QCOMPARE(succeeded, 1);
        QCOMPARE(blocked, 9);
        QCOMPARE(h.executor.requests.size(), 2); // the one run's two steps
        QTRY_COMPARE(h.auditActions().count(QStringLiteral("run.blocked")), 9);
        // The chain the store wrote verifies.
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"));
        db.setDatabaseName(h.dir.filePath(QStringLiteral("fb.db")));
        QVERIFY(db.open());
        QString error;
        const QVector<AuditEntry> stored = StoreQueries::auditEntries(db, &error);
        QVERIFY(error.isEmpty());
        QVERIFY(AuditChain::verify(stored).ok);
        QCOMPARE(StoreQueries::runs(db, 100, &error).size(), 10);
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("check"));
    }

    void aRedeliveredAlertDoesNotStartASecondRun()
    {
        QTemporaryDir dir;
        RunEngineSettings settings;
        settings.autoApproveLow = true;
        Harness h({ loadPlaybook(dir.path(), playbookYaml("low", "  - blast_radius: {max_targets: 1}\n")) }, settings);
        h.trigger({ firing(QStringLiteral("db-1")) });
        h.trigger({ firing(QStringLiteral("db-1")) });
        QTRY_COMPARE(h.executor.requests.size(), 2);
        QTest::qWait(50);
        QCOMPARE(h.engine->runs().size(), 1);
        // The same alert firing anew (a later startsAt) is a new firing and may run again.
        Alert again = firing(QStringLiteral("db-1"));
        h.clock.now += 10'000;
        again.startsAtMs = h.clock.now - 1;
        h.trigger({ again });
        QTRY_COMPARE(h.engine->runs().size(), 2);
    }

    void gatesFailClosed_data()
    {
        QTest::addColumn<QByteArray>("gate");
        QTest::addColumn<QString>("error");
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("reasonPart");
        QTest::newRow("query error") << QByteArray(
            "  - sustained: {query: 'disk{instance=\"{{ labels.instance }}\"}', above: 90, for: 5m}\n")
                                     << QStringLiteral("connection refused") << 95.0
                                     << QStringLiteral("connection refused");
        QTest::newRow("below threshold") << QByteArray(
            "  - sustained: {query: 'disk{instance=\"{{ labels.instance }}\"}', above: 90, for: 5m}\n")
                                         << QString() << 80.0 << QStringLiteral("sustained");
        QTest::newRow("confirm fails") << QByteArray("  - confirm: {query: 'latency', above: 0.2}\n") << QString()
                                       << 0.1 << QStringLiteral("confirm");
    }

    void gatesFailClosed()
    {
        QFETCH(QByteArray, gate);
        QFETCH(QString, error);
        QFETCH(double, value);
        QFETCH(QString, reasonPart);
        QTemporaryDir dir;
        RunEngineSettings settings;
        settings.autoApproveLow = true;
        Harness h({ loadPlaybook(dir.path(), playbookYaml("low", gate)) }, settings);
        h.metrics.error = error;
        h.metrics.defaultValue = value;
        h.trigger({ firing(QStringLiteral("db-1")) });
        // A sustained gate that does not hold yet is asked again until its duration and a minute
        // have passed: move the clock on until the engine gives up.
        auto blockedAfterWaiting = [&h] {
            h.clock.now += 30'000;
            return h.runOf(1).state == RunState::Blocked;
        };
        QTRY_VERIFY(blockedAfterWaiting());
        QVERIFY2(h.runOf(1).stateReason.contains(reasonPart), qPrintable(h.runOf(1).stateReason));
        QVERIFY(h.executor.requests.isEmpty());
        QTRY_VERIFY(h.eventKinds(1).contains(QStringLiteral("gate.blocked")));
        QVERIFY(h.auditActions(1).contains(QStringLiteral("run.blocked")));
    }

    void gateDecisionsGoOnTheTimelineWithTheValuesSeen()
    {
        QTemporaryDir dir;
        RunEngineSettings settings;
        settings.autoApproveLow = true;
        Harness h({ loadPlaybook(dir.path(),
                      playbookYaml("low",
                          "  - sustained: {query: 'disk{instance=\"{{ labels.instance }}\"}', above: 90, for: 5m}\n"
                          "  - quiet: {no_change_within: 30m, kinds: [deploy]}\n")) },
            settings);
        h.metrics.defaultValue = 97.5;
        h.trigger({ firing(QStringLiteral("db-1")) });
        QTRY_COMPARE(h.runOf(1).state, RunState::Succeeded);
        QStringList titles;
        for (const CommittedBatch& batch : h.committed) {
            for (const Event& event : batch.events) {
                if (event.kind == QLatin1String("gate.passed"))
                    titles << event.title;
            }
        }
        QCOMPARE(titles.size(), 2);
        QVERIFY2(titles.first().contains(QStringLiteral("97.5")), qPrintable(titles.first()));
        QVERIFY(h.metrics.queries.contains(QStringLiteral("disk{instance=\"db-1\"}")));
    }

    void aRecentDeployBlocksTheQuietGate()
    {
        QTemporaryDir dir;
        RunEngineSettings settings;
        settings.autoApproveLow = true;
        Harness h(
            { loadPlaybook(dir.path(), playbookYaml("low", "  - quiet: {no_change_within: 30m, kinds: [deploy]}\n")) },
            settings);
        CommittedBatch deploy;
        Event event;
        event.id = 7;
        event.kind = QStringLiteral("change.deploy");
        event.timeMs = Start - 10 * 60'000;
        event.title = QStringLiteral("deploy web v42");
        deploy.events.append(event);
        h.engine->onCommitted(deploy);
        h.trigger({ firing(QStringLiteral("db-1")) });
        QTRY_COMPARE(h.runOf(1).state, RunState::Blocked);
        QVERIFY2(h.runOf(1).stateReason.contains(QStringLiteral("deploy web v42")), qPrintable(h.runOf(1).stateReason));
    }

    void approvalIsBoundToThePlanAndTheRoster()
    {
        QTemporaryDir dir;
        const Roster roster = makeRoster(dir.path());
        QVERIFY(!roster.isEmpty());
        Harness h({ loadPlaybook(dir.path(),
                      playbookYaml("medium", "  - approval: {role: commander, approvers: 1, expires: 15m}\n")) },
            {}, &roster);
        QSignalSpy answers(h.engine.get(), &RunEngine::decisionAnswered);
        h.trigger({ firing(QStringLiteral("db-1")) });
        QTRY_COMPARE(h.runOf(1).state, RunState::AwaitingApproval);
        const QString hash = h.runOf(1).planHash;
        QCOMPARE(hash.size(), 64);

        h.engine->approve(1, QStringLiteral("carol"), hash, QString(), QStringLiteral("looks right"));
        QCOMPARE(answers.last().at(2).toBool(), false); // a responder cannot approve for commanders
        h.engine->approve(1, QStringLiteral("alice"), QString(64, QLatin1Char('0')), QString(), QStringLiteral("ok"));
        QCOMPARE(answers.last().at(2).toBool(), false); // shown another plan
        QVERIFY2(answers.last().at(3).toString().contains(QStringLiteral("plan")),
            qPrintable(answers.last().at(3).toString()));
        QCOMPARE(h.runOf(1).state, RunState::AwaitingApproval);
        QVERIFY(h.executor.requests.isEmpty());

        h.engine->approve(1, QStringLiteral("alice"), hash, QString(), QStringLiteral("disk at 97%"));
        QCOMPARE(answers.last().at(2).toBool(), true);
        QTRY_COMPARE(h.runOf(1).state, RunState::Succeeded);
        QCOMPARE(h.executedArgs(),
            QStringList({ QStringLiteral("/usr/bin/clean db-1"), QStringLiteral("/usr/bin/compact db-1") }));
        QTRY_VERIFY(h.auditActions(1).count(QStringLiteral("approval.refused")) == 2);
        QVERIFY(h.auditActions(1).contains(QStringLiteral("approval.granted")));
        QVERIFY(h.auditActions(1).contains(QStringLiteral("approval.requested")));
    }

    void highRiskNeedsTwoCommandersWithTheirPassphrases()
    {
        QTemporaryDir dir;
        const Roster roster = makeRoster(dir.path());
        Harness h({ loadPlaybook(dir.path(),
                      playbookYaml("high", "  - approval: {role: commander, approvers: 2, expires: 15m}\n")) },
            {}, &roster);
        QSignalSpy answers(h.engine.get(), &RunEngine::decisionAnswered);
        h.engine->propose(QStringLiteral("fix-disk"), 1, QStringLiteral("fp-db-1"),
            firing(QStringLiteral("db-1")).labels, QStringLiteral("alice"));
        QTRY_COMPARE(h.runOf(1).state, RunState::AwaitingApproval);
        const QString hash = h.runOf(1).planHash;
        QCOMPARE(h.runOf(1).approvalsRequired, 2);

        h.engine->approve(1, QStringLiteral("alice"), hash, QStringLiteral("alice-pass"), QStringLiteral("mine"));
        QCOMPARE(answers.last().at(2).toBool(), false); // the requester never approves their own run
        h.engine->approve(1, QStringLiteral("bob"), hash, QString(), QStringLiteral("no passphrase"));
        QCOMPARE(answers.last().at(2).toBool(), false);
        h.engine->approve(1, QStringLiteral("bob"), hash, QStringLiteral("wrong"), QStringLiteral("wrong passphrase"));
        QCOMPARE(answers.last().at(2).toBool(), false);
        h.engine->approve(1, QStringLiteral("bob"), hash, QStringLiteral("bob-pass"), QStringLiteral("first"));
        QCOMPARE(answers.last().at(2).toBool(), true);
        QCOMPARE(h.runOf(1).state, RunState::AwaitingApproval);
        h.engine->approve(1, QStringLiteral("bob"), hash, QStringLiteral("bob-pass"), QStringLiteral("again"));
        QCOMPARE(answers.last().at(2).toBool(), false); // one person counts once
        QCOMPARE(h.runOf(1).state, RunState::AwaitingApproval);
        QVERIFY(h.executor.requests.isEmpty());
        QTRY_COMPARE(h.auditActions(1).count(QStringLiteral("approval.refused")), 4);
        QCOMPARE(h.auditActions(1).count(QStringLiteral("approval.granted")), 1);
    }

    void aDenialRejectsAndAnExpiryExpires()
    {
        QTemporaryDir dir;
        const Roster roster = makeRoster(dir.path());
        RunEngineSettings settings;
        Harness h({ loadPlaybook(dir.path(),
                      playbookYaml("medium", "  - approval: {role: commander, approvers: 1, expires: 15m}\n")) },
            settings, &roster);
        h.trigger({ firing(QStringLiteral("db-1")), firing(QStringLiteral("db-2")) });
        QTRY_COMPARE(h.runOf(2).state, RunState::AwaitingApproval);
        h.engine->deny(1, QStringLiteral("alice"), h.runOf(1).planHash, QString(), QStringLiteral("not now"));
        QCOMPARE(h.runOf(1).state, RunState::Rejected);
        // Run 2's window closes by the engine's clock (the timer fires at once at this time scale).
        h.clock.now += 15 * 60'000 + 1;
        QTRY_COMPARE(h.runOf(2).state, RunState::Expired);
        QVERIFY(h.executor.requests.isEmpty());
        QTRY_VERIFY(h.auditActions(2).contains(QStringLiteral("approval.expired")));
        QVERIFY(h.auditActions(1).contains(QStringLiteral("approval.denied")));
    }

    void theIntentIsDurableBeforeTheExecutorActs()
    {
        QTemporaryDir dir;
        RunEngineSettings settings;
        settings.autoApproveLow = true;
        Harness h({ loadPlaybook(dir.path(), playbookYaml("low", "  - blast_radius: {max_targets: 1}\n")) }, settings);
        const QString path = h.dir.filePath(QStringLiteral("fb.db"));
        h.executor.intentCheck = [path, &h] {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("peek"));
            db.setDatabaseName(path);
            bool seen = false;
            if (db.open()) {
                QString error;
                const auto steps = StoreQueries::runSteps(db, 1, &error);
                const int index = h.executor.requests.size() - 1;
                for (const RunStepRecord& step : steps)
                    seen = seen || (step.index == index && step.status == RunStepRecord::Status::Intent);
                db.close();
            }
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(QStringLiteral("peek"));
            return seen;
        };
        h.trigger({ firing(QStringLiteral("db-1")) });
        QTRY_COMPARE(h.runOf(1).state, RunState::Succeeded);
        QCOMPARE(h.executor.intentsSeen, QVector<bool>({ true, true }));
    }

    void verificationFailureRollsBack()
    {
        QTemporaryDir dir;
        RunEngineSettings settings;
        settings.autoApproveLow = true;
        const QByteArray extra
            = "verify:\n"
              "  - {name: space reclaimed, query: 'disk{instance=\"{{ labels.instance }}\"}', success: '< 80', "
              "interval: 30s, count: 3, failure_limit: 1}\n"
              "on_verify_failure: rollback\n"
              "rollback:\n"
              "  - name: restore\n"
              "    run: {executor: shell, argv: [/usr/bin/restore, '{{ labels.instance }}']}\n"
              "rollback_verify:\n"
              "  - {name: back to before, query: 'errors', success: '< 1', interval: 10s, count: 2}\n";
        Harness h(
            { loadPlaybook(dir.path(), playbookYaml("low", "  - blast_radius: {max_targets: 1}\n", extra)) }, settings);
        h.metrics.values.insert(QStringLiteral("errors"), 0);
        h.metrics.defaultValue = 92; // the disk stays full: verification fails
        h.trigger({ firing(QStringLiteral("db-1")) });
        QTRY_COMPARE(h.runOf(1).state, RunState::RolledBack);
        QCOMPARE(h.executedArgs(),
            QStringList({ QStringLiteral("/usr/bin/clean db-1"), QStringLiteral("/usr/bin/compact db-1"),
                QStringLiteral("/usr/bin/restore db-1") }));
        QTRY_VERIFY(h.eventKinds(1).contains(QStringLiteral("rollback.succeeded")));
        const QStringList kinds = h.eventKinds(1);
        QVERIFY(kinds.indexOf(QStringLiteral("verify.failed")) < kinds.indexOf(QStringLiteral("rollback.started")));
        // Every sample is recorded: 2 failures of the first check (limit 1), 2 successes of the rollback's.
        int samples = 0;
        for (const CommittedBatch& batch : h.committed)
            samples += batch.verifySamples.size();
        QCOMPARE(samples, 4);
        QVERIFY(h.auditActions(1).contains(QStringLiteral("rollback.started")));
        QVERIFY(h.auditActions(1).contains(QStringLiteral("rollback.finished"))
            || h.auditActions(1).contains(QStringLiteral("verify.passed")));
    }

    void verificationFailurePausesWhenThePlaybookSaysSo()
    {
        QTemporaryDir dir;
        RunEngineSettings settings;
        settings.autoApproveLow = true;
        const QByteArray extra
            = "verify:\n"
              "  - {name: space reclaimed, query: 'disk', success: '< 80', interval: 30s, count: 2}\n"
              "on_verify_failure: pause\n";
        Harness h(
            { loadPlaybook(dir.path(), playbookYaml("low", "  - blast_radius: {max_targets: 1}\n", extra)) }, settings);
        h.metrics.sequenceQuery = QStringLiteral("disk");
        h.metrics.sequence = { 92, 70 };
        h.trigger({ firing(QStringLiteral("db-1")) });
        QTRY_COMPARE(h.runOf(1).state, RunState::Paused);
        QCOMPARE(h.executor.requests.size(), 2);
        h.engine->resume(1, QStringLiteral("alice"), QStringLiteral("cleanup takes a while"));
        QTRY_COMPARE(h.runOf(1).state, RunState::Succeeded);
        QTRY_VERIFY(h.auditActions(1).contains(QStringLiteral("run.resumed")));
    }

    void aFailedStepStopsTheRun()
    {
        QTemporaryDir dir;
        RunEngineSettings settings;
        settings.autoApproveLow = true;
        Harness h({ loadPlaybook(dir.path(), playbookYaml("low", "  - blast_radius: {max_targets: 1}\n")) }, settings);
        h.executor.failing = QStringList { QStringLiteral("db-1") };
        h.trigger({ firing(QStringLiteral("db-1")) });
        QTRY_COMPARE(h.runOf(1).state, RunState::Failed);
        QCOMPARE(h.executor.requests.size(), 1); // the second step never runs
        QVERIFY(h.runOf(1).stateReason.contains(QStringLiteral("exit code 1")));
    }

    void hostileLabelsNeverReachAProgram_data()
    {
        QTest::addColumn<QString>("value");
        QTest::newRow("command substitution") << QStringLiteral("$(touch CANARY)");
        QTest::newRow("semicolon") << QStringLiteral("db-1;touch CANARY");
        QTest::newRow("backticks") << QStringLiteral("`touch CANARY`");
        QTest::newRow("newline") << QStringLiteral("db-1\ntouch CANARY");
        QTest::newRow("leading dashes") << QStringLiteral("--output=CANARY");
        QTest::newRow("unicode look-alike") << QStringLiteral("db\u20111"); // non-breaking hyphen
        QTest::newRow("10 kB") << QString(10 * 1024, QLatin1Char('a'));
    }

    void hostileLabelsNeverReachAProgram()
    {
        QFETCH(QString, value);
        QTemporaryDir dir;
        const QString canary = dir.filePath(QStringLiteral("CANARY"));
        // The default pattern refuses every one of these: the run is blocked with the reason.
        RunEngineSettings settings;
        settings.autoApproveLow = true;
        Harness h({ loadPlaybook(dir.path(), playbookYaml("low", "  - blast_radius: {max_targets: 1}\n")) }, settings);
        h.trigger({ firing(value) });
        QTRY_COMPARE(h.runOf(1).state, RunState::Blocked);
        QVERIFY2(h.runOf(1).stateReason.contains(QStringLiteral("label refused")), qPrintable(h.runOf(1).stateReason));
        QVERIFY(h.executor.requests.isEmpty());
        QVERIFY(!QFile::exists(canary));
    }

    void aBroadPatternStillHandsTheValueOverAsOneArgument()
    {
        // With a permissive pattern, shell metacharacters reach the real program as one literal
        // argument: no shell ever sees them, so the canary is never created.
        QTemporaryDir dir;
        const QString canary = dir.filePath(QStringLiteral("CANARY"));
        const QByteArray yaml = "id: echo-label\n"
                                "title: Echo a label\n"
                                "risk: low\n"
                                "trigger: {alert: DiskFull, requires_labels: [instance]}\n"
                                "parameters: {instance: {pattern: '^.{1,200}$'}}\n"
                                "steps:\n"
                                "  - name: echo\n"
                                "    run: {executor: shell, argv: [/bin/echo, '{{ labels.instance }}']}\n";
        RunEngineSettings settings;
        settings.autoApproveLow = true;
        Harness h({ loadPlaybook(dir.path(), yaml) }, settings, nullptr, false);
        const QString hostile = QStringLiteral("$(touch %1);touch %1 `touch %1` | touch %1").arg(canary);
        h.trigger({ firing(hostile) });
        QTRY_COMPARE_WITH_TIMEOUT(h.runOf(1).state, RunState::Succeeded, 10000);
        auto echoed = [&h, &hostile] {
            for (const CommittedBatch& batch : h.committed) {
                for (const RunStepRecord& step : batch.runSteps) {
                    if (step.status == RunStepRecord::Status::Succeeded && step.output.trimmed() == hostile)
                        return true;
                }
            }
            return false;
        };
        QTRY_VERIFY(echoed());
        QVERIFY(!QFile::exists(canary));
    }

    void freezingBlocksNewRunsAndIsAudited()
    {
        QTemporaryDir dir;
        RunEngineSettings settings;
        settings.autoApproveLow = true;
        Harness h({ loadPlaybook(dir.path(), playbookYaml("low", "  - blast_radius: {max_targets: 1}\n")) }, settings);
        h.engine->setFrozen(true, QStringLiteral("alice"), QStringLiteral("db migration"));
        h.trigger({ firing(QStringLiteral("db-1")) });
        QTRY_COMPARE(h.runOf(1).state, RunState::Blocked);
        QVERIFY(h.runOf(1).stateReason.contains(QStringLiteral("frozen")));
        QVERIFY(h.executor.requests.isEmpty());
        QTRY_VERIFY(h.auditActions().contains(QStringLiteral("automation.frozen")));
    }

    void anApprovalGateHoldsEvenWhenLowRiskIsAutoApproved()
    {
        QTemporaryDir dir;
        const Roster roster = makeRoster(dir.path());
        RunEngineSettings settings;
        settings.autoApproveLow = true;
        Harness h({ loadPlaybook(dir.path(),
                      playbookYaml("low", "  - approval: {role: responder, approvers: 1, expires: 15m}\n")) },
            settings, &roster);
        h.trigger({ firing(QStringLiteral("db-1")) });
        QTRY_COMPARE(h.runOf(1).state, RunState::AwaitingApproval);
        QVERIFY(h.executor.requests.isEmpty());
    }

    void anApprovalThatMeetsAFreezeIsStoredWithTheBlock()
    {
        QTemporaryDir dir;
        const Roster roster = makeRoster(dir.path());
        Harness h({ loadPlaybook(dir.path(),
                      playbookYaml("medium", "  - approval: {role: commander, approvers: 1, expires: 15m}\n")) },
            {}, &roster);
        h.trigger({ firing(QStringLiteral("db-1")) });
        QTRY_COMPARE(h.runOf(1).state, RunState::AwaitingApproval);
        h.engine->setFrozen(true, QStringLiteral("bob"), QStringLiteral("change freeze"));
        h.engine->approve(1, QStringLiteral("alice"), h.runOf(1).planHash, QString(), QStringLiteral("ok"));
        QCOMPARE(h.runOf(1).state, RunState::Blocked);
        QVERIFY(h.executor.requests.isEmpty());
        // What the store holds agrees with the engine: the approval and the block are both recorded.
        auto stored = [&h] {
            bool approval = false;
            bool blocked = false;
            for (const CommittedBatch& batch : h.committed) {
                approval = approval || !batch.approvals.isEmpty();
                for (const Run& run : batch.runs)
                    blocked = blocked || run.state == RunState::Blocked;
            }
            return approval && blocked;
        };
        QTRY_VERIFY(stored());
        QVERIFY(h.auditActions(1).contains(QStringLiteral("approval.granted")));
        QVERIFY(h.auditActions(1).contains(QStringLiteral("run.blocked")));
    }

    void aCheckWithNoPassingSampleFails()
    {
        QTemporaryDir dir;
        RunEngineSettings settings;
        settings.autoApproveLow = true;
        const QByteArray extra = "verify:\n"
                                 "  - {name: flaky, query: 'disk', success: '< 80', interval: 10s, count: 2, "
                                 "failure_limit: 1, inconclusive_limit: 1}\n"
                                 "on_verify_failure: pause\n";
        Harness h(
            { loadPlaybook(dir.path(), playbookYaml("low", "  - blast_radius: {max_targets: 1}\n", extra)) }, settings);
        h.metrics.sequenceQuery = QStringLiteral("disk");
        h.metrics.sequence = { 92, std::nan("") }; // one failure, then no usable value
        h.trigger({ firing(QStringLiteral("db-1")) });
        QTRY_COMPARE(h.runOf(1).state, RunState::Paused);
        QVERIFY2(h.runOf(1).stateReason.contains(QStringLiteral("no sample")), qPrintable(h.runOf(1).stateReason));
    }

    void aRollbackInProgressCannotBeAborted()
    {
        QTemporaryDir dir;
        RunEngineSettings settings;
        settings.autoApproveLow = true;
        const QByteArray extra = "verify:\n"
                                 "  - {name: v, query: 'disk', success: '< 80', interval: 10s, count: 1}\n"
                                 "on_verify_failure: rollback\n"
                                 "rollback:\n"
                                 "  - name: restore\n"
                                 "    run: {executor: shell, argv: [/usr/bin/restore, '{{ labels.instance }}']}\n";
        Harness h(
            { loadPlaybook(dir.path(), playbookYaml("low", "  - blast_radius: {max_targets: 1}\n", extra)) }, settings);
        QSignalSpy answers(h.engine.get(), &RunEngine::decisionAnswered);
        RunEngine* engine = h.engine.get();
        // Ask for an abort at the moment the rollback step is handed to the executor.
        h.executor.intentCheck = [engine, &h] {
            if (h.executor.requests.size() == 3)
                engine->abort(1, QStringLiteral("alice"), QStringLiteral("stop everything"));
            return true;
        };
        h.metrics.defaultValue = 95;
        h.trigger({ firing(QStringLiteral("db-1")) });
        QTRY_COMPARE(h.runOf(1).state, RunState::RolledBack);
        QVERIFY(!answers.isEmpty());
        QCOMPARE(answers.first().at(2).toBool(), false);
    }

    void runsInFlightAfterARestartAreInterruptedAndNeverResumed()
    {
        QTemporaryDir dir;
        RunEngineSettings settings;
        settings.autoApproveLow = true;
        const Playbook playbook = loadPlaybook(dir.path(), playbookYaml("low", "  - blast_radius: {max_targets: 1}\n"));
        ManualClock clock;
        ScriptedMetrics metrics;
        RecordingExecutor executor;
        QMap<QString, Executor*> executors { { QStringLiteral("shell"), &executor } };
        RunEngine engine(clock, metrics, executors, nullptr, nullptr, { playbook }, settings);
        QSignalSpy batches(&engine, &RunEngine::batchReady);
        Run stored;
        stored.id = 41;
        stored.incidentId = 3;
        stored.playbookId = playbook.id;
        stored.state = RunState::Executing;
        stored.alertFingerprint = QStringLiteral("fp-db-1");
        stored.labels = firing(QStringLiteral("db-1")).labels;
        stored.createdMs = Start - 1000;
        Run waiting = stored;
        waiting.id = 42;
        waiting.state = RunState::Verifying;
        engine.restore(RunRestore { { stored, waiting }, {}, {}, 42 });
        QCOMPARE(engine.run(41)->state, RunState::Interrupted);
        QCOMPARE(engine.run(42)->state, RunState::Interrupted);
        QVERIFY(engine.run(41)->stateReason.contains(QStringLiteral("not resumed")));
        QCOMPARE(batches.size(), 1);
        const auto batch = batches.first().first().value<WriteBatch>();
        QCOMPARE(batch.audit.size(), 2);
        QCOMPARE(batch.audit.first().action, QStringLiteral("run.interrupted"));
        QTest::qWait(20);
        QVERIFY(executor.requests.isEmpty());
        // The same alert, re-delivered after the restart, does not start the remediation again.
        CommittedBatch redelivered;
        Alert alert = firing(QStringLiteral("db-1"), 3);
        alert.startsAtMs = Start - 5000;
        redelivered.alerts = { alert };
        engine.onCommitted(redelivered);
        QTest::qWait(20);
        QVERIFY(executor.requests.isEmpty());
        QVERIFY(!engine.run(43).has_value());
    }
};

QTEST_GUILESS_MAIN(TestRunEngine)
#include "tst_runengine.moc"
