#include "gateevidencechart.h"

#include "style/chartstyle.h"
#include "style/theme.h"

#include <QAreaSeries>
#include <QGraphicsLayout>
#include <QJsonArray>
#include <QLineSeries>
#include <QValueAxis>
#include <cmath>

namespace firebreak {

namespace {
QColor blendedOver(const QColor& top, int alpha, const QColor& bottom)
{
    auto mix = [alpha](int a, int b) { return (a * alpha + b * (255 - alpha) + 127) / 255; };
    return QColor(mix(top.red(), bottom.red()), mix(top.green(), bottom.green()), mix(top.blue(), bottom.blue()));
}

double niceStep(double span, int ticks)
{
    const double raw = span / qMax(1, ticks);
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (double factor : { 1.0, 2.0, 2.5, 5.0, 10.0 }) {
        if (factor * magnitude >= raw)
            return factor * magnitude;
    }
    return 10 * magnitude;
}
} // namespace

GateEvidenceChart::GateEvidenceChart(const Theme& theme, QWidget* parent)
    : QChartView(parent)
    , m_theme(theme)
    , m_xAxis(new QValueAxis)
    , m_yAxis(new QValueAxis)
    , m_windowUpper(new QLineSeries)
    , m_windowLower(new QLineSeries)
    , m_threshold(new QLineSeries)
{
    ChartStyle::applyTo(*this, theme, QMargins(2, 2, 6, 0));
    setFixedHeight(124);
    setMinimumWidth(260);
    QChart* c = chart();
    c->legend()->setVisible(false);

    const QFont axisFont = ChartStyle::axisFont(font(), 0.85);
    for (QValueAxis* axis : { m_xAxis, m_yAxis })
        ChartStyle::applyTo(*axis, theme, axisFont);
    m_yAxis->setTickCount(3);
    m_yAxis->setLabelFormat(QStringLiteral("%.4g"));
    m_xAxis->setTickType(QValueAxis::TicksDynamic);
    m_xAxis->setTickAnchor(0);
    c->addAxis(m_xAxis, Qt::AlignBottom);
    c->addAxis(m_yAxis, Qt::AlignLeft);

    m_window = new QAreaSeries(m_windowUpper, m_windowLower);
    m_window->setName(tr("window"));
    m_window->setPen(Qt::NoPen);
    m_window->setBrush(blendedOver(theme.accent, theme.dark ? 40 : 28, theme.surface));
    c->addSeries(m_window);
    m_window->attachAxis(m_xAxis);
    m_window->attachAxis(m_yAxis);

    QPen dashed(theme.threshold, 1.4, Qt::DashLine);
    dashed.setCosmetic(true);
    m_threshold->setPen(dashed);
    m_threshold->setName(tr("threshold"));
    m_threshold->setVisible(false);
    c->addSeries(m_threshold);
    m_threshold->attachAxis(m_xAxis);
    m_threshold->attachAxis(m_yAxis);
}

void GateEvidenceChart::setEvidence(const QJsonObject& gate, const QJsonObject& evidence)
{
    QChart* c = chart();
    for (QLineSeries* line : std::as_const(m_lines)) {
        c->removeSeries(line);
        delete line;
    }
    m_lines.clear();

    const QJsonObject& source
        = evidence.contains(QStringLiteral("above")) || evidence.contains(QStringLiteral("below")) ? evidence : gate;
    m_hasThreshold = source.contains(QStringLiteral("above")) || source.contains(QStringLiteral("below"));
    m_thresholdValue
        = source.value(source.contains(QStringLiteral("above")) ? QStringLiteral("above") : QStringLiteral("below"))
              .toDouble();

    // A range gate has a window [start, end]; an instant confirm gate one moment (at_ms).
    if (evidence.contains(QStringLiteral("start_ms"))) {
        m_windowStartMs = qint64(evidence.value(QStringLiteral("start_ms")).toDouble());
        m_windowEndMs = qint64(evidence.value(QStringLiteral("end_ms")).toDouble());
    } else {
        m_windowEndMs = qint64(evidence.value(QStringLiteral("at_ms")).toDouble());
        m_windowStartMs = m_windowEndMs;
    }
    const qint64 span = qMax<qint64>(m_windowEndMs - m_windowStartMs, 60'000);
    m_unitMs = span >= 120'000 ? 60'000 : 1'000;
    const double pad = span * 0.12;
    const double left
        = (double(m_windowStartMs - m_windowEndMs) - (m_windowStartMs == m_windowEndMs ? span : pad)) / m_unitMs;
    const double right = pad / m_unitMs;
    m_xAxis->setRange(left, right);
    m_xAxis->setTickInterval(niceStep(right - left, 4));
    m_xAxis->setLabelFormat(m_unitMs == 60'000 ? QStringLiteral("%gm") : QStringLiteral("%gs"));

    double low = m_hasThreshold ? m_thresholdValue : qInf();
    double high = m_hasThreshold ? m_thresholdValue : -qInf();
    const QJsonArray seriesArray = evidence.value(QStringLiteral("series")).toArray();
    int colour = 0;
    QStringList names;
    for (const QJsonValue& value : seriesArray) {
        const QJsonObject series = value.toObject();
        QList<QPointF> points;
        const auto add = [&](double timeMs, const QJsonValue& sample) {
            if (!sample.isDouble())
                return; // NaN and Inf travel as null: a gap, not a point
            const double y = sample.toDouble();
            points.append(QPointF((timeMs - double(m_windowEndMs)) / m_unitMs, y));
            low = qMin(low, y);
            high = qMax(high, y);
        };
        if (series.contains(QStringLiteral("samples"))) {
            for (const QJsonValue& sample : series.value(QStringLiteral("samples")).toArray()) {
                const QJsonArray pair = sample.toArray();
                add(pair.at(0).toDouble(), pair.at(1));
            }
        } else if (series.contains(QStringLiteral("value"))) {
            add(series.value(QStringLiteral("time_ms")).toDouble(), series.value(QStringLiteral("value")));
        }
        auto* line = new QLineSeries;
        QPen pen(m_theme.series.at(colour++ % m_theme.series.size()), 1.8);
        pen.setCosmetic(true);
        line->setPen(pen);
        line->setName(series.value(QStringLiteral("series")).toString());
        line->setPointsVisible(points.size() <= 40);
        line->setMarkerSize(5);
        line->replace(points);
        c->addSeries(line);
        line->attachAxis(m_xAxis);
        line->attachAxis(m_yAxis);
        m_lines.append(line);
        names.append(line->name());
    }
    if (!std::isfinite(low)) {
        low = 0;
        high = 1;
    }
    const double margin = high > low ? (high - low) * 0.15 : qMax(std::abs(high) * 0.1, 1.0);
    low -= margin;
    high += margin;
    m_yAxis->setRange(low, high);

    m_windowUpper->replace({ QPointF((m_windowStartMs - m_windowEndMs) / m_unitMs, high), QPointF(0, high) });
    m_windowLower->replace({ QPointF((m_windowStartMs - m_windowEndMs) / m_unitMs, low), QPointF(0, low) });
    m_window->setVisible(m_windowEndMs > m_windowStartMs);
    if (m_hasThreshold)
        m_threshold->replace({ QPointF(left, m_thresholdValue), QPointF(right, m_thresholdValue) });
    m_threshold->setVisible(m_hasThreshold);
    setToolTip(names.join(QLatin1Char('\n')));
}

QVector<QPointF> GateEvidenceChart::samplesOf(int line) const
{
    QVector<QPointF> out;
    if (line < 0 || line >= m_lines.size())
        return out;
    for (const QPointF& point : m_lines.at(line)->points())
        out.append(QPointF(std::round(point.x() * m_unitMs) + double(m_windowEndMs), point.y()));
    return out;
}

} // namespace firebreak
