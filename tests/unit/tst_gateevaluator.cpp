#include "interfaces/clock.h"
#include "interfaces/metricsource.h"
#include "runs/gateevaluator.h"
#include "runs/renderedplan.h"
#include "sandbox/sandboxmetricsource.h"
#include "sandbox/sandboxworld.h"

#include <QDateTime>
#include <QJsonArray>
#include <QTest>
#include <QThread>
#include <cmath>
#include <limits>

using namespace firebreak;

Q_DECLARE_METATYPE(firebreak::PlaybookGate)
Q_DECLARE_METATYPE(firebreak::ChangeRecord)

namespace {

constexpr qint64 Second = 1000;
constexpr qint64 Minute = 60 * Second;
constexpr qint64 Step = 15 * Second; // what a 5m window is queried with
const qint64 Now = QDateTime(QDate(2026, 3, 10), QTime(10, 5), Qt::UTC).toMSecsSinceEpoch();
const QString DiskQuery = QStringLiteral(R"(disk_used_percent{service="db",instance="db-eu-1"})");
const QString DiskEu = QStringLiteral(R"(disk_used_percent{instance="db-eu-1",service="db"})");
const QString DiskUs = QStringLiteral(R"(disk_used_percent{instance="db-us-1",service="db"})");
const LabelSet EuLabels { { "__name__", "disk_used_percent" }, { "instance", "db-eu-1" }, { "service", "db" } };
const LabelSet UsLabels { { "__name__", "disk_used_percent" }, { "instance", "db-us-1" }, { "service", "db" } };

class ManualClock final : public Clock {
public:
    explicit ManualClock(qint64 nowMs)
        : m_nowMs(nowMs)
    {
    }
    qint64 nowMs() const override { return m_nowMs; }
    void set(qint64 nowMs) { m_nowMs = nowMs; }

private:
    qint64 m_nowMs;
};

// Answers with a scripted result at once, later (when the test says so), or never; remembers what it
// was asked.
class FakeMetricSource final : public MetricSource {
public:
    enum class Mode { Immediate, Deferred };
    struct Asked {
        bool range = false;
        QString query;
        qint64 startMs = 0;
        qint64 endMs = 0;
        qint64 stepMs = 0;
    };

    QueryResult result;
    Mode mode = Mode::Immediate;
    QVector<Asked> asked;
    QVector<Callback> waiting;

    QString name() const override { return QStringLiteral("fake"); }
    void instantQuery(const QString& query, qint64 atMs, Callback done) override
    {
        asked.append({ false, query, atMs, atMs, 0 });
        answer(std::move(done));
    }
    void rangeQuery(const QString& query, qint64 startMs, qint64 endMs, qint64 stepMs, Callback done) override
    {
        asked.append({ true, query, startMs, endMs, stepMs });
        answer(std::move(done));
    }

private:
    void answer(Callback done)
    {
        if (mode == Mode::Immediate)
            done(result);
        else
            waiting.append(std::move(done));
    }
};

// Samples every `step` from `fromMs` to `toMs` inclusive, all of value `value`.
QVector<Sample> flat(qint64 fromMs, qint64 toMs, double value, qint64 step = Step)
{
    QVector<Sample> samples;
    for (qint64 t = fromMs; t <= toMs; t += step)
        samples.append({ t, value });
    return samples;
}

QVector<Sample> withValue(QVector<Sample> samples, qint64 timeMs, double value)
{
    for (Sample& sample : samples) {
        if (sample.timeMs == timeMs)
            sample.value = value;
    }
    return samples;
}

QVector<Sample> without(QVector<Sample> samples, qint64 fromMs, qint64 toMs)
{
    samples.removeIf([&](const Sample& sample) { return sample.timeMs >= fromMs && sample.timeMs <= toMs; });
    return samples;
}

QueryResult answer(const QVector<Series>& series)
{
    QueryResult result;
    result.series = series;
    return result;
}

QueryResult failure(const QString& error, bool unavailable)
{
    QueryResult result;
    result.error = error;
    result.unavailable = unavailable;
    return result;
}

PlaybookGate threshold(PlaybookGate::Kind kind, PlaybookGate::Comparison comparison, double value, qint64 forMs)
{
    PlaybookGate gate;
    gate.kind = kind;
    gate.line = 17;
    gate.query = DiskQuery;
    gate.comparison = comparison;
    gate.threshold = value;
    gate.forMs = forMs;
    return gate;
}

PlaybookGate sustainedAbove(double value, qint64 forMs = 5 * Minute)
{
    return threshold(PlaybookGate::Kind::Sustained, PlaybookGate::Comparison::Above, value, forMs);
}

PlaybookGate quietAbout(const QStringList& kinds = { "deploy", "cron", "maintenance" })
{
    PlaybookGate gate;
    gate.kind = PlaybookGate::Kind::Quiet;
    gate.line = 18;
    gate.windowMs = 30 * Minute;
    gate.changeKinds = kinds;
    return gate;
}

RenderedPlan planWith(const PlaybookGate& gate, const QStringList& targets = { "instance=db-eu-1" })
{
    RenderedPlan plan;
    plan.playbookId = QStringLiteral("disk-cleanup");
    plan.sourceFile = QStringLiteral("/etc/firebreak/playbooks/disk-cleanup.yaml");
    plan.gates = { RenderedGate { gate, gate.query } };
    for (const QString& target : targets) {
        RenderedStep step;
        step.name = QStringLiteral("clean up ") + target;
        step.target = target;
        plan.steps.append(step);
    }
    return plan;
}

// Collects what `done` was called with, and how often.
struct Outcome {
    QVector<GateDecision> decisions;
    GateEvaluator::Done done()
    {
        return [this](const GateDecision& decision) { decisions.append(decision); };
    }
    const GateDecision& only() const { return decisions.first(); }
};

QString gateLine(const PlaybookGate& gate)
{
    return QStringLiteral("%1 gate (disk-cleanup.yaml:%2): ").arg(playbookGateKindName(gate.kind)).arg(gate.line);
}

} // namespace

