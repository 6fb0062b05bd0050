#include "backtestchart.h"

#include "backtestpalette.h"
#include "correlation/correlationevents.h"
#include "metrics/decimator.h"
#include "style/chartstyle.h"
#include "charts/roundaxisrange.h"
#include "style/roundtimeticks.h"
#include "style/theme.h"

#include <QAreaSeries>
#include <QCategoryAxis>
#include <QDateTime>
#include <QLineSeries>
#include <QPainter>
#include <QScatterSeries>
#include <QValueAxis>
#include <cmath>

namespace firebreak {

namespace {

constexpr double LaneHeight = 13;
constexpr double DelayRowHeight = 17;

QString seriesName(const Series& series)
{
    QStringList pairs;
    for (auto it = series.labels.cbegin(); it != series.labels.cend(); ++it) {
        if (it.key() != QLatin1String("__name__"))
            pairs.append(QStringLiteral("%1=\"%2\"").arg(it.key(), it.value()));
    }
    return series.labels.value(QStringLiteral("__name__")) + QLatin1Char('{') + pairs.join(QLatin1Char(','))
        + QLatin1Char('}');
}

bool isFalseAlarm(const BacktestResult& result, qint64 firedMs)
{
    for (const BacktestFinding& finding : result.findings) {
        if (finding.firedMs == firedMs)
            return finding.kind == BacktestFinding::Kind::FalseAlarm;
    }
    return false;
}

void attach(QChart* chart, QAbstractSeries* series, QAbstractAxis* x, QAbstractAxis* y)
{
    chart->addSeries(series);
    series->attachAxis(x);
    series->attachAxis(y);
}

} // namespace

BacktestChart::BacktestChart(const Theme& theme, QWidget* parent)
    : QChartView(parent)
    , m_theme(theme)
    , m_xAxis(new QCategoryAxis)
    , m_yAxis(new QValueAxis)
    , m_threshold(new QLineSeries(this))
    , m_firedAt(new QScatterSeries(this))
{
    ChartStyle::applyTo(*this, theme, QMargins(LaneGutter, 6, 12, LanesHeight));
    setMinimumHeight(260);
    QChart* c = chart();
    c->legend()->setVisible(false);
    const QFont axisFont = ChartStyle::axisFont(font());
    ChartStyle::applyTo(*m_xAxis, theme, axisFont);
    ChartStyle::applyTo(*m_yAxis, theme, axisFont);
    m_xAxis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    c->addAxis(m_xAxis, Qt::AlignBottom);
    c->addAxis(m_yAxis, Qt::AlignLeft);

    for (const bool falseAlarms : { false, true }) {
        auto* area = new QAreaSeries(new QLineSeries(this), new QLineSeries(this));
        area->setName(falseAlarms ? tr("gate fired: false alarm") : tr("gate fired"));
        area->setPen(Qt::NoPen);
        area->setBrush(
            BacktestPalette::tint(theme, BacktestPalette::firing(theme, falseAlarms), theme.dark ? 0.22 : 0.14));
        attach(c, area, m_xAxis, m_yAxis);
        (falseAlarms ? m_falseArea : m_hitArea) = area;
    }

    QPen dashed(theme.threshold, 1.4, Qt::DashLine);
    dashed.setCosmetic(true);
    m_threshold->setPen(dashed);
    m_threshold->setName(tr("threshold"));
    attach(c, m_threshold, m_xAxis, m_yAxis);

    m_firedAt->setName(tr("fired at"));
    m_firedAt->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
    m_firedAt->setMarkerSize(7);
    m_firedAt->setColor(theme.accent);
    m_firedAt->setBorderColor(theme.surface);
    clear();
}

void BacktestChart::clear()
{
    QChart* c = chart();
    for (QLineSeries* line : std::as_const(m_lines)) {
        c->removeSeries(line);
        delete line;
    }
    m_lines.clear();
    m_raw.clear();
    m_result = {};
    m_leftOut = 0;
    m_highlight = -1;
    m_empty = true;
    m_threshold->clear();
    m_hitArea->upperSeries()->clear();
    m_hitArea->lowerSeries()->clear();
    m_falseArea->upperSeries()->clear();
    m_falseArea->lowerSeries()->clear();
    if (m_firedAt->chart())
        c->removeSeries(m_firedAt);
    m_firedAt->clear();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    setTimeRange(now - 3'600'000, now);
    m_yAxis->setRange(0, 1);
    viewport()->update();
}

void BacktestChart::setBacktest(
    const BacktestResult& result, const BacktestInput& input, const PlaybookGate& gate, qint64 startMs, qint64 endMs)
{
    clear();
    m_result = result;
    m_startMs = startMs;
    m_endMs = std::max(endMs, startMs + 1);
    m_empty = false;
    QChart* c = chart();

    double low = gate.threshold;
    double high = gate.threshold;
    QStringList names;
    for (const Series& series : input.history.series) {
        if (m_lines.size() >= MaxSeries) {
            ++m_leftOut;
            continue;
        }
        QVector<QPointF> points;
        points.reserve(series.samples.size());
        for (const Sample& sample : series.samples) {
            points.append(QPointF(double(sample.timeMs), sample.value));
            if (std::isfinite(sample.value) && sample.timeMs >= startMs && sample.timeMs <= endMs) {
                low = std::min(low, sample.value);
                high = std::max(high, sample.value);
            }
        }
        auto* line = new QLineSeries(this);
        QPen pen(m_theme.series.at(m_lines.size() % m_theme.series.size()), 1.6);
        pen.setCosmetic(true);
        line->setPen(pen);
        line->setName(seriesName(series));
        names.append(line->name());
        attach(c, line, m_xAxis, m_yAxis);
        m_lines.append(line);
        m_raw.append(points);
    }
    const RoundAxisRange range = RoundAxisRange::around(low, high);
    m_yAxis->setRange(range.bottom, range.top);
    m_yAxis->setTickCount(range.tickCount());
    m_yAxis->setLabelFormat(QStringLiteral("%.") + QString::number(range.decimals) + QStringLiteral("f"));
    setTimeRange(m_startMs, m_endMs);
    m_threshold->replace({ QPointF(double(m_startMs), gate.threshold), QPointF(double(m_endMs), gate.threshold) });

    QVector<BacktestFiring> hits;
    QVector<BacktestFiring> falseAlarms;
    for (BacktestFiring firing : result.firings) {
        if (firing.clearedMs < 0)
            firing.clearedMs = std::max(result.evaluatedToMs, firing.firedMs);
        (isFalseAlarm(result, firing.firedMs) ? falseAlarms : hits).append(firing);
        m_firedAt->append(double(firing.firedMs), gate.threshold);
    }
    setSpans(m_hitArea, hits, range.bottom, range.top);
    setSpans(m_falseArea, falseAlarms, range.bottom, range.top);
    attach(c, m_firedAt, m_xAxis, m_yAxis); // on top of the lines
    setToolTip(names.join(QLatin1Char('\n')));
    redecimate();
    viewport()->update();
}

void BacktestChart::setTimeRange(qint64 startMs, qint64 endMs)
{
    for (const QString& label : m_xAxis->categoriesLabels())
        m_xAxis->remove(label);
    m_xAxis->setRange(double(startMs), double(endMs));
    m_xAxis->setStartValue(double(startMs - 1)); // so that a tick at the very start gets its label too
    const RoundTimeTicks ticks = RoundTimeTicks::over(startMs, endMs);
    for (const qint64 tick : ticks.times)
        m_xAxis->append(QDateTime::fromMSecsSinceEpoch(tick).toString(ticks.format), double(tick));
}

void BacktestChart::setSpans(QAreaSeries* area, const QVector<BacktestFiring>& spans, double bottom, double top)
{
    // One area for all spans: the upper line steps up to the top for each span, the lower stays at
    // the bottom, and between spans both coincide.
    QList<QPointF> upper { QPointF(double(m_startMs), bottom) };
    for (const BacktestFiring& span : spans) {
        const double from = double(std::max(span.firedMs, m_startMs));
        const double to = double(std::min(span.clearedMs, m_endMs));
        upper << QPointF(from, bottom) << QPointF(from, top) << QPointF(to, top) << QPointF(to, bottom);
    }
    upper << QPointF(double(m_endMs), bottom);
    area->upperSeries()->replace(upper);
    area->lowerSeries()->replace({ QPointF(double(m_startMs), bottom), QPointF(double(m_endMs), bottom) });
}

void BacktestChart::setHighlight(int index)
{
    m_highlight = index >= 0 && index < m_result.incidents.size() ? index : -1;
    viewport()->update();
}

void BacktestChart::resizeEvent(QResizeEvent* event)
{
    QChartView::resizeEvent(event);
    redecimate();
}

void BacktestChart::redecimate()
{
    const int width = std::max(1, int(chart()->plotArea().width()));
    for (int i = 0; i < m_lines.size(); ++i)
        m_lines.at(i)->replace(Decimator::minMaxPerColumn(m_raw.at(i), double(m_startMs), double(m_endMs), width));
}

double BacktestChart::xOf(qint64 ms, const QRectF& plot) const
{
    const double fraction = double(ms - m_startMs) / double(m_endMs - m_startMs);
    return plot.left() + std::clamp(fraction, 0.0, 1.0) * plot.width();
}

void BacktestChart::drawForeground(QPainter* painter, const QRectF& rect)
{
    QChartView::drawForeground(painter, rect);
    const QRectF plot = chart()->plotArea();
    if (m_empty || plot.width() <= 0)
        return;
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    if (m_highlight >= 0) {
        const IncidentVerdict& incident = m_result.incidents.at(m_highlight);
        const QColor colour = BacktestPalette::incident(m_theme, incident);
        QColor fill = colour;
        fill.setAlpha(28);
        QPen outline(colour, 1, Qt::DotLine);
        outline.setCosmetic(true);
        painter->setPen(outline);
        painter->setBrush(fill);
        const double left = xOf(incident.startMs, plot);
        painter->drawRect(QRectF(left, plot.top(), std::max(2.0, xOf(incident.endMs, plot) - left), plot.height()));
    }
    drawLanes(*painter, plot);
    painter->restore();
}

void BacktestChart::drawLanes(QPainter& painter, const QRectF& plot) const
{
    const double top = double(viewport()->height()) - LanesHeight + 6;
    const QRectF gateLane(plot.left(), top, plot.width(), LaneHeight);
    const QRectF incidentLane(plot.left(), top + LaneHeight + DelayRowHeight, plot.width(), LaneHeight);
    QFont small = ChartStyle::axisFont(font(), 0.85);
    painter.setFont(small);

    // Lane names, right-aligned against the plot, and a hairline per lane so an empty lane reads as empty.
    painter.setPen(m_theme.mutedText);
    for (const auto& [lane, name] :
        { std::pair { gateLane, tr("Gate") }, std::pair { incidentLane, tr("Incidents") } }) {
        painter.drawText(
            QRectF(0, lane.top() - 2, plot.left() - 6, lane.height() + 4), Qt::AlignRight | Qt::AlignVCenter, name);
        painter.setPen(QPen(m_theme.grid, 1));
        painter.drawLine(QPointF(lane.left(), lane.center().y()), QPointF(lane.right(), lane.center().y()));
        painter.setPen(m_theme.mutedText);
    }

    for (const BacktestFiring& firing : m_result.firings) {
        const qint64 cleared
            = firing.clearedMs < 0 ? std::max(m_result.evaluatedToMs, firing.firedMs) : firing.clearedMs;
        const double left = xOf(firing.firedMs, plot);
        const QRectF bar(left, gateLane.top(), std::max(2.0, xOf(cleared, plot) - left), gateLane.height());
        painter.fillRect(bar, BacktestPalette::firing(m_theme, isFalseAlarm(m_result, firing.firedMs)));
    }

    for (int i = 0; i < m_result.incidents.size(); ++i) {
        const IncidentVerdict& incident = m_result.incidents.at(i);
        const double left = xOf(incident.startMs, plot);
        const QRectF band(
            left, incidentLane.top(), std::max(3.0, xOf(incident.endMs, plot) - left), incidentLane.height());
        painter.fillRect(band, m_theme.surface);
        painter.fillRect(band, BacktestPalette::incidentFill(m_theme, incident));
        const bool missed = std::any_of(m_result.findings.cbegin(), m_result.findings.cend(),
            [i](const BacktestFinding& f) { return f.incident == i && f.kind == BacktestFinding::Kind::Miss; });
        QPen edge(missed ? m_theme.toneColor(Theme::Tone::Bad) : BacktestPalette::incident(m_theme, incident),
            missed || i == m_highlight ? 2 : 1);
        painter.setPen(edge);
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(band.adjusted(0.5, 0.5, -0.5, -0.5));
    }

    // Detection delay: from the incident's start (below) to the firing (above), with the delay written beside.
    const QFontMetricsF metrics(small);
    for (const BacktestFinding& finding : m_result.findings) {
        if (finding.kind != BacktestFinding::Kind::Hit)
            continue;
        const double from = xOf(m_result.incidents.at(finding.incident).startMs, plot);
        const double to = xOf(finding.firedMs, plot);
        const double y = gateLane.bottom() + DelayRowHeight / 2;
        QPen pen(m_theme.text, 1);
        painter.setPen(pen);
        painter.drawLine(QPointF(from, incidentLane.top()), QPointF(from, y));
        painter.drawLine(QPointF(from, y), QPointF(to, y));
        painter.drawLine(QPointF(to, y), QPointF(to, gateLane.bottom()));
        const QString text = backtestDelayText(finding.delayMs);
        const double width = metrics.horizontalAdvance(text) + 4;
        const double textLeft = std::min(std::max(from, to) + 3, plot.right() - width);
        const QRectF box(textLeft, y - metrics.height() / 2, width, metrics.height());
        painter.fillRect(box, m_theme.surface);
        painter.drawText(box, Qt::AlignCenter, text);
    }
}

} // namespace firebreak
