#include "reviewchartlayout.h"

#include <QDateTime>
#include <QFontMetricsF>
#include <QPaintDevice>
#include <QTextLayout>
#include <QTimeZone>
#include <algorithm>
#include <cmath>
#include <limits>

namespace firebreak {

namespace {

QFont font(qreal points, bool bold = false)
{
    QFont f(QStringLiteral("DejaVu Sans"));
    f.setStyleHint(QFont::SansSerif);
    f.setPointSizeF(points);
    f.setBold(bold);
    f.setLetterSpacing(QFont::AbsoluteSpacing, 0.02); // no ligatures: labels copy out of a PDF as typed
    return f;
}

constexpr int MaxLegendRows = 2;
constexpr int MaxMarkerRows = 4;

} // namespace

QStringList ReviewChartLayout::wrap(
    const QString& text, const QFont& f, QPaintDevice* device, qreal width, int maxLines)
{
    QStringList lines;
    QTextLayout layout(QString(text).replace(QLatin1Char('\n'), QLatin1Char(' ')), f, device);
    QTextOption option;
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    layout.setTextOption(option);
    layout.beginLayout();
    qsizetype consumed = 0;
    while (lines.size() < maxLines) {
        QTextLine line = layout.createLine();
        if (!line.isValid())
            break;
        line.setLineWidth(width);
        lines.append(layout.text().mid(line.textStart(), line.textLength()).trimmed());
        consumed = line.textStart() + line.textLength();
    }
    layout.endLayout();
    if (consumed < layout.text().size() && !lines.isEmpty()) {
        const QFontMetricsF metrics(f, device);
        lines.last() = metrics.elidedText(lines.last() + QStringLiteral(" …"), Qt::ElideRight, width);
        if (!lines.last().endsWith(QChar(0x2026)))
            lines.last() = metrics.elidedText(lines.last() + QStringLiteral("……"), Qt::ElideRight, width);
    }
    return lines;
}

namespace {

// The series, then the threshold, in at most MaxLegendRows rows from `y`; returns the y below them.
qreal placeLegend(ReviewChartLayout& l, const ReviewChart& chart, const QRectF& inner, qreal y, QPaintDevice* device)
{
    const qreal pt = l.pt;
    const QFontMetricsF text(l.textFont, device);
    QVector<QPair<QString, int>> entries;
    for (int i = 0; i < chart.series.size(); ++i)
        entries.append({ chart.series.at(i).name.isEmpty() ? QStringLiteral("value") : chart.series.at(i).name, i });
    if (chart.threshold)
        entries.append({ chart.threshold->label, -1 });
    const qreal swatch = 14 * pt;
    const qreal rowHeight = text.height() + 2 * pt;
    qreal x = inner.left();
    int row = 0;
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const QString name = text.elidedText(entries.at(i).first, Qt::ElideMiddle, inner.width() * 0.6);
        const qreal width = swatch + 4 * pt + text.horizontalAdvance(name);
        if (x > inner.left() && x + width > inner.right()) {
            if (++row == MaxLegendRows)
                break;
            x = inner.left();
        }
        const qreal top = y + row * rowHeight;
        l.legend.append(ReviewChartLayout::LegendItem { QRectF(x, top, swatch, rowHeight),
            QPointF(x + swatch + 4 * pt, top + text.ascent()), name, entries.at(i).second });
        x += width + 12 * pt;
    }
    return l.legend.isEmpty() ? y : y + (row + (row == MaxLegendRows ? 0 : 1)) * rowHeight + 3 * pt;
}

// Marker labels in rows above the plot, each beside its line (to the right, or to the left near the
// right edge), in the first row where it overlaps no label and crosses no marker line: a line runs
// from its label's row down to the plot, through the rows below it. Returns the y below the rows.
qreal placeMarkers(
    ReviewChartLayout& l, const ReviewChart& chart, qreal left, qreal right, qreal y, QPaintDevice* device)
{
    struct Placed {
        int row;
        QRectF box;
        qreal x;
    };
    const qreal pt = l.pt;
    const QFontMetricsF small(l.smallFont, device);
    const qreal plotWidth = right - left;
    const qreal gap = 3 * pt;
    QVector<Placed> placed;
    int rowCount = 0;
    for (const ReviewChartMarker& marker : chart.markers) {
        const qreal mx = left + plotWidth * double(marker.timeMs - l.startMs) / double(l.endMs - l.startMs);
        const QString label = small.elidedText(marker.label, Qt::ElideRight, plotWidth * 0.45);
        const qreal width = small.horizontalAdvance(label) + 3 * pt;
        const qreal boxLeft = mx + 2 * pt + width <= right ? mx + 2 * pt : std::max(left, mx - 2 * pt - width);
        const QRectF box(boxLeft, 0, width, small.height());
        // Strict: no overlap and no crossing; else, when two lines stand too close for that, no overlap.
        auto free = [&](int candidate, bool strict) {
            return std::none_of(placed.cbegin(), placed.cend(), [&](const Placed& other) {
                const bool overlaps = other.row == candidate && other.box.left() < box.right() + gap
                    && box.left() < other.box.right() + gap;
                const bool crossesItsLine
                    = other.row < candidate && other.x > box.left() - gap && other.x < box.right() + gap;
                const bool itsLabelIsCrossed
                    = other.row > candidate && mx > other.box.left() - gap && mx < other.box.right() + gap;
                return overlaps || (strict && (crossesItsLine || itsLabelIsCrossed));
            });
        };
        int markerRow = MaxMarkerRows - 1;
        for (const bool strict : { true, false }) {
            int candidate = 0;
            while (candidate < MaxMarkerRows && !free(candidate, strict))
                ++candidate;
            if (candidate < MaxMarkerRows) {
                markerRow = candidate;
                break;
            }
        }
        rowCount = std::max(rowCount, markerRow + 1);
        placed.append(Placed { markerRow, box, mx });
        l.markers.append(ReviewChartLayout::MarkerLabel { mx, box, label });
    }
    const qreal rowHeight = small.height() + 1 * pt;
    for (qsizetype i = 0; i < placed.size(); ++i)
        l.markers[i].box.moveTop(y + placed.at(i).row * rowHeight);
    return rowCount > 0 ? y + rowCount * rowHeight + 2 * pt : y;
}

} // namespace

