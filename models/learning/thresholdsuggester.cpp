#include "thresholdsuggester.h"

#include "correlation/correlationevents.h"
#include "gatebacktester.h"
#include "playbookvalueedit.h"
#include "runs/gatesamplejudge.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>
#include <set>

namespace firebreak {

struct ThresholdSuggester::Candidate {
    PlaybookGate gate;
    QString key;
    QString value;
    BacktestResult result;
};

namespace {

using CorrelationEvents::durationText;
using J = GateSampleJudge;

// A gate compares in one direction; in "score" space (values negated for "below") passing always
// means every sample's score is strictly greater than the threshold's.
double sign(const PlaybookGate& gate)
{
    return gate.comparison == PlaybookGate::Comparison::Above ? 1.0 : -1.0;
}

// Distinct finite scores of the history, ascending: between two neighbours every threshold behaves
// the same on this history.
QVector<double> scores(const PlaybookGate& gate, const GateHistory& history)
{
    std::set<double> distinct;
    for (const Series& series : history.series) {
        for (const Sample& sample : series.samples) {
            if (std::isfinite(sample.value))
                distinct.insert(sign(gate) * sample.value);
        }
    }
    return QVector<double>(distinct.begin(), distinct.end());
}

// The roundest number in [lo, hi): what a person would write, behaving exactly like `lo` here.
double roundest(double lo, double hi)
{
    for (int exponent = 6; exponent >= -6; --exponent) {
        for (double mantissa : { 1.0, 0.5 }) {
            const double unit = mantissa * std::pow(10.0, exponent);
            const double value = QString::number(std::ceil(lo / unit) * unit, 'g', 12).toDouble();
            if (value >= lo && value < hi)
                return value;
        }
    }
    return lo;
}

QString numberText(double value)
{
    return QString::number(value, 'g', 12);
}

bool keepsHits(const BacktestResult& before, const BacktestResult& after)
{
    for (int i = 0; i < before.incidents.size(); ++i) {
        if (before.hitOf(i) && !after.hitOf(i))
            return false;
    }
    return true;
}

QString gateText(const PlaybookGate& gate)
{
    return QStringLiteral("%1 %2 for %3")
        .arg(J::comparisonWord(gate.comparison), J::number(gate.threshold), durationText(gate.forMs));
}

QString labels(const BacktestResult& result, const std::function<bool(int)>& which)
{
    QStringList names;
    for (int i = 0; i < result.incidents.size(); ++i) {
        if (which(i))
            names.append(QLatin1Char('\'') + result.incidents.at(i).label + QLatin1Char('\''));
    }
    return names.join(QStringLiteral(", "));
}

QString counted(int count, const QString& one, const QString& many)
{
    return QStringLiteral("%1 %2").arg(count).arg(count == 1 ? one : many);
}

} // namespace

ThresholdSuggester::ThresholdSuggester(qint64 lateAfterMs)
    : m_lateAfterMs(lateAfterMs)
{
}

bool ThresholdSuggester::isLate(const BacktestResult& result) const
{
    if (result.misses > 0)
        return true;
    for (const BacktestFinding& finding : result.findings) {
        if (finding.kind != BacktestFinding::Kind::Hit)
            continue;
        if (result.incidents.at(finding.incident).verdict == IncidentVerdict::Verdict::MissedOrLate)
            return true;
        if (m_lateAfterMs > 0 && finding.delayMs > m_lateAfterMs)
            return true;
    }
    return false;
}

// Every miss caught, every late hit earlier (and within `lateAfterMs` when set), no hit lost and no
// false alarm added.
bool ThresholdSuggester::catchesLate(const BacktestResult& before, const BacktestResult& after) const
{
    if (after.misses > 0 || after.falseAlarms > before.falseAlarms || !keepsHits(before, after))
        return false;
    for (const BacktestFinding& finding : before.findings) {
        if (finding.kind != BacktestFinding::Kind::Hit)
            continue;
        const bool reviewedLate
            = before.incidents.at(finding.incident).verdict == IncidentVerdict::Verdict::MissedOrLate;
        const bool tooSlow = m_lateAfterMs > 0 && finding.delayMs > m_lateAfterMs;
        const BacktestFinding* now = after.hitOf(finding.incident);
        if (reviewedLate && now->delayMs >= finding.delayMs)
            return false;
        if (tooSlow && now->delayMs > m_lateAfterMs)
            return false;
    }
    return true;
}

ThresholdSuggestion ThresholdSuggester::suggest(const GateBacktester& backtester, const BacktestInput& input,
    const BacktestResult& result, const QByteArray& playbookText, const QString& fileName) const
{
    ThresholdSuggestion suggestion;
    if (!result.ok()) {
        suggestion.error = QStringLiteral("no suggestion from a backtest that failed: %1").arg(result.error);
        return suggestion;
    }
    const PlaybookGate& gate = backtester.sustained();
    const QString thresholdKey = J::comparisonWord(gate.comparison);
    const QString now
        = QStringLiteral("On this history the gate (%1) gave %2, %3 and %4")
              .arg(gateText(gate), counted(result.hits, QStringLiteral("hit"), QStringLiteral("hits")),
                  counted(result.falseAlarms, QStringLiteral("false alarm"), QStringLiteral("false alarms")),
                  counted(result.misses, QStringLiteral("miss"), QStringLiteral("misses")));
    const auto tryGate = [&](PlaybookGate changed, const QString& key, const QString& value) {
        return Candidate { changed, key, value, GateBacktester(changed, backtester.confirm()).run(input) };
    };
    const QVector<double> values = scores(gate, input.history);
    const double current = sign(gate) * gate.threshold;
    const qint64 step = input.history.stepMs;

    // Thresholds: the behaviour intervals [values[i], values[i+1]) above (raise) or below (lower) the
    // current one, nearest first; an interval without an upper end would never fire, and is skipped.
    const auto thresholdSearch
        = [&](bool raise, const std::function<bool(const Candidate&)>& good,
              const std::function<bool(const Candidate&)>& hopeless) -> std::optional<Candidate> {
        int tried = 0;
        for (qsizetype k = 0; k + 1 < values.size() && tried < MaxCandidates; ++k) {
            const qsizetype i = raise ? k : values.size() - 2 - k;
            if (raise ? values.at(i) <= current : values.at(i + 1) > current)
                continue;
            PlaybookGate changed = gate;
            changed.threshold = sign(gate) * roundest(values.at(i), values.at(i + 1));
            Candidate candidate = tryGate(changed, thresholdKey, numberText(changed.threshold));
            ++tried;
            if (good(candidate))
                return candidate;
            if (hopeless(candidate))
                break;
        }
        return std::nullopt;
    };
    const auto forSearch = [&](bool longer, const std::function<bool(const Candidate&)>& good,
                               const std::function<bool(const Candidate&)>& hopeless) -> std::optional<Candidate> {
        for (int k = 1; k <= MaxCandidates; ++k) {
            PlaybookGate changed = gate;
            changed.forMs = gate.forMs + (longer ? k : -k) * step;
            if (changed.forMs < step || changed.forMs > input.history.endMs - input.history.startMs)
                break;
            Candidate candidate = tryGate(changed, QStringLiteral("for"), durationText(changed.forMs));
            if (good(candidate))
                return candidate;
            if (hopeless(candidate))
                break;
        }
        return std::nullopt;
    };

    std::optional<Candidate> chosen;
    QString why;
    if (result.falseAlarms > result.hits) {
        const auto quiet = [&](const Candidate& c) { return c.result.falseAlarms == 0 && keepsHits(result, c.result); };
        // Raising only ever removes passing windows: once a hit is lost, it stays lost.
        const auto lost = [&](const Candidate& c) { return !keepsHits(result, c.result); };
        chosen = thresholdSearch(true, quiet, lost);
        if (!chosen)
            chosen = forSearch(true, quiet, lost);
        why = chosen ? QStringLiteral("%1. With %2: %3 it would have raised no false alarm and still caught %4.")
                           .arg(now, chosen->key, chosen->value,
                               result.hits == 0 ? QStringLiteral("nothing it caught before (it caught nothing)")
                                                : labels(result, [&](int i) { return result.hitOf(i) != nullptr; }))
                     : QStringLiteral("%1. No stricter threshold and no longer `for` removes every false alarm "
                                      "without losing a hit; nothing to propose.")
                           .arg(now);
    } else if (isLate(result)) {
        const auto earlier = [&](const Candidate& c) { return catchesLate(result, c.result); };
        const auto noisier = [&](const Candidate& c) { return c.result.falseAlarms > result.falseAlarms; };
        chosen = forSearch(false, earlier, noisier);
        if (!chosen)
            chosen = thresholdSearch(false, earlier, noisier);
        const QString late = labels(result, [&](int i) {
            const BacktestFinding* hit = result.hitOf(i);
            return result.incidents.at(i).isReal()
                && (!hit || result.incidents.at(i).verdict == IncidentVerdict::Verdict::MissedOrLate
                    || (m_lateAfterMs > 0 && hit->delayMs > m_lateAfterMs));
        });
        why = chosen ? QStringLiteral("%1; it was late for or missed %2. With %3: %4 it would have caught them "
                                      "earlier without adding a false alarm (%5, %6).")
                           .arg(now, late, chosen->key, chosen->value,
                               counted(chosen->result.hits, QStringLiteral("hit"), QStringLiteral("hits")),
                               counted(chosen->result.falseAlarms, QStringLiteral("false alarm"),
                                   QStringLiteral("false alarms")))
                     : QStringLiteral("%1; it was late for or missed %2, but no shorter `for` and no looser threshold "
                                      "catches them without adding a false alarm; nothing to propose.")
                           .arg(now, late);
    } else {
        why = QStringLiteral("%1, and no incident the reviews called missed or late: nothing to improve.").arg(now);
    }
    suggestion.reasoning = why;
    if (!chosen)
        return suggestion;

    const PlaybookValueEdit::Location location
        = PlaybookValueEdit::locateGateValue(playbookText, gate.line, chosen->key);
    if (!location.ok()) {
        suggestion.error = QStringLiteral("%1: %2").arg(fileName, location.error);
        return suggestion;
    }
    suggestion.change = chosen->key == QLatin1String("for") ? ThresholdSuggestion::Change::ForDuration
                                                            : ThresholdSuggestion::Change::Threshold;
    suggestion.key = chosen->key;
    suggestion.oldValue = QString::fromUtf8(playbookText.mid(location.begin, location.end - location.begin));
    suggestion.newValue = chosen->value;
    suggestion.line = location.line;
    suggestion.proposedText = PlaybookValueEdit::replaced(playbookText, location, chosen->value.toUtf8());
    suggestion.diff = PlaybookValueEdit::unifiedDiff(fileName, playbookText, suggestion.proposedText);
    suggestion.after = chosen->result;
    return suggestion;
}

} // namespace firebreak