class TestGateEvaluator : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void stepIsASixtiethOfTheWindowButNoFinerThanAScrape();
    void thresholdGates_data();
    void thresholdGates();
    void sustainedAsksForTheWholeWindow();
    void evidenceIsBounded();
    void quietGate_data();
    void quietGate();
    void blastRadius_data();
    void blastRadius();
    void gatesOfTheEngineAndMissingGatesBlock();
    void silentSourceTimesOut();
    void lateAnswerAfterTimeoutIsIgnored();
    void deferredAnswerDecidesOnce();
    void answerAfterDestructionIsDropped();
    void answerFromAnotherThreadArrivesOnTheEvaluatorsThread();
    void doneMayDestroyTheEvaluator();
    void sandboxDiskFullHoldsOnlyAfterFiveMinutes();
};

void TestGateEvaluator::stepIsASixtiethOfTheWindowButNoFinerThanAScrape()
{
    QCOMPARE(GateEvaluator::stepFor(5 * Minute), 15 * Second);
    QCOMPARE(GateEvaluator::stepFor(30 * Second), 15 * Second);
    QCOMPARE(GateEvaluator::stepFor(60 * Minute), Minute);
}

void TestGateEvaluator::thresholdGates_data()
{
    QTest::addColumn<PlaybookGate>("gate");
    QTest::addColumn<QueryResult>("result");
    QTest::addColumn<bool>("passed");
    QTest::addColumn<QString>("reason"); // after "<kind> gate (disk-cleanup.yaml:17): "

    const qint64 start = Now - 5 * Minute;
    const QVector<Sample> full = withValue(flat(start, Now, 95), Now - 2 * Minute, 93.2);
    const QString window = QStringLiteral("(min 93.2, max 95 over 21 samples in the last 5m)");
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();

    QTest::newRow("sustained above") << sustainedAbove(90) << answer({ { EuLabels, full } }) << true
                                     << DiskEu + " stayed above 90 for 5m (min 93.2 over 21 samples)";
    QTest::newRow("exactly at the threshold is not above")
        << sustainedAbove(90) << answer({ { EuLabels, withValue(full, Now - Minute, 90) } }) << false
        << "blocked: " + DiskEu
            + " was 90 at 10:04:00 UTC, not above 90 (min 90, max 95 over 21 samples in the last 5m)";
    QTest::newRow("sustained below") << threshold(PlaybookGate::Kind::Sustained, PlaybookGate::Comparison::Below, 50,
        5 * Minute) << answer({ { EuLabels, withValue(flat(start, Now, 40), Now, 45.5) } })
                                     << true << DiskEu + " stayed below 50 for 5m (max 45.5 over 21 samples)";
    QTest::newRow("below, exactly at the threshold")
        << threshold(PlaybookGate::Kind::Sustained, PlaybookGate::Comparison::Below, 50, 5 * Minute)
        << answer({ { EuLabels, withValue(flat(start, Now, 40), start, 50) } }) << false
        << "blocked: " + DiskEu
            + " was 50 at 10:00:00 UTC, not below 50 (min 40, max 50 over 21 samples in the last 5m)";
    QTest::newRow("dips once") << sustainedAbove(94) << answer({ { EuLabels, full } }) << false
                               << "blocked: " + DiskEu + " was 93.2 at 10:03:00 UTC, not above 94 " + window;
    QTest::newRow("gap in the middle") << sustainedAbove(
        90) << answer({ { EuLabels, without(full, Now - 3 * Minute, Now - 2 * Minute - Step) } })
                                       << false
                                       << "blocked: missing data: " + DiskEu
            + " has no sample from 10:01:45 UTC to 10:03:00 UTC (1m15s, more than 2 steps of 15s)";
    QTest::newRow("gap of exactly two steps")
        << sustainedAbove(90) << answer({ { EuLabels, without(full, Now - 3 * Minute, Now - 3 * Minute) } }) << true
        << DiskEu + " stayed above 90 for 5m (min 93.2 over 20 samples)";
    QTest::newRow("gap of three steps") << sustainedAbove(
        90) << answer({ { EuLabels, without(full, Now - 3 * Minute, Now - 3 * Minute + Step) } })
                                        << false
                                        << "blocked: missing data: " + DiskEu
            + " has no sample from 10:01:45 UTC to 10:02:30 UTC (45s, more than 2 steps of 15s)";
    {
        QVector<Sample> shuffled = full;
        std::swap(shuffled[10], shuffled[11]);
        QTest::newRow("samples out of order")
            << sustainedAbove(90) << answer({ { EuLabels, shuffled } }) << false
            << "blocked: missing data: " + DiskEu + " has samples out of order at 10:02:30 UTC";
    }
    QTest::newRow("series starts late") << sustainedAbove(90)
                                        << answer({ { EuLabels, without(full, start, Now - 4 * Minute - Second) } })
                                        << false
                                        << "blocked: missing data: " + DiskEu
            + " starts at 10:01:00 UTC, 1m after the start of the 5m window (allowed: one step of 15s)";
    QTest::newRow("series starts one step late")
        << sustainedAbove(90) << answer({ { EuLabels, without(full, start, start) } }) << true
        << DiskEu + " stayed above 90 for 5m (min 93.2 over 20 samples)";
    QTest::newRow("series ends early") << sustainedAbove(90)
                                       << answer({ { EuLabels, without(full, Now - 45 * Second, Now) } }) << false
                                       << "blocked: missing data: " + DiskEu
            + " ends at 10:04:00 UTC, 1m before now (allowed: one step of 15s)";
    QTest::newRow("two series, one dips")
        << sustainedAbove(90)
        << answer({ { EuLabels, full }, { UsLabels, withValue(flat(start, Now, 97), Now - 30 * Second, 71.5) } })
        << false
        << "blocked: " + DiskUs
            + " was 71.5 at 10:04:30 UTC, not above 90 (min 71.5, max 97 over 21 samples in the last 5m)";
    QTest::newRow("two series, both hold")
        << sustainedAbove(90) << answer({ { EuLabels, full }, { UsLabels, flat(start, Now, 97) } }) << true
        << "all 2 series of " + DiskQuery + " stayed above 90 for 5m (min 93.2 over 42 samples)";
    QTest::newRow("NaN is missing data") << sustainedAbove(90)
                                         << answer({ { EuLabels, withValue(full, Now - Minute, nan) } }) << false
                                         << "blocked: missing data: " + DiskEu + " is NaN at 10:04:00 UTC";
    QTest::newRow("infinity is missing data")
        << sustainedAbove(90) << answer({ { EuLabels, withValue(full, Now - Minute, inf) } }) << false
        << "blocked: missing data: " + DiskEu + " is +Inf at 10:04:00 UTC";
    QTest::newRow("no series") << sustainedAbove(90) << answer({}) << false
                               << "blocked: no data: " + DiskQuery + " returned no series for the last 5m";
    QTest::newRow("a series without samples")
        << sustainedAbove(90) << answer({ { EuLabels, full }, { UsLabels, {} } }) << false
        << "blocked: missing data: " + DiskUs + " has no samples in the last 5m";
    QTest::newRow("query error") << sustainedAbove(90) << failure("parse error at char 18: unexpected '}'", false)
                                 << false << "blocked: query failed: parse error at char 18: unexpected '}'";
    QTest::newRow("source unavailable")
        << sustainedAbove(90) << failure("connection refused (http://prometheus:9090)", true) << false
        << "blocked: metrics source 'fake' unavailable: connection refused (http://prometheus:9090)";

    const auto confirm = [](double value, qint64 forMs = 0) {
        return threshold(PlaybookGate::Kind::Confirm, PlaybookGate::Comparison::Above, value, forMs);
    };
    QTest::newRow("confirm now") << confirm(1) << answer({ { EuLabels, { { Now, 1.8 } } } }) << true
                                 << DiskEu + " is 1.8, above 1";
    QTest::newRow("confirm exactly at the threshold") << confirm(1) << answer({ { EuLabels, { { Now, 1 } } } }) << false
                                                      << "blocked: " + DiskEu + " is 1, not above 1";
    QTest::newRow("confirm, two series, one below")
        << confirm(1) << answer({ { EuLabels, { { Now, 1.2 } } }, { UsLabels, { { Now, 0.4 } } } }) << false
        << "blocked: " + DiskUs + " is 0.4, not above 1";
    QTest::newRow("confirm, two series above")
        << confirm(1) << answer({ { EuLabels, { { Now, 1.2 } } }, { UsLabels, { { Now, 3 } } } }) << true
        << "all 2 series of " + DiskQuery + " are above 1 (min 1.2)";
    QTest::newRow("confirm NaN") << confirm(1) << answer({ { EuLabels, { { Now, nan } } } }) << false
                                 << "blocked: missing data: " + DiskEu + " is NaN at 10:05:00 UTC";
    QTest::newRow("confirm no series") << confirm(1) << answer({}) << false
                                       << "blocked: no data: " + DiskQuery + " returned no series at 10:05:00 UTC";
    QTest::newRow("confirm error") << confirm(1) << failure("bad_data: invalid parameter", false) << false
                                   << "blocked: query failed: bad_data: invalid parameter";
    QTest::newRow("confirm for 2m") << confirm(1, 2 * Minute)
                                    << answer({ { EuLabels, flat(Now - 2 * Minute, Now, 1.5) } }) << true
                                    << DiskEu + " stayed above 1 for 2m (min 1.5 over 9 samples)";
    QTest::newRow("confirm for 2m with a dip")
        << confirm(1, 2 * Minute) << answer({ { EuLabels, withValue(flat(Now - 2 * Minute, Now, 1.5), Now, 0.9) } })
        << false
        << "blocked: " + DiskEu
            + " was 0.9 at 10:05:00 UTC, not above 1 (min 0.9, max 1.5 over 9 samples in the last 2m)";
}

