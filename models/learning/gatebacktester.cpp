#include "gatebacktester.h"

#include "correlation/correlationevents.h"
#include "runs/gatesamplejudge.h"

#include <algorithm>
#include <cmath>

namespace firebreak {

namespace {

using CorrelationEvents::durationText;
using J = GateSampleJudge;

// The samples of `series` with times in [fromMs, toMs]; the series is in time order.
Series slice(const Series& series, qint64 fromMs, qint64 toMs)
{
    const auto byTime = [](const Sample& sample, qint64 timeMs) { return sample.timeMs < timeMs; };
    const auto begin = std::lower_bound(series.samples.cbegin(), series.samples.cend(), fromMs, byTime);
    const auto end = std::lower_bound(begin, series.samples.cend(), toMs + 1, byTime);
    return { series.labels, QVector<Sample>(begin, end) };
}

QString rangeProblemAt(const PlaybookGate& gate, const GateHistory& history, qint64 atMs)
{
    const qint64 fromMs = atMs - gate.forMs;
    bool anySeries = false;
    for (const Series& series : history.series) {
        const Series window = slice(series, fromMs, atMs);
        if (window.samples.isEmpty())
            continue;
        anySeries = true;
        const QString problem = J::rangeProblem(window, gate, fromMs, atMs, history.stepMs);
        if (!problem.isEmpty())
            return problem;
    }
    if (!anySeries)
        return QStringLiteral("no data: no series in the %1 before %2")
            .arg(durationText(gate.forMs), J::clockText(atMs));
    return {};
}

QString instantProblemAt(const PlaybookGate& gate, const GateHistory& history, qint64 atMs)
{
    bool anySeries = false;
    for (const Series& series : history.series) {
        const Series window = slice(series, atMs - history.stepMs, atMs);
        if (window.samples.isEmpty())
            continue;
        anySeries = true;
        const Sample& latest = window.samples.last();
        if (!std::isfinite(latest.value) || !J::satisfies(latest.value, gate)) {
            return QStringLiteral("%1 is %2 at %3, not %4 %5")
                .arg(J::seriesName(series), J::number(latest.value), J::clockText(latest.timeMs),
                    J::comparisonWord(gate.comparison), J::number(gate.threshold));
        }
    }
    if (!anySeries)
        return QStringLiteral("no data: no series at %1").arg(J::clockText(atMs));
    return {};
}

// The most extreme finite value in the gate's direction (max for "above") over [fromMs, toMs].
std::optional<double> peak(const PlaybookGate& gate, const GateHistory& history, qint64 fromMs, qint64 toMs)
{
    std::optional<double> best;
    const bool above = gate.comparison == PlaybookGate::Comparison::Above;
    for (const Series& series : history.series) {
        for (const Sample& sample : slice(series, fromMs, toMs).samples) {
            if (std::isfinite(sample.value) && (!best || (above ? sample.value > *best : sample.value < *best)))
                best = sample.value;
        }
    }
    return best;
}

QString incidentName(const IncidentVerdict& incident)
{
    return QStringLiteral("'%1' (%2, %3 to %4)")
        .arg(incident.label, incidentVerdictText(incident), J::clockText(incident.startMs),
            J::clockText(incident.endMs));
}

// Which incident a firing over [firedMs, clearedMs) belongs to: one open when it fired, else one that
// began while it was still firing; a real incident before a noise one, the earliest first.
int attribute(const QVector<IncidentVerdict>& incidents, qint64 firedMs, qint64 clearedMs)
{
    int best = -1;
    int bestRank = 0;
    for (int i = 0; i < incidents.size(); ++i) {
        const IncidentVerdict& incident = incidents.at(i);
        const bool inside = incident.startMs <= firedMs && firedMs <= incident.endMs;
        const bool heldInto = firedMs < incident.startMs && (clearedMs < 0 || clearedMs > incident.startMs);
        if (!inside && !heldInto)
            continue;
        const int rank = (inside ? 2 : 0) + (incident.isReal() ? 4 : 0);
        if (best < 0 || rank > bestRank || (rank == bestRank && incident.startMs < incidents.at(best).startMs)) {
            best = i;
            bestRank = rank;
        }
    }
    return best;
}

} // namespace

GateBacktester::GateBacktester(PlaybookGate sustained, std::optional<PlaybookGate> confirm)
    : m_sustained(std::move(sustained))
    , m_confirm(std::move(confirm))
{
}

QString GateBacktester::problemAt(const PlaybookGate& gate, const GateHistory& history, qint64 atMs)
{
    if (gate.kind == PlaybookGate::Kind::Sustained || gate.forMs > 0)
        return rangeProblemAt(gate, history, atMs);
    return instantProblemAt(gate, history, atMs);
}

QString GateBacktester::inputProblem(const BacktestInput& input) const
{
    const auto historyProblem = [](const GateHistory& history, const QString& which) -> QString {
        if (history.stepMs <= 0)
            return QStringLiteral("%1 history: step must be positive, got %2 ms").arg(which).arg(history.stepMs);
        if (history.endMs < history.startMs)
            return QStringLiteral("%1 history: end is before start").arg(which);
        return {};
    };
    if (m_sustained.kind != PlaybookGate::Kind::Sustained)
        return QStringLiteral("gate at line %1: only a sustained gate can be backtested, not %2")
            .arg(m_sustained.line)
            .arg(playbookGateKindName(m_sustained.kind));
    if (m_sustained.forMs <= 0)
        return QStringLiteral("sustained gate at line %1: no `for` duration to replay").arg(m_sustained.line);
    if (const QString problem = historyProblem(input.history, QStringLiteral("sustained gate")); !problem.isEmpty())
        return problem;
    if (m_confirm) {
        if (m_confirm->kind != PlaybookGate::Kind::Confirm)
            return QStringLiteral("gate at line %1: the confirming gate must be a confirm gate, not %2")
                .arg(m_confirm->line)
                .arg(playbookGateKindName(m_confirm->kind));
        if (const QString problem = historyProblem(input.confirmHistory, QStringLiteral("confirm gate"));
            !problem.isEmpty())
            return problem;
    }
    for (int i = 0; i < input.incidents.size(); ++i) {
        if (input.incidents.at(i).endMs < input.incidents.at(i).startMs)
            return QStringLiteral("incident %1 '%2': ends before it starts").arg(i).arg(input.incidents.at(i).label);
    }
    return {};
}

BacktestResult GateBacktester::run(const BacktestInput& input) const
{
    BacktestResult result;
    result.error = inputProblem(input);
    if (!result.ok())
        return result;
    result.incidents = input.incidents;
    const GateHistory& history = input.history;
    result.evaluatedFromMs = history.startMs + m_sustained.forMs;
    result.evaluatedToMs = result.evaluatedFromMs;

    bool passing = false;
    for (qint64 t = result.evaluatedFromMs; t <= history.endMs; t += history.stepMs) {
        result.evaluatedToMs = t;
        ++result.steps;
        const bool passes = problemAt(m_sustained, history, t).isEmpty()
            && (!m_confirm || problemAt(*m_confirm, input.confirmHistory, t).isEmpty());
        if (passes && !passing)
            result.firings.append({ t, -1 });
        else if (!passes && passing)
            result.firings.last().clearedMs = t;
        passing = passes;
    }

    const QString gateText = QStringLiteral("%1 %2 for %3")
                                 .arg(J::comparisonWord(m_sustained.comparison), J::number(m_sustained.threshold),
                                     durationText(m_sustained.forMs));
    QVector<bool> hit(input.incidents.size(), false);
    for (const BacktestFiring& firing : std::as_const(result.firings)) {
        BacktestFinding finding;
        finding.firedMs = firing.firedMs;
        finding.incident = attribute(input.incidents, firing.firedMs, firing.clearedMs);
        const QString fired = QStringLiteral("fired at %1").arg(J::clockText(firing.firedMs));
        if (finding.incident < 0) {
            finding.kind = BacktestFinding::Kind::FalseAlarm;
            finding.reason = QStringLiteral("false alarm: %1 (%2) with no incident open").arg(fired, gateText);
        } else {
            const IncidentVerdict& incident = input.incidents.at(finding.incident);
            finding.delayMs = firing.firedMs - incident.startMs;
            if (!incident.isReal()) {
                finding.kind = BacktestFinding::Kind::FalseAlarm;
                finding.reason = QStringLiteral("false alarm: %1 during %2, which the review judged noise")
                                     .arg(fired, incidentName(incident));
            } else if (hit.at(finding.incident)) {
                finding.kind = BacktestFinding::Kind::Repeat;
                finding.reason = QStringLiteral("repeat: %1, again during %2").arg(fired, incidentName(incident));
            } else {
                hit[finding.incident] = true;
                finding.kind = BacktestFinding::Kind::Hit;
                finding.reason = finding.delayMs >= 0
                    ? QStringLiteral("hit: %1, %2 after %3 began")
                          .arg(fired, durationText(finding.delayMs), incidentName(incident))
                    : QStringLiteral("hit: %1, %2 before %3 began, and still firing then")
                          .arg(fired, durationText(-finding.delayMs), incidentName(incident));
            }
        }
        result.findings.append(finding);
    }

    for (int i = 0; i < input.incidents.size(); ++i) {
        const IncidentVerdict& incident = input.incidents.at(i);
        if (!incident.isReal() || hit.at(i))
            continue;
        BacktestFinding finding;
        finding.incident = i;
        if (incident.endMs < result.evaluatedFromMs || incident.startMs > result.evaluatedToMs) {
            finding.kind = BacktestFinding::Kind::NotJudged;
            finding.reason = QStringLiteral("not judged: %1 lies outside the replayed span %2 to %3")
                                 .arg(incidentName(incident), J::clockText(result.evaluatedFromMs),
                                     J::clockText(result.evaluatedToMs));
        } else {
            finding.kind = BacktestFinding::Kind::Miss;
            const std::optional<double> top = peak(m_sustained, history, incident.startMs, incident.endMs);
            finding.reason = QStringLiteral("miss: no firing during %1 (the gate needs %2; %3)")
                                 .arg(incidentName(incident), gateText,
                                     top ? QStringLiteral("the metric reached %1 then").arg(J::number(*top))
                                         : QStringLiteral("no data then"));
        }
        result.findings.append(finding);
    }

    const auto when = [&](const BacktestFinding& finding) {
        return finding.firedMs >= 0 ? finding.firedMs : input.incidents.at(finding.incident).startMs;
    };
    std::stable_sort(result.findings.begin(), result.findings.end(),
        [&](const BacktestFinding& a, const BacktestFinding& b) { return when(a) < when(b); });
    for (const BacktestFinding& finding : std::as_const(result.findings)) {
        switch (finding.kind) {
        case BacktestFinding::Kind::Hit:
            ++result.hits;
            break;
        case BacktestFinding::Kind::Repeat:
            ++result.repeats;
            break;
        case BacktestFinding::Kind::FalseAlarm:
            ++result.falseAlarms;
            break;
        case BacktestFinding::Kind::Miss:
            ++result.misses;
            break;
        case BacktestFinding::Kind::NotJudged:
            ++result.notJudged;
            break;
        }
    }
    return result;
}

} // namespace firebreak
