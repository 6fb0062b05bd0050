#include "interfaces/metricsource.h"
#include "learning/backtestrunner.h"
#include "learning/gatebacktester.h"
#include "recordeddisk.h"

#include <QSignalSpy>
#include <QTest>

using namespace firebreak;
using namespace RecordedDisk;

namespace {

// Answers range queries from the recorded history, as Prometheus would, or with an error.
class RecordedSource final : public MetricSource {
public:
    QString error;
    QVector<qint64> askedSteps;

    QString name() const override { return QStringLiteral("recorded"); }
    void instantQuery(const QString&, qint64, Callback done) override
    {
        QueryResult result;
        result.error = QStringLiteral("not used");
        done(result);
    }
    void rangeQuery(const QString&, qint64 startMs, qint64 endMs, qint64 stepMs, Callback done) override
    {
        askedSteps.append(stepMs);
        QueryResult result;
        result.error = error;
        Series window { Labels, {} };
        for (const Sample& sample : recorded()) {
            if (sample.timeMs >= startMs && sample.timeMs <= endMs)
                window.samples.append(sample);
        }
        if (error.isEmpty() && !window.samples.isEmpty())
            result.series.append(window);
        done(result);
    }
};

} // namespace

class TestBacktestRunner : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void fetchesTheHistoryAndReplaysIt()
    {
        RecordedSource source;
        BacktestRunner runner(source);
        QSignalSpy finished(&runner, &BacktestRunner::finished);
        const QVector<IncidentVerdict> incidents { { at(10), at(25), IncidentVerdict::Verdict::Useful, "A" } };
        const int id = runner.run({ diskGate(), diskGate().query, std::nullopt, {}, at(2), at(130), incidents });
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(finished.first().at(0).toInt(), id);
        const auto result = finished.first().at(1).value<BacktestResult>();
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(source.askedSteps, QVector<qint64>({ Step })); // the live evaluator's step for 2m
        // The same as replaying the recorded history directly.
        QCOMPARE(result, GateBacktester(diskGate()).run({ history(), {}, incidents }));
        QCOMPARE(result.hits, 1);
        QCOMPARE(result.falseAlarms, 2);
    }

    void aFailedQueryIsReported()
    {
        RecordedSource source;
        source.error = QStringLiteral("connection refused");
        BacktestRunner runner(source);
        QSignalSpy finished(&runner, &BacktestRunner::finished);
        runner.run({ diskGate(), diskGate().query, std::nullopt, {}, at(2), at(130), {} });
        QTRY_COMPARE(finished.size(), 1);
        const auto result = finished.first().at(1).value<BacktestResult>();
        QVERIFY(!result.ok());
        QVERIFY2(result.error.contains("connection refused") && result.error.contains("disk_used_percent"),
            qPrintable(result.error));
    }
};

QTEST_GUILESS_MAIN(TestBacktestRunner)
#include "tst_backtestrunner.moc"
