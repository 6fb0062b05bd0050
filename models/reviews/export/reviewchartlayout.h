#pragma once

#include "charts/roundaxisrange.h"
#include "charts/roundtimeaxis.h"
#include "reviewchart.h"

#include <QFont>
#include <QRectF>
#include <QStringList>
#include <QVector>

class QPaintDevice;

namespace firebreak {

// Where each part of a review chart goes in a given rectangle of a given device: title, caption,
// legend, marker labels, plot, axes. Sizes are in points of the device, so that one chart reads
// the same on a 96 dpi PNG and on 300 dpi paper. Kept apart from the painting so that a test can
// ask where a value was drawn.
struct ReviewChartLayout {
    struct LegendItem {
        QRectF swatch; // where the line sample goes
        QPointF text; // baseline start of the name
        QString name;
        int series = -1; // -1: the threshold
    };
    struct MarkerLabel {
        qreal x = 0; // the marker's line
        QRectF box; // its label
        QString label;
    };

    qreal pt = 1; // device pixels per point
    QFont titleFont;
    QFont textFont;
    QFont smallFont;
    QRectF frame;
    QRectF titleBox;
    QString title;
    QRectF captionBox;
    QStringList caption; // at most two lines, the last elided
    QVector<LegendItem> legend;
    QVector<MarkerLabel> markers;
    QRectF plot;
    RoundAxisRange yRange;
    RoundTimeAxis xAxis;
    QRectF xCaptionBox; // "UTC, 2024-03-05"
    QString xCaption;
    QRectF unitBox; // the value axis label, drawn upright along the axis; empty without a unit
    QString unit;
    qint64 startMs = 0;
    qint64 endMs = 1;

    static ReviewChartLayout compute(const ReviewChart& chart, const QRectF& rect, QPaintDevice* device);
    QPointF map(qint64 timeMs, double value) const;
    QString yLabel(double value) const;
    // `text` laid out in `width` with `font`, at most `maxLines` lines, the last elided if it goes on.
    static QStringList wrap(const QString& text, const QFont& font, QPaintDevice* device, qreal width, int maxLines);
};

} // namespace firebreak
