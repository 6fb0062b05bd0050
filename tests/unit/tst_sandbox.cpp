#include "metrics/alertexpression.h"
#include "sandbox/alertfingerprint.h"
#include "sandbox/ruleevaluator.h"
#include "sandbox/sandboxexecutor.h"
#include "sandbox/sandboxmetricsource.h"
#include "sandbox/sandboxplatform.h"
#include "sandbox/sandboxworld.h"
#include "sandbox/simclock.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace firebreak;

Q_DECLARE_METATYPE(firebreak::LabelSet)

namespace {

constexpr qint64 Minute = 60 * 1000;
const qint64 Start = QDateTime(QDate(2026, 3, 10), QTime(9, 0), Qt::UTC).toMSecsSinceEpoch();

// Everything a platform emitted while it was recorded, in order, with the simulated time of each.
struct Recording {
    struct Body {
        qint64 timeMs;
        QJsonObject json;
    };
    QVector<Body> bodies;
    QVector<Event> events;
    QVector<LabelSet> eventLabels;
    QByteArray transcript;

    // alertname -> simulated time it was first seen firing
    QMap<QString, qint64> firstFiring() const
    {
        QMap<QString, qint64> result;
        for (const Body& body : bodies) {
            for (const QJsonValue& alert : body.json.value("alerts").toArray()) {
                const QString name = alert.toObject().value("labels").toObject().value("alertname").toString();
                if (alert.toObject().value("status").toString() == "firing" && !result.contains(name))
                    result.insert(name, body.timeMs);
            }
        }
        return result;
    }
    QVector<Event> eventsOfKind(const char* kind) const
    {
        QVector<Event> result;
        for (const Event& event : events) {
            if (event.kind == QLatin1String(kind))
                result.append(event);
        }
        return result;
    }
};

Recording run(SandboxPlatform& platform, qint64 simMs)
{
    Recording recording;
    QObject scope;
    QObject::connect(&platform, &SandboxPlatform::webhook, &scope, [&](const QByteArray& body, const QString& source) {
        QCOMPARE(source, QStringLiteral("sandbox"));
        recording.bodies.append({ platform.world().lastTickMs(), QJsonDocument::fromJson(body).object() });
        recording.transcript += "W " + body + '\n';
    });
    QObject::connect(&platform, &SandboxPlatform::changeEvent, &scope, [&](const Event& event, const LabelSet& labels) {
        recording.events.append(event);
        recording.eventLabels.append(labels);
        recording.transcript += "E " + QByteArray::number(event.timeMs) + ' ' + event.kind.toUtf8() + ' '
            + event.title.toUtf8() + ' ' + event.body + '\n';
    });
    platform.fastForward(simMs);
    return recording;
}

SandboxOptions options(const QStringList& scenarios, quint64 seed = 1, qint64 startMs = Start)
{
    SandboxOptions result;
    result.seed = seed;
    result.startMs = startMs;
    result.scenarios = scenarios;
    return result;
}

// Runs an asynchronous-style call and checks that its callback ran exactly once, before returning.
template <typename Result, typename Call> Result once(Call call)
{
    Result result;
    int calls = 0;
    call([&](const Result& answer) {
        result = answer;
        ++calls;
    });
    if (calls != 1)
        QTest::qFail("the callback must run exactly once", __FILE__, __LINE__);
    return result;
}

ExecutionResult execute(Executor& executor, const QString& action, const QVariantMap& params = {})
{
    return once<ExecutionResult>([&](auto done) { executor.execute(ExecutionRequest { action, params, 0, {} }, done); });
}

QueryResult query(MetricSource& source, const QString& text, qint64 atMs)
{
    return once<QueryResult>([&](auto done) { source.instantQuery(text, atMs, done); });
}

QueryResult range(MetricSource& source, const QString& text, qint64 startMs, qint64 endMs, qint64 stepMs)
{
    return once<QueryResult>([&](auto done) { source.rangeQuery(text, startMs, endMs, stepMs, done); });
}

bool succeeded(Executor& executor, const QString& action, const QVariantMap& params = {})
{
    const ExecutionResult result = execute(executor, action, params);
    if (!result.ok)
        qWarning("%s", qPrintable(result.error));
    return result.ok && !result.summary.isEmpty();
}

double valueOf(const SandboxWorld& world, const QString& name, const LabelSet& labels)
{
    const auto value = world.value(name, labels);
    return value ? *value : qQNaN();
}

double maxOf(const SandboxWorld& world, const QString& name, const LabelSet& labels)
{
    double result = -1;
    for (const MetricPoint& point : world.points(name, labels))
        result = qMax(result, point.value);
    return result;
}

const LabelSet DbEu { { "instance", "db-eu-1" } };
const LabelSet DbUs { { "instance", "db-us-1" } };
const LabelSet WebEu { { "service", "web" }, { "region", "eu" } };
const LabelSet CheckoutEu { { "service", "checkout" }, { "region", "eu" } };
const LabelSet CheckoutUs { { "service", "checkout" }, { "region", "us" } };

} // namespace

