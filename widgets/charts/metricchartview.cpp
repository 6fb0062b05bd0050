#include "metricchartview.h"

#include "charts/roundaxisrange.h"
#include "metrics/decimator.h"
#include "style/chartstyle.h"
#include "style/theme.h"

#include <QDateTime>
#include <QDateTimeAxis>
#include <QGraphicsLayout>
#include <QKeyEvent>
#include <QLegendMarker>
#include <QLineSeries>
#include <QMouseEvent>
#include <QValueAxis>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

namespace firebreak {

namespace {
// `top` at `alpha` (0..255) over an opaque `bottom`, as one opaque colour. Markers are drawn this
// way rather than translucent: Qt's raster engine hands the fill of a translucent line taller than
// about 100 pixels to its thread pool and waits for it, ~27 us a line on two busy cores (400 such
// lines 11 ms, measured), while an opaque line is a plain solid fill (~2 us). On the plain chart
// surface the two look the same.
QColor blendedOver(const QColor& top, int alpha, const QColor& bottom)
{
    auto mix = [alpha](int a, int b) { return (a * alpha + b * (255 - alpha) + 127) / 255; };
    return QColor(mix(top.red(), bottom.red()), mix(top.green(), bottom.green()), mix(top.blue(), bottom.blue()));
}

// Four significant digits read well for percentages, seconds and counts alike.
QString valueText(double value)
{
    if (std::isnan(value))
        return QStringLiteral("NaN");
    if (std::abs(value) >= 10'000)
        return QString::number(value, 'f', 0);
    return QString::number(value, 'g', 4);
}

// The sample of `samples` (in time order) closest in time to `ms`; nullptr when there is none.
const Sample* nearestSample(const QVector<Sample>& samples, qint64 ms)
{
    if (samples.isEmpty())
        return nullptr;
    const auto after = std::lower_bound(
        samples.cbegin(), samples.cend(), ms, [](const Sample& s, qint64 t) { return s.timeMs < t; });
    if (after == samples.cend())
        return &samples.back();
    if (after == samples.cbegin())
        return &*after;
    const auto before = after - 1;
    return (ms - before->timeMs) <= (after->timeMs - ms) ? &*before : &*after;
}
} // namespace

MetricChartView::MetricChartView(const Theme& theme, QWidget* parent)
    : QChartView(parent)
    , m_theme(theme)
    , m_xAxis(new QDateTimeAxis)
    , m_yAxis(new QValueAxis)
    , m_threshold(new QLineSeries)
{
    ChartStyle::applyTo(*this, theme, QMargins(6, 2, 10, 2));
    setMinimumHeight(210);
    setMouseTracking(true);
    viewport()->setMouseTracking(true);
    setFocusPolicy(Qt::ClickFocus);
    setDragMode(QGraphicsView::NoDrag);
    QChart* c = chart();
    QFont titleFont = font();
    titleFont.setBold(true);
    c->setTitleFont(titleFont);
    c->setTitleBrush(theme.text);

    const QFont axisFont = ChartStyle::axisFont(font());
    ChartStyle::applyTo(*m_xAxis, theme, axisFont);
    ChartStyle::applyTo(*m_yAxis, theme, axisFont);
    m_xAxis->setTickCount(7);
    c->addAxis(m_xAxis, Qt::AlignBottom);
    c->addAxis(m_yAxis, Qt::AlignLeft);

    c->legend()->setVisible(false);
    c->legend()->setAlignment(Qt::AlignBottom);
    c->legend()->setLabelColor(theme.mutedText);
    c->legend()->setFont(axisFont);

    for (int i = 0; i < MaxSeries; ++i) {
        auto* line = new QLineSeries;
        QPen pen(theme.series.at(i % theme.series.size()), 1.6);
        pen.setCosmetic(true);
        line->setPen(pen);
        line->setVisible(false);
        c->addSeries(line);
        line->attachAxis(m_xAxis);
        line->attachAxis(m_yAxis);
        m_lines.append(line);
    }
    QPen dashed(theme.threshold, 1.4, Qt::DashLine);
    dashed.setCosmetic(true);
    m_threshold->setPen(dashed);
    m_threshold->setName(tr("threshold"));
    m_threshold->setVisible(false);
    c->addSeries(m_threshold);
    m_threshold->attachAxis(m_xAxis);
    m_threshold->attachAxis(m_yAxis);

    connect(c, &QChart::plotAreaChanged, this, [this](const QRectF& area) {
        if (int(area.width()) != m_decimatedWidth && !m_data.isEmpty())
            redecimate();
    });
}

void MetricChartView::setHeading(const QString& title, const QString& expression)
{
    chart()->setTitle(title);
    setToolTip(expression);
}

void MetricChartView::setTimeRange(qint64 startMs, qint64 endMs)
{
    if (endMs <= startMs)
        endMs = startMs + 60'000;
    if (startMs == m_startMs && endMs == m_endMs)
        return;
    m_startMs = startMs;
    m_endMs = endMs;
    const qint64 span = endMs - startMs;
    m_xAxis->setFormat(span > 86'400'000 ? QStringLiteral("MM-dd HH:mm")
                                         : (span > 600'000 ? QStringLiteral("HH:mm") : QStringLiteral("HH:mm:ss")));
    m_xAxis->setRange(QDateTime::fromMSecsSinceEpoch(startMs), QDateTime::fromMSecsSinceEpoch(endMs));
    updateThresholdLine();
    updateValueRange(); // a zoomed axis fits the values it shows
    redecimate();
    viewport()->update();
}

void MetricChartView::setThreshold(const AlertExpression& expression)
{
    m_expression = expression;
    updateThresholdLine();
    updateValueRange();
}

void MetricChartView::updateThresholdLine()
{
    if (!m_expression.hasThreshold()) {
        m_threshold->setVisible(false);
        return;
    }
    const double y = m_expression.threshold;
    m_threshold->replace({ QPointF(m_startMs, y), QPointF(m_endMs, y) });
    m_threshold->setVisible(true);
}

void MetricChartView::setData(const QVector<Series>& series)
{
    m_data = series.mid(0, MaxSeries);
    m_hiddenSeries = int(std::max<qsizetype>(0, series.size() - MaxSeries));
    m_waiting = false;
    for (int i = 0; i < m_lines.size(); ++i) {
        QLineSeries* line = m_lines.at(i);
        if (i < m_data.size()) {
            line->setName(seriesName(m_data.at(i)));
            line->setVisible(true);
        } else if (line->isVisible()) {
            line->clear();
            line->setVisible(false);
        }
    }
    for (int i = 0; i < m_lines.size(); ++i) {
        for (QLegendMarker* marker : chart()->legend()->markers(m_lines.at(i)))
            marker->setVisible(i < m_data.size());
    }
    chart()->legend()->setVisible(m_data.size() > 1);
    updateValueRange();
    redecimate();
    viewport()->update();
}

void MetricChartView::redecimate()
{
    const int width = std::max(50, int(chart()->plotArea().width()));
    m_decimatedWidth = int(chart()->plotArea().width());
    for (int i = 0; i < m_data.size(); ++i) {
        const QVector<Sample>& samples = m_data.at(i).samples;
        QVector<QPointF> points;
        points.reserve(samples.size());
        for (const Sample& s : samples)
            points.append(QPointF(s.timeMs, s.value));
        m_lines.at(i)->replace(Decimator::minMaxPerColumn(points, m_startMs, m_endMs, width));
    }
}

void MetricChartView::updateValueRange()
{
    double low = std::numeric_limits<double>::infinity();
    double high = -std::numeric_limits<double>::infinity();
    for (const Series& series : m_data) {
        for (const Sample& s : series.samples) {
            if (s.timeMs < m_startMs || s.timeMs > m_endMs || std::isnan(s.value) || std::isinf(s.value))
                continue;
            low = std::min(low, s.value);
            high = std::max(high, s.value);
        }
    }
    if (m_expression.hasThreshold()) {
        low = std::min(low, m_expression.threshold);
        high = std::max(high, m_expression.threshold);
    }
    const RoundAxisRange range = RoundAxisRange::around(low, high);
    m_yAxis->setRange(range.bottom, range.top);
    m_yAxis->setTickCount(range.tickCount());
    m_yAxis->setLabelFormat(QStringLiteral("%.%1f").arg(range.decimals));
}

QString MetricChartView::seriesName(const Series& series) const
{
    // Name a line by what tells it apart from the others on the same chart.
    QStringList parts;
    for (auto it = series.labels.cbegin(); it != series.labels.cend(); ++it) {
        if (it.key() == QLatin1String("__name__"))
            continue;
        bool varies = m_data.size() <= 1;
        for (const Series& other : m_data) {
            if (other.labels.value(it.key()) != it.value())
                varies = true;
        }
        if (varies)
            parts.append(QStringLiteral("%1=%2").arg(it.key(), it.value()));
    }
    if (parts.isEmpty())
        return series.labels.value(QStringLiteral("__name__"));
    return parts.join(QStringLiteral(", "));
}

void MetricChartView::setMarkers(const QVector<ChartMarker>& markers)
{
    m_markers = markers;
    viewport()->update();
}

void MetricChartView::setHighlight(const ChartMarker& marker)
{
    m_highlight = marker;
    viewport()->update();
}

void MetricChartView::clearHighlight()
{
    m_highlight = {};
    viewport()->update();
}

void MetricChartView::setProblem(const QString& message, bool error)
{
    m_problem = message;
    m_problemIsError = error;
    viewport()->update();
}

void MetricChartView::setWaiting(bool waiting)
{
    m_waiting = waiting;
    viewport()->update();
}

void MetricChartView::drawForeground(QPainter* painter, const QRectF& rect)
{
    QChartView::drawForeground(painter, rect);
    const QRectF plot = chart()->mapRectToScene(chart()->plotArea());
    if (plot.width() < 2 || m_endMs <= m_startMs)
        return;
    auto xOf
        = [&](qint64 ms) { return plot.left() + double(ms - m_startMs) / double(m_endMs - m_startMs) * plot.width(); };
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, false);

    // Event markers: a thin line and a small flag at the top. Markers closer than 2 px are one line.
    double lastX = -1e9;
    for (const ChartMarker& marker : m_markers) {
        if (marker.timeMs < m_startMs || marker.timeMs > m_endMs || marker.eventId == m_highlight.eventId)
            continue;
        const double x = std::round(xOf(marker.timeMs)) + 0.5;
        if (std::abs(x - lastX) < 2)
            continue;
        lastX = x;
        painter->setPen(QPen(blendedOver(marker.color, 150, m_theme.surface), 1));
        painter->drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        painter->fillRect(QRectF(x - 2, plot.top(), 4, 4), marker.color);
    }

    if (m_highlight.eventId != 0 && m_highlight.timeMs >= m_startMs && m_highlight.timeMs <= m_endMs) {
        const double x = std::round(xOf(m_highlight.timeMs)) + 0.5;
        painter->setPen(QPen(m_theme.accent, 2));
        painter->drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        QFont font = painter->font();
        font.setPointSizeF(font.pointSizeF() * 0.9);
        painter->setFont(font);
        const QFontMetrics metrics(font);
        const QString text = QDateTime::fromMSecsSinceEpoch(m_highlight.timeMs).toString(QStringLiteral("HH:mm:ss"))
            + QStringLiteral("  ") + metrics.elidedText(m_highlight.label, Qt::ElideRight, 260);
        QRectF box(0, 0, metrics.horizontalAdvance(text) + 10, metrics.height() + 4);
        box.moveTop(plot.top() + 2);
        box.moveLeft(x + 4 + box.width() > plot.right() ? x - 4 - box.width() : x + 4);
        painter->fillRect(box, m_theme.accent);
        painter->setPen(m_theme.accentText);
        painter->drawText(box, Qt::AlignCenter, text);
    }

    if (m_drag == Drag::Zoom) {
        const QRectF band(QPointF(std::min(m_pressPos.x(), m_dragX), plot.top()),
            QPointF(std::max(m_pressPos.x(), m_dragX), plot.bottom()));
        QColor fill = m_theme.accent;
        fill.setAlpha(60);
        painter->fillRect(band, fill);
        painter->setPen(QPen(m_theme.accent, 1));
        painter->drawRect(band);
    }
    drawReadout(painter, plot);

    QString notice = m_problem;
    if (notice.isEmpty() && m_waiting)
        notice = tr("Loading…");
    if (!notice.isEmpty()) {
        QFont font = painter->font();
        painter->setFont(font);
        const QFontMetrics metrics(font);
        const bool banner = !m_problem.isEmpty();
        const QString text = metrics.elidedText(notice, Qt::ElideRight, int(plot.width()) - 16);
        QRectF box(plot.left() + 4, plot.bottom() - metrics.height() - 10, metrics.horizontalAdvance(text) + 16,
            metrics.height() + 6);
        if (banner) {
            box.setWidth(plot.width() - 8);
            painter->fillRect(box, m_problemIsError ? m_theme.errorBackground : m_theme.warningBackground);
            painter->setPen(m_problemIsError ? m_theme.errorText : m_theme.warningText);
            painter->drawText(box.adjusted(8, 0, -8, 0), Qt::AlignVCenter | Qt::AlignLeft, text);
        } else {
            painter->setPen(m_theme.mutedText);
            painter->drawText(plot, Qt::AlignCenter, text);
        }
    }
    painter->restore();
}

QRectF MetricChartView::plotRect() const
{
    return mapFromScene(chart()->mapRectToScene(chart()->plotArea())).boundingRect();
}

QPoint MetricChartView::positionOfTime(qint64 ms) const
{
    const QRectF plot = plotRect();
    if (m_endMs <= m_startMs)
        return plot.center().toPoint();
    const double x = plot.left() + double(ms - m_startMs) / double(m_endMs - m_startMs) * plot.width();
    return QPointF(x, plot.center().y()).toPoint();
}

qint64 MetricChartView::timeAtX(double viewportX) const
{
    const QRectF plot = plotRect();
    if (plot.width() < 1)
        return m_startMs;
    return m_startMs + qint64(std::llround((viewportX - plot.left()) / plot.width() * double(m_endMs - m_startMs)));
}

QStringList MetricChartView::readoutAt(qint64 ms) const
{
    QStringList lines;
    lines.append(QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(QStringLiteral("HH:mm:ss")) + tr(" UTC"));
    for (int i = 0; i < m_data.size(); ++i) {
        if (!m_lines.at(i)->isVisible())
            continue;
        const Sample* sample = nearestSample(m_data.at(i).samples, ms);
        const QString name = m_lines.at(i)->name();
        lines.append(QStringLiteral("%1  %2").arg(name, sample ? valueText(sample->value) : tr("no data")));
    }
    const double plotWidth = std::max(1.0, plotRect().width());
    const double msPerPx = double(m_endMs - m_startMs) / plotWidth;
    for (const ChartMarker& marker : m_markers) {
        if (std::abs(double(marker.timeMs - ms)) <= MarkerHoverPx * msPerPx)
            lines.append(marker.label);
    }
    return lines;
}

QStringList MetricChartView::readoutText() const
{
    if (!m_hovering || m_drag == Drag::Pan || m_drag == Drag::Zoom)
        return {};
    return readoutAt(timeAtX(m_hoverX));
}

void MetricChartView::drawReadout(QPainter* painter, const QRectF& plot)
{
    const QStringList lines = readoutText();
    if (lines.isEmpty())
        return;
    const double x = std::round(m_hoverX) + 0.5;
    painter->setPen(QPen(blendedOver(m_theme.text, 170, m_theme.surface), 1));
    painter->drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));

