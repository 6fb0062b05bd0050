#include "reviewchartpainter.h"

#include "reviewchartlayout.h"

#include <QBuffer>
#include <QFontMetricsF>
#include <QImage>
#include <QPainter>
#include <QPainterPath>

namespace firebreak {

namespace {

constexpr int PngDotsPerMeter = 3780; // 96 dpi
constexpr int MaxPointsWithDots = 60;

const QColor Text(0x1a, 0x20, 0x2c);
const QColor Muted(0x4a, 0x55, 0x68);
const QColor Grid(0xe6, 0xea, 0xf0);
const QColor Axis(0x8a, 0x94, 0xa6);
const QColor Frame(0xd5, 0xda, 0xe1);
const QColor Threshold(0xc0, 0x39, 0x2b);
const QColor Marker(0x5a, 0x67, 0x7d);

QPen pen(const QColor& color, qreal width, Qt::PenStyle style = Qt::SolidLine)
{
    QPen p(color, width, style);
    p.setCapStyle(Qt::FlatCap);
    return p;
}

QImage pngCanvas(QSize size, qreal dpr)
{
    QImage image((QSizeF(size) * dpr).toSize(), QImage::Format_RGB32);
    image.setDotsPerMeterX(PngDotsPerMeter);
    image.setDotsPerMeterY(PngDotsPerMeter);
    image.setDevicePixelRatio(dpr);
    image.fill(ReviewChartPainter::background());
    return image;
}

void paintAxes(QPainter& p, const ReviewChartLayout& l)
{
    const qreal pt = l.pt;
    const QFontMetricsF small(l.smallFont, p.device());
    p.setFont(l.smallFont);
    for (int i = 0; i < l.yRange.tickCount(); ++i) {
        const double value = l.yRange.bottom + i * l.yRange.step;
        const qreal y = l.map(l.startMs, value).y();
        p.setPen(pen(Grid, 0.5 * pt));
        p.drawLine(QPointF(l.plot.left(), y), QPointF(l.plot.right(), y));
        p.setPen(Muted);
        const QString label = l.yLabel(value);
        p.drawText(
            QPointF(l.plot.left() - 4 * pt - small.horizontalAdvance(label), y + small.ascent() / 2 - pt), label);
    }
    for (const qint64 tick : l.xAxis.ticks) {
        const qreal x = l.map(tick, 0).x();
        p.setPen(pen(Grid, 0.5 * pt));
        p.drawLine(QPointF(x, l.plot.top()), QPointF(x, l.plot.bottom()));
        p.setPen(pen(Axis, 0.6 * pt));
        p.drawLine(QPointF(x, l.plot.bottom()), QPointF(x, l.plot.bottom() + 2.5 * pt));
        p.setPen(Muted);
        const QString label = l.xAxis.label(tick);
        const qreal width = small.horizontalAdvance(label);
        const qreal left = std::clamp(x - width / 2, l.frame.left() + 2 * pt, l.frame.right() - 2 * pt - width);
        p.drawText(QPointF(left, l.plot.bottom() + 3.5 * pt + small.ascent()), label);
    }
    p.setPen(pen(Axis, 0.6 * pt));
    p.drawLine(l.plot.bottomLeft(), l.plot.bottomRight());
    p.drawLine(l.plot.bottomLeft(), l.plot.topLeft());
    p.setPen(Muted);
    p.drawText(l.xCaptionBox, Qt::AlignRight | Qt::AlignVCenter, l.xCaption);
    if (!l.unit.isEmpty()) {
        // Read bottom to top along the value axis.
        p.save();
        p.translate(l.unitBox.left(), l.unitBox.bottom());
        p.rotate(-90);
        p.drawText(QRectF(0, 0, l.unitBox.height(), l.unitBox.width()), Qt::AlignCenter, l.unit);
        p.restore();
    }
}

void paintSeries(QPainter& p, const ReviewChartLayout& l, const ReviewChart& chart)
{
    const qreal pt = l.pt;
    p.save();
    p.setClipRect(l.plot.adjusted(-3 * pt, -3 * pt, 3 * pt, 3 * pt));
    bool anyPoint = false;
    for (int i = 0; i < chart.series.size(); ++i) {
        const QVector<ReviewChartPoint>& points = chart.series.at(i).points;
        anyPoint = anyPoint || !points.isEmpty();
        const QColor color = ReviewChartPainter::seriesColor(i);
        QPainterPath path;
        for (qsizetype j = 0; j < points.size(); ++j) {
            const QPointF at = l.map(points.at(j).timeMs, points.at(j).value);
            if (j == 0)
                path.moveTo(at);
            else
                path.lineTo(at);
        }
        p.setPen(pen(color, 1.3 * pt));
        p.setBrush(Qt::NoBrush);
        p.drawPath(path);
        if (points.size() <= MaxPointsWithDots) {
            p.setPen(Qt::NoPen);
            p.setBrush(color);
            for (const ReviewChartPoint& point : points)
                p.drawEllipse(l.map(point.timeMs, point.value), 1.7 * pt, 1.7 * pt);
        }
    }
    p.restore();
    if (!anyPoint) {
        p.setPen(Muted);
        p.setFont(l.textFont);
        p.drawText(l.plot, Qt::AlignCenter, QStringLiteral("No sample with a value was stored."));
    }
}

void paintThreshold(QPainter& p, const ReviewChartLayout& l, const ReviewChart& chart)
{
    if (!chart.threshold)
        return;
    const qreal pt = l.pt;
    const qreal y = l.map(l.startMs, chart.threshold->value).y();
    p.setPen(pen(Threshold, 1.1 * pt, Qt::DashLine));
    p.drawLine(QPointF(l.plot.left(), y), QPointF(l.plot.right(), y));
    const QFontMetricsF small(l.smallFont, p.device());
    const QString label = small.elidedText(chart.threshold->label, Qt::ElideRight, l.plot.width() / 2);
    const qreal width = small.horizontalAdvance(label) + 4 * pt;
    // Above the line unless that leaves the plot.
    const qreal top = y - small.height() - 1.5 * pt < l.plot.top() ? y + 1.5 * pt : y - small.height() - 1.5 * pt;
    const QRectF box(l.plot.right() - width - 2 * pt, top, width, small.height());
    p.fillRect(box, ReviewChartPainter::background());
    p.setFont(l.smallFont);
    p.setPen(Threshold);
    p.drawText(box, Qt::AlignCenter, label);
}

void paintMarkers(QPainter& p, const ReviewChartLayout& l)
{
    const qreal pt = l.pt;
    const QFontMetricsF small(l.smallFont, p.device());
    p.setFont(l.smallFont);
    for (const ReviewChartLayout::MarkerLabel& marker : l.markers) {
        p.setPen(pen(Marker, 0.8 * pt, Qt::DotLine));
        p.drawLine(QPointF(marker.x, marker.box.top()), QPointF(marker.x, l.plot.bottom()));
        p.setPen(Text);
        p.drawText(QPointF(marker.box.left() + 1.5 * pt, marker.box.top() + small.ascent()), marker.label);
    }
}

void paintLegend(QPainter& p, const ReviewChartLayout& l)
{
    const qreal pt = l.pt;
    p.setFont(l.textFont);
    for (const ReviewChartLayout::LegendItem& item : l.legend) {
        const qreal y = item.swatch.center().y();
        if (item.series < 0)
            p.setPen(pen(Threshold, 1.1 * pt, Qt::DashLine));
        else
            p.setPen(pen(ReviewChartPainter::seriesColor(item.series), 2 * pt));
        p.drawLine(QPointF(item.swatch.left(), y), QPointF(item.swatch.right(), y));
        p.setPen(Text);
        p.drawText(item.text, item.name);
    }
}

} // namespace

QColor ReviewChartPainter::seriesColor(int index)
{
    static const QColor colors[] = { QColor(0x2b, 0x6c, 0xb0), QColor(0x2c, 0x7a, 0x7b), QColor(0x6b, 0x46, 0xc1),
        QColor(0xb7, 0x79, 0x1f), QColor(0x2f, 0x85, 0x5a), QColor(0xb8, 0x32, 0x80), QColor(0x4a, 0x55, 0x68) };
    return colors[std::abs(index) % int(std::size(colors))];
}

void ReviewChartPainter::paint(QPainter& painter, const QRectF& rect, const ReviewChart& chart)
{
    const ReviewChartLayout l = ReviewChartLayout::compute(chart, rect, painter.device());
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    painter.fillRect(rect, background());
    painter.setPen(pen(Frame, 0.6 * l.pt));
    painter.drawRect(rect.adjusted(0.3 * l.pt, 0.3 * l.pt, -0.3 * l.pt, -0.3 * l.pt));
    painter.setFont(l.titleFont);
    painter.setPen(Text);
    painter.drawText(l.titleBox, Qt::AlignLeft | Qt::AlignVCenter, l.title);
    painter.setFont(l.smallFont);
    painter.setPen(Muted);
    const QFontMetricsF small(l.smallFont, painter.device());
    for (int i = 0; i < l.caption.size(); ++i)
        painter.drawText(QPointF(l.captionBox.left(), l.captionBox.top() + i * small.lineSpacing() + small.ascent()),
            l.caption.at(i));
    paintLegend(painter, l);
    paintAxes(painter, l);
    paintMarkers(painter, l);
    paintThreshold(painter, l, chart);
    paintSeries(painter, l, chart);
    painter.restore();
}

QByteArray ReviewChartPainter::renderPng(const ReviewChart& chart, QSize size, qreal dpr)
{
    QImage image = pngCanvas(size, dpr);
    {
        QPainter painter(&image);
        paint(painter, QRectF(QPointF(0, 0), QSizeF(size)), chart);
    }
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

QPointF ReviewChartPainter::pngPosition(const ReviewChart& chart, QSize size, qint64 timeMs, double value)
{
    QImage probe = pngCanvas(QSize(1, 1), 1);
    return ReviewChartLayout::compute(chart, QRectF(QPointF(0, 0), QSizeF(size)), &probe).map(timeMs, value);
}

} // namespace firebreak