class TestSandbox : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sameSeedGivesSameSequence();
    void scenarioRaisesItsAlerts_data();
    void scenarioRaisesItsAlerts();
    void demoShowsIncidentsQuicklyAndKeepsCycling_data();
    void demoShowsIncidentsQuicklyAndKeepsCycling();
    void fingerprintIsFnv1aOverSortedLabels();
    void rulesCompileAndPointAtTheirSeries();
    void nightlyBatchRaisesDbLatencyBelowAlerting();
    void cleanupLogsFreesDisk();
    void restartPodsResetsMemoryButLeakReturns();
    void rollbackDeployEndsLeak();
    void promoteReplicaRestoresWrites();
    void killSlowQueriesHelpsUntilCauseReturns();
    void restartCacheBringsCacheBack();
    void failoverRegionMovesTraffic();
    void badActionsFailClearly_data();
    void badActionsFailClearly();
    void metricSourceAnswersInstantQueries();
    void metricSourceAnswersRangeQueries();
    void metricSourceRefusesUnsupportedQueries_data();
    void metricSourceRefusesUnsupportedQueries();
    void optionsAreValidated();
    void simClockRunsFasterThanTheWall();
    void platformRunsInRealTime();
};

void TestSandbox::sameSeedGivesSameSequence()
{
    SandboxPlatform first(options({}, 7));
    SandboxPlatform second(options({}, 7));
    SandboxPlatform other(options({}, 8));
    const Recording a = run(first, 60 * Minute);
    const Recording b = run(second, 60 * Minute);
    const Recording c = run(other, 60 * Minute);

    QVERIFY(a.bodies.size() > 20);
    QVERIFY(a.events.size() > 10);
    QCOMPARE(a.bodies.size(), b.bodies.size());
    QCOMPARE(a.events.size(), b.events.size());
    QCOMPARE(a.transcript, b.transcript);
    QVERIFY(a.transcript != c.transcript);
}

void TestSandbox::scenarioRaisesItsAlerts_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<int>("minutes"); // long enough to run its course and clear, short of the next cycle
    QTest::addColumn<QStringList>("alerts");

    QTest::newRow("disk-full") << "disk-full" << 18 << QStringList { "DiskSpaceHigh" };
    QTest::newRow("memory-leak") << "memory-leak" << 24
                                 << QStringList { "ContainerOOMKilled", "MemoryHigh", "PodRestartsHigh" };
    QTest::newRow("multi-region") << "multi-region" << 20
                                  << QStringList { "CacheDown", "CheckoutErrorRateHigh", "CheckoutLatencyHigh",
                                         "DatabaseConnectionsHigh", "DatabasePrimaryDown", "DatabaseReplicaLagHigh",
                                         "DatabaseSlowQueries", "RegionPartitioned" };
}

