#include "domain/metatypes.h"
#include "engine/ingestpipeline.h"
#include "ingest/cloudeventkindtable.h"
#include "ingest/cloudeventmapper.h"
#include "ingest/cloudeventparser.h"
#include "ingest/recentkeys.h"
#include "interfaces/clock.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>
#include <atomic>

using namespace firebreak;

namespace {

class ManualClock final : public Clock {
public:
    explicit ManualClock(qint64 nowMs)
        : m_nowMs(nowMs)
    {
    }
    qint64 nowMs() const override { return m_nowMs.load(); }

private:
    std::atomic<qint64> m_nowMs;
};

constexpr qint64 Now = 1772359500000; // 2026-03-01T10:05:00Z
const QString Single = QStringLiteral("application/cloudevents+json");
const QString Batch = QStringLiteral("application/cloudevents-batch+json");

QByteArray readFile(const QString& name)
{
    QFile file(QStringLiteral(FIREBREAK_TEST_DATA "/cloudevents/") + name);
    if (!file.open(QIODevice::ReadOnly))
        return QByteArray();
    return file.readAll();
}

CloudEvent parseOne(const QByteArray& body)
{
    const auto result = CloudEventParser::parse(body, QString());
    const auto* events = std::get_if<QVector<CloudEvent>>(&result);
    return events && !events->isEmpty() ? events->first() : CloudEvent();
}

QVector<CloudEvent> parseAll(const QByteArray& body)
{
    const auto result = CloudEventParser::parse(body, QString());
    const auto* events = std::get_if<QVector<CloudEvent>>(&result);
    return events ? *events : QVector<CloudEvent>();
}

QByteArray deployEvent(const QString& id, const QString& service, const QString& region, const QString& time)
{
    QJsonObject object { { QStringLiteral("specversion"), QStringLiteral("1.0") }, { QStringLiteral("id"), id },
        { QStringLiteral("source"), QStringLiteral("/ci/deployer") },
        { QStringLiteral("type"), QStringLiteral("com.example.deploy.finished") },
        { QStringLiteral("data"),
            QJsonObject {
                { QStringLiteral("service"), service }, { QStringLiteral("version"), QStringLiteral("1.4.2") } } } };
    if (!region.isEmpty())
        object.insert(QStringLiteral("region"), region);
    if (!time.isEmpty())
        object.insert(QStringLiteral("time"), time);
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray firingAlert(const QString& service, const QString& region)
{
    return QStringLiteral(R"({"version":"4","groupKey":"{}:{}","status":"firing","receiver":"firebreak",
        "alerts":[{"status":"firing","labels":{"alertname":"HighLatency","service":"%1","region":"%2"},
                   "startsAt":"2026-03-01T10:00:00Z","endsAt":"0001-01-01T00:00:00Z","fingerprint":"f-%1-%2"}]})")
        .arg(service, region)
        .toUtf8();
}

WriteBatch lastBatch(QSignalSpy& spy)
{
    return spy.isEmpty() ? WriteBatch() : spy.last().at(0).value<WriteBatch>();
}

} // namespace