void TestGateEvaluator::thresholdGates()
{
    QFETCH(PlaybookGate, gate);
    QFETCH(QueryResult, result);
    QFETCH(bool, passed);
    QFETCH(QString, reason);

    ManualClock clock(Now);
    FakeMetricSource source;
    source.result = result;
    GateEvaluator evaluator(clock, source, [](qint64, qint64) { return QVector<ChangeRecord>(); });
    Outcome outcome;
    evaluator.evaluate(planWith(gate), 0, outcome.done());
    QCOMPARE(outcome.decisions.size(), 1); // synchronous source: decided before evaluate returned
    QCOMPARE(outcome.only().passed, passed);
    QCOMPARE(outcome.only().reason, gateLine(gate) + reason);
    QCOMPARE(outcome.only().index, 0);
    QCOMPARE(outcome.only().kind, gate.kind);
    QCOMPARE(outcome.only().evidence.value("query").toString(), DiskQuery);
    QCOMPARE(outcome.only().evidence.value("line").toInt(), 17);
    if (!result.ok())
        QCOMPARE(outcome.only().evidence.value("error").toString(), result.error);
    QCOMPARE(source.asked.size(), 1);
}

void TestGateEvaluator::sustainedAsksForTheWholeWindow()
{
    ManualClock clock(Now);
    FakeMetricSource source;
    source.result = answer({ { EuLabels, flat(Now - 60 * Minute, Now, 95, Minute) } });
    GateEvaluator evaluator(clock, source, [](qint64, qint64) { return QVector<ChangeRecord>(); });
    Outcome outcome;
    evaluator.evaluate(planWith(sustainedAbove(90, 60 * Minute)), 0, outcome.done());
    QCOMPARE(source.asked.size(), 1);
    const FakeMetricSource::Asked asked = source.asked.first();
    QVERIFY(asked.range);
    QCOMPARE(asked.query, DiskQuery);
    QCOMPARE(asked.startMs, Now - 60 * Minute);
    QCOMPARE(asked.endMs, Now);
    QCOMPARE(asked.stepMs, Minute);
    QVERIFY(outcome.only().passed);
    QCOMPARE(outcome.only().evidence.value("step_ms").toDouble(), double(Minute));

    // A one-minute scrape gap is fine at a one-minute step (2 steps), not at the 15s step of a 5m window.
    source.result
        = answer({ { EuLabels, without(flat(Now - 5 * Minute, Now, 95), Now - 2 * Minute, Now - Minute - Step) } });
    evaluator.evaluate(planWith(sustainedAbove(90)), 0, outcome.done());
    QCOMPARE(source.asked.last().stepMs, Step);
    QVERIFY(!outcome.decisions.last().passed);
    QVERIFY(outcome.decisions.last().reason.contains("more than 2 steps of 15s"));

    // Confirm without a duration asks for the value now.
    source.result = answer({ { EuLabels, { { Now, 2 } } } });
    evaluator.evaluate(
        planWith(threshold(PlaybookGate::Kind::Confirm, PlaybookGate::Comparison::Above, 1, 0)), 0, outcome.done());
    QVERIFY(!source.asked.last().range);
    QCOMPARE(source.asked.last().startMs, Now);
}