void TestSandbox::scenarioRaisesItsAlerts()
{
    QFETCH(QString, scenario);
    QFETCH(int, minutes);
    QFETCH(QStringList, alerts);

    SandboxPlatform platform(options({ scenario }));
    const Recording recording = run(platform, minutes * Minute);

    QCOMPARE(recording.firstFiring().keys(), alerts);

    const QRegularExpression hex16(QStringLiteral("^[0-9a-f]{16}$"));
    const QRegularExpression rfc3339(QStringLiteral(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$)"));
    QSet<QString> delivered;
    bool redelivered = false;
    for (const Recording::Body& body : recording.bodies) {
        const QJsonObject& json = body.json;
        QCOMPARE(json.value("version").toString(), QStringLiteral("4"));
        QVERIFY(json.value("groupKey").toString().startsWith(QStringLiteral("{}:{alertname=")));
        QCOMPARE(json.value("truncatedAlerts"), QJsonValue(0));
        QCOMPARE(json.value("receiver").toString(), QStringLiteral("sandbox"));
        QVERIFY(json.value("commonAnnotations").isObject());
        QCOMPARE(json.value("externalURL").toString(), QStringLiteral("http://sandbox.firebreak"));
        // Grouped by alertname, service and region: every alert, and so the common labels, share them.
        const QJsonObject groupLabels = json.value("groupLabels").toObject();
        QVERIFY(groupLabels.contains("alertname") && groupLabels.contains("service"));
        const QJsonObject common = json.value("commonLabels").toObject();
        for (const QString& key : groupLabels.keys())
            QCOMPARE(common.value(key).toString(), groupLabels.value(key).toString());
        const QJsonArray list = json.value("alerts").toArray();
        QVERIFY(!list.isEmpty());
        bool anyFiring = false;
        for (const QJsonValue& value : list) {
            const QJsonObject alert = value.toObject();
            const QString status = alert.value("status").toString();
            anyFiring |= status == "firing";
            const QJsonObject labels = alert.value("labels").toObject();
            QVERIFY(alerts.contains(labels.value("alertname").toString()));
            LabelSet labelSet;
            for (auto it = labels.begin(); it != labels.end(); ++it)
                labelSet.insert(it.key(), it.value().toString());
            QCOMPARE(alert.value("fingerprint").toString(), AlertFingerprint::of(labelSet));
            for (const QString& key : groupLabels.keys())
                QCOMPARE(labelSet.value(key), groupLabels.value(key).toString());
            // The whole group is sent on every change: alerts already delivered come again.
            const QString identity
                = alert.value("fingerprint").toString() + alert.value("startsAt").toString() + status;
            redelivered |= delivered.contains(identity);
            delivered.insert(identity);
            const QString severity = labels.value("severity").toString();
            QVERIFY2(severity == "critical" || severity == "warning", qPrintable(severity));
            const QJsonObject annotations = alert.value("annotations").toObject();
            QVERIFY(!annotations.value("summary").toString().isEmpty());
            QVERIFY(!annotations.value("description").toString().contains("{{"));
            QVERIFY(hex16.match(alert.value("fingerprint").toString()).hasMatch());
            QVERIFY(rfc3339.match(alert.value("startsAt").toString()).hasMatch());
            if (status == "firing") {
                QCOMPARE(alert.value("endsAt").toString(), QStringLiteral("0001-01-01T00:00:00Z"));
            } else {
                QCOMPARE(status, QStringLiteral("resolved"));
                QVERIFY(alert.value("endsAt").toString() > alert.value("startsAt").toString());
            }
            const auto expression
                = AlertExpression::parse(AlertExpression::fromGeneratorUrl(alert.value("generatorURL").toString()));
            QVERIFY(expression && expression->hasThreshold());
        }
        QCOMPARE(json.value("status").toString(), anyFiring ? QStringLiteral("firing") : QStringLiteral("resolved"));
    }

    QCOMPARE(redelivered, scenario == "memory-leak"); // the only one with alerts of a group firing apart

    // Every alert ended with the scenario's fault, and the last body of each group said so.
    QVERIFY(platform.rules().firing().isEmpty());
    QMap<QString, QString> lastGroupStatus;
    for (const Recording::Body& body : recording.bodies)
        lastGroupStatus.insert(body.json.value("groupKey").toString(), body.json.value("status").toString());
    QCOMPARE(QSet<QString>(lastGroupStatus.cbegin(), lastGroupStatus.cend()), QSet<QString> { "resolved" });

    // Chaos brackets the fault on the timeline, labelled with the scenario.
    const QVector<Event> injected = recording.eventsOfKind(EventKind::ChaosInjected);
    const QVector<Event> cleared = recording.eventsOfKind(EventKind::ChaosCleared);
    QVERIFY(!injected.isEmpty());
    QCOMPARE(cleared.size(), injected.size());
    const QMap<QString, qint64> first = recording.firstFiring();
    QVERIFY(injected.first().timeMs < *std::min_element(first.cbegin(), first.cend()));
    for (int i = 0; i < recording.events.size(); ++i) {
        const Event& event = recording.events.at(i);
        QCOMPARE(event.source, QStringLiteral("sandbox"));
        QVERIFY(!QJsonDocument::fromJson(event.body).isNull());
        if (event.kind.startsWith(QLatin1String("chaos.")))
            QCOMPARE(recording.eventLabels.at(i).value("scenario"), scenario);
    }

    if (scenario == QLatin1String("memory-leak")) {
        // The release comes first; its deploy event carries the labels that tie it to the alerts.
        const int deploy = recording.events.indexOf(recording.eventsOfKind(EventKind::ChangeDeploy).first());
        QCOMPARE(recording.eventLabels.at(deploy), (LabelSet { { "region", "eu" }, { "service", "web" } }));
        QVERIFY(recording.events.at(deploy).title.contains("web v2.14.0"));
        QVERIFY(deploy < recording.events.indexOf(injected.first()));
    }
}

void TestSandbox::demoShowsIncidentsQuicklyAndKeepsCycling_data()
{
    QTest::addColumn<quint64>("seed");
    for (quint64 seed : { 1ULL, 2ULL, 3ULL, 42ULL, 1234567ULL })
        QTest::newRow(qPrintable(QStringLiteral("seed %1").arg(seed))) << seed;
}

void TestSandbox::demoShowsIncidentsQuicklyAndKeepsCycling()
{
    QFETCH(quint64, seed);
    SandboxPlatform platform(options({}, seed));
    const qint64 cycle = platform.world().schedule().cycleMs();
    QCOMPARE(cycle, 32 * Minute);

    const QMap<QString, qint64> first = run(platform, 18 * Minute).firstFiring();
    QVERIFY(!first.isEmpty());
    // At speed 60, 8 simulated minutes are 8 wall seconds: the first incident shows within 10,
    // and incidents of two scenarios within 18 (20 wall seconds with some slack).
    const qint64 earliest = *std::min_element(first.cbegin(), first.cend());
    QVERIFY2(earliest - Start <= 8 * Minute, qPrintable(QString::number((earliest - Start) / 1000)));
    QVERIFY(first.contains("DiskSpaceHigh")); // disk-full
    QVERIFY(first.contains("MemoryHigh") || first.contains("ContainerOOMKilled")); // memory-leak

    // Scenarios clear on their own, so the demo can run for hours and keep showing fresh incidents.
    for (int round = 1; round <= 3; ++round) {
        const QMap<QString, qint64> fired
            = run(platform, round * cycle - Minute - platform.world().nowMs() + Start).firstFiring();
        if (round > 1)
            QVERIFY(fired.value("DiskSpaceHigh") > Start + (round - 1) * cycle);
        QVERIFY(platform.rules().firing().isEmpty()); // just before the next cycle, all has resolved
        QCOMPARE(platform.world().state().leakReleases, round);
        run(platform, Minute);
    }
}

void TestSandbox::fingerprintIsFnv1aOverSortedLabels()
{
    QCOMPARE(AlertFingerprint::of({}), QStringLiteral("cbf29ce484222325")); // the FNV-1a offset basis
    const LabelSet labels { { "instance", "db-eu-1" }, { "alertname", "DiskSpaceHigh" } };
    QCOMPARE(AlertFingerprint::of(labels), QStringLiteral("d038dd8db3fe3855"));
    QVERIFY(AlertFingerprint::of({ { "a", "bc" } }) != AlertFingerprint::of({ { "ab", "c" } }));
}

void TestSandbox::rulesCompileAndPointAtTheirSeries()
{
    SandboxPlatform platform(options({}));
    const RuleEvaluator& rules = platform.rules();
    QVERIFY2(rules.errors().isEmpty(), qPrintable(rules.errors().join('\n')));
    QCOMPARE(rules.rules().size(), 12);
    platform.fastForward(Minute);
    for (const AlertRule& rule : rules.rules()) {
        const auto expression = AlertExpression::parse(rule.expression);
        QVERIFY(expression);
        // Every rule watches series that exist from the start, so the console can chart them.
        const QueryResult result = query(platform.metricSource(), expression->selector, platform.world().nowMs());
        QVERIFY2(result.ok(), qPrintable(result.error));
        QVERIFY2(!result.series.isEmpty(), qPrintable(rule.name));
    }
}

void TestSandbox::nightlyBatchRaisesDbLatencyBelowAlerting()
{
    // Start at 01:45 UTC; the batch runs 02:00-02:25. memory-leak does not touch the database.
    const qint64 start = QDateTime(QDate(2026, 3, 10), QTime(1, 45), Qt::UTC).toMSecsSinceEpoch();
    SandboxPlatform platform(options({ "memory-leak" }, 3, start));
    SandboxWorld& world = platform.world();
    Recording before = run(platform, 14 * Minute);
    QVERIFY(valueOf(world, "db_query_duration_seconds_p99", DbEu) < 0.1);
    QVERIFY(before.eventsOfKind(EventKind::ChangeCron).isEmpty());

    Recording during = run(platform, 10 * Minute);
    const QVector<Event> cron = during.eventsOfKind(EventKind::ChangeCron);
    QCOMPARE(cron.size(), 1);
    QCOMPARE(cron.first().timeMs, QDateTime(QDate(2026, 3, 10), QTime(2, 0), Qt::UTC).toMSecsSinceEpoch());
    QCOMPARE(during.eventLabels.at(during.events.indexOf(cron.first())),
        (LabelSet { { "instance", "db-eu-1" }, { "job", "orders-etl" }, { "region", "eu" }, { "service", "db" } }));
    QCOMPARE(valueOf(world, "batch_job_running", {}), 1.0);
    // Legitimately slower, clearly visible to a latency gate, yet under every alert threshold.
    QVERIFY(valueOf(world, "db_query_duration_seconds_p99", DbEu) > 0.3);
    QVERIFY(valueOf(world, "db_slow_queries", DbEu) < 20);
    QVERIFY(valueOf(world, "db_connections_active", DbEu) < 400);
    QVERIFY(valueOf(world, "http_request_duration_seconds_p99", CheckoutEu) < 1.0);

    Recording after = run(platform, 20 * Minute);
    QCOMPARE(after.eventsOfKind(EventKind::ChangeCron).size(), 1); // finished
    QVERIFY(valueOf(world, "db_query_duration_seconds_p99", DbEu) < 0.1);
    for (const Recording* recording : { &before, &during, &after }) {
        for (const QString& name : recording->firstFiring().keys())
            QVERIFY2(!name.startsWith("Database") && !name.startsWith("Checkout"), qPrintable(name));
    }
}

void TestSandbox::cleanupLogsFreesDisk()
{
    SandboxPlatform platform(options({ "disk-full" }));
    SandboxWorld& world = platform.world();
    platform.fastForward(8 * Minute);
    QVERIFY(valueOf(world, "disk_used_percent", DbEu) > 90);
    QVERIFY(valueOf(world, "db_write_latency_p99_seconds", DbEu) > 0.2);
    QCOMPARE(platform.executor().name(), QStringLiteral("sandbox"));
    QCOMPARE(platform.executor().actions().size(), 7);

    QSignalSpy events(&platform, &SandboxPlatform::changeEvent);
    const ExecutionResult result = execute(platform.executor(), "cleanup-logs", { { "instance", "db-eu-1" } });
    QVERIFY2(result.ok, qPrintable(result.error));
    QVERIFY(result.summary.contains("db-eu-1"));
    QCOMPARE(events.size(), 1); // at once, not at the next tick
    const Event event = events.first().at(0).value<Event>();
    QCOMPARE(event.kind, QString::fromLatin1(EventKind::ActionExecuted));
    QCOMPARE(event.timeMs, platform.clock().nowMs());
    QCOMPARE(QJsonDocument::fromJson(event.body).object().value("action").toString(), QStringLiteral("cleanup-logs"));
    QCOMPARE(events.first().at(1).value<LabelSet>().value("instance"), QStringLiteral("db-eu-1"));

    platform.fastForward(SandboxWorld::TickMs);
    QVERIFY(valueOf(world, "disk_used_percent", DbEu) < 80);
    QVERIFY(valueOf(world, "db_write_latency_p99_seconds", DbEu) < 0.05);
    QVERIFY(valueOf(world, "disk_used_percent", DbUs) < 80); // the other host was never full
}

void TestSandbox::restartPodsResetsMemoryButLeakReturns()
{
    SandboxWorld world(1, Start, { "memory-leak" });
    SandboxExecutor executor(world);
    world.step(6 * Minute);
    QVERIFY(maxOf(world, "container_memory_working_set_bytes", WebEu) > 350e6);
    QStringList oldPods;
    for (const MetricPoint& point : world.points("container_memory_working_set_bytes", WebEu))
        oldPods.append(point.labels.value("pod"));

    QVERIFY(succeeded(executor, "restart-pods", { { "region", "eu" } }));
    world.step(SandboxWorld::TickMs);
    const QVector<MetricPoint> fresh = world.points("container_memory_working_set_bytes", WebEu);
    QCOMPARE(fresh.size(), 3);
    for (const MetricPoint& point : fresh) {
        QVERIFY(!oldPods.contains(point.labels.value("pod"))); // new pods, new names
        QVERIFY(point.value < 250e6);
    }
    QCOMPARE(maxOf(world, "kube_pod_container_status_restarts_total", WebEu), 0.0);

    // The bad image is still deployed: memory climbs again.
    world.step(6 * Minute);
    QVERIFY(maxOf(world, "container_memory_working_set_bytes", WebEu) > 350e6);
    world.step(4 * Minute);
    QVERIFY(maxOf(world, "kube_pod_container_status_restarts_total", WebEu) >= 1);
}

void TestSandbox::rollbackDeployEndsLeak()
{
    SandboxWorld world(1, Start, { "memory-leak" });
    SandboxExecutor executor(world);
    world.step(10 * Minute);
    QVERIFY(maxOf(world, "kube_pod_container_status_restarts_total", WebEu) >= 1);
    world.takeEvents();

    QVERIFY(succeeded(executor, "rollback-deploy", { { "service", "web" } }));
    const QVector<WorldEvent> events = world.takeEvents();
    QCOMPARE(events.size(), 2);
    QCOMPARE(events.at(0).event.kind, QString::fromLatin1(EventKind::ChangeDeploy));
    QVERIFY(events.at(0).event.title.contains("web v2.13.4 to eu (was v2.14.0)"));
    QCOMPARE(events.at(0).labels, (LabelSet { { "region", "eu" }, { "service", "web" } }));
    QCOMPARE(events.at(1).event.kind, QString::fromLatin1(EventKind::ActionExecuted));

    for (int minute = 0; minute < 9; ++minute) {
        world.step(Minute);
        QVERIFY(maxOf(world, "container_memory_working_set_bytes", WebEu) < 260e6);
    }
    QCOMPARE(maxOf(world, "kube_pod_container_status_restarts_total", WebEu), 0.0);
    QCOMPARE(maxOf(world, "pod:kube_pod_container_status_restarts:increase15m", WebEu), 0.0);
    QVERIFY(valueOf(world, "http_requests_error_ratio", WebEu) < 0.01);

    QCOMPARE(execute(executor, "rollback-deploy", { { "service", "web" } }).error,
        QStringLiteral("rollback-deploy: web is already at its last good version in eu, us; nothing to roll back"));
}

void TestSandbox::promoteReplicaRestoresWrites()
{
    SandboxWorld world(1, Start, { "multi-region" });
    SandboxExecutor executor(world);
    world.step(9 * Minute); // the primary crashed at 8:00
    QCOMPARE(valueOf(world, "db_primary_up", {}), 0.0);
    QCOMPARE(valueOf(world, "db_up", DbEu), 0.0);
    QVERIFY(valueOf(world, "http_requests_error_ratio", CheckoutUs) > 0.05);

    const ExecutionResult result = execute(executor, "promote-replica");
    QVERIFY2(result.ok, qPrintable(result.error));
    QVERIFY(result.summary.contains("db-us-1 promoted"));
    world.step(SandboxWorld::TickMs);
    QCOMPARE(valueOf(world, "db_primary_up", {}), 1.0);
    QCOMPARE(valueOf(world, "db_up", { { "instance", "db-us-1" }, { "role", "primary" } }), 1.0);
    QVERIFY(world.points("db_replica_lag_seconds", DbUs).isEmpty());
    // Writes from us reach the new primary although the partition persists.
    QVERIFY(valueOf(world, "http_requests_error_ratio", CheckoutUs) < 0.05);
    QVERIFY(valueOf(world, "http_request_duration_seconds_p99", CheckoutUs) < 1.0);

    QCOMPARE(execute(executor, "promote-replica", { { "instance", "db-us-1" } }).error,
        QStringLiteral("promote-replica: db-us-1 is already the primary"));
    QCOMPARE(execute(executor, "promote-replica", { { "instance", "db-eu-1" } }).error,
        QStringLiteral("promote-replica: cannot promote db-eu-1: it is down"));
}

void TestSandbox::killSlowQueriesHelpsUntilCauseReturns()
{
    SandboxWorld world(1, Start, { "multi-region" });
    SandboxExecutor executor(world);
    world.step(6 * Minute);
    QVERIFY(valueOf(world, "db_slow_queries", DbEu) > 20);
    QVERIFY(valueOf(world, "db_query_duration_seconds_p99", DbEu) > 1.0);

    const ExecutionResult result = execute(executor, "kill-slow-queries", { { "instance", "db-eu-1" } });
    QVERIFY2(result.ok, qPrintable(result.error));
    QVERIFY(result.summary.startsWith("killed "));
    world.step(SandboxWorld::TickMs);
    QVERIFY(valueOf(world, "db_slow_queries", DbEu) < 10);
    QVERIFY(valueOf(world, "db_query_duration_seconds_p99", DbEu) < 0.3);

    // The cache is still down at peak load: the backlog builds up again.
    world.step(3 * Minute / 2);
    QVERIFY(valueOf(world, "db_slow_queries", DbEu) > 20);
}

void TestSandbox::restartCacheBringsCacheBack()
{
    SandboxWorld world(1, Start, { "multi-region" });
    SandboxExecutor executor(world);
    world.step(3 * Minute);
    QCOMPARE(valueOf(world, "cache_up", { { "instance", "cache-eu-1" } }), 0.0);
    QCOMPARE(valueOf(world, "cache_up", { { "instance", "cache-us-1" } }), 1.0);

    QVERIFY(succeeded(executor, "restart-cache", { { "instance", "cache-eu-1" } }));
    world.step(SandboxWorld::TickMs);
    QCOMPARE(valueOf(world, "cache_up", { { "instance", "cache-eu-1" } }), 1.0);
    QVERIFY(valueOf(world, "cache_hit_ratio", { { "instance", "cache-eu-1" } }) < 0.3); // cold
    // It warms up, and with the cache absorbing reads again the database recovers by itself
    // (checked before the scenario crashes the primary at 8:00).
    world.step(4 * Minute);
    QVERIFY(valueOf(world, "cache_hit_ratio", { { "instance", "cache-eu-1" } }) > 0.75);
    QVERIFY(valueOf(world, "db_slow_queries", DbEu) < 20);
}

void TestSandbox::failoverRegionMovesTraffic()
{
    SandboxWorld world(1, Start, { "multi-region" });
    SandboxExecutor executor(world);
    world.step(6 * Minute); // partitioned since 2:30: us cannot write to the primary in eu
    QVERIFY(valueOf(world, "http_requests_error_ratio", CheckoutUs) > 0.05);
    QVERIFY(valueOf(world, "http_request_duration_seconds_p99", CheckoutUs) > 1.0);
    const double euTraffic = valueOf(world, "http_requests_per_second", CheckoutEu);

    QVERIFY(succeeded(executor, "failover-region", { { "region", "us" } }));
    world.step(SandboxWorld::TickMs);
    QVERIFY(valueOf(world, "http_requests_error_ratio", CheckoutUs) < 0.01);
    QVERIFY(valueOf(world, "http_request_duration_seconds_p99", CheckoutUs) < 0.5);
    QCOMPARE(valueOf(world, "http_requests_per_second", CheckoutUs), 0.0);
    QVERIFY(valueOf(world, "http_requests_per_second", CheckoutEu) > 1.7 * euTraffic);

    QCOMPARE(execute(executor, "failover-region", { { "region", "us" } }).error,
        QStringLiteral("failover-region: us is already failed over to eu"));
    QCOMPARE(execute(executor, "failover-region", { { "region", "eu" } }).error,
        QStringLiteral("failover-region: cannot fail over eu: us is already failed over to it"));

    // When the link heals at the end of the scenario, traffic fails back.
    world.step(12 * Minute);
    QVERIFY(valueOf(world, "http_requests_per_second", CheckoutUs) > 10);
    QVERIFY(valueOf(world, "http_requests_error_ratio", CheckoutUs) < 0.01);
}

void TestSandbox::badActionsFailClearly_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<QVariantMap>("params");
    QTest::addColumn<QString>("error");

    QTest::newRow("unknown action") << "reboot-universe" << QVariantMap {}
                                    << "reboot-universe: unknown action for the sandbox executor; known actions: "
                                       "cleanup-logs, restart-pods, rollback-deploy, promote-replica, "
                                       "kill-slow-queries, restart-cache, failover-region";
    QTest::newRow("missing instance") << "cleanup-logs" << QVariantMap {}
                                      << "cleanup-logs: missing required parameter 'instance'";
    QTest::newRow("unknown instance") << "cleanup-logs" << QVariantMap { { "instance", "db-xx-9" } }
                                      << "cleanup-logs: unknown instance 'db-xx-9'; expected one of db-eu-1, db-us-1";
    QTest::newRow("extra parameter") << "cleanup-logs" << QVariantMap { { "instance", "db-eu-1" }, { "force", "yes" } }
                                     << "cleanup-logs: unknown parameter 'force' (accepted: instance)";
    QTest::newRow("not a string") << "cleanup-logs" << QVariantMap { { "instance", 5 } }
                                  << "cleanup-logs: parameter 'instance' must be a string, got int";
    QTest::newRow("unknown region") << "restart-pods" << QVariantMap { { "region", "mars" } }
                                    << "restart-pods: unknown region 'mars'; expected one of eu, us";
    QTest::newRow("pods of a non-pod service") << "restart-pods" << QVariantMap { { "service", "db" } }
                                               << "restart-pods: unknown service 'db'; only 'web' runs as pods here";
    QTest::newRow("nothing to roll back") << "rollback-deploy" << QVariantMap {}
                                          << "rollback-deploy: web is already at its last good version in eu, us; "
                                             "nothing to roll back";
    QTest::newRow("unknown service") << "rollback-deploy" << QVariantMap { { "service", "nope" } }
                                     << "rollback-deploy: unknown service 'nope'; expected one of web, checkout, "
                                        "search, payments, cart";
    QTest::newRow("promote the primary") << "promote-replica" << QVariantMap { { "instance", "db-eu-1" } }
                                         << "promote-replica: db-eu-1 is already the primary";
    QTest::newRow("kill on unknown host")
        << "kill-slow-queries" << QVariantMap { { "instance", "x" } }
        << "kill-slow-queries: unknown instance 'x'; expected one of db-eu-1, db-us-1";
    QTest::newRow("no cache down") << "restart-cache" << QVariantMap {}
                                   << "restart-cache: no cache is down; name an instance or region to restart a "
                                      "healthy one";
    QTest::newRow("failover without region")
        << "failover-region" << QVariantMap {} << "failover-region: missing required parameter 'region'";
}

