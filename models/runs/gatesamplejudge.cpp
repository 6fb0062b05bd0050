#include "gatesamplejudge.h"

#include "correlation/correlationevents.h"
#include "interfaces/metricsource.h"

#include <QDateTime>
#include <QStringList>
#include <cmath>

namespace firebreak {

using CorrelationEvents::durationText;

QString GateSampleJudge::number(double value)
{
    if (std::isnan(value))
        return QStringLiteral("NaN");
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("+Inf") : QStringLiteral("-Inf");
    return QString::number(value, 'g', 6);
}

QString GateSampleJudge::clockText(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(QStringLiteral("HH:mm:ss")) + QStringLiteral(" UTC");
}

QString GateSampleJudge::comparisonWord(PlaybookGate::Comparison comparison)
{
    return comparison == PlaybookGate::Comparison::Above ? QStringLiteral("above") : QStringLiteral("below");
}

bool GateSampleJudge::satisfies(double value, const PlaybookGate& gate)
{
    return gate.comparison == PlaybookGate::Comparison::Above ? value > gate.threshold : value < gate.threshold;
}

QString GateSampleJudge::seriesName(const Series& series)
{
    QStringList labels;
    for (auto it = series.labels.cbegin(); it != series.labels.cend(); ++it) {
        if (it.key() != QLatin1String("__name__"))
            labels.append(QStringLiteral("%1=\"%2\"").arg(it.key(), it.value()));
    }
    return series.labels.value(QStringLiteral("__name__")) + QLatin1Char('{') + labels.join(QLatin1Char(','))
        + QLatin1Char('}');
}

QString GateSampleJudge::rangeProblem(
    const Series& series, const PlaybookGate& gate, qint64 startMs, qint64 endMs, qint64 stepMs)
{
    const QString name = seriesName(series);
    const QVector<Sample>& samples = series.samples;
    if (samples.isEmpty())
        return QStringLiteral("missing data: %1 has no samples in the last %2")
            .arg(name, durationText(endMs - startMs));
    const QString allowance = QStringLiteral("one step of %1").arg(durationText(stepMs));
    for (const Sample& sample : samples) {
        if (!std::isfinite(sample.value))
            return QStringLiteral("missing data: %1 is %2 at %3")
                .arg(name, number(sample.value), clockText(sample.timeMs));
    }
    if (samples.first().timeMs > startMs + stepMs) {
        return QStringLiteral("missing data: %1 starts at %2, %3 after the start of the %4 window (allowed: %5)")
            .arg(name, clockText(samples.first().timeMs), durationText(samples.first().timeMs - startMs),
                durationText(endMs - startMs), allowance);
    }
    for (qsizetype i = 1; i < samples.size(); ++i) {
        const qint64 gap = samples.at(i).timeMs - samples.at(i - 1).timeMs;
        if (gap <= 0) {
            return QStringLiteral("missing data: %1 has samples out of order at %2")
                .arg(name, clockText(samples.at(i).timeMs));
        }
        if (gap > 2 * stepMs) {
            return QStringLiteral("missing data: %1 has no sample from %2 to %3 (%4, more than 2 steps of %5)")
                .arg(name, clockText(samples.at(i - 1).timeMs), clockText(samples.at(i).timeMs), durationText(gap),
                    durationText(stepMs));
        }
    }
    if (samples.last().timeMs < endMs - stepMs) {
        return QStringLiteral("missing data: %1 ends at %2, %3 before now (allowed: %4)")
            .arg(name, clockText(samples.last().timeMs), durationText(endMs - samples.last().timeMs), allowance);
    }
    double min = qInf();
    double max = -qInf();
    for (const Sample& sample : samples) {
        min = qMin(min, sample.value);
        max = qMax(max, sample.value);
    }
    for (const Sample& sample : samples) {
        if (!satisfies(sample.value, gate)) {
            return QStringLiteral("%1 was %2 at %3, not %4 %5 (min %6, max %7 over %8 samples in the last %9)")
                .arg(name, number(sample.value), clockText(sample.timeMs), comparisonWord(gate.comparison),
                    number(gate.threshold), number(min), number(max))
                .arg(samples.size())
                .arg(durationText(endMs - startMs));
        }
    }
    return {};
}

} // namespace firebreak
