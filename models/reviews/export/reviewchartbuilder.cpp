#include "reviewchartbuilder.h"

#include <QDateTime>
#include <QJsonArray>
#include <QMap>
#include <QRegularExpression>
#include <QTimeZone>
#include <algorithm>
#include <cmath>

namespace firebreak {

namespace {

constexpr qint64 MinimumMarkerPadMs = 3 * 60'000;

QString clock(qint64 timeMs)
{
    return QDateTime::fromMSecsSinceEpoch(timeMs, QTimeZone::utc()).toString(QStringLiteral("HH:mm:ss"));
}

QString number(double value)
{
    return QString::number(value, 'g', 6);
}

// Fixes the chart's time range: the data's, widened to the markers within one data span (at least
// three minutes) of it. A rollback an hour later would squeeze the data into a sliver: left out.
void frame(ReviewChart& chart, qint64 dataStartMs, qint64 dataEndMs, const QVector<ReviewChartMarker>& markers)
{
    if (dataEndMs <= dataStartMs) {
        dataStartMs -= 30'000;
        dataEndMs += 30'000;
    }
    const qint64 pad = std::max(MinimumMarkerPadMs, dataEndMs - dataStartMs);
    chart.startMs = dataStartMs;
    chart.endMs = dataEndMs;
    for (const ReviewChartMarker& marker : markers) {
        if (marker.timeMs < dataStartMs - pad || marker.timeMs > dataEndMs + pad)
            continue;
        chart.markers.append(marker);
        chart.startMs = std::min(chart.startMs, marker.timeMs);
        chart.endMs = std::max(chart.endMs, marker.timeMs);
    }
    std::stable_sort(chart.markers.begin(), chart.markers.end(),
        [](const ReviewChartMarker& a, const ReviewChartMarker& b) { return a.timeMs < b.timeMs; });
}

std::optional<ReviewChart> gateChart(
    const RunDetail& detail, const GateOutcome& outcome, const QVector<ReviewChartMarker>& markers)
{
    const QJsonArray series = outcome.evidence.value(QStringLiteral("series")).toArray();
    if (series.isEmpty() || (outcome.kind != QLatin1String("sustained") && outcome.kind != QLatin1String("confirm")))
        return std::nullopt;
    ReviewChart chart;
    chart.title = QStringLiteral("Run %1 · gate %2 (%3)")
                      .arg(QString::number(detail.run.id), QString::number(outcome.index + 1), outcome.kind);
    const QString query = outcome.evidence.value(QStringLiteral("query")).toString();
    chart.caption = QStringLiteral("%1 · %2 at %3 UTC: %4")
                        .arg(query, outcome.passed ? QStringLiteral("passed") : QStringLiteral("blocked"),
                            clock(outcome.timeMs), outcome.reason);
    for (const QString& side : { QStringLiteral("above"), QStringLiteral("below") }) {
        const QJsonValue threshold = outcome.evidence.value(side);
        if (threshold.isDouble())
            chart.threshold
                = ReviewChartThreshold { threshold.toDouble(), side + QLatin1Char(' ') + number(threshold.toDouble()) };
    }
    qint64 first = std::numeric_limits<qint64>::max();
    qint64 last = std::numeric_limits<qint64>::min();
    for (const QJsonValue& value : series) {
        const QJsonObject object = value.toObject();
        ReviewChartSeries line;
        line.name = object.value(QStringLiteral("series")).toString();
        const QJsonArray samples = object.value(QStringLiteral("samples")).toArray();
        for (const QJsonValue& sample : samples) {
            const QJsonArray pair = sample.toArray();
            if (pair.size() == 2 && pair.at(1).isDouble())
                line.points.append(ReviewChartPoint { qint64(pair.at(0).toDouble()), pair.at(1).toDouble() });
        }
        if (samples.isEmpty() && object.value(QStringLiteral("value")).isDouble())
            line.points.append(ReviewChartPoint { qint64(object.value(QStringLiteral("time_ms")).toDouble()),
                object.value(QStringLiteral("value")).toDouble() });
        for (const ReviewChartPoint& point : std::as_const(line.points)) {
            first = std::min(first, point.timeMs);
            last = std::max(last, point.timeMs);
        }
        chart.series.append(line);
    }
    const QJsonValue start = outcome.evidence.value(QStringLiteral("start_ms"));
    const QJsonValue end = outcome.evidence.value(QStringLiteral("end_ms"));
    if (start.isDouble() && end.isDouble()) {
        first = std::min(first, qint64(start.toDouble()));
        last = std::max(last, qint64(end.toDouble()));
    }
    if (first > last)
        first = last = outcome.timeMs;
    QVector<ReviewChartMarker> withDecision = markers;
    withDecision.append(ReviewChartMarker {
        outcome.timeMs, outcome.passed ? QStringLiteral("gate passed") : QStringLiteral("gate blocked") });
    frame(chart, first, last, withDecision);
    return chart;
}

ReviewChart checkChart(const RunDetail& detail, VerifySample::Phase phase, int checkIndex,
    const QVector<VerifySample>& samples, const QVector<ReviewChartMarker>& markers)
{
    const bool rollback = phase == VerifySample::Phase::RollbackVerify;
    const QJsonObject check = detail.plan.value(rollback ? QStringLiteral("rollback_verify") : QStringLiteral("verify"))
                                  .toArray()
                                  .at(checkIndex)
                                  .toObject();
    const QString name = check.value(QStringLiteral("name")).toString(QStringLiteral("check %1").arg(checkIndex + 1));
    const QString condition = check.value(QStringLiteral("success")).toString();
    ReviewChart chart;
    chart.title = QStringLiteral("Run %1 · %2: %3")
                      .arg(QString::number(detail.run.id),
                          rollback ? QStringLiteral("rollback verification") : QStringLiteral("verification"), name);
    QMap<VerifySample::Outcome, int> outcomes;
    ReviewChartSeries line;
    line.name = name;
    for (const VerifySample& sample : samples) {
        ++outcomes[sample.outcome];
        if (sample.hasValue && std::isfinite(sample.value))
            line.points.append(ReviewChartPoint { sample.timeMs, sample.value });
    }
    chart.series.append(line);
    // One multi-argument call: a %N inside the query must not be taken for a placeholder.
    chart.caption
        = QStringLiteral("%1 · success when %2 · %3 samples: %4 passed, %5 failed, %6 inconclusive")
              .arg(check.value(QStringLiteral("query")).toString(),
                  condition.isEmpty() ? QStringLiteral("(no condition stored)") : condition,
                  QString::number(samples.size()), QString::number(outcomes.value(VerifySample::Outcome::Success)),
                  QString::number(outcomes.value(VerifySample::Outcome::Failure)),
                  QString::number(outcomes.value(VerifySample::Outcome::Inconclusive)));
    if (const std::optional<double> threshold = ReviewChartBuilder::conditionThreshold(condition))
        chart.threshold = ReviewChartThreshold { *threshold, QStringLiteral("success %1").arg(condition.trimmed()) };
    const auto [earliest, latest] = std::minmax_element(samples.cbegin(), samples.cend(),
        [](const VerifySample& a, const VerifySample& b) { return a.timeMs < b.timeMs; });
    frame(chart, earliest->timeMs, latest->timeMs, markers);
    return chart;
}

} // namespace

std::optional<double> ReviewChartBuilder::conditionThreshold(const QString& condition)
{
    static const QRegularExpression pattern(QStringLiteral("^\\s*(<=|>=|==|!=|<|>)\\s*(\\S+)\\s*$"));
    const QRegularExpressionMatch match = pattern.match(condition);
    bool ok = false;
    const double value = match.hasMatch() ? match.captured(2).toDouble(&ok) : 0;
    return ok && std::isfinite(value) ? std::optional<double>(value) : std::nullopt;
}

QVector<ReviewChartMarker> ReviewChartBuilder::markers(const RunDetail& detail)
{
    QVector<ReviewChartMarker> out;
    for (const ApprovalRecord& approval : detail.approvals) {
        out.append(ReviewChartMarker { approval.timeMs,
            QStringLiteral("%1 (%2)").arg(approval.decision == ApprovalRecord::Decision::Granted
                    ? QStringLiteral("approved")
                    : QStringLiteral("denied"),
                approval.approver) });
    }
    for (const RunStepRecord& step : detail.steps) {
        if (step.phase == RunStepRecord::Phase::Steps && step.startedMs > 0)
            out.append(ReviewChartMarker { step.startedMs, QStringLiteral("step: %1").arg(step.name) });
    }
    for (const Event& event : detail.events) {
        if (event.kind == QLatin1String(EventKind::RollbackStarted))
            out.append(ReviewChartMarker { event.timeMs, QStringLiteral("rollback") });
    }
    std::stable_sort(out.begin(), out.end(),
        [](const ReviewChartMarker& a, const ReviewChartMarker& b) { return a.timeMs < b.timeMs; });
    return out;
}

QVector<ReviewChart> ReviewChartBuilder::forRun(const RunDetail& detail)
{
    const QVector<ReviewChartMarker> runMarkers = markers(detail);
    QVector<ReviewChart> charts;
    for (const GateOutcome& outcome : detail.gates) {
        if (std::optional<ReviewChart> chart = gateChart(detail, outcome, runMarkers))
            charts.append(std::move(*chart));
    }
    // Samples by phase and check, in the order they were taken.
    QMap<QPair<int, int>, QVector<VerifySample>> byCheck;
    for (const VerifySample& sample : detail.samples)
        byCheck[qMakePair(int(sample.phase), sample.checkIndex)].append(sample);
    for (auto it = byCheck.cbegin(); it != byCheck.cend(); ++it)
        charts.append(checkChart(
            detail, static_cast<VerifySample::Phase>(it.key().first), it.key().second, it.value(), runMarkers));
    return charts;
}

} // namespace firebreak