void TestSandbox::badActionsFailClearly()
{
    QFETCH(QString, action);
    QFETCH(QVariantMap, params);
    QFETCH(QString, error);

    SandboxWorld world(1, Start, { "disk-full" });
    int afterCalls = 0;
    SandboxExecutor executor(world, [&] { ++afterCalls; });
    world.step(Minute);
    world.takeEvents();
    const ExecutionResult result = execute(executor, action, params);
    QVERIFY(!result.ok);
    QCOMPARE(result.error, error);
    QVERIFY(world.takeEvents().isEmpty());
    QCOMPARE(afterCalls, 0);
}

void TestSandbox::metricSourceAnswersInstantQueries()
{
    SandboxWorld world(1, Start, { "memory-leak" });
    SandboxMetricSource source(world);
    SandboxExecutor executor(world);
    QCOMPARE(source.name(), QStringLiteral("sandbox"));
    world.step(5 * Minute);
    const qint64 now = world.nowMs();

    QueryResult result = query(source, R"(disk_used_percent{instance="db-eu-1"})", now);
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.series.size(), 1);
    QCOMPARE(result.series.first().labels.value("__name__"), QStringLiteral("disk_used_percent"));
    QCOMPARE(result.series.first().labels.value("service"), QStringLiteral("db"));
    QCOMPARE(result.series.first().samples, (QVector<Sample> { { now, valueOf(world, "disk_used_percent", DbEu) } }));

    QCOMPARE(query(source, R"(container_memory_working_set_bytes{region=~"e.*"})", now).series.size(), 3);
    QCOMPARE(query(source, R"(container_memory_working_set_bytes{region=~"e"})", now).series.size(), 0); // anchored
    QCOMPARE(query(source, R"(db_up{role!="primary"})", now).series.size(), 1);
    QCOMPARE(query(source, R"({service="db",__name__=~"db_.*_p99.*"})", now).series.size(), 4);
    QCOMPARE(query(source, "http_requests_per_second", now).series.size(), 4);

    // Before the first scrape there is nothing; that is "no data", not an error.
    result = query(source, "disk_used_percent", Start - Minute);
    QVERIFY(result.ok());
    QVERIFY(result.series.isEmpty());

    // Replaced pods end their series at once (staleness), but stay queryable in the past.
    QVERIFY(execute(executor, "restart-pods", { { "region", "eu" } }).ok);
    world.step(SandboxWorld::TickMs);
    const QVector<Series> current
        = query(source, R"(container_memory_working_set_bytes{region="eu"})", world.nowMs()).series;
    const QVector<Series> past = query(source, R"(container_memory_working_set_bytes{region="eu"})", now).series;
    QCOMPARE(current.size(), 3);
    QCOMPARE(past.size(), 3);
    for (const Series& series : current) {
        for (const Series& old : past)
            QVERIFY(series.labels.value("pod") != old.labels.value("pod"));
    }
}

