#include "domain/metatypes.h"
#include "engine/metricqueryservice.h"
#include "engine/systemclock.h"
#include "prometheus/prometheusclient.h"
#include "sandbox/sandboxmetricsexporter.h"
#include "sandbox/sandboxplatform.h"

#include <QDir>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <optional>

using namespace firebreak;

namespace {

const QString LabDir = QStringLiteral(FIREBREAK_TEST_DATA "/../../resources/lab");

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

// Runs a query to completion on this thread's event loop.
QueryResult instant(PrometheusClient& client, const QString& query)
{
    std::optional<QueryResult> answer;
    client.instantQuery(query, SystemClock().nowMs(), [&answer](const QueryResult& result) { answer = result; });
    if (!QTest::qWaitFor([&answer] { return answer.has_value(); }, 10'000)) {
        answer = QueryResult {};
        answer->error = QStringLiteral("test: no answer within 10 s");
    }
    return *answer;
}

QueryResult range(PrometheusClient& client, const QString& query, qint64 startMs, qint64 endMs, qint64 stepMs)
{
    std::optional<QueryResult> answer;
    client.rangeQuery(query, startMs, endMs, stepMs, [&answer](const QueryResult& result) { answer = result; });
    if (!QTest::qWaitFor([&answer] { return answer.has_value(); }, 10'000)) {
        answer = QueryResult {};
        answer->error = QStringLiteral("test: no answer within 10 s");
    }
    return *answer;
}

} // namespace

// A real Prometheus 2.42 scraping the sandbox's exporter with the lab's own configuration and rules:
// the client reads the shop back, the lab rules fire for a scenario, and losing Prometheus shows as
// errors, Down health and the stale state, all of which clear when it comes back.
class TestPrometheus : public QObject {
    Q_OBJECT

    QString m_prometheus;
    QTemporaryDir m_dir;
    quint16 m_port = 0;
    std::unique_ptr<QProcess> m_process;

    bool startPrometheus()
    {
        m_process = std::make_unique<QProcess>();
        m_process->setProcessChannelMode(QProcess::MergedChannels);
        m_process->setStandardOutputFile(m_dir.filePath(QStringLiteral("prometheus.log")), QIODevice::Append);
        m_process->setWorkingDirectory(m_dir.path());
        m_process->start(m_prometheus,
            { QStringLiteral("--config.file=prometheus.yml"), QStringLiteral("--storage.tsdb.path=data"),
                QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(m_port) });
        if (!m_process->waitForStarted(5000))
            return false;
        QNetworkAccessManager network;
        for (int attempt = 0; attempt < 100; ++attempt) {
            std::unique_ptr<QNetworkReply> reply(
                network.get(QNetworkRequest(QUrl(QStringLiteral("http://127.0.0.1:%1/-/ready").arg(m_port)))));
            QSignalSpy finished(reply.get(), &QNetworkReply::finished);
            finished.wait(1000);
            if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200)
                return true;
            QTest::qWait(100);
        }
        return false;
    }

    void stopPrometheus()
    {
        if (!m_process)
            return;
        m_process->kill();
        m_process->waitForFinished(5000);
        m_process.reset();
    }

    QString log() const
    {
        QFile file(m_dir.filePath(QStringLiteral("prometheus.log")));
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll().right(2000)) : QString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        registerMetaTypes();
        m_prometheus = QStandardPaths::findExecutable(QStringLiteral("prometheus"));
        if (m_prometheus.isEmpty())
            QSKIP("the prometheus binary is not installed (Debian package prometheus)");
        QVERIFY(m_dir.isValid());
    }

    void cleanup() { stopPrometheus(); }