class TestCloudEventIngest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { registerMetaTypes(); }

    void typesMapToKinds_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("kind");
        const QString deploy = QStringLiteral("change.deploy");
        const QString cron = QStringLiteral("change.cron");
        const QString generic = QStringLiteral("change.event");
        QTest::newRow("CDEvents deployed") << QStringLiteral("dev.cdevents.service.deployed.0.3.0") << deploy;
        QTest::newRow("CDEvents upgraded") << QStringLiteral("dev.cdevents.service.upgraded.0.2.0") << deploy;
        QTest::newRow("CDEvents rolled back") << QStringLiteral("dev.cdevents.service.rolledback.0.3.0") << deploy;
        QTest::newRow("CDEvents pipeline run") << QStringLiteral("dev.cdevents.pipelinerun.finished.0.2.0") << generic;
        QTest::newRow("CDEvents environment") << QStringLiteral("dev.cdevents.environment.modified.0.3.0") << generic;
        QTest::newRow("CDF sig-events") << QStringLiteral("cd.service.deployed.v1") << deploy;
        QTest::newRow("Keptn") << QStringLiteral("sh.keptn.event.deployment.finished") << deploy;
        QTest::newRow("GitHub deployment") << QStringLiteral("com.github.deployment") << deploy;
        QTest::newRow("GitHub deployment status") << QStringLiteral("com.github.deployment_status.success") << deploy;
        QTest::newRow("GitHub deploy key is not a deploy")
            << QStringLiteral("com.github.deploy_key.created") << generic;
        QTest::newRow("segment deploy") << QStringLiteral("com.example.deploy.finished") << deploy;
        QTest::newRow("segment rollout, any case") << QStringLiteral("io.argoproj.Rollout.completed") << deploy;
        QTest::newRow("Knative ping") << QStringLiteral("dev.knative.sources.ping") << cron;
        QTest::newRow("segment cronjob") << QStringLiteral("io.k8s.cronjob.started") << cron;
        QTest::newRow("word inside a segment does not count")
            << QStringLiteral("com.example.redeployer.ping") << generic;
        QTest::newRow("pull request") << QStringLiteral("com.github.pull_request.opened") << generic;
    }

    void typesMapToKinds()
    {
        QFETCH(QString, type);
        QFETCH(QString, kind);
        QCOMPARE(CloudEventKindTable().kindOf(type), kind);
    }

    void siteRulesComeFirst()
    {
        CloudEventKindTable table;
        table.prepend({ CloudEventKindTable::Match::Prefix, QStringLiteral("com.acme.release."),
            QStringLiteral("change.deploy") });
        table.prepend({ CloudEventKindTable::Match::Exact, QStringLiteral("com.acme.deploy.dryrun"),
            QStringLiteral("change.event") });
        QCOMPARE(table.kindOf(QStringLiteral("com.acme.release.done")), QStringLiteral("change.deploy"));
        QCOMPARE(table.kindOf(QStringLiteral("com.acme.deploy.dryrun")), QStringLiteral("change.event"));
        QCOMPARE(table.kindOf(QStringLiteral("com.acme.deploy.real")), QStringLiteral("change.deploy"));
    }

    void cdEventBecomesADeploy()
    {
        const CloudEvent cloudEvent = parseOne(readFile(QStringLiteral("cdevents-service-deployed.json")));
        const MappedCloudEvent mapped = CloudEventMapper().map(cloudEvent, QStringLiteral("feed ws://ci/events"), Now);
        QCOMPARE(mapped.event.kind, QStringLiteral("change.deploy"));
        QCOMPARE(mapped.event.timeMs, qint64(1772355510250)); // its own time, not the receive time
        QCOMPARE(mapped.event.source, QStringLiteral("feed ws://ci/events"));
        QCOMPARE(mapped.event.actor, QStringLiteral("/event/source/123"));
        QCOMPARE(mapped.event.severity, Severity::Info);
        QCOMPARE(mapped.event.title,
            QStringLiteral("dev.cdevents.service.deployed.0.3.0 service/checkout (service checkout)"));
        QCOMPARE(mapped.labels.value(QStringLiteral("service")), QStringLiteral("checkout"));
        QCOMPARE(mapped.labels.value(QStringLiteral("environment")), QStringLiteral("production"));
        QCOMPARE(mapped.labels.value(QStringLiteral("region")), QStringLiteral("eu"));

        // The body is the CloudEvent itself: original type, attributes, extensions and data.
        const QJsonObject body = QJsonDocument::fromJson(mapped.event.body).object();
        QCOMPARE(body.value(QStringLiteral("type")).toString(), QStringLiteral("dev.cdevents.service.deployed.0.3.0"));
        QCOMPARE(body.value(QStringLiteral("id")).toString(), QStringLiteral("271069a8-fc18-44f1-b38f-9d70a1695819"));
        QCOMPARE(body.value(QStringLiteral("time")).toString(), QStringLiteral("2026-03-01T09:58:30.250+01:00"));
        QCOMPARE(body.value(QStringLiteral("region")).toString(), QStringLiteral("eu"));
        QCOMPARE(body.value(QStringLiteral("data"))
                     .toObject()
                     .value(QStringLiteral("subject"))
                     .toObject()
                     .value(QStringLiteral("id")),
            QStringLiteral("service/checkout"));
        // Parsing the body again gives the same event: nothing was lost on the way to the timeline.
        const CloudEvent again = parseOne(mapped.event.body);
        QCOMPARE(again.id, cloudEvent.id);
        QCOMPARE(again.data, cloudEvent.data);
        QCOMPARE(again.extensions, cloudEvent.extensions);
    }

    void failedDeployIsAWarningAndCronKeepsItsBinaryData()
    {
        const QVector<CloudEvent> events = parseAll(readFile(QStringLiteral("batch-github-knative.json")));
        QCOMPARE(events.size(), 2);
        const CloudEventMapper mapper;
        const MappedCloudEvent deploy = mapper.map(events.at(0), QStringLiteral("hooks"), Now);
        QCOMPARE(deploy.event.kind, QStringLiteral("change.deploy"));
        QCOMPARE(deploy.event.severity, Severity::Warning);
        QCOMPARE(deploy.event.title,
            QStringLiteral(
                "com.github.deployment_status.failure "
                "https://api.github.com/repos/example/shop/deployments/42/statuses/7 (service web, version 2.3.1)"));
        QCOMPARE(deploy.labels.value(QStringLiteral("service")), QStringLiteral("web"));
        QCOMPARE(deploy.labels.value(QStringLiteral("region")), QStringLiteral("us"));

        const MappedCloudEvent cron = mapper.map(events.at(1), QStringLiteral("hooks"), Now);
        QCOMPARE(cron.event.kind, QStringLiteral("change.cron"));
        QCOMPARE(cron.event.severity, Severity::Info);
        QCOMPARE(QJsonDocument::fromJson(cron.event.body).object().value(QStringLiteral("data_base64")).toString(),
            QStringLiteral("cnVuIG5pZ2h0bHkgcmVwb3J0"));
    }

    void severityFollowsTheData_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("data");
        QTest::addColumn<int>("severity");
        const int info = int(Severity::Info);
        const int warning = int(Severity::Warning);
        QTest::newRow("deployed") << QStringLiteral("com.example.deploy.finished")
                                  << QStringLiteral(R"({"status":"succeeded"})") << info;
        QTest::newRow("status failed") << QStringLiteral("com.example.deploy.finished")
                                       << QStringLiteral(R"({"status":"FAILED"})") << warning;
        QTest::newRow("CDEvents outcome")
            << QStringLiteral("dev.cdevents.pipelinerun.finished.0.2.0")
            << QStringLiteral(R"({"subject":{"content":{"outcome":"failure"}}})") << warning;
        QTest::newRow("rollback") << QStringLiteral("dev.cdevents.service.rolledback.0.3.0") << QStringLiteral("{}")
                                  << warning;
        QTest::newRow("conclusion") << QStringLiteral("com.example.ci.run")
                                    << QStringLiteral(R"({"conclusion":"failure"})") << warning;
        QTest::newRow("data not an object")
            << QStringLiteral("com.example.deploy") << QStringLiteral(R"("failed")") << info;
    }

    void severityFollowsTheData()
    {
        QFETCH(QString, type);
        QFETCH(QString, data);
        QFETCH(int, severity);
        const QByteArray body = QStringLiteral(R"({"specversion":"1.0","id":"1","source":"/s","type":"%1","data":%2})")
                                    .arg(type, data)
                                    .toUtf8();
        QCOMPARE(int(CloudEventMapper().map(parseOne(body), QStringLiteral("x"), Now).event.severity), severity);
    }

    void extensionsOverrideDataLabels()
    {
        const QByteArray body = R"({"specversion":"1.0","id":"1","source":"/s","type":"t","region":"eu","env":"staging",
            "data":{"region":"us","service":"web","env":"prod","labels":{"team":"payments","service":"web-v2"}}})";
        const LabelSet labels = CloudEventMapper::labels(parseOne(body));
        QCOMPARE(labels.value(QStringLiteral("region")), QStringLiteral("eu"));
        QCOMPARE(labels.value(QStringLiteral("service")), QStringLiteral("web-v2"));
        QCOMPARE(labels.value(QStringLiteral("team")), QStringLiteral("payments"));
        QCOMPARE(labels.value(QStringLiteral("environment")), QStringLiteral("prod"));
        QCOMPARE(labels.value(QStringLiteral("env")), QStringLiteral("staging"));
    }

    void recentKeysForgetTheOldestFirst()
    {
        RecentKeys keys(3);
        QVERIFY(keys.insert(QStringLiteral("a")));
        QVERIFY(keys.insert(QStringLiteral("b")));
        QVERIFY(!keys.insert(QStringLiteral("a")));
        QVERIFY(keys.insert(QStringLiteral("c")));
        QVERIFY(keys.insert(QStringLiteral("d"))); // forgets a
        QCOMPARE(keys.size(), 3);
        QVERIFY(!keys.contains(QStringLiteral("a")));
        QVERIFY(!keys.insert(QStringLiteral("b")));
        QVERIFY(keys.insert(QStringLiteral("a")));
    }

    void deployLandsOnTheMatchingOpenIncident()
    {
        ManualClock clock(Now);
        IngestPipeline pipeline(clock, CorrelationConfig {});
        QSignalSpy batches(&pipeline, &IngestPipeline::batchReady);
        pipeline.ingestWebhook(firingAlert(QStringLiteral("checkout"), QStringLiteral("eu")), QStringLiteral("am"), 1);
        pipeline.ingestWebhook(firingAlert(QStringLiteral("checkout"), QStringLiteral("us")), QStringLiteral("am"), 2);
        QCOMPARE(batches.count(), 2);
        const WriteBatch eu = batches.at(0).at(0).value<WriteBatch>();
        QCOMPARE(eu.incidents.size(), 1);
        const qint64 euIncident = eu.incidents.first().id;
        QVERIFY(euIncident != batches.at(1).at(0).value<WriteBatch>().incidents.value(0).id);

        pipeline.ingestCloudEvents(
            readFile(QStringLiteral("cdevents-service-deployed.json")), Single, QStringLiteral("feed"), 7);
        QCOMPARE(batches.count(), 3);
        const WriteBatch batch = lastBatch(batches);
        QCOMPARE(batch.ticket, quint64(7));
        QCOMPARE(batch.events.size(), 1);
        QCOMPARE(batch.events.first().kind, QStringLiteral("change.deploy"));
        QCOMPARE(batch.events.first().incidentId, euIncident);
        QCOMPARE(pipeline.cloudEventsReceived(), quint64(1));

        // No incident for web in the us: the deploy stays on the timeline, unattached.
        pipeline.ingestCloudEvents(
            deployEvent(QStringLiteral("d-2"), QStringLiteral("web"), QStringLiteral("us"), QString()), Single,
            QStringLiteral("feed"), 8);
        QCOMPARE(lastBatch(batches).events.first().incidentId, qint64(0));
    }

    void redeliveredIdIsDropped()
    {
        ManualClock clock(Now);
        IngestPipeline pipeline(clock, CorrelationConfig {});
        QSignalSpy batches(&pipeline, &IngestPipeline::batchReady);
        const QByteArray first = deployEvent(QStringLiteral("d-1"), QStringLiteral("web"), QString(), QString());
        pipeline.ingestCloudEvents(first, Single, QStringLiteral("hooks"), 1);
        pipeline.ingestCloudEvents(first, Single, QStringLiteral("hooks"), 2);
        // A batch that repeats d-1 and carries d-2 twice: only d-2, once.
        const QByteArray second = deployEvent(QStringLiteral("d-2"), QStringLiteral("web"), QString(), QString());
        pipeline.ingestCloudEvents("[" + first + "," + second + "," + second + "]", Batch, QStringLiteral("hooks"), 3);

        QCOMPARE(batches.count(), 3);
        QCOMPARE(batches.at(0).at(0).value<WriteBatch>().events.size(), 1);
        // The re-delivery still answers its ticket, with nothing to write.
        QCOMPARE(batches.at(1).at(0).value<WriteBatch>().ticket, quint64(2));
        QCOMPARE(batches.at(1).at(0).value<WriteBatch>().rowCount(), 0);
        const WriteBatch third = batches.at(2).at(0).value<WriteBatch>();
        QCOMPARE(third.events.size(), 1);
        QVERIFY(third.events.first().body.contains("\"id\":\"d-2\""));
        QCOMPARE(pipeline.cloudEventDuplicates(), quint64(3));
        QCOMPARE(pipeline.cloudEventsReceived(), quint64(5));

        // The same id from another source is another event (uniqueness is source + id).
        pipeline.ingestCloudEvents(
            QByteArray(first).replace("/ci/deployer", "/ci/other"), Single, QStringLiteral("hooks"), 4);
        QCOMPARE(lastBatch(batches).events.size(), 1);
    }

    void lateEventLandsAtItsTrueTime()
    {
        ManualClock clock(Now);
        IngestPipeline pipeline(clock, CorrelationConfig {});
        QSignalSpy batches(&pipeline, &IngestPipeline::batchReady);
        pipeline.ingestCloudEvents(deployEvent(QStringLiteral("late"), QStringLiteral("web"), QString(),
                                       QStringLiteral("2026-03-01T08:00:00Z")),
            Single, QStringLiteral("hooks"), 1);
        pipeline.ingestCloudEvents(deployEvent(QStringLiteral("untimed"), QStringLiteral("web"), QString(), QString()),
            Single, QStringLiteral("hooks"), 2);
        QCOMPARE(batches.at(0).at(0).value<WriteBatch>().events.first().timeMs, qint64(1772352000000));
        QCOMPARE(batches.at(1).at(0).value<WriteBatch>().events.first().timeMs, Now);
    }

    void badBatchIsRefusedWhole()
    {
        ManualClock clock(Now);
        IngestPipeline pipeline(clock, CorrelationConfig {});
        QSignalSpy batches(&pipeline, &IngestPipeline::batchReady);
        QSignalSpy rejections(&pipeline, &IngestPipeline::rejected);
        const QByteArray good = deployEvent(QStringLiteral("g"), QStringLiteral("web"), QString(), QString());
        const QByteArray bad
            = deployEvent(QStringLiteral("b"), QStringLiteral("web"), QString(), QStringLiteral("soon"));
        pipeline.ingestCloudEvents("[" + good + "," + bad + "]", Batch, QStringLiteral("hooks"), 9);

        QCOMPARE(batches.count(), 0);
        QCOMPARE(rejections.count(), 1);
        QCOMPARE(rejections.first().at(0).toString(), QStringLiteral("hooks"));
        QCOMPARE(rejections.first().at(1).value<quint64>(), quint64(9));
        const auto error = rejections.first().at(2).value<WebhookError>();
        QCOMPARE(error.field, QStringLiteral("[1].time"));
        QCOMPARE(pipeline.cloudEventBodiesRejected(), quint64(1));

        // The fixed batch is accepted whole: the good event was not remembered as seen.
        pipeline.ingestCloudEvents("[" + good + "]", Batch, QStringLiteral("hooks"), 10);
        QCOMPARE(lastBatch(batches).events.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestCloudEventIngest)
#include "tst_cloudeventingest.moc"