void TestSandbox::metricSourceAnswersRangeQueries()
{
    SandboxWorld world(1, Start, { "disk-full" });
    SandboxMetricSource source(world);
    world.step(10 * Minute);

    QueryResult result = range(source, R"(disk_used_percent{instance="db-eu-1"})", Start, Start + 10 * Minute, Minute);
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.series.size(), 1);
    const QVector<Sample>& samples = result.series.first().samples;
    QCOMPARE(samples.size(), 11);
    for (int i = 0; i < samples.size(); ++i)
        QCOMPARE(samples.at(i).timeMs, Start + i * Minute);
    QVERIFY(samples.first().value < 76);
    QVERIFY(samples.last().value > 90);
    for (int i = 2; i < samples.size(); ++i) // filling since 0:30
        QVERIFY(samples.at(i).value > samples.at(i - 1).value || samples.at(i).value > 99);

    // A step finer than the scrape interval repeats the last scrape, as Prometheus does.
    result = range(source, R"(disk_used_percent{instance="db-eu-1"})", Start, Start + 15000, 5000);
    QCOMPARE(result.series.first().samples.size(), 4);
    QCOMPARE(result.series.first().samples.at(1).value, result.series.first().samples.at(0).value);
    QVERIFY(result.series.first().samples.at(3).value != result.series.first().samples.at(0).value);

    QCOMPARE(range(source, "up", Start, Start + Minute, 0).error,
        QStringLiteral("range query step must be positive, got 0 ms"));
    QVERIFY(range(source, "up", Start + Minute, Start, 1000).error.startsWith("range query end"));
    QCOMPARE(range(source, "up", Start, Start + 24 * 60 * Minute, 1000).error,
        QStringLiteral("range query would return 86401 points per series, more than the limit of "
                       "11000; use a larger step"));
}