    // The colour of each line: the time in text colour, series in theirs, markers in theirs.
    QVector<QColor> colors { m_theme.text };
    for (int i = 0; i < m_data.size(); ++i) {
        if (m_lines.at(i)->isVisible())
            colors.append(m_lines.at(i)->pen().color());
    }
    const double msPerPx = double(m_endMs - m_startMs) / std::max(1.0, plot.width());
    const qint64 ms = timeAtX(m_hoverX);
    for (const ChartMarker& marker : m_markers) {
        if (std::abs(double(marker.timeMs - ms)) <= MarkerHoverPx * msPerPx)
            colors.append(marker.color);
    }
    const QFontMetrics metrics = painter->fontMetrics();
    int width = 0;
    for (const QString& line : lines)
        width = std::max(width, metrics.horizontalAdvance(line) + 4);
    width = std::min(width, 380);
    const int lineHeight = metrics.height();
    QRectF box(0, 0, width + 16, lineHeight * lines.size() + 10);
    box.moveLeft(x + 10 + box.width() > plot.right() ? x - 10 - box.width() : x + 10);
    box.moveTop(plot.top() + 8);
    painter->fillRect(box, m_theme.raised);
    painter->setPen(QPen(m_theme.border, 1));
    painter->drawRect(box);
    for (int i = 0; i < lines.size(); ++i) {
        painter->setPen(colors.value(i, m_theme.text));
        const QRectF row(box.left() + 8, box.top() + 5 + i * lineHeight, width, lineHeight);
        painter->drawText(
            row, Qt::AlignVCenter | Qt::AlignLeft, metrics.elidedText(lines.at(i), Qt::ElideRight, width));
    }
}

void MetricChartView::requestRange(qint64 startMs, qint64 endMs)
{
    if (endMs - startMs < MinSpanMs) {
        const qint64 middle = startMs + (endMs - startMs) / 2;
        startMs = middle - MinSpanMs / 2;
        endMs = startMs + MinSpanMs;
    }
    Q_EMIT timeRangeRequested(startMs, endMs);
}

void MetricChartView::mousePressEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton || !plotRect().contains(event->position())) {
        QChartView::mousePressEvent(event);
        return;
    }
    m_drag = event->modifiers().testFlag(Qt::ShiftModifier) ? Drag::Zoom : Drag::Pending;
    m_pressPos = event->position();
    m_dragX = m_pressPos.x();
    m_pressStartMs = m_startMs;
    m_pressEndMs = m_endMs;
    event->accept();
}

