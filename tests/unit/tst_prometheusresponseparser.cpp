#include "metrics/prometheusresponseparser.h"

#include <QFile>
#include <QTest>
#include <cmath>

using namespace firebreak;

namespace {
// The fixtures and where each comes from are listed in tests/data/prometheus/README.md.
QByteArray fixture(const QString& name)
{
    QFile file(QStringLiteral(FIREBREAK_TEST_DATA "/prometheus/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(name));
    return file.readAll();
}
} // namespace

class TestPrometheusResponseParser : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void instantVectorFromARealServer()
    {
        const QueryResult result = PrometheusResponseParser::parse(200, fixture(QStringLiteral("vector_up.json")));
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.series.size(), 1);
        const Series& up = result.series.at(0);
        QCOMPARE(up.labels.value(QStringLiteral("__name__")), QStringLiteral("up"));
        QCOMPARE(up.labels.value(QStringLiteral("job")), QStringLiteral("self"));
        QCOMPARE(up.labels.value(QStringLiteral("instance")), QStringLiteral("127.0.0.1:19390"));
        QCOMPARE(up.samples.size(), 1);
        QCOMPARE(up.samples.at(0).timeMs, 1795245513338LL); // fractional seconds kept to the millisecond
        QCOMPARE(up.samples.at(0).value, 1.0);
    }

    void rangeMatrixFromARealServer()
    {
        const QueryResult result = PrometheusResponseParser::parse(200, fixture(QStringLiteral("matrix_up.json")));
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.series.size(), 1);
        const QVector<Sample> expected { { 1795245510000, 1 }, { 1795245511000, 1 }, { 1795245512000, 1 },
            { 1795245513000, 1 } };
        QCOMPARE(result.series.at(0).samples, expected);