void TestSandbox::metricSourceRefusesUnsupportedQueries_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("error");

    const QString prefix
        = QStringLiteral("sandbox supports only series selectors like name{label=\"v\"}; unsupported: ");
    QTest::newRow("function") << "rate(http_requests_total[5m])"
                              << prefix
            + "rate(http_requests_total[5m]) (column 5: unexpected '(' after 'rate': function calls are not supported)";
    QTest::newRow("comparison") << R"(disk_used_percent{service="db"} > 90)"
                                << prefix
            + R"(disk_used_percent{service="db"} > 90 (column 33: unexpected '> 90' after the selector; only a plain series selector is supported))";
    QTest::newRow("range vector") << "up[5m]"
                                  << prefix + "up[5m] (column 3: unexpected '[': range selectors are not supported)";
    QTest::newRow("empty") << "" << prefix + " (column 1: empty selector; expected a metric name or '{')";
}

void TestSandbox::metricSourceRefusesUnsupportedQueries()
{
    QFETCH(QString, query);
    QFETCH(QString, error);

    SandboxWorld world(1, Start, { "disk-full" });
    SandboxMetricSource source(world);
    world.step(Minute);
    const QueryResult instant = ::query(source, query, world.nowMs());
    QCOMPARE(instant.error, error);
    QVERIFY(instant.series.isEmpty());
    QCOMPARE(range(source, query, Start, world.nowMs(), 15000).error, error);
}