void TestGateEvaluator::evidenceIsBounded()
{
    ManualClock clock(Now);
    FakeMetricSource source;
    QVector<Sample> dense = flat(Now - 5 * Minute, Now, 95, Second); // 301 samples
    dense[150].value = 91.5;
    QVector<Series> many;
    for (int i = 0; i < 30; ++i)
        many.append({ { { "__name__", "up" }, { "pod", QString::number(i) } }, dense });
    source.result = answer(many);
    GateEvaluator evaluator(clock, source, [](qint64, qint64) { return QVector<ChangeRecord>(); });
    Outcome outcome;
    evaluator.evaluate(planWith(sustainedAbove(90)), 0, outcome.done());
    const GateDecision& decision = outcome.only();
    QVERIFY2(decision.passed, qPrintable(decision.reason));
    QVERIFY(decision.reason.endsWith("(min 91.5 over 9030 samples)"));
    QCOMPARE(decision.evidence.value("series_total").toInt(), 30);
    QCOMPARE(decision.evidence.value("min").toDouble(), 91.5);
    QCOMPARE(decision.evidence.value("max").toDouble(), 95.0);
    const QJsonArray series = decision.evidence.value("series").toArray();
    QCOMPARE(series.size(), GateEvaluator::MaxEvidenceSeries);
    const QJsonObject first = series.first().toObject();
    QCOMPARE(first.value("series").toString(), QStringLiteral(R"(up{pod="0"})"));
    QCOMPARE(first.value("samples_total").toInt(), 301);
    QCOMPARE(first.value("min").toDouble(), 91.5);
    const QJsonArray samples = first.value("samples").toArray();
    QCOMPARE(samples.size(), GateEvaluator::MaxEvidenceSamples);
    QCOMPARE(samples.first().toArray(), (QJsonArray { double(Now - 5 * Minute), 95.0 }));
    QCOMPARE(samples.last().toArray(), (QJsonArray { double(Now), 95.0 }));
}

