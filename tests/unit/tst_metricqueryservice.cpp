#include "domain/metatypes.h"
#include "engine/backoff.h"
#include "engine/metricqueryservice.h"
#include "interfaces/clock.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace firebreak;

namespace {

class ManualClock final : public Clock {
public:
    qint64 nowMs() const override { return m_now; }
    qint64 m_now = 1'700'000'000'000;
};

// Fails its first `failures` queries as unreachable (answering later, like a network timeout),
// then answers with one series. Records when and what it was asked.
class FlakySource final : public MetricSource {
public:
    explicit FlakySource(int failures)
        : m_failures(failures)
    {
    }
    QString name() const override { return QStringLiteral("prometheus"); }
    void instantQuery(const QString&, qint64, Callback done) override { done(QueryResult {}); }
    void rangeQuery(const QString& query, qint64 startMs, qint64, qint64, Callback done) override
    {
        m_queries.append(query);
        m_askedAt.append(m_clock.isValid() ? m_clock.elapsed() : 0);
        if (!m_clock.isValid())
            m_clock.start();
        QueryResult result;
        if (m_queries.size() <= m_failures) {
            result.error = QStringLiteral("Prometheus http://127.0.0.1:1: cannot connect: Connection refused");
            result.unavailable = true;
        } else if (query == QLatin1String("bad{")) {
            result.error = QStringLiteral("bad_data: parse error");
        } else {
            result.series = { Series { { { QStringLiteral("__name__"), query } }, { Sample { startMs, 1 } } } };
        }
        QTimer::singleShot(1, [done, result] { done(result); });
    }
    int m_failures;
    QStringList m_queries;
    QVector<qint64> m_askedAt;
    QElapsedTimer m_clock;
};

} // namespace