ReviewChartLayout ReviewChartLayout::compute(const ReviewChart& chart, const QRectF& rect, QPaintDevice* device)
{
    ReviewChartLayout l;
    l.pt = device->logicalDpiY() / 72.0;
    const qreal pt = l.pt;
    l.titleFont = font(9.5, true);
    l.textFont = font(7.5);
    l.smallFont = font(7);
    const QFontMetricsF titleMetrics(l.titleFont, device);
    const QFontMetricsF small(l.smallFont, device);
    l.frame = rect;
    const QRectF inner = rect.adjusted(8 * pt, 6 * pt, -10 * pt, -5 * pt);
    qreal y = inner.top();

    l.title = titleMetrics.elidedText(chart.title, Qt::ElideRight, inner.width());
    l.titleBox = QRectF(inner.left(), y, inner.width(), titleMetrics.height());
    y = l.titleBox.bottom() + 1.5 * pt;
    l.caption = wrap(chart.caption, l.smallFont, device, inner.width(), 2);
    l.captionBox = QRectF(inner.left(), y, inner.width(), small.lineSpacing() * l.caption.size());
    y = placeLegend(l, chart, inner, l.captionBox.bottom() + 4 * pt, device);

    // The value axis, threshold included, decides how wide its labels are.
    double low = std::numeric_limits<double>::infinity();
    double high = -std::numeric_limits<double>::infinity();
    for (const ReviewChartSeries& series : chart.series) {
        for (const ReviewChartPoint& point : series.points) {
            low = std::min(low, point.value);
            high = std::max(high, point.value);
        }
    }
    if (chart.threshold) {
        low = std::min(low, chart.threshold->value);
        high = std::max(high, chart.threshold->value);
    }
    l.yRange = RoundAxisRange::around(low, high);
    qreal labelWidth = 0;
    for (int i = 0; i < l.yRange.tickCount(); ++i)
        labelWidth = std::max(labelWidth, small.horizontalAdvance(l.yLabel(l.yRange.bottom + i * l.yRange.step)));

    l.startMs = chart.startMs;
    l.endMs = chart.endMs > chart.startMs ? chart.endMs : chart.startMs + 60'000;
    const qreal unitWidth = chart.unit.isEmpty() ? 0 : small.height() + 3 * pt;
    const qreal left = inner.left() + unitWidth + labelWidth + 5 * pt;
    const qreal plotWidth = inner.right() - left;
    y = placeMarkers(l, chart, left, inner.right(), y, device);

    const qreal bottom = inner.bottom() - 2 * small.lineSpacing() - 3 * pt;
    l.plot = QRectF(left, y + small.height() / 2, plotWidth, std::max(10 * pt, bottom - y - small.height() / 2));
    const qreal tickWidth = small.horizontalAdvance(QStringLiteral("00:00:00")) * 1.8;
    l.xAxis = RoundTimeAxis::around(l.startMs, l.endMs, std::max(2, int(plotWidth / tickWidth)));
    const QDateTime start = QDateTime::fromMSecsSinceEpoch(l.startMs, QTimeZone::utc());
    const QDateTime end = QDateTime::fromMSecsSinceEpoch(l.endMs, QTimeZone::utc());
    l.xCaption = QStringLiteral("UTC, %1").arg(start.toString(QStringLiteral("yyyy-MM-dd")));
    if (end.date() != start.date())
        l.xCaption += QStringLiteral(" to %1").arg(end.toString(QStringLiteral("yyyy-MM-dd")));
    l.xCaptionBox = QRectF(left, l.plot.bottom() + small.lineSpacing() + 2 * pt, plotWidth, small.height());
    if (!chart.unit.isEmpty()) {
        l.unit = small.elidedText(chart.unit, Qt::ElideRight, l.plot.height());
        l.unitBox = QRectF(inner.left(), l.plot.top(), small.height(), l.plot.height());
    }
    return l;
}

QPointF ReviewChartLayout::map(qint64 timeMs, double value) const
{
    const double fx = double(timeMs - startMs) / double(endMs - startMs);
    const double fy = (value - yRange.bottom) / (yRange.top - yRange.bottom);
    return QPointF(plot.left() + fx * plot.width(), plot.bottom() - fy * plot.height());
}

QString ReviewChartLayout::yLabel(double value) const
{
    if (std::max(std::abs(yRange.bottom), std::abs(yRange.top)) >= 1e5)
        return QString::number(value, 'g', 3);
    return QString::number(std::abs(value) < yRange.step * 1e-9 ? 0.0 : value, 'f', yRange.decimals);
}

} // namespace firebreak