    void readsTheShopFiresTheLabRulesAndSurvivesAnOutage()
    {
        // The shop: multi-region at 20x, whose first fault (the eu cache) fires CacheDown soonest.
        SandboxOptions options;
        options.seed = 1;
        options.speed = 20;
        options.scenarios = { QStringLiteral("multi-region") };
        SandboxPlatform shop(options);
        SandboxMetricsExporter exporter(shop.world());
        QString error;
        QVERIFY2(exporter.listen(QHostAddress::LocalHost, 0, &error), qPrintable(error));
        shop.start();

        // The lab's own prometheus.yml and rules, with this test's ports, as lab.sh does.
        QFile shipped(LabDir + QStringLiteral("/prometheus.yml"));
        QVERIFY(shipped.open(QIODevice::ReadOnly));
        QByteArray config = shipped.readAll();
        QVERIFY(config.contains("127.0.0.1:9101"));
        config.replace("127.0.0.1:9101", QByteArray("127.0.0.1:").append(QByteArray::number(exporter.port())));
        config.replace("127.0.0.1:9093", QByteArray("127.0.0.1:").append(QByteArray::number(freePort())));
        QFile generated(m_dir.filePath(QStringLiteral("prometheus.yml")));
        QVERIFY(generated.open(QIODevice::WriteOnly));
        generated.write(config);
        generated.close();
        QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("rules")));
        QVERIFY(QFile::copy(
            LabDir + QStringLiteral("/rules/shop.rules.yml"), m_dir.filePath(QStringLiteral("rules/shop.rules.yml"))));
        m_port = freePort();
        QVERIFY2(startPrometheus(), qPrintable(log()));

        PrometheusSettings settings;
        settings.url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port));
        SystemClock clock;
        PrometheusClient client(settings, clock);
        QSignalSpy health(&client, &PrometheusClient::healthChanged);

        // Instant: the shop's series come back with their own labels (honor_labels) and exact values.
        QueryResult limits;
        QTRY_VERIFY_WITH_TIMEOUT(
            (limits = instant(client, QStringLiteral("container_spec_memory_limit_bytes"))).series.size() == 6, 15'000);
        for (const Series& series : std::as_const(limits.series)) {
            QCOMPARE(series.samples.size(), 1);
            QCOMPARE(series.samples.at(0).value, 500e6);
            QCOMPARE(series.labels.value(QStringLiteral("service")), QStringLiteral("web"));
            QCOMPARE(series.labels.value(QStringLiteral("job")), QStringLiteral("shop"));
            QVERIFY(series.labels.value(QStringLiteral("pod")).startsWith(QLatin1String("web-")));
        }
        const QueryResult disk = instant(client, QStringLiteral("disk_used_percent{service=\"db\"}"));
        QVERIFY2(disk.ok(), qPrintable(disk.error));
        QStringList hosts;
        for (const Series& series : disk.series)
            hosts.append(series.labels.value(QStringLiteral("instance")));
        hosts.sort();
        QCOMPARE(hosts, (QStringList { QStringLiteral("db-eu-1"), QStringLiteral("db-us-1") }));
        QCOMPARE(health.size(), 1);
        QCOMPARE(client.health().state, SourceHealth::State::Up);

        // Range: every step since the data appeared has a value (1 s scrapes, 5 min lookback), on the grid.
        const qint64 start = (clock.nowMs() / 1000 + 1) * 1000;
        QTest::qWait(4500);
        const qint64 end = clock.nowMs() / 1000 * 1000;
        const QueryResult history = range(client, QStringLiteral("db_up"), start, end, 1000);
        QVERIFY2(history.ok(), qPrintable(history.error));
        QCOMPARE(history.series.size(), 2);
        for (const Series& series : history.series) {
            QCOMPARE(series.samples.size(), (end - start) / 1000 + 1);
            for (qsizetype i = 0; i < series.samples.size(); ++i) {
                QCOMPARE(series.samples.at(i).timeMs, start + i * 1000);
                QCOMPARE(series.samples.at(i).value, 1.0);
            }
        }
        // A query Prometheus rejects is an error in its words, not an outage.
        const QueryResult bad = instant(client, QStringLiteral("rate(db_up)"));
        QVERIFY(!bad.ok());
        QVERIFY2(bad.error.startsWith(QStringLiteral("Prometheus http://127.0.0.1:%1: bad_data: ").arg(m_port)),
            qPrintable(bad.error));
        QVERIFY(!bad.unavailable);
        QCOMPARE(client.health().state, SourceHealth::State::Up);

        // The lab rules fire: the eu cache crashes one simulated minute in, CacheDown has `for: 6s`.
        QueryResult firing;
        QTRY_VERIFY_WITH_TIMEOUT(
            !(firing = instant(client, QStringLiteral("ALERTS{alertname=\"CacheDown\",alertstate=\"firing\"}")))
                 .series.isEmpty(),
            30'000);
        const LabelSet& alert = firing.series.at(0).labels;
        QCOMPARE(alert.value(QStringLiteral("instance")), QStringLiteral("cache-eu-1"));
        QCOMPARE(alert.value(QStringLiteral("region")), QStringLiteral("eu"));
        QCOMPARE(alert.value(QStringLiteral("service")), QStringLiteral("cache"));
        QCOMPARE(alert.value(QStringLiteral("severity")), QStringLiteral("critical"));

        // Prometheus goes away: errors that say so, Down health, and the charts' service goes stale.
        MetricQueryService service(client, clock, Backoff::Policy { 200, 800, 0 });
        QSignalSpy stale(&service, &MetricQueryService::stalenessChanged);
        QSignalSpy answers(&service, &MetricQueryService::rangeReady);
        stopPrometheus();
        const QueryResult refused = instant(client, QStringLiteral("db_up"));
        QVERIFY(!refused.ok());
        QVERIFY(refused.unavailable);
        QVERIFY2(
            refused.error.startsWith(QStringLiteral("Prometheus http://127.0.0.1:%1: cannot connect: ").arg(m_port)),
            qPrintable(refused.error));
        QCOMPARE(client.health().state, SourceHealth::State::Down);
        QCOMPARE(client.health().detail, refused.error);
        QCOMPARE(health.last().at(0).value<SourceHealth>().state, SourceHealth::State::Down);

        service.requestRange(1, QStringLiteral("db_up"), end - 4000, end, 1000);
        QTRY_VERIFY(!stale.isEmpty());
        QVERIFY(stale.last().at(0).value<MetricStaleness>().stale);
        QTRY_VERIFY_WITH_TIMEOUT(stale.size() >= 3, 5000); // still failing, retried with backoff

        // Back on the same port with the same data: the next probe succeeds and the outage ends.
        QVERIFY2(startPrometheus(), qPrintable(log()));
        QTRY_VERIFY_WITH_TIMEOUT(!stale.last().at(0).value<MetricStaleness>().stale, 5000);
        QCOMPARE(client.health().state, SourceHealth::State::Up);
        QVERIFY(answers.last().at(1).value<QueryResult>().ok());
        QCOMPARE(answers.last().at(1).value<QueryResult>().series.size(), 2);
        shop.stop();
    }
};

QTEST_GUILESS_MAIN(TestPrometheus)
#include "tst_prometheus.moc"