void TestGateEvaluator::quietGate_data()
{
    QTest::addColumn<QVector<ChangeRecord>>("changes");
    QTest::addColumn<QStringList>("kinds");
    QTest::addColumn<bool>("passed");
    QTest::addColumn<QString>("reason");

    const QStringList all { "deploy", "cron", "maintenance" };
    const qint64 from = Now - 30 * Minute; // 09:35:00
    const ChangeRecord inside { from + Second, 0, "deploy", "checkout v2.3.1", 41 };
    const ChangeRecord outside { from - Second, 0, "deploy", "checkout v2.3.0", 40 };

    QTest::newRow("nothing") << QVector<ChangeRecord> {} << all << true
                             << "no deploy, cron, maintenance in the last 30m";
    QTest::newRow("deploy just inside") << QVector<ChangeRecord> {
        inside
    } << all << false << "blocked: deploy 'checkout v2.3.1' at 09:35:01 UTC, 29m59s ago, within the 30m window";
    QTest::newRow("deploy at the window's start")
        << QVector<ChangeRecord> { { from, 0, "deploy", "checkout v2.3.1", 41 } } << all << false
        << "blocked: deploy 'checkout v2.3.1' at 09:35:00 UTC, 30m ago, within the 30m window";
    QTest::newRow("deploy just outside") << QVector<ChangeRecord> { outside } << all << true
                                         << "no deploy, cron, maintenance in the last 30m";
    QTest::newRow("event kind names") << QVector<ChangeRecord> { { Now - Minute, 0, "change.cron", "nightly vacuum",
        7 } } << all << false << "blocked: cron 'nightly vacuum' at 10:04:00 UTC, 1m ago, within the 30m window";
    QTest::newRow("a kind the gate does not watch")
        << QVector<ChangeRecord> { { Now - Minute, 0, "cron", "nightly vacuum", 7 } } << QStringList { "deploy" }
        << true << "no deploy in the last 30m";
    QTest::newRow("newest of several")
        << QVector<ChangeRecord> { inside, outside, { Now - 5 * Minute, 0, "cron", "report export", 44 } } << all
        << false
        << "blocked: cron 'report export' at 10:00:00 UTC, 5m ago, within the 30m window (2 changes in the window)";
    QTest::newRow("maintenance window still open")
        << QVector<ChangeRecord> { { Now - 2 * 60 * Minute, Now + 60 * Minute, "maintenance", "storage firmware", 0 } }
        << all << false
        << "blocked: maintenance 'storage firmware' since 08:05:00 UTC, open until 11:05:00 UTC, within the 30m window";
    QTest::newRow("maintenance window closed before")
        << QVector<ChangeRecord> { { Now - 2 * 60 * Minute, from - Second, "maintenance", "storage firmware", 0 } }
        << all << true << "no deploy, cron, maintenance in the last 30m";
    QTest::newRow("no kinds named: every change counts")
        << QVector<ChangeRecord> { { Now - Minute, 0, "feature-flag", "enable new cart", 9 } } << QStringList {}
        << false << "blocked: feature-flag 'enable new cart' at 10:04:00 UTC, 1m ago, within the 30m window";
}