void TestSandbox::optionsAreValidated()
{
    QCOMPARE(SandboxPlatform::scenarioNames(), (QStringList { "disk-full", "memory-leak", "multi-region" }));
    QCOMPARE(SandboxPlatform::validate(options({ "memory-leak", "disk-full" })), QString());
    QCOMPARE(SandboxPlatform::validate(options({ "disk-full", "meltdown" })),
        QStringLiteral("unknown scenario 'meltdown'; known scenarios: disk-full, memory-leak, multi-region"));
    SandboxOptions slow = options({});
    slow.speed = 0;
    QCOMPARE(SandboxPlatform::validate(slow),
        QStringLiteral("sandbox speed must be a number above 0 and at most 100000, got 0"));

    SandboxPlatform platform(options({}));
    QString error;
    QVERIFY(!platform.injectScenario("meltdown", &error));
    QCOMPARE(
        error, QStringLiteral("unknown scenario 'meltdown'; known scenarios: disk-full, memory-leak, multi-region"));
}

void TestSandbox::simClockRunsFasterThanTheWall()
{
    SimClock clock(Start, 60);
    QCOMPARE(clock.nowMs(), Start);
    clock.advance(5 * Minute);
    QCOMPARE(clock.nowMs(), Start + 5 * Minute); // frozen until started: manual time for tests
    clock.start();
    QTest::qWait(100);
    const qint64 elapsed = clock.nowMs() - (Start + 5 * Minute);
    QVERIFY2(elapsed >= 100 * 60 && elapsed < 2000 * 60, qPrintable(QString::number(elapsed)));
    clock.stop();
    const qint64 stopped = clock.nowMs();
    QTest::qWait(20);
    QCOMPARE(clock.nowMs(), stopped);
}

