#include "interfaces/clock.h"
#include "interfaces/metricsource.h"
#include "learning/gatebacktester.h"
#include "recordeddisk.h"
#include "runs/gateevaluator.h"
#include "runs/renderedplan.h"

#include <QDateTime>
#include <QTest>
#include <cmath>
#include <limits>

using namespace firebreak;
using namespace RecordedDisk;

namespace {

using V = IncidentVerdict::Verdict;
QVector<IncidentVerdict> reviewed()
{
    return { { at(10), at(25), V::Useful, "A: disk full on db-eu-1" }, { at(29), at(35), V::Noise, "backup spike" },
        { at(50), at(65), V::MissedOrLate, "slow build" }, { at(79), at(95), V::Useful, "B: disk full again" } };
}

class ManualClock final : public Clock {
public:
    explicit ManualClock(qint64 nowMs)
        : m_nowMs(nowMs)
    {
    }
    qint64 nowMs() const override { return m_nowMs; }

private:
    qint64 m_nowMs;
};

// Answers range queries from the recorded history, as Prometheus would over that span.
class RecordedSource final : public MetricSource {
public:
    explicit RecordedSource(GateHistory history)
        : m_history(std::move(history))
    {
    }
    QString name() const override { return QStringLiteral("recorded"); }
    void instantQuery(const QString&, qint64, Callback done) override
    {
        QueryResult result;
        result.error = QStringLiteral("not used");
        done(result);
    }
    void rangeQuery(const QString&, qint64 startMs, qint64 endMs, qint64, Callback done) override
    {
        QueryResult result;
        for (const Series& series : m_history.series) {
            Series window { series.labels, {} };
            for (const Sample& sample : series.samples) {
                if (sample.timeMs >= startMs && sample.timeMs <= endMs)
                    window.samples.append(sample);
            }
            if (!window.samples.isEmpty())
                result.series.append(window);
        }
        done(result);
    }

private:
    GateHistory m_history;
};

} // namespace