class TestMetricQueryService : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { registerMetaTypes(); }

    void backoffDoublesWithJitterUpToTheCap()
    {
        Backoff backoff(Backoff::Policy { 1000, 30'000, 0.2 }, 7);
        const QVector<qint64> bases { 1000, 2000, 4000, 8000, 16'000, 30'000, 30'000, 30'000 };
        QSet<qint64> distinct;
        for (qint64 base : bases) {
            const qint64 delay = backoff.next();
            QVERIFY2(delay >= base * 8 / 10 && delay <= std::min<qint64>(30'000, base * 12 / 10),
                qPrintable(QStringLiteral("%1 for base %2").arg(delay).arg(base)));
            distinct.insert(delay * 1000 / base);
        }
        QVERIFY(distinct.size() > 1); // jittered, not exactly the base every time
        QCOMPARE(backoff.failures(), bases.size());
        backoff.reset();
        const qint64 again = backoff.next();
        QVERIFY(again >= 800 && again <= 1200);

        // Two consoles with different seeds do not retry in lockstep.
        Backoff a(Backoff::Policy { 1000, 30'000, 0.2 }, 1);
        Backoff b(Backoff::Policy { 1000, 30'000, 0.2 }, 2);
        QVector<qint64> fromA, fromB;
        for (int i = 0; i < 4; ++i) {
            fromA.append(a.next());
            fromB.append(b.next());
        }
        QVERIFY(fromA != fromB);

        Backoff exact(Backoff::Policy { 10, 40, 0 });
        QCOMPARE(exact.next(), 10);
        QCOMPARE(exact.next(), 20);
        QCOMPARE(exact.next(), 40);
        QCOMPARE(exact.next(), 40);
    }

    void retriesWithBackoffUntilTheSourceAnswers()
    {
        FlakySource source(3);
        ManualClock clock;
        MetricQueryService service(source, clock, Backoff::Policy { 40, 160, 0 });
        QSignalSpy ready(&service, &MetricQueryService::rangeReady);
        QSignalSpy stale(&service, &MetricQueryService::stalenessChanged);

        // A good answer first: it sets the "data as of" time.
        source.m_failures = 0;
        service.requestRange(1, QStringLiteral("up"), 0, 1000, 1000);
        QTRY_COMPARE(ready.size(), 1);
        QVERIFY(ready.at(0).at(1).value<QueryResult>().ok());
        const qint64 lastGood = clock.m_now;
        source.m_failures = 4; // the next three calls fail

        clock.m_now += 5000;
        service.requestRange(2, QStringLiteral("disk_used_percent"), 0, 1000, 1000);
        QTRY_COMPARE(ready.size(), 2);
        QCOMPARE(ready.at(1).at(0).toULongLong(), 2ULL);
        QVERIFY(ready.at(1).at(1).value<QueryResult>().unavailable);
        QCOMPARE(stale.size(), 1);
        auto first = stale.at(0).at(0).value<MetricStaleness>();
        QVERIFY(first.stale);
        QCOMPARE(first.source, QStringLiteral("prometheus"));
        QCOMPARE(first.failingSinceMs, clock.m_now);
        QCOMPARE(first.lastGoodMs, lastGood);
        QCOMPARE(first.retryInMs, 40);
        QCOMPARE(first.failures, 1);
        QVERIFY(first.error.contains(QLatin1String("Connection refused")));

        // While the source is down, new requests do not reach it: they hear the last error at once.
        service.requestRange(3, QStringLiteral("memory"), 0, 1000, 1000);
        QCOMPARE(ready.size(), 3);
        QCOMPARE(ready.at(2).at(0).toULongLong(), 3ULL);
        QVERIFY(ready.at(2).at(1).value<QueryResult>().error.contains(QLatin1String("Connection refused")));
        QCOMPARE(source.m_queries.size(), 2);

        // Two more failed probes, each after a doubled delay, then the source answers.
        QTRY_COMPARE_WITH_TIMEOUT(stale.size(), 4, 2000);
        QCOMPARE(source.m_queries.size(), 5);
        QCOMPARE(stale.at(1).at(0).value<MetricStaleness>().retryInMs, 80);
        QCOMPARE(stale.at(2).at(0).value<MetricStaleness>().retryInMs, 160);
        QCOMPARE(stale.at(2).at(0).value<MetricStaleness>().failures, 3);
        QCOMPARE(stale.at(2).at(0).value<MetricStaleness>().failingSinceMs, first.failingSinceMs);
        const auto recovered = stale.at(3).at(0).value<MetricStaleness>();
        QVERIFY(!recovered.stale);
        QCOMPARE(recovered.failures, 0);
        QVERIFY(recovered.error.isEmpty());
        QCOMPARE(recovered.lastGoodMs, clock.m_now);
        // The probes replayed the newest request; the gaps between them grew as scheduled.
        QCOMPARE(source.m_queries.mid(2),
            (QStringList { QStringLiteral("memory"), QStringLiteral("memory"), QStringLiteral("memory") }));
        const QVector<qint64> gaps { source.m_askedAt[2] - source.m_askedAt[1],
            source.m_askedAt[3] - source.m_askedAt[2], source.m_askedAt[4] - source.m_askedAt[3] };
        // (Qt's default coarse timers may fire up to 5 % early.)
        QVERIFY2(gaps[0] >= 38 && gaps[1] >= 76 && gaps[2] >= 152,
            qPrintable(QStringLiteral("%1 %2 %3").arg(gaps[0]).arg(gaps[1]).arg(gaps[2])));
        // Each probe's answer goes to the request it replayed; the last one carries the data.
        QTRY_COMPARE(ready.size(), 6);
        QCOMPARE(ready.at(5).at(0).toULongLong(), 3ULL);
        QVERIFY(ready.at(5).at(1).value<QueryResult>().ok());

        // Healthy again: requests go straight to the source.
        service.requestRange(4, QStringLiteral("up"), 0, 1000, 1000);
        QCOMPARE(source.m_queries.size(), 6);
        QTRY_COMPARE(ready.size(), 7);
        QVERIFY(ready.at(6).at(1).value<QueryResult>().ok());
        QCOMPARE(stale.size(), 4);
    }

    void aRejectedQueryIsNotAnOutage()
    {
        FlakySource source(0);
        ManualClock clock;
        MetricQueryService service(source, clock, Backoff::Policy { 40, 160, 0 });
        QSignalSpy ready(&service, &MetricQueryService::rangeReady);
        QSignalSpy stale(&service, &MetricQueryService::stalenessChanged);
        service.requestRange(1, QStringLiteral("bad{"), 0, 1000, 1000);
        QTRY_COMPARE(ready.size(), 1);
        QVERIFY(!ready.at(0).at(1).value<QueryResult>().ok());
        service.requestRange(2, QStringLiteral("up"), 0, 1000, 1000);
        QTRY_COMPARE(ready.size(), 2);
        QVERIFY(ready.at(1).at(1).value<QueryResult>().ok());
        QCOMPARE(source.m_queries.size(), 2);
        QCOMPARE(stale.size(), 0);
        QVERIFY(!service.staleness().stale);
    }
};

QTEST_GUILESS_MAIN(TestMetricQueryService)
#include "tst_metricqueryservice.moc"