void TestSandbox::platformRunsInRealTime()
{
    // At speed 3000 the first alert (about 6 simulated minutes) arrives after ~0.12 s of wall time.
    SandboxOptions fast = options({ "disk-full" });
    fast.speed = 3000;
    SandboxPlatform platform(fast);
    QSignalSpy webhooks(&platform, &SandboxPlatform::webhook);
    QSignalSpy health(&platform, &SandboxPlatform::health);
    platform.start();
    QCOMPARE(health.size(), 1);
    QCOMPARE(health.first().at(0).value<SourceHealth>().state, SourceHealth::State::Up);
    QTRY_VERIFY_WITH_TIMEOUT(!webhooks.isEmpty(), 5000);
    QVERIFY(platform.clock().nowMs() - Start >= 5 * Minute);

    // Fast-forward jumps ahead and keeps running from there.
    const qint64 before = platform.clock().nowMs();
    platform.fastForward(60 * Minute);
    QVERIFY(platform.clock().nowMs() >= before + 60 * Minute);
    QVERIFY(platform.world().nowMs() >= before + 60 * Minute);
    platform.stop();
    QCOMPARE(health.last().at(0).value<SourceHealth>().state, SourceHealth::State::Down);
}

QTEST_GUILESS_MAIN(TestSandbox)
#include "tst_sandbox.moc"
