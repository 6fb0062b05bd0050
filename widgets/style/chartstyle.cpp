#include "chartstyle.h"

#include "theme.h"

#include <QAbstractAxis>
#include <QChart>
#include <QChartView>
#include <QGraphicsLayout>

namespace firebreak {

void ChartStyle::applyTo(QChartView& view, const Theme& theme, const QMargins& margins)
{
    view.setRenderHint(QPainter::Antialiasing);
    view.setFrameShape(QFrame::NoFrame);
    view.setBackgroundBrush(theme.surface);
    QChart* chart = view.chart();
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setBackgroundBrush(theme.surface);
    chart->setBackgroundRoundness(0);
    chart->setPlotAreaBackgroundVisible(false);
    chart->setMargins(margins);
    chart->layout()->setContentsMargins(0, 0, 0, 0);
}

void ChartStyle::applyTo(QAbstractAxis& axis, const Theme& theme, const QFont& font)
{
    axis.setLabelsFont(font);
    axis.setLabelsColor(theme.mutedText);
    axis.setGridLineColor(theme.grid);
    axis.setLinePenColor(theme.border);
    axis.setMinorGridLineVisible(false);
}

QFont ChartStyle::axisFont(QFont base, double scale)
{
    base.setPointSizeF(base.pointSizeF() * scale);
    return base;
}

} // namespace firebreak
