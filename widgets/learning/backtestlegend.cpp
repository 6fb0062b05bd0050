#include "backtestlegend.h"

#include "backtestpalette.h"
#include "style/theme.h"

#include <QPainter>

namespace firebreak {

namespace {

enum class Swatch { Line, Dashed, Shade, FalseShade, Incident, Delay };

struct Entry {
    Swatch swatch;
    QString text;
    IncidentVerdict incident {};
};

constexpr int SwatchWidth = 22;
constexpr int Gap = 16;

QVector<QVector<Entry>> rows()
{
    using V = IncidentVerdict::Verdict;
    const auto verdict = [](V v, bool reviewed) {
        IncidentVerdict incident;
        incident.verdict = v;
        incident.reviewed = reviewed;
        return incident;
    };
    return {
        { { Swatch::Line, BacktestLegend::tr("metric") }, { Swatch::Dashed, BacktestLegend::tr("threshold") },
            { Swatch::Shade, BacktestLegend::tr("gate would have fired") },
            { Swatch::FalseShade, BacktestLegend::tr("fired outside any real incident (false alarm)") },
            { Swatch::Delay, BacktestLegend::tr("detection delay") } },
        { { Swatch::Incident, BacktestLegend::tr("incident: useful"), verdict(V::Useful, true) },
            { Swatch::Incident, BacktestLegend::tr("noise"), verdict(V::Noise, true) },
            { Swatch::Incident, BacktestLegend::tr("missed or late"), verdict(V::MissedOrLate, true) },
            { Swatch::Incident, BacktestLegend::tr("unreviewed (counted as real)"), verdict(V::Useful, false) } },
    };
}

} // namespace

BacktestLegend::BacktestLegend(const Theme& theme, QWidget* parent)
    : QWidget(parent)
    , m_theme(theme)
{
    setAccessibleName(entries().join(QStringLiteral(", ")));
}

QStringList BacktestLegend::entries() const
{
    QStringList out;
    for (const QVector<Entry>& row : rows()) {
        for (const Entry& entry : row)
            out.append(entry.text);
    }
    return out;
}

QSize BacktestLegend::sizeHint() const
{
    int width = 0;
    for (const QVector<Entry>& row : rows()) {
        int rowWidth = 0;
        for (const Entry& entry : row)
            rowWidth += SwatchWidth + 6 + fontMetrics().horizontalAdvance(entry.text) + Gap;
        width = std::max(width, rowWidth);
    }
    return { width, 2 * (fontMetrics().height() + 4) };
}

QSize BacktestLegend::minimumSizeHint() const
{
    return { 200, sizeHint().height() };
}

void BacktestLegend::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const int lineHeight = fontMetrics().height() + 4;
    int y = 0;
    for (const QVector<Entry>& row : rows()) {
        int x = 0;
        for (const Entry& entry : row) {
            const QRectF swatch(x, y + lineHeight / 2.0 - 5, SwatchWidth, 10);
            const double middle = swatch.center().y();
            switch (entry.swatch) {
            case Swatch::Line:
                painter.setPen(QPen(m_theme.series.first(), 1.6));
                painter.drawLine(QPointF(swatch.left(), middle), QPointF(swatch.right(), middle));
                break;
            case Swatch::Dashed:
                painter.setPen(QPen(m_theme.threshold, 1.4, Qt::DashLine));
                painter.drawLine(QPointF(swatch.left(), middle), QPointF(swatch.right(), middle));
                break;
            case Swatch::Shade:
            case Swatch::FalseShade: {
                const QColor colour = BacktestPalette::firing(m_theme, entry.swatch == Swatch::FalseShade);
                painter.fillRect(swatch, BacktestPalette::tint(m_theme, colour, m_theme.dark ? 0.22 : 0.14));
                painter.fillRect(QRectF(swatch.left(), swatch.bottom() - 3, swatch.width(), 3), colour);
                break;
            }
            case Swatch::Incident:
                painter.fillRect(swatch, m_theme.surface);
                painter.fillRect(swatch, BacktestPalette::incidentFill(m_theme, entry.incident));
                painter.setPen(QPen(BacktestPalette::incident(m_theme, entry.incident), 1));
                painter.drawRect(swatch.adjusted(0.5, 0.5, -0.5, -0.5));
                break;
            case Swatch::Delay:
                painter.setPen(QPen(m_theme.text, 1));
                painter.drawLine(QPointF(swatch.left() + 2, swatch.bottom()), QPointF(swatch.left() + 2, middle));
                painter.drawLine(QPointF(swatch.left() + 2, middle), QPointF(swatch.right() - 2, middle));
                painter.drawLine(QPointF(swatch.right() - 2, middle), QPointF(swatch.right() - 2, swatch.top()));
                break;
            }
            x += SwatchWidth + 6;
            painter.setPen(m_theme.mutedText);
            const int textWidth = fontMetrics().horizontalAdvance(entry.text);
            painter.drawText(QRect(x, y, textWidth + 2, lineHeight), Qt::AlignLeft | Qt::AlignVCenter, entry.text);
            x += textWidth + Gap;
        }
        y += lineHeight;
    }
}

} // namespace firebreak
