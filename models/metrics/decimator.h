#pragma once

#include <QPointF>
#include <QVector>

namespace firebreak {

// Qt Charts draws every point it is handed, so a day of one-second samples would take far longer
// than a frame. A line chart can only show one column of pixels per x position anyway: keeping each
// column's lowest and highest point draws the same picture from at most two points per column.
class Decimator {
public:
    // `sorted` must be in ascending x order. Returns, in x order: the first and the last point of the
    // series, the nearest point on each side outside [xMin, xMax] (so lines reach the plot edges),
    // and for each of the `pixelWidth` columns spanning [xMin, xMax] the point with the smallest and
    // the point with the largest y. Points whose y is NaN carry no shape and are dropped. A series
    // already small enough, a non-positive width or an empty range is returned as it is.
    static QVector<QPointF> minMaxPerColumn(const QVector<QPointF>& sorted, double xMin, double xMax, int pixelWidth);

    // The column [0, pixelWidth) that x falls into, or -1 left of xMin and pixelWidth right of xMax.
    static int columnOf(double x, double xMin, double xMax, int pixelWidth);
};

} // namespace firebreak
