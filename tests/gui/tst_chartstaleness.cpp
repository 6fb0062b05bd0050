#include "charts/chartpanel.h"
#include "charts/metricchartview.h"
#include "domain/metatypes.h"
#include "engine/metricqueryservice.h"
#include "interfaces/clock.h"
#include "metrics/alertexpression.h"
#include "style/theme.h"

#include <QApplication>
#include <QDateTimeAxis>
#include <QLineSeries>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <QTimer>

using namespace firebreak;

namespace {

const qint64 T0 = QDateTime(QDate(2026, 11, 21), QTime(3, 12, 4)).toMSecsSinceEpoch();
constexpr qint64 Minute = 60'000;

class ManualClock final : public Clock {
public:
    qint64 nowMs() const override { return m_now.loadRelaxed(); }
    QAtomicInteger<qint64> m_now { T0 };
};

// A Prometheus stand-in that can be switched off: down, it answers like a refused connection.
// It lives on the engine thread with the service, as the real client does.
class SwitchableSource final : public MetricSource {
public:
    QString name() const override { return QStringLiteral("prometheus"); }
    void instantQuery(const QString&, qint64, Callback done) override { done(QueryResult {}); }
    void rangeQuery(const QString& query, qint64 startMs, qint64 endMs, qint64 stepMs, Callback done) override
    {
        m_asked.fetchAndAddRelaxed(1);
        QueryResult result;
        if (m_down.loadRelaxed()) {
            result.error = QStringLiteral("Prometheus http://127.0.0.1:9090: cannot connect: Connection refused");
            result.unavailable = true;
        } else {
            Series series;
            series.labels = { { QStringLiteral("__name__"), query.section(QLatin1Char('{'), 0, 0) },
                { QStringLiteral("instance"), QStringLiteral("db-eu-1") } };
            for (qint64 t = startMs; t <= endMs; t += stepMs)
                series.samples.append({ t, 80 + double((t / stepMs) % 10) });
            result.series = { series };
        }
        QTimer::singleShot(5, [done, result] { done(result); });
    }
    QAtomicInt m_down { 0 };
    QAtomicInt m_asked { 0 };
};

} // namespace

class TestChartStaleness : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { registerMetaTypes(); }

    // The source goes away while an incident's chart is open: the chart keeps its last data under a
    // banner saying since when and when the next try is; back up, the banner goes and charts refresh.
    void bannerWhileTheSourceIsDownThenRecovery()
    {
        ManualClock clock;
        const Theme theme = Theme::lightTheme();
        ChartPanel panel(clock, theme);
        panel.resize(800, 400);
        panel.show();

        SwitchableSource source;
        QThread engine;
        const auto stopEngine = qScopeGuard([&engine] {
            engine.quit();
            engine.wait();
        });
        auto* service = new MetricQueryService(source, clock, Backoff::Policy { 1000, 2000, 0 });
        service->moveToThread(&engine);
        connect(&engine, &QThread::finished, service, &QObject::deleteLater);
        engine.start();
        connect(&panel, &ChartPanel::rangeRequested, service, &MetricQueryService::requestRange);
        connect(service, &MetricQueryService::rangeReady, &panel, &ChartPanel::onRangeReady);
        connect(service, &MetricQueryService::stalenessChanged, &panel, &ChartPanel::onStalenessChanged);

        Incident incident;
        incident.id = 7;
        incident.title = QStringLiteral("Disk almost full on db-eu-1");
        incident.detectedMs = T0 - 10 * Minute;
        incident.updatedMs = incident.detectedMs;
        QSignalSpy alertsAsked(&panel, &ChartPanel::alertsRequested);
        panel.setIncident(incident);
        QCOMPARE(alertsAsked.size(), 1);
        Alert alert;
        alert.fingerprint = QStringLiteral("fp-disk");
        alert.labels = { { QStringLiteral("alertname"), QStringLiteral("DiskSpaceHigh") },
            { QStringLiteral("instance"), QStringLiteral("db-eu-1") } };
        alert.startsAtMs = incident.detectedMs;
        alert.incidentId = incident.id;
        alert.generatorUrl = AlertExpression::toGeneratorUrl(
            QStringLiteral("http://127.0.0.1:9090"), QStringLiteral("disk_used_percent{service=\"db\"} > 90"));
        panel.onAlertsFetched(alertsAsked.at(0).at(0).toULongLong(), { alert });
        QCOMPARE(panel.chartViews().size(), 1);
        MetricChartView* chart = panel.chartViews().at(0);
        QTRY_VERIFY(!chart->lineSeries().isEmpty() && chart->lineSeries().at(0)->count() > 0);
        QVERIFY(!panel.isStaleBannerShown());
        const qint64 lastGood = clock.nowMs();
        const qsizetype drawn = chart->lineSeries().at(0)->count();

        // Down: the next refresh fails and the banner says it calmly, with both times.
        source.m_down.storeRelaxed(1);
        clock.m_now.storeRelaxed(T0 + 14'000);
        panel.refresh();
        QTRY_VERIFY(panel.isStaleBannerShown());
        const QString text = panel.staleBannerText();
        QVERIFY2(text.startsWith(QLatin1String("Prometheus unreachable since ")
                     + QDateTime::fromMSecsSinceEpoch(T0 + 14'000).toString(QStringLiteral("HH:mm:ss"))),
            qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("showing data as of ")
                     + QDateTime::fromMSecsSinceEpoch(lastGood).toString(QStringLiteral("HH:mm:ss"))),
            qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("retrying in 1 s")), qPrintable(text));
        // The last good data stays on the chart (redrawn for the moved axis, not blanked).
        QVERIFY(chart->lineSeries().at(0)->count() > drawn / 2);
        QVERIFY(chart->problem().startsWith(QLatin1String("Stale")));

        // Refreshes during the outage do not reach the dead source; only the backoff's probes do.
        const int askedAtOutage = source.m_asked.loadRelaxed();
        panel.refresh();
        panel.refresh();
        QTest::qWait(150);
        QCOMPARE(source.m_asked.loadRelaxed(), askedAtOutage);
        QVERIFY(panel.isStaleBannerShown());
        QTRY_VERIFY_WITH_TIMEOUT(source.m_asked.loadRelaxed() > askedAtOutage, 3000); // the probe after 1 s
        // It failed too: the next try comes after twice as long.
        QTRY_VERIFY_WITH_TIMEOUT(panel.staleBannerText().contains(QLatin1String("retrying in 2 s")), 2000);

        // Back: the banner goes away and the chart is drawn afresh without waiting for its timer.
        source.m_down.storeRelaxed(0);
        clock.m_now.storeRelaxed(T0 + 20'000);
        QTRY_VERIFY_WITH_TIMEOUT(!panel.isStaleBannerShown(), 5000);
        QTRY_VERIFY(chart->problem().isEmpty());
        QVERIFY(chart->lineSeries().at(0)->count() > 0);
        QCOMPARE(chart->timeAxis()->max().toMSecsSinceEpoch(), T0 + 20'000);
    }
};

QTEST_MAIN(TestChartStaleness)
#include "tst_chartstaleness.moc"
