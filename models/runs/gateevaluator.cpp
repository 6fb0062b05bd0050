#include "gateevaluator.h"

#include "correlation/correlationevents.h"
#include "gatesamplejudge.h"
#include "interfaces/clock.h"
#include "interfaces/metricsource.h"
#include "renderedplan.h"

#include <QDateTime>
#include <QFileInfo>
#include <QJsonArray>
#include <QPointer>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <cmath>

namespace firebreak {

namespace {

using CorrelationEvents::durationText;

using Comparison = PlaybookGate::Comparison;
using J = GateSampleJudge;

// The outcome of judging what a gate saw, before the gate's name is put in front of it.
struct Verdict {
    bool passed = false;
    QString text;
};

Verdict blocked(const QString& text)
{
    return { false, text };
}

QString gateWhere(const RenderedPlan& plan, PlaybookGate::Kind kind, int line)
{
    const QString file = QFileInfo(plan.sourceFile).fileName();
    const QString place
        = file.isEmpty() ? QStringLiteral("line %1").arg(line) : QStringLiteral("%1:%2").arg(file).arg(line);
    return QStringLiteral("%1 gate (%2)").arg(playbookGateKindName(kind), place);
}

QJsonValue jsonNumber(double value)
{
    return std::isfinite(value) ? QJsonValue(value) : QJsonValue(QJsonValue::Null);
}

// At most MaxEvidenceSamples, evenly spread and keeping the first and the last.
QJsonArray samplesJson(const QVector<Sample>& samples)
{
    QJsonArray array;
    const qsizetype count = samples.size();
    const qsizetype kept = qMin<qsizetype>(count, GateEvaluator::MaxEvidenceSamples);
    for (qsizetype i = 0; i < kept; ++i) {
        const Sample& sample = samples.at(kept < 2 ? i : i * (count - 1) / (kept - 1));
        array.append(QJsonArray { double(sample.timeMs), jsonNumber(sample.value) });
    }
    return array;
}

struct Extremes {
    double min = qInf();
    double max = -qInf();
    int count = 0;
    void add(double value)
    {
        min = qMin(min, value);
        max = qMax(max, value);
        ++count;
    }
};

// Sustained, and confirm with a duration: every series covers the window and stays on the right side.
Verdict judgeRange(const RenderedGate& rendered, const QVector<Series>& series, qint64 startMs, qint64 endMs,
    qint64 stepMs, QJsonObject& evidence)
{
    const PlaybookGate& gate = rendered.gate;
    const QString window = durationText(endMs - startMs);
    QJsonArray seriesEvidence;
    Extremes all;
    QString problem;
    for (const Series& one : series) {
        const QString seriesProblem = J::rangeProblem(one, gate, startMs, endMs, stepMs);
        if (problem.isEmpty())
            problem = seriesProblem;
        Extremes extremes;
        for (const Sample& sample : one.samples) {
            if (std::isfinite(sample.value)) {
                extremes.add(sample.value);
                all.add(sample.value);
            }
        }
        if (seriesEvidence.size() < GateEvaluator::MaxEvidenceSeries) {
            QJsonObject object { { QStringLiteral("series"), J::seriesName(one) },
                { QStringLiteral("samples"), samplesJson(one.samples) },
                { QStringLiteral("samples_total"), int(one.samples.size()) },
                { QStringLiteral("min"), extremes.count ? jsonNumber(extremes.min) : QJsonValue() },
                { QStringLiteral("max"), extremes.count ? jsonNumber(extremes.max) : QJsonValue() } };
            if (!seriesProblem.isEmpty())
                object.insert(QStringLiteral("problem"), seriesProblem);
            seriesEvidence.append(object);
        }
    }
    evidence.insert(QStringLiteral("series"), seriesEvidence);
    evidence.insert(QStringLiteral("series_total"), int(series.size()));
    if (all.count > 0) {
        evidence.insert(QStringLiteral("min"), all.min);
        evidence.insert(QStringLiteral("max"), all.max);
    }
    if (series.isEmpty())
        return blocked(QStringLiteral("no data: %1 returned no series for the last %2").arg(rendered.query, window));
    if (!problem.isEmpty())
        return blocked(problem);

    const bool above = gate.comparison == Comparison::Above;
    const QString extreme
        = QStringLiteral("%1 %2 over %3 samples")
              .arg(above ? QStringLiteral("min") : QStringLiteral("max"), J::number(above ? all.min : all.max))
              .arg(all.count);
    const QString subject = series.size() == 1
        ? J::seriesName(series.first())
        : QStringLiteral("all %1 series of %2").arg(series.size()).arg(rendered.query);
    return { true,
        QStringLiteral("%1 stayed %2 %3 for %4 (%5)")
            .arg(subject, J::comparisonWord(gate.comparison), J::number(gate.threshold), window, extreme) };
}

// Confirm without a duration: the latest value of every series is on the right side.
Verdict judgeInstant(const RenderedGate& rendered, const QVector<Series>& series, qint64 atMs, QJsonObject& evidence)
{
    const PlaybookGate& gate = rendered.gate;
    QJsonArray values;
    Extremes all;
    QString problem;
    for (const Series& one : series) {
        QJsonObject object { { QStringLiteral("series"), J::seriesName(one) } };
        QString seriesProblem;
        if (one.samples.isEmpty()) {
            seriesProblem
                = QStringLiteral("missing data: %1 has no value at %2").arg(J::seriesName(one), J::clockText(atMs));
        } else {
            const Sample& sample = one.samples.last();
            object.insert(QStringLiteral("time_ms"), double(sample.timeMs));
            object.insert(QStringLiteral("value"), jsonNumber(sample.value));
            if (!std::isfinite(sample.value)) {
                seriesProblem = QStringLiteral("missing data: %1 is %2 at %3")
                                    .arg(J::seriesName(one), J::number(sample.value), J::clockText(sample.timeMs));
            } else {
                all.add(sample.value);
                if (!J::satisfies(sample.value, gate)) {
                    seriesProblem = QStringLiteral("%1 is %2, not %3 %4")
                                        .arg(J::seriesName(one), J::number(sample.value),
                                            J::comparisonWord(gate.comparison), J::number(gate.threshold));
                }
            }
        }
        if (problem.isEmpty())
            problem = seriesProblem;
        if (values.size() < GateEvaluator::MaxEvidenceSeries)
            values.append(object);
    }
    evidence.insert(QStringLiteral("series"), values);
    evidence.insert(QStringLiteral("series_total"), int(series.size()));
    if (all.count > 0) {
        evidence.insert(QStringLiteral("min"), all.min);
        evidence.insert(QStringLiteral("max"), all.max);
    }
    if (series.isEmpty())
        return blocked(QStringLiteral("no data: %1 returned no series at %2").arg(rendered.query, J::clockText(atMs)));
    if (!problem.isEmpty())
        return blocked(problem);
    const bool above = gate.comparison == Comparison::Above;
    if (series.size() == 1) {
        return { true,
            QStringLiteral("%1 is %2, %3 %4")
                .arg(J::seriesName(series.first()), J::number(all.min), J::comparisonWord(gate.comparison),
                    J::number(gate.threshold)) };
    }
    return { true,
        QStringLiteral("all %1 series of %2 are %3 %4 (%5 %6)")
            .arg(series.size())
            .arg(rendered.query, J::comparisonWord(gate.comparison), J::number(gate.threshold),
                above ? QStringLiteral("min") : QStringLiteral("max"), J::number(above ? all.min : all.max)) };
}

// "change.deploy" and "deploy" are the same kind.
QString changeKind(const QString& kind)
{
    const QString trimmed = kind.trimmed().toLower();
    return trimmed.startsWith(QLatin1String("change.")) ? trimmed.mid(7) : trimmed;
}

Verdict judgeQuiet(const PlaybookGate& gate, const QVector<ChangeRecord>& changes, qint64 nowMs, QJsonObject& evidence)
{
    const qint64 fromMs = nowMs - gate.windowMs;
    QStringList kinds;
    for (const QString& kind : gate.changeKinds)
        kinds.append(changeKind(kind));
    QVector<ChangeRecord> found;
    for (const ChangeRecord& change : changes) {
        const qint64 endMs = qMax(change.timeMs, change.endMs);
        // With no kinds named, every change counts: the gate cannot be quieter than what it looks at.
        const bool kindCounts = kinds.isEmpty() || kinds.contains(changeKind(change.kind));
        if (kindCounts && change.timeMs <= nowMs && endMs >= fromMs)
            found.append(change);
    }
    std::sort(
        found.begin(), found.end(), [](const ChangeRecord& a, const ChangeRecord& b) { return a.timeMs > b.timeMs; });

    QJsonArray listed;
    for (const ChangeRecord& change : found) {
        if (listed.size() >= GateEvaluator::MaxEvidenceChanges)
            break;
        QJsonObject object { { QStringLiteral("time_ms"), double(change.timeMs) },
            { QStringLiteral("kind"), change.kind }, { QStringLiteral("title"), change.title },
            { QStringLiteral("event_id"), double(change.eventId) } };
        if (change.endMs > change.timeMs)
            object.insert(QStringLiteral("end_ms"), double(change.endMs));
        listed.append(object);
    }
    evidence.insert(QStringLiteral("window_ms"), double(gate.windowMs));
    evidence.insert(QStringLiteral("from_ms"), double(fromMs));
    evidence.insert(QStringLiteral("kinds"), QJsonArray::fromStringList(kinds));
    evidence.insert(QStringLiteral("changes"), listed);
    evidence.insert(QStringLiteral("changes_total"), int(found.size()));
    evidence.insert(QStringLiteral("changes_seen"), int(changes.size()));

    const QString window = durationText(gate.windowMs);
    const QString kindText = kinds.isEmpty() ? QStringLiteral("changes of any kind") : kinds.join(QStringLiteral(", "));
    if (found.isEmpty())
        return { true, QStringLiteral("no %1 in the last %2").arg(kindText, window) };
    const ChangeRecord& newest = found.first();
    const QString when = newest.endMs > nowMs
        ? QStringLiteral("since %1, open until %2").arg(J::clockText(newest.timeMs), J::clockText(newest.endMs))
        : QStringLiteral("at %1, %2 ago").arg(J::clockText(newest.timeMs), durationText(nowMs - newest.timeMs));
    QString text
        = QStringLiteral("%1 '%2' %3, within the %4 window").arg(changeKind(newest.kind), newest.title, when, window);
    if (found.size() > 1)
        text += QStringLiteral(" (%1 changes in the window)").arg(found.size());
    return blocked(text);
}

Verdict judgeBlastRadius(const PlaybookGate& gate, const QStringList& targets, QJsonObject& evidence)
{
    evidence.insert(QStringLiteral("targets"), QJsonArray::fromStringList(targets));
    evidence.insert(QStringLiteral("max_targets"), gate.maxTargets);
    const QString listed
        = targets.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(targets.join(QStringLiteral(", ")));
    const QString counted
        = targets.size() == 1 ? QStringLiteral("1 target") : QStringLiteral("%1 targets").arg(targets.size());
    if (targets.size() <= gate.maxTargets)
        return { true, QStringLiteral("%1%2, at most %3 allowed").arg(counted, listed).arg(gate.maxTargets) };
    return blocked(QStringLiteral("%1%2, more than the %3 allowed").arg(counted, listed).arg(gate.maxTargets));
}

void finish(GateDecision& decision, const QString& where, const Verdict& verdict)
{
    decision.passed = verdict.passed;
    decision.reason
        = where + QStringLiteral(": ") + (verdict.passed ? QString() : QStringLiteral("blocked: ")) + verdict.text;
}

} // namespace

// One query in flight: everything needed to decide once the source answers or the time runs out.
struct GateEvaluator::Pending {
    GateDecision decision;
    QString where;
    RenderedGate gate;
    bool range = false;
    qint64 startMs = 0;
    qint64 endMs = 0;
    qint64 stepMs = 0;
    qint64 timeoutMs = 0;
    QString sourceName;
    Done done;
    bool settled = false;
    QPointer<QTimer> timer;
};

GateEvaluator::GateEvaluator(
    const Clock& clock, MetricSource& metrics, ChangesBetween changesBetween, qint64 queryTimeoutMs)
    : m_clock(clock)
    , m_metrics(metrics)
    , m_changesBetween(std::move(changesBetween))
    , m_queryTimeoutMs(qMax<qint64>(queryTimeoutMs, 1))
    , m_context(std::make_shared<QObject>())
{
}

GateEvaluator::~GateEvaluator() = default;

qint64 GateEvaluator::stepFor(qint64 windowMs)
{
    return qMax(windowMs / StepsPerWindow, MinStepMs);
}

void GateEvaluator::evaluate(const RenderedPlan& plan, int gateIndex, Done done)
{
    GateDecision decision;
    decision.index = gateIndex;
    if (gateIndex < 0 || gateIndex >= plan.gates.size()) {
        decision.reason = QStringLiteral("gate %1 of playbook %2: blocked: the plan has no such gate (it has %3)")
                              .arg(gateIndex)
                              .arg(plan.playbookId)
                              .arg(plan.gates.size());
        done(decision);
        return;
    }
    const RenderedGate& rendered = plan.gates.at(gateIndex);
    const PlaybookGate& gate = rendered.gate;
    const qint64 nowMs = m_clock.nowMs();
    const QString where = gateWhere(plan, gate.kind, gate.line);
    decision.kind = gate.kind;
    decision.evidence = QJsonObject { { QStringLiteral("kind"), playbookGateKindName(gate.kind) },
        { QStringLiteral("line"), gate.line }, { QStringLiteral("evaluated_at_ms"), double(nowMs) } };

    switch (gate.kind) {
    case PlaybookGate::Kind::Quiet:
        finish(decision, where,
            m_changesBetween
                ? judgeQuiet(gate, m_changesBetween(nowMs - gate.windowMs, nowMs), nowMs, decision.evidence)
                : blocked(QStringLiteral("no record of changes to look at")));
        done(decision);
        return;
    case PlaybookGate::Kind::BlastRadius:
        finish(decision, where, judgeBlastRadius(gate, plan.targets(), decision.evidence));
        done(decision);
        return;
    case PlaybookGate::Kind::Approval:
    case PlaybookGate::Kind::RateLimit:
        finish(
            decision, where, blocked(QStringLiteral("this gate is decided by the run engine, not the gate evaluator")));
        done(decision);
        return;
    case PlaybookGate::Kind::Sustained:
    case PlaybookGate::Kind::Confirm:
        break;
    }

    auto pending = std::make_shared<Pending>();
    pending->where = where;
    pending->gate = rendered;
    pending->range = gate.kind == PlaybookGate::Kind::Sustained || gate.forMs > 0;
    pending->endMs = nowMs;
    pending->timeoutMs = m_queryTimeoutMs;
    pending->sourceName = m_metrics.name();
    pending->done = std::move(done);
    QJsonObject& evidence = decision.evidence;
    evidence.insert(QStringLiteral("query"), rendered.query);
    evidence.insert(J::comparisonWord(gate.comparison), gate.threshold);
    evidence.insert(QStringLiteral("source"), pending->sourceName);
    if (pending->range) {
        pending->startMs = nowMs - gate.forMs;
        pending->stepMs = stepFor(gate.forMs);
        evidence.insert(QStringLiteral("for_ms"), double(gate.forMs));
        evidence.insert(QStringLiteral("start_ms"), double(pending->startMs));
        evidence.insert(QStringLiteral("end_ms"), double(nowMs));
        evidence.insert(QStringLiteral("step_ms"), double(pending->stepMs));
    } else {
        evidence.insert(QStringLiteral("at_ms"), double(nowMs));
    }
    pending->decision = decision;

    if (pending->range && gate.forMs <= 0) {
        finish(pending->decision, where, blocked(QStringLiteral("the gate has no duration to hold for")));
        pending->settled = true;
        pending->done(pending->decision);
        return;
    }
    query(pending);
}

void GateEvaluator::query(const std::shared_ptr<Pending>& pending)
{
    std::weak_ptr<QObject> context = m_context;
    auto answer = [context, pending](const QueryResult& result) {
        const std::shared_ptr<QObject> alive = context.lock();
        if (!alive)
            return;
        if (alive->thread() == QThread::currentThread()) {
            settle(pending, result);
            return;
        }
        QMetaObject::invokeMethod(
            alive.get(),
            [context, pending, result] {
                if (context.lock())
                    settle(pending, result);
            },
            Qt::QueuedConnection);
    };
    if (pending->range)
        m_metrics.rangeQuery(pending->gate.query, pending->startMs, pending->endMs, pending->stepMs, answer);
    else
        m_metrics.instantQuery(pending->gate.query, pending->endMs, answer);
    // A source that answered at once has run `done`, which may have destroyed this evaluator.
    if (pending->settled)
        return;

    auto* timer = new QTimer(&m_timers);
    timer->setSingleShot(true);
    QObject::connect(timer, &QTimer::timeout, timer, [pending] { timeOut(pending); });
    pending->timer = timer;
    timer->start(std::chrono::milliseconds(m_queryTimeoutMs));
}

void GateEvaluator::settle(const std::shared_ptr<Pending>& answered, const QueryResult& result)
{
    const std::shared_ptr<Pending> pending = answered; // `done` may destroy whatever holds `answered`
    if (pending->settled)
        return;
    pending->settled = true;
    if (pending->timer) {
        pending->timer->stop();
        pending->timer->deleteLater();
    }
    GateDecision& decision = pending->decision;
    QJsonObject& evidence = decision.evidence;
    if (!result.warnings.isEmpty())
        evidence.insert(QStringLiteral("warnings"), QJsonArray::fromStringList(result.warnings));
    Verdict verdict;
    if (!result.ok()) {
        evidence.insert(QStringLiteral("error"), result.error);
        evidence.insert(QStringLiteral("unavailable"), result.unavailable);
        verdict = blocked(result.unavailable
                ? QStringLiteral("metrics source '%1' unavailable: %2").arg(pending->sourceName, result.error)
                : QStringLiteral("query failed: %1").arg(result.error));
    } else if (pending->range) {
        verdict = judgeRange(pending->gate, result.series, pending->startMs, pending->endMs, pending->stepMs, evidence);
    } else {
        verdict = judgeInstant(pending->gate, result.series, pending->endMs, evidence);
    }
    finish(decision, pending->where, verdict);
    const Done done = std::move(pending->done);
    done(decision);
}

void GateEvaluator::timeOut(const std::shared_ptr<Pending>& expired)
{
    const std::shared_ptr<Pending> pending = expired; // `done` may destroy the timer that holds `expired`
    if (pending->settled)
        return;
    pending->settled = true;
    if (pending->timer)
        pending->timer->deleteLater();
    GateDecision& decision = pending->decision;
    decision.evidence.insert(QStringLiteral("timeout_ms"), double(pending->timeoutMs));
    finish(decision, pending->where,
        blocked(QStringLiteral("timed out: metrics source '%1' did not answer within %2")
                    .arg(pending->sourceName, durationText(pending->timeoutMs))));
    const Done done = std::move(pending->done);
    done(decision);
}

} // namespace firebreak
