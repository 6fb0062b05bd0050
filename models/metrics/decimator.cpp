#include "decimator.h"

#include <algorithm>
#include <cmath>

namespace firebreak {

int Decimator::columnOf(double x, double xMin, double xMax, int pixelWidth)
{
    if (x < xMin)
        return -1;
    if (x > xMax)
        return pixelWidth;
    const double scaled = (x - xMin) / (xMax - xMin) * pixelWidth;
    // x == xMax lands on pixelWidth; it belongs to the last column, like a pixel's right edge.
    return std::min(static_cast<int>(scaled), pixelWidth - 1);
}

QVector<QPointF> Decimator::minMaxPerColumn(const QVector<QPointF>& sorted, double xMin, double xMax, int pixelWidth)
{
    QVector<QPointF> points;
    points.reserve(sorted.size());
    for (const QPointF& p : sorted) {
        if (!std::isnan(p.y()))
            points.append(p);
    }
    const qsizetype n = points.size();
    if (pixelWidth <= 0 || !(xMax > xMin) || n <= 2 * qsizetype(pixelWidth) + 4)
        return points;

    // Indices of the points to keep. They are produced almost in order; a final sort makes it exact.
    QVector<qsizetype> keep;
    keep.reserve(2 * pixelWidth + 4);
    keep.append(0);

    int column = -2; // none yet
    qsizetype lowest = -1;
    qsizetype highest = -1;
    qsizetype lastLeft = -1; // last point left of xMin
    qsizetype firstRight = -1; // first point right of xMax
    auto closeColumn = [&] {
        if (lowest < 0)
            return;
        keep.append(std::min(lowest, highest));
        if (lowest != highest)
            keep.append(std::max(lowest, highest));
        lowest = highest = -1;
    };
    for (qsizetype i = 0; i < n; ++i) {
        const int c = columnOf(points.at(i).x(), xMin, xMax, pixelWidth);
        if (c < 0) {
            lastLeft = i;
            continue;
        }
        if (c >= pixelWidth) {
            firstRight = i;
            break; // sorted: everything after is right of the range too
        }
        if (c != column) {
            closeColumn();
            column = c;
        }
        const double y = points.at(i).y();
        if (lowest < 0 || y < points.at(lowest).y())
            lowest = i;
        if (highest < 0 || y > points.at(highest).y())
            highest = i;
    }
    closeColumn();
    if (lastLeft >= 0)
        keep.append(lastLeft);
    if (firstRight >= 0)
        keep.append(firstRight);
    keep.append(n - 1);

    std::sort(keep.begin(), keep.end());
    keep.erase(std::unique(keep.begin(), keep.end()), keep.end());
    QVector<QPointF> result;
    result.reserve(keep.size());
    for (qsizetype i : keep)
        result.append(points.at(i));
    return result;
}

} // namespace firebreak
