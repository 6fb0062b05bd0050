#pragma once

#include <QFont>
#include <QMargins>

class QAbstractAxis;
class QChartView;

namespace firebreak {

struct Theme;

// Every chart in the console (incident metrics, gate evidence, verification samples) shares one look,
// so that a threshold line or a grid reads the same wherever a commander meets it: the theme's surface
// behind the plot, no animation (live data would jitter), square corners, tight margins, and axes in
// muted text with quiet grid lines.
class ChartStyle {
public:
    static void applyTo(QChartView& view, const Theme& theme, const QMargins& margins);
    static void applyTo(QAbstractAxis& axis, const Theme& theme, const QFont& font);
    // `base` scaled down for axis labels (0.9 of its size by default).
    static QFont axisFont(QFont base, double scale = 0.9);
};

} // namespace firebreak