class TestGateBacktester : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void findsHitsFalseAlarmsMissesAndDelays()
    {
        const BacktestResult result = GateBacktester(diskGate()).run({ history(), {}, reviewed() });
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.evaluatedFromMs, at(2));
        QCOMPARE(result.evaluatedToMs, at(130));

        // The blip is too short, and the gap and the NaN break the two 94% stretches that would
        // otherwise have held for 2m: neither fires.
        const QVector<BacktestFiring> firings { { at(12), at(20) }, { at(32), at(33, 15) }, { at(82), at(90) } };
        QCOMPARE(result.firings, firings);

        QCOMPARE(result.hits, 2);
        QCOMPARE(result.falseAlarms, 1);
        QCOMPARE(result.misses, 1);
        QCOMPARE(result.repeats, 0);
        QCOMPARE(result.notJudged, 0);
        QCOMPARE(result.findings.size(), 4);

        const BacktestFinding& a = result.findings.at(0);
        QCOMPARE(a.kind, BacktestFinding::Kind::Hit);
        QCOMPARE(a.incident, 0);
        QCOMPARE(a.delayMs, 2 * Minute);
        QVERIFY2(a.reason.contains("2m after 'A: disk full on db-eu-1'"), qPrintable(a.reason));

        const BacktestFinding& noise = result.findings.at(1);
        QCOMPARE(noise.kind, BacktestFinding::Kind::FalseAlarm);
        QCOMPARE(noise.incident, 1);
        QVERIFY2(noise.reason.contains("judged noise"), qPrintable(noise.reason));

        const BacktestFinding& slow = result.findings.at(2);
        QCOMPARE(slow.kind, BacktestFinding::Kind::Miss);
        QCOMPARE(slow.incident, 2);
        QCOMPARE(slow.firedMs, -1);
        QVERIFY2(slow.reason.contains("reached 92"), qPrintable(slow.reason));

        const BacktestFinding& b = result.findings.at(3);
        QCOMPARE(b.kind, BacktestFinding::Kind::Hit);
        QCOMPARE(b.incident, 3);
        QCOMPARE(b.delayMs, 3 * Minute);
        QCOMPARE(result.hitOf(3), &b);
        QCOMPARE(result.hitOf(2), nullptr);
    }

    void firingWithNoIncidentIsAFalseAlarmAndAnEarlyFiringHeldIntoAnIncidentIsAHit()
    {
        // Incident A recorded only from 15m: the gate, firing since 12m, was already holding then.
        const QVector<IncidentVerdict> incidents { { at(15), at(25), V::Useful, "A late record" } };
        const BacktestResult result = GateBacktester(diskGate()).run({ history(), {}, incidents });
        QCOMPARE(result.hits, 1);
        QCOMPARE(result.findings.at(0).delayMs, -3 * Minute);
        QCOMPARE(result.falseAlarms, 2); // the spike at 32m and B at 82m, with no incident open
        QVERIFY2(
            result.findings.at(1).reason.contains("with no incident open"), qPrintable(result.findings.at(1).reason));
    }

    void confirmGateMustAlsoHold()
    {
        // Latency is high only during the two real incidents: the confirm gate silences the spike.
        QVector<Sample> latency;
        for (qint64 t = at(0); t <= at(130); t += Step) {
            const bool slow = (t >= at(10) && t < at(25)) || (t >= at(80) && t < at(95));
            latency.append({ t, slow ? 0.5 : 0.05 });
        }
        PlaybookGate confirm;
        confirm.kind = PlaybookGate::Kind::Confirm;
        confirm.query = QStringLiteral("db_write_latency_p99_seconds");
        confirm.threshold = 0.2;
        const GateHistory latencyHistory { { Series { { { "__name__", "db_write_latency_p99_seconds" } }, latency } },
            at(0), at(130), Step };
        const BacktestResult result
            = GateBacktester(diskGate(), confirm).run({ history(), latencyHistory, reviewed() });
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.hits, 2);
        QCOMPARE(result.falseAlarms, 0);
        QCOMPARE(result.misses, 1);
    }

    void incidentsOutsideTheReplayAreNotJudged()
    {
        const QVector<IncidentVerdict> incidents { { at(200), at(210), V::Useful, "later" } };
        const BacktestResult result = GateBacktester(diskGate()).run({ history(), {}, incidents });
        QCOMPARE(result.misses, 0);
        QCOMPARE(result.notJudged, 1);
    }

    void badInputIsRefusedWithAReason()
    {
        GateHistory noStep = history();
        noStep.stepMs = 0;
        const BacktestResult result = GateBacktester(diskGate()).run({ noStep, {}, {} });
        QVERIFY(!result.ok());
        QVERIFY2(result.error.contains("step must be positive"), qPrintable(result.error));

        PlaybookGate quiet;
        quiet.kind = PlaybookGate::Kind::Quiet;
        QVERIFY(GateBacktester(quiet).run({ history(), {}, {} }).error.contains("only a sustained gate"));
    }

    void judgesWindowsLikeTheLiveEvaluator_data()
    {
        QTest::addColumn<qint64>("nowMs");
        QTest::addColumn<bool>("passes");
        QTest::newRow("A held 2m") << at(12) << true;
        QTest::newRow("A held 1m45s") << at(11, 45) << false;
        QTest::newRow("A ended") << at(20) << false;
        QTest::newRow("ramp at 60m") << at(60) << false;
        QTest::newRow("gap inside the window") << at(102, 30) << false;
        QTest::newRow("NaN inside the window") << at(112) << false;
        QTest::newRow("B held 5m") << at(85) << true;
        QTest::newRow("quiet") << at(125) << false;
    }

    void judgesWindowsLikeTheLiveEvaluator()
    {
        QFETCH(qint64, nowMs);
        QFETCH(bool, passes);
        const PlaybookGate gate = diskGate();
        QCOMPARE(GateEvaluator::stepFor(gate.forMs), Step); // the live query sees the recorded grid

        ManualClock clock(nowMs);
        RecordedSource source(history());
        GateEvaluator evaluator(clock, source, {});
        RenderedPlan plan;
        plan.playbookId = QStringLiteral("disk-cleanup");
        plan.gates = { RenderedGate { gate, gate.query } };
        std::optional<GateDecision> decision;
        evaluator.evaluate(plan, 0, [&](const GateDecision& d) { decision = d; });
        QVERIFY(decision);

        const QString problem = GateBacktester::problemAt(gate, history(), nowMs);
        QCOMPARE(decision->passed, passes);
        QCOMPARE(problem.isEmpty(), passes);
        if (!passes) // the same judge, so the same words
            QVERIFY2(decision->reason.endsWith(problem), qPrintable(decision->reason + " | " + problem));
    }
};

QTEST_GUILESS_MAIN(TestGateBacktester)
#include "tst_gatebacktester.moc"