void MetricChartView::mouseMoveEvent(QMouseEvent* event)
{
    const QRectF plot = plotRect();
    m_hovering = plot.contains(event->position());
    m_hoverX = std::clamp(event->position().x(), plot.left(), plot.right());
    if (m_drag == Drag::Pending && std::abs(event->position().x() - m_pressPos.x()) > 3)
        m_drag = Drag::Pan;
    if (m_drag == Drag::Pan && plot.width() > 1) {
        const double msPerPx = double(m_pressEndMs - m_pressStartMs) / plot.width();
        const qint64 shift = qint64(std::llround((event->position().x() - m_pressPos.x()) * msPerPx));
        requestRange(m_pressStartMs - shift, m_pressEndMs - shift);
    } else if (m_drag == Drag::Zoom) {
        m_dragX = std::clamp(event->position().x(), plot.left(), plot.right());
    }
    viewport()->update();
    event->accept();
}

void MetricChartView::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton || m_drag == Drag::None) {
        QChartView::mouseReleaseEvent(event);
        return;
    }
    if (m_drag == Drag::Zoom && std::abs(m_dragX - m_pressPos.x()) > 5) {
        const qint64 a = timeAtX(m_pressPos.x());
        const qint64 b = timeAtX(m_dragX);
        m_drag = Drag::None;
        requestRange(std::min(a, b), std::max(a, b));
    }
    m_drag = Drag::None;
    viewport()->update();
    event->accept();
}

void MetricChartView::mouseDoubleClickEvent(QMouseEvent* event)
{
    m_drag = Drag::None;
    Q_EMIT resetRequested();
    event->accept();
}

void MetricChartView::wheelEvent(QWheelEvent* event)
{
    const int delta = event->angleDelta().y();
    if (delta == 0 || m_endMs <= m_startMs) {
        event->ignore(); // let the panel scroll
        return;
    }
    const double factor = std::pow(0.8, double(delta) / 120.0);
    const qint64 anchor = std::clamp(timeAtX(event->position().x()), m_startMs, m_endMs);
    const auto start = anchor - qint64(std::llround(double(anchor - m_startMs) * factor));
    const auto end = anchor + qint64(std::llround(double(m_endMs - anchor) * factor));
    requestRange(start, end);
    event->accept();
}

void MetricChartView::keyPressEvent(QKeyEvent* event)
{
    if (event->key() == Qt::Key_Escape) {
        Q_EMIT resetRequested();
        event->accept();
        return;
    }
    QChartView::keyPressEvent(event);
}

void MetricChartView::leaveEvent(QEvent* event)
{
    m_hovering = false;
    viewport()->update();
    QChartView::leaveEvent(event);
}

} // namespace firebreak