void TestGateEvaluator::quietGate()
{
    QFETCH(QVector<ChangeRecord>, changes);
    QFETCH(QStringList, kinds);
    QFETCH(bool, passed);
    QFETCH(QString, reason);

    ManualClock clock(Now);
    FakeMetricSource source;
    QVector<std::pair<qint64, qint64>> asked;
    GateEvaluator evaluator(clock, source, [&](qint64 fromMs, qint64 toMs) {
        asked.append({ fromMs, toMs });
        return changes;
    });
    const PlaybookGate gate = quietAbout(kinds);
    Outcome outcome;
    evaluator.evaluate(planWith(gate), 0, outcome.done());
    QCOMPARE(outcome.decisions.size(), 1);
    QCOMPARE(outcome.only().passed, passed);
    QCOMPARE(outcome.only().reason, gateLine(gate) + reason);
    QCOMPARE(asked, (QVector<std::pair<qint64, qint64>> { { Now - 30 * Minute, Now } }));
    QVERIFY(source.asked.isEmpty());
    const QJsonArray listed = outcome.only().evidence.value("changes").toArray();
    QCOMPARE(listed.isEmpty(), passed);
    if (!passed)
        QVERIFY(reason.contains(listed.first().toObject().value("title").toString()));
}

void TestGateEvaluator::blastRadius_data()
{
    QTest::addColumn<QStringList>("targets");
    QTest::addColumn<bool>("passed");
    QTest::addColumn<QString>("reason");

    QTest::newRow("one target") << QStringList { "instance=db-eu-1" } << true
                                << "1 target (instance=db-eu-1), at most 1 allowed";
    QTest::newRow("two targets") << QStringList { "instance=db-eu-1", "instance=db-us-1" } << false
                                 << "blocked: 2 targets (instance=db-eu-1, instance=db-us-1), more than the 1 allowed";
    QTest::newRow("the same target twice") << QStringList { "instance=db-eu-1", "instance=db-eu-1" } << true
                                           << "1 target (instance=db-eu-1), at most 1 allowed";
}

void TestGateEvaluator::blastRadius()
{
    QFETCH(QStringList, targets);
    QFETCH(bool, passed);
    QFETCH(QString, reason);

    PlaybookGate gate;
    gate.kind = PlaybookGate::Kind::BlastRadius;
    gate.line = 21;
    gate.maxTargets = 1;
    ManualClock clock(Now);
    FakeMetricSource source;
    GateEvaluator evaluator(clock, source, [](qint64, qint64) { return QVector<ChangeRecord>(); });
    Outcome outcome;
    const RenderedPlan plan = planWith(gate, targets);
    evaluator.evaluate(plan, 0, outcome.done());
    QCOMPARE(outcome.decisions.size(), 1);
    QCOMPARE(outcome.only().passed, passed);
    QCOMPARE(outcome.only().reason, gateLine(gate) + reason);
    QCOMPARE(outcome.only().evidence.value("targets").toArray(), QJsonArray::fromStringList(plan.targets()));
}

