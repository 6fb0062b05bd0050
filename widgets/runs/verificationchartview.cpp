#include "verificationchartview.h"

#include "charts/roundaxisrange.h"
#include "style/chartstyle.h"
#include "style/theme.h"

#include <QDateTime>
#include <QDateTimeAxis>
#include <QGraphicsLayout>
#include <QLegendMarker>
#include <QLineSeries>
#include <QRegularExpression>
#include <QScatterSeries>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

namespace firebreak {

namespace {

// The samples of the latest round: resuming a paused run samples every check again from index 0.
QVector<VerifySample> latestRound(const QVector<VerifySample>& samples)
{
    qsizetype start = 0;
    for (qsizetype i = 1; i < samples.size(); ++i) {
        if (samples.at(i).sampleIndex <= samples.at(i - 1).sampleIndex)
            start = i;
    }
    return samples.mid(start);
}

int rounds(const QVector<VerifySample>& samples)
{
    int count = samples.isEmpty() ? 0 : 1;
    for (qsizetype i = 1; i < samples.size(); ++i) {
        if (samples.at(i).sampleIndex <= samples.at(i - 1).sampleIndex)
            ++count;
    }
    return count;
}

QScatterSeries* makeMarkers(const QColor& fill, const QColor& border, qreal size)
{
    auto* series = new QScatterSeries;
    series->setMarkerShape(QScatterSeries::MarkerShapeCircle);
    series->setMarkerSize(size);
    series->setBrush(fill);
    QPen pen(border, 1.6);
    pen.setCosmetic(true);
    series->setPen(pen);
    return series;
}

} // namespace

VerificationChartView::VerificationChartView(const Theme& theme, QWidget* parent)
    : QChartView(parent)
    , m_theme(theme)
    , m_xAxis(new QDateTimeAxis)
    , m_yAxis(new QValueAxis)
    , m_values(new QLineSeries)
    , m_threshold(new QLineSeries)
{
    ChartStyle::applyTo(*this, theme, QMargins(4, 0, 8, 0));
    setMinimumHeight(150);
    QChart* c = chart();

    const QFont small = ChartStyle::axisFont(font());
    for (QAbstractAxis* axis : { static_cast<QAbstractAxis*>(m_xAxis), static_cast<QAbstractAxis*>(m_yAxis) }) {
        ChartStyle::applyTo(*axis, theme, small);
        axis->setTitleFont(small);
        axis->setTitleBrush(theme.mutedText);
    }
    m_xAxis->setTickCount(5);
    c->addAxis(m_xAxis, Qt::AlignBottom);
    c->addAxis(m_yAxis, Qt::AlignLeft);

    QPen line(theme.series.value(0, theme.accent), 1.6);
    line.setCosmetic(true);
    m_values->setPen(line);
    QPen dashed(theme.threshold, 1.4, Qt::DashLine);
    dashed.setCosmetic(true);
    m_threshold->setPen(dashed);

    m_success = makeMarkers(theme.toneColor(Theme::Tone::Good), theme.toneColor(Theme::Tone::Good), 9);
    m_failure = makeMarkers(theme.toneColor(Theme::Tone::Bad), theme.toneColor(Theme::Tone::Bad), 10);
    m_inconclusive = makeMarkers(theme.surface, theme.healthUnknown, 9);
    m_success->setName(tr("pass"));
    m_failure->setName(tr("fail"));
    m_inconclusive->setName(tr("inconclusive"));

    for (QXYSeries* series :
        std::initializer_list<QXYSeries*> { m_threshold, m_values, m_success, m_failure, m_inconclusive }) {
        c->addSeries(series);
        series->attachAxis(m_xAxis);
        series->attachAxis(m_yAxis);
    }
    // The legend names only the condition; the check's name heads the chart and the outcome colours
    // are keyed once, above all the checks, by the panel.
    QLegend* legend = c->legend();
    legend->setAlignment(Qt::AlignTop);
    legend->setLabelColor(theme.text);
    legend->setFont(small);
    for (QXYSeries* series : std::initializer_list<QXYSeries*> { m_values, m_success, m_failure, m_inconclusive }) {
        for (QLegendMarker* marker : legend->markers(series))
            marker->setVisible(false);
    }
}

QScatterSeries* VerificationChartView::outcomeSeries(VerifySample::Outcome outcome) const
{
    switch (outcome) {
    case VerifySample::Outcome::Success:
        return m_success;
    case VerifySample::Outcome::Failure:
        return m_failure;
    case VerifySample::Outcome::Inconclusive:
        break;
    }
    return m_inconclusive;
}

std::optional<double> VerificationChartView::conditionThreshold(const QString& condition)
{
    static const QRegularExpression pattern(QStringLiteral("^\\s*(<=|>=|==|!=|<|>)\\s*(\\S+)\\s*$"));
    const QRegularExpressionMatch match = pattern.match(condition);
    if (!match.hasMatch())
        return std::nullopt;
    bool ok = false;
    const double value = match.captured(2).toDouble(&ok);
    return ok && std::isfinite(value) ? std::optional<double>(value) : std::nullopt;
}

QString VerificationChartView::caption(const QJsonObject& check, const QVector<VerifySample>& samples)
{
    const QVector<VerifySample> round = latestRound(samples);
    int failures = 0;
    int inconclusive = 0;
    for (const VerifySample& sample : round) {
        failures += sample.outcome == VerifySample::Outcome::Failure ? 1 : 0;
        inconclusive += sample.outcome == VerifySample::Outcome::Inconclusive ? 1 : 0;
    }
    const int count = check.value(QStringLiteral("count")).toInt();
    const int failureLimit = check.value(QStringLiteral("failure_limit")).toInt();
    const int inconclusiveLimit = check.value(QStringLiteral("inconclusive_limit")).toInt();
    QStringList parts;
    parts.append(tr("%1 of %2 samples").arg(round.size()).arg(count));
    parts.append((failures == 1 ? tr("1 failure of %1 allowed") : tr("%1 failures of %2 allowed").arg(failures))
                     .arg(failureLimit));
    if (inconclusive > 0 || inconclusiveLimit > 0)
        parts.append(tr("%1 inconclusive of %2 allowed").arg(inconclusive).arg(inconclusiveLimit));
    const int roundCount = rounds(samples);
    if (roundCount > 1)
        parts.append(tr("round %1").arg(roundCount));
    return parts.join(QStringLiteral(" · "));
}

void VerificationChartView::setCheck(
    const QJsonObject& check, const QVector<VerifySample>& samples, qint64 startMs, qint64 endMs)
{
    m_name = check.value(QStringLiteral("name")).toString();
    const QString condition = check.value(QStringLiteral("success")).toString();
    m_caption = caption(check, samples);
    setToolTip(check.value(QStringLiteral("query")).toString());
    m_values->setName(m_name);
    m_threshold->setName(QStringLiteral("%1 %2").arg(m_name, condition));
    // Legend labels are rich text: "< 80" would be read as a tag.
    for (QLegendMarker* marker : chart()->legend()->markers(m_threshold))
        marker->setLabel(m_threshold->name().toHtmlEscaped());

    if (endMs <= startMs)
        endMs = startMs + 60'000;
    m_xAxis->setFormat(endMs - startMs > 600'000 ? QStringLiteral("HH:mm") : QStringLiteral("HH:mm:ss"));
    m_xAxis->setRange(QDateTime::fromMSecsSinceEpoch(startMs), QDateTime::fromMSecsSinceEpoch(endMs));

    const std::optional<double> threshold = conditionThreshold(condition);
    updateRange(samples, threshold);
    const double bottom = m_yAxis->min();
    if (threshold)
        m_threshold->replace({ QPointF(startMs, *threshold), QPointF(endMs, *threshold) });
    else
        m_threshold->clear();
    m_threshold->setVisible(threshold.has_value());

    QVector<QPointF> line;
    QVector<QPointF> success;
    QVector<QPointF> failure;
    QVector<QPointF> inconclusive;
    for (const VerifySample& sample : samples) {
        const QPointF point(sample.timeMs, sample.hasValue ? sample.value : bottom);
        if (sample.hasValue)
            line.append(point);
        switch (sample.outcome) {
        case VerifySample::Outcome::Success:
            success.append(point);
            break;
        case VerifySample::Outcome::Failure:
            failure.append(point);
            break;
        case VerifySample::Outcome::Inconclusive:
            inconclusive.append(point);
            break;
        }
    }
    m_values->replace(line);
    m_success->replace(success);
    m_failure->replace(failure);
    m_inconclusive->replace(inconclusive);
}

void VerificationChartView::updateRange(const QVector<VerifySample>& samples, std::optional<double> threshold)
{
    double low = std::numeric_limits<double>::infinity();
    double high = -std::numeric_limits<double>::infinity();
    for (const VerifySample& sample : samples) {
        if (!sample.hasValue || !std::isfinite(sample.value))
            continue;
        low = std::min(low, sample.value);
        high = std::max(high, sample.value);
    }
    if (threshold) {
        low = std::min(low, *threshold);
        high = std::max(high, *threshold);
    }
    RoundAxisRange range = RoundAxisRange::around(low, high);
    // Samples without a value are drawn at the bottom, so the bottom then stays below the lowest
    // value: a hollow marker never sits on a real one.
    const bool withoutValue
        = std::any_of(samples.cbegin(), samples.cend(), [](const VerifySample& sample) { return !sample.hasValue; });
    if (withoutValue && range.bottom >= range.low)
        range.bottom -= range.step;
    m_yAxis->setRange(range.bottom, range.top);
    m_yAxis->setTickCount(range.tickCount());
    if (std::max(std::abs(range.bottom), std::abs(range.top)) >= 1e5)
        m_yAxis->setLabelFormat(QStringLiteral("%.3g"));
    else
        m_yAxis->setLabelFormat(QStringLiteral("%.%1f").arg(range.decimals));
}

} // namespace firebreak
