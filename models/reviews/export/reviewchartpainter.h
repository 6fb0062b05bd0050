#pragma once

#include "reviewchart.h"

#include <QByteArray>
#include <QColor>
#include <QPointF>
#include <QRectF>
#include <QSize>

class QPainter;

namespace firebreak {

// Draws a review chart for print and for a document, not for the console: white background, dark
// text, calm colours, round value ticks, UTC time ticks, the threshold dashed, markers as labelled
// vertical lines, a legend. Needs no widgets and no window (QImage or QPdfWriter under the
// offscreen platform), and may run on any thread.
class ReviewChartPainter {
public:
    // Into `rect` of the painter's device, sized in the device's points.
    static void paint(QPainter& painter, const QRectF& rect, const ReviewChart& chart);
    // A PNG of `size` logical pixels at 96 dpi, `dpr` device pixels per logical pixel.
    static QByteArray renderPng(const ReviewChart& chart, QSize size, qreal dpr);
    // Where renderPng draws (timeMs, value), in logical pixels.
    static QPointF pngPosition(const ReviewChart& chart, QSize size, qint64 timeMs, double value);
    static QColor seriesColor(int index);
    static QColor background() { return Qt::white; }
};

} // namespace firebreak