void TestGateEvaluator::gatesOfTheEngineAndMissingGatesBlock()
{
    ManualClock clock(Now);
    FakeMetricSource source;
    GateEvaluator evaluator(clock, source, [](qint64, qint64) { return QVector<ChangeRecord>(); });
    PlaybookGate approval;
    approval.kind = PlaybookGate::Kind::Approval;
    approval.line = 19;
    Outcome outcome;
    evaluator.evaluate(planWith(approval), 0, outcome.done());
    QVERIFY(!outcome.only().passed);
    QCOMPARE(outcome.only().reason,
        QStringLiteral("approval gate (disk-cleanup.yaml:19): blocked: this gate is decided by the run engine, not the "
                       "gate evaluator"));

    evaluator.evaluate(planWith(approval), 3, outcome.done());
    QCOMPARE(outcome.decisions.size(), 2);
    QVERIFY(!outcome.decisions.last().passed);
    QCOMPARE(outcome.decisions.last().index, 3);
    QCOMPARE(outcome.decisions.last().reason,
        QStringLiteral("gate 3 of playbook disk-cleanup: blocked: the plan has no such gate (it has 1)"));

    evaluator.evaluate(planWith(sustainedAbove(90, 0)), 0, outcome.done());
    QCOMPARE(outcome.decisions.size(), 3);
    QVERIFY(!outcome.decisions.last().passed);
    QVERIFY(outcome.decisions.last().reason.endsWith("blocked: the gate has no duration to hold for"));

    GateEvaluator blind(clock, source, {});
    blind.evaluate(planWith(quietAbout()), 0, outcome.done());
    QCOMPARE(outcome.decisions.size(), 4);
    QVERIFY(!outcome.decisions.last().passed);
    QCOMPARE(outcome.decisions.last().reason,
        QStringLiteral("quiet gate (disk-cleanup.yaml:18): blocked: no record of changes to look at"));
    QVERIFY(source.asked.isEmpty());
}

void TestGateEvaluator::silentSourceTimesOut()
{
    ManualClock clock(Now);
    FakeMetricSource source;
    source.mode = FakeMetricSource::Mode::Deferred; // and never answered
    GateEvaluator evaluator(
        clock, source, [](qint64, qint64) { return QVector<ChangeRecord>(); }, 50);
    Outcome outcome;
    evaluator.evaluate(planWith(sustainedAbove(90)), 0, outcome.done());
    QVERIFY(outcome.decisions.isEmpty());
    QTRY_COMPARE(outcome.decisions.size(), 1);
    QVERIFY(!outcome.only().passed);
    QCOMPARE(outcome.only().reason,
        gateLine(sustainedAbove(90)) + "blocked: timed out: metrics source 'fake' did not answer within 50ms");
    QCOMPARE(outcome.only().evidence.value("timeout_ms").toDouble(), 50.0);
}

void TestGateEvaluator::lateAnswerAfterTimeoutIsIgnored()
{
    ManualClock clock(Now);
    FakeMetricSource source;
    source.mode = FakeMetricSource::Mode::Deferred;
    GateEvaluator evaluator(
        clock, source, [](qint64, qint64) { return QVector<ChangeRecord>(); }, 20);
    Outcome outcome;
    evaluator.evaluate(planWith(sustainedAbove(90)), 0, outcome.done());
    QTRY_COMPARE(outcome.decisions.size(), 1);
    source.waiting.first()(answer({ { EuLabels, flat(Now - 5 * Minute, Now, 95) } }));
    QCOMPARE(outcome.decisions.size(), 1);
    QVERIFY(!outcome.only().passed);
}

void TestGateEvaluator::deferredAnswerDecidesOnce()
{
    ManualClock clock(Now);
    FakeMetricSource source;
    source.mode = FakeMetricSource::Mode::Deferred;
    GateEvaluator evaluator(
        clock, source, [](qint64, qint64) { return QVector<ChangeRecord>(); }, 100);
    Outcome outcome;
    evaluator.evaluate(planWith(sustainedAbove(90)), 0, outcome.done());
    clock.set(Now + Minute); // the window was fixed when the gate was asked
    source.waiting.first()(answer({ { EuLabels, flat(Now - 5 * Minute, Now, 95) } }));
    QCOMPARE(outcome.decisions.size(), 1);
    QVERIFY2(outcome.only().passed, qPrintable(outcome.only().reason));
    QTest::qWait(200); // past the timeout: no second decision
    QCOMPARE(outcome.decisions.size(), 1);
}

void TestGateEvaluator::answerAfterDestructionIsDropped()
{
    ManualClock clock(Now);
    FakeMetricSource source;
    source.mode = FakeMetricSource::Mode::Deferred;
    Outcome outcome;
    {
        GateEvaluator evaluator(
            clock, source, [](qint64, qint64) { return QVector<ChangeRecord>(); }, 20);
        evaluator.evaluate(planWith(sustainedAbove(90)), 0, outcome.done());
    }
    source.waiting.first()(answer({ { EuLabels, flat(Now - 5 * Minute, Now, 95) } }));
    QTest::qWait(60); // nor does the timeout fire
    QVERIFY(outcome.decisions.isEmpty());
}