        const QueryResult three
            = PrometheusResponseParser::parse(200, fixture(QStringLiteral("matrix_range_selector.json")));
        QVERIFY2(three.ok(), qPrintable(three.error));
        QCOMPARE(three.series.size(), 3);
        QCOMPARE(three.series.at(2).labels.value(QStringLiteral("handler")), QStringLiteral("/metrics"));
        QCOMPARE(three.series.at(2).samples.at(2).value, 3.0);
        QCOMPARE(three.series.at(2).samples.at(2).timeMs, 1795245512398LL);
    }

    void scalarBecomesOneUnlabelledSeries()
    {
        const QueryResult result = PrometheusResponseParser::parse(200, fixture(QStringLiteral("scalar.json")));
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.series.size(), 1);
        QVERIFY(result.series.at(0).labels.isEmpty());
        QCOMPARE(result.series.at(0).samples.at(0).value, 2.0);
    }

    void specialValues_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<double>("expected");
        QTest::newRow("+Inf") << QStringLiteral("vector_plus_inf.json") << std::numeric_limits<double>::infinity();
        QTest::newRow("-Inf") << QStringLiteral("vector_minus_inf.json") << -std::numeric_limits<double>::infinity();
        QTest::newRow("NaN") << QStringLiteral("vector_nan.json") << std::numeric_limits<double>::quiet_NaN();
    }

    void specialValues()
    {
        QFETCH(QString, file);
        QFETCH(double, expected);
        const QueryResult result = PrometheusResponseParser::parse(200, fixture(file));
        QVERIFY2(result.ok(), qPrintable(result.error));
        const double value = result.series.at(0).samples.at(0).value;
        if (std::isnan(expected))
            QVERIFY(std::isnan(value));
        else
            QCOMPARE(value, expected);
    }

    void warningsAreKeptWithTheData()
    {
        const QueryResult result = PrometheusResponseParser::parse(200, fixture(QStringLiteral("warnings.json")));
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.warnings, QStringList { QStringLiteral("PromQL info: metric might not be a counter") });
        QCOMPARE(result.series.at(0).samples.at(0).value, 91.25);
        QCOMPARE(result.series.at(0).samples.at(0).timeMs, 1700000000500LL);
    }

    void errors_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<bool>("unavailable");
        QTest::newRow("bad_data from a real server")
            << 400 << fixture(QStringLiteral("error_bad_data.json"))
            << QStringLiteral("bad_data: invalid parameter \"query\": 1:4: parse error: unexpected end of input "
                              "inside braces")
            << false;
        QTest::newRow("end before start")
            << 400 << fixture(QStringLiteral("error_end_before_start.json"))
            << QStringLiteral("bad_data: invalid parameter \"end\": end timestamp must not be before start time")
            << false;
        QTest::newRow("query timeout is worth retrying")
            << 503 << fixture(QStringLiteral("error_timeout.json"))
            << QStringLiteral("timeout: query timed out in expression evaluation") << true;
        QTest::newRow("third series' pair")
            << 200 << fixture(QStringLiteral("malformed_pair.json"))
            << QStringLiteral("malformed response: data.result[2].values[0] is not a [time, value] pair") << false;
        QTest::newRow("value not a number")
            << 200 << fixture(QStringLiteral("malformed_value.json"))
            << QStringLiteral("malformed response: data.result[0].value has the value \"12abc\", which is not a "
                              "number")
            << false;
        QTest::newRow("native histogram")
            << 200 << fixture(QStringLiteral("native_histogram.json"))
            << QStringLiteral("malformed response: data.result[0] holds native histogram samples, which charts "
                              "cannot show")
            << false;
        QTest::newRow("string result") << 200 << fixture(QStringLiteral("string.json"))
                                       << QStringLiteral("the query returns a string, not numbers a chart can show")
                                       << false;
        QTest::newRow("proxy error page") << 502 << QByteArray("<html><body>Bad Gateway</body></html>")
                                          << QStringLiteral("HTTP 502: <html><body>Bad Gateway</body></html>") << true;
        QTest::newRow("not JSON") << 200 << QByteArray("{\"status\":")
                                  << QStringLiteral("malformed response: not JSON (unterminated object at byte 10)")
                                  << false;
        QTest::newRow("array at the top")
            << 200 << QByteArray("[]") << QStringLiteral("malformed response: the top level is not an object") << false;
        QTest::newRow("unknown status")
            << 200 << QByteArray(R"({"status":"maybe","data":{}})")
            << QStringLiteral("malformed response: status is \"maybe\", expected \"success\" or \"error\"") << false;
        QTest::newRow("no data") << 200 << QByteArray(R"({"status":"success"})")
                                 << QStringLiteral("malformed response: data is missing or not an object") << false;
        QTest::newRow("unknown resultType")
            << 200 << QByteArray(R"({"status":"success","data":{"resultType":"table","result":[]}})")
            << QStringLiteral(
                   "malformed response: data.resultType is \"table\", expected vector, matrix, scalar or string")
            << false;
        QTest::newRow("label not a string")
            << 200
            << QByteArray(
                   R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{"a":1},"value":[1,"1"]}]}})")
            << QStringLiteral("malformed response: data.result[0].metric.a is not a string") << false;
        QTest::newRow("values not an array")
            << 200
            << QByteArray(R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":3}]}})")
            << QStringLiteral("malformed response: data.result[0].values is not an array") << false;
        QTest::newRow("time as a string")
            << 200
            << QByteArray(
                   R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":["1","1"]}]}})")
            << QStringLiteral("malformed response: data.result[0].value is not a [time, value] pair") << false;
        QTest::newRow("error without a body") << 503 << QByteArray() << QStringLiteral("HTTP 503: ") << true;
    }

    void errors()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(QString, expected);
        QFETCH(bool, unavailable);
        const QueryResult result = PrometheusResponseParser::parse(status, body);
        QVERIFY(!result.ok());
        QCOMPARE(result.error.trimmed(), expected.trimmed());
        QCOMPARE(result.unavailable, unavailable);
        QVERIFY(result.series.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestPrometheusResponseParser)
#include "tst_prometheusresponseparser.moc"
