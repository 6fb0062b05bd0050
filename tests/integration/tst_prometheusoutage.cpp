// The incident's charts on a real Prometheus that goes away and comes back: the real client, the
// query service on an engine thread and the chart panel, as the console wires them. Prometheus
// (scraping the simulated shop, `firebreak --serve-metrics`) is killed with SIGKILL while a chart is
// open: the chart keeps its data under the stale banner and nothing crashes; restarted on the same
// port and storage, the banner goes and the chart is drawn afresh from it.

#include "charts/chartpanel.h"
#include "charts/metricchartview.h"
#include "domain/metatypes.h"
#include "engine/metricqueryservice.h"
#include "engine/systemclock.h"
#include "metrics/alertexpression.h"
#include "prometheus/prometheusclient.h"
#include "serverprocess.h"
#include "style/theme.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QLineSeries>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace firebreak;
using namespace firebreak::testing;

class TestPrometheusOutage : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { registerMetaTypes(); }

    void chartGoesStaleAndRecovers()
    {
        const QString prometheusBinary = QStandardPaths::findExecutable(QStringLiteral("prometheus"));
        if (prometheusBinary.isEmpty())
            QSKIP("needs Debian's prometheus (scripts/setup.sh release --with-lab)");

        QTemporaryDir dir;
        const quint16 shopPort = freeLoopbackPort();
        const quint16 prometheusPort = freeLoopbackPort();
        ServerProcess shop(QStringLiteral(FIREBREAK_BINARY),
            { QStringLiteral("--serve-metrics"), QStringLiteral("127.0.0.1:%1").arg(shopPort),
                QStringLiteral("--scenario"), QStringLiteral("disk-full") });
        QVERIFY2(shop.start(QUrl(QStringLiteral("http://127.0.0.1:%1/metrics").arg(shopPort))),
            qPrintable(shop.lastError()));
        QFile config(dir.filePath(QStringLiteral("prometheus.yml")));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write(QStringLiteral("global: {scrape_interval: 1s}\n"
                                    "scrape_configs:\n"
                                    "  - job_name: shop\n"
                                    "    honor_labels: true\n"
                                    "    static_configs: [{targets: [\"127.0.0.1:%1\"]}]\n")
                         .arg(shopPort)
                         .toUtf8());
        config.close();
        const QStringList prometheusArguments { QStringLiteral("--config.file=") + config.fileName(),
            QStringLiteral("--storage.tsdb.path=") + dir.filePath(QStringLiteral("data")),
            QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(prometheusPort) };
        const QUrl ready(QStringLiteral("http://127.0.0.1:%1/-/ready").arg(prometheusPort));
        auto prometheus = std::make_unique<ServerProcess>(prometheusBinary, prometheusArguments);
        QVERIFY2(prometheus->start(ready), qPrintable(prometheus->lastError()));
        QTest::qWait(2500); // a couple of scrapes

        SystemClock clock;
        const Theme theme = Theme::darkTheme();
        ChartPanel panel(clock, theme);
        panel.resize(900, 400);
        panel.show();

        PrometheusSettings settings;
        settings.url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(prometheusPort));
        QThread engine;
        auto* client = new PrometheusClient(settings, clock);
        auto* service = new MetricQueryService(*client, clock, Backoff::Policy { 500, 1000, 0 });
        client->moveToThread(&engine);
        service->moveToThread(&engine);
        connect(&engine, &QThread::finished, service, &QObject::deleteLater);
        connect(&engine, &QThread::finished, client, &QObject::deleteLater);
        const auto stopEngine = qScopeGuard([&engine] {
            engine.quit();
            engine.wait();
        });
        engine.start();
        connect(&panel, &ChartPanel::rangeRequested, service, &MetricQueryService::requestRange);
        connect(service, &MetricQueryService::rangeReady, &panel, &ChartPanel::onRangeReady);
        connect(service, &MetricQueryService::stalenessChanged, &panel, &ChartPanel::onStalenessChanged);

        Incident incident;
        incident.id = 1;
        incident.title = QStringLiteral("Disk almost full on db-eu-1");
        incident.detectedMs = clock.nowMs() - 60'000;
        incident.updatedMs = incident.detectedMs;
        QSignalSpy alertsAsked(&panel, &ChartPanel::alertsRequested);
        panel.setIncident(incident);
        Alert alert;
        alert.fingerprint = QStringLiteral("0123456789abcdef");
        alert.labels = { { QStringLiteral("alertname"), QStringLiteral("DiskSpaceHigh") },
            { QStringLiteral("instance"), QStringLiteral("db-eu-1") } };
        alert.startsAtMs = incident.detectedMs;
        alert.incidentId = incident.id;
        alert.generatorUrl = AlertExpression::toGeneratorUrl(
            settings.url.toString(), QStringLiteral("disk_used_percent{service=\"db\"} > 90"));
        panel.onAlertsFetched(alertsAsked.at(0).at(0).toULongLong(), { alert });
        QCOMPARE(panel.chartViews().size(), 1);
        MetricChartView* chart = panel.chartViews().at(0);
        QTRY_VERIFY_WITH_TIMEOUT(!chart->lineSeries().isEmpty() && chart->lineSeries().at(0)->count() > 0, 10000);
        QVERIFY(!panel.isStaleBannerShown());

        // Prometheus dies: the next refresh fails, the banner says so, the data stays.
        prometheus->kill();
        panel.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(panel.isStaleBannerShown(), 10000);
        QVERIFY2(panel.staleBannerText().startsWith(QLatin1String("Prometheus unreachable since ")),
            qPrintable(panel.staleBannerText()));
        QVERIFY(chart->lineSeries().at(0)->count() > 0);
        QVERIFY2(chart->problem().startsWith(QLatin1String("Stale")), qPrintable(chart->problem()));
        QTest::qWait(1500); // a few failed probes under backoff, and no crash

        // Back on the same port and storage: the backoff's probe finds it, the banner goes, the
        // chart is drawn again from Prometheus.
        prometheus = std::make_unique<ServerProcess>(prometheusBinary, prometheusArguments);
        QVERIFY2(prometheus->start(ready), qPrintable(prometheus->lastError()));
        QTRY_VERIFY_WITH_TIMEOUT(!panel.isStaleBannerShown(), 15000);
        QTRY_VERIFY_WITH_TIMEOUT(chart->problem().isEmpty(), 5000);
        QVERIFY(chart->lineSeries().at(0)->count() > 0);
    }
};

QTEST_MAIN(TestPrometheusOutage)
#include "tst_prometheusoutage.moc"