void TestGateEvaluator::answerFromAnotherThreadArrivesOnTheEvaluatorsThread()
{
    ManualClock clock(Now);
    FakeMetricSource source;
    source.mode = FakeMetricSource::Mode::Deferred;
    GateEvaluator evaluator(
        clock, source, [](qint64, qint64) { return QVector<ChangeRecord>(); }, 5000);
    QThread* decidedOn = nullptr;
    int calls = 0;
    evaluator.evaluate(planWith(sustainedAbove(90)), 0, [&](const GateDecision& decision) {
        decidedOn = QThread::currentThread();
        ++calls;
        QVERIFY(decision.passed);
    });
    const MetricSource::Callback callback = source.waiting.first();
    std::unique_ptr<QThread> worker(QThread::create([callback] {
        callback(answer({ { EuLabels, flat(Now - 5 * Minute, Now, 95) } }));
    }));
    worker->start();
    QVERIFY(worker->wait(5000));
    QTRY_COMPARE(calls, 1);
    QCOMPARE(decidedOn, QThread::currentThread());
}

void TestGateEvaluator::doneMayDestroyTheEvaluator()
{
    ManualClock clock(Now);
    FakeMetricSource source;
    source.result = answer({ { EuLabels, flat(Now - 5 * Minute, Now, 95) } });
    auto evaluator = std::make_unique<GateEvaluator>(
        clock, source, [](qint64, qint64) { return QVector<ChangeRecord>(); }, 20);
    QStringList reasons;
    const auto destroying = [&](const GateDecision& decision) {
        reasons.append(decision.reason);
        evaluator.reset();
    };
    evaluator->evaluate(planWith(sustainedAbove(90)), 0, destroying); // answered at once
    QCOMPARE(reasons.size(), 1);
    QVERIFY(!evaluator);

    source.mode = FakeMetricSource::Mode::Deferred;
    evaluator = std::make_unique<GateEvaluator>(
        clock, source, [](qint64, qint64) { return QVector<ChangeRecord>(); }, 20);
    evaluator->evaluate(planWith(sustainedAbove(90)), 0, destroying); // decided by its timeout
    QTRY_COMPARE(reasons.size(), 2);
    QVERIFY(!evaluator);
    QVERIFY(reasons.last().endsWith("timed out: metrics source 'fake' did not answer within 20ms"));
}

void TestGateEvaluator::sandboxDiskFullHoldsOnlyAfterFiveMinutes()
{
    // disk-full on seed 1 starts filling db-eu-1 at 0:30 at about 4.5 % a minute from about 75 %.
    const qint64 start = QDateTime(QDate(2026, 3, 10), QTime(9, 0), Qt::UTC).toMSecsSinceEpoch();
    SandboxWorld world(1, start, { "disk-full" });
    SandboxMetricSource metrics(world);
    ManualClock clock(start);
    GateEvaluator evaluator(clock, metrics, [](qint64, qint64) { return QVector<ChangeRecord>(); });
    const RenderedPlan plan = planWith(sustainedAbove(90));
    const QString series = QStringLiteral(R"(disk_used_percent{instance="db-eu-1",region="eu",service="db"})");
    const auto decide = [&](qint64 atMs) {
        world.step(atMs - world.nowMs());
        clock.set(world.nowMs());
        Outcome outcome;
        evaluator.evaluate(plan, 0, outcome.done());
        return outcome.decisions.value(0);
    };

    GateDecision decision = decide(start + 3 * Minute); // history does not reach back 5 minutes yet
    QVERIFY(!decision.passed);
    QVERIFY2(decision.reason.contains("missing data: " + series + " starts at 09:00:00 UTC, 2m after"),
        qPrintable(decision.reason));

    decision = decide(start + 8 * Minute); // above 90 by now, but not for 5 minutes
    QVERIFY(!decision.passed);
    QVERIFY2(decision.reason.contains(", not above 90 (min "), qPrintable(decision.reason));
    QVERIFY(world.value("disk_used_percent", { { "instance", "db-eu-1" } }).value() > 90);

    decision = decide(start + 12 * Minute);
    QVERIFY2(decision.passed, qPrintable(decision.reason));
    QVERIFY2(decision.reason.contains(series + " stayed above 90 for 5m (min 9"), qPrintable(decision.reason));
    QVERIFY(decision.reason.endsWith(" over 21 samples)"));
    QCOMPARE(decision.evidence.value("source").toString(), QStringLiteral("sandbox"));
}

QTEST_GUILESS_MAIN(TestGateEvaluator)
#include "tst_gateevaluator.moc"
