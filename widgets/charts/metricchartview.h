#pragma once

#include "chartmarker.h"
#include "interfaces/metricsource.h"
#include "metrics/alertexpression.h"

#include <QChartView>
#include <QVector>

class QDateTimeAxis;
class QLineSeries;
class QValueAxis;

namespace firebreak {

struct Theme;

// One metric chart: the series of one alert expression, its threshold as a dashed line, and the
// incident's events as vertical markers. Raw samples are kept; what Qt Charts gets is decimated to
// the plot's pixel width and handed over with replace(), never point by point, with animations off.
// Problems (a failed query, no data) are drawn as a banner over the plot, keeping the last good data.
// The mouse reads values off it (a crosshair and the nearest raw sample of each series) and asks to
// zoom or pan the time axis; it never moves its own axis, so that the panel can move every chart
// of the incident together.
class MetricChartView final : public QChartView {
    Q_OBJECT
public:
    static constexpr int MaxSeries = 6;
    static constexpr qint64 MinSpanMs = 10'000; // zooming stops here
    static constexpr int MarkerHoverPx = 4; // a marker this close to the crosshair is named in the readout

    explicit MetricChartView(const Theme& theme, QWidget* parent = nullptr);

    void setHeading(const QString& title, const QString& expression);
    void setTimeRange(qint64 startMs, qint64 endMs);
    void setThreshold(const AlertExpression& expression);
    void setData(const QVector<Series>& series);
    void setMarkers(const QVector<ChartMarker>& markers);
    void setHighlight(const ChartMarker& marker);
    void clearHighlight();
    // A banner over the plot; empty hides it. `error` picks the error colours over the warning ones.
    void setProblem(const QString& message, bool error);
    void setWaiting(bool waiting);

    QString problem() const { return m_problem; }
    const QVector<QLineSeries*>& lineSeries() const { return m_lines; }
    QLineSeries* thresholdSeries() const { return m_threshold; }
    QDateTimeAxis* timeAxis() const { return m_xAxis; }
    int hiddenSeriesCount() const { return m_hiddenSeries; }
    qint64 highlightedEventId() const { return m_highlight.eventId; }
    const QVector<ChartMarker>& markers() const { return m_markers; }
    qint64 rangeStartMs() const { return m_startMs; }
    qint64 rangeEndMs() const { return m_endMs; }

    // What the hover readout says at `ms`: the time (UTC), then one line per shown series with the
    // raw sample nearest in time, then the titles of markers within MarkerHoverPx of it.
    QStringList readoutAt(qint64 ms) const;
    // The readout under the mouse now; empty when the mouse is not over the plot.
    QStringList readoutText() const;
    // Viewport position of `ms` at the plot's vertical middle (for tests and the panel).
    QPoint positionOfTime(qint64 ms) const;
    qint64 timeAtX(double viewportX) const;

Q_SIGNALS:
    // The user zoomed (wheel, shift-drag) or panned (drag) to this range.
    void timeRangeRequested(qint64 startMs, qint64 endMs);
    // Double-click or Esc: back to following the incident live.
    void resetRequested();

protected:
    void drawForeground(QPainter* painter, const QRectF& rect) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    void redecimate();
    void updateThresholdLine();
    void updateValueRange();
    QString seriesName(const Series& series) const;
    QRectF plotRect() const; // in viewport coordinates
    void drawReadout(QPainter* painter, const QRectF& plot);
    void requestRange(qint64 startMs, qint64 endMs);

    const Theme& m_theme;
    QDateTimeAxis* m_xAxis = nullptr;
    QValueAxis* m_yAxis = nullptr;
    QVector<QLineSeries*> m_lines;
    QLineSeries* m_threshold = nullptr;
    QVector<Series> m_data; // raw, as the source answered (at most MaxSeries)
    int m_hiddenSeries = 0;
    AlertExpression m_expression;
    qint64 m_startMs = 0;
    qint64 m_endMs = 0;
    int m_decimatedWidth = 0;
    QVector<ChartMarker> m_markers;
    ChartMarker m_highlight;
    QString m_problem;
    bool m_problemIsError = false;
    bool m_waiting = true;

    enum class Drag { None, Pending, Pan, Zoom };
    Drag m_drag = Drag::None;
    QPointF m_pressPos;
    qint64 m_pressStartMs = 0;
    qint64 m_pressEndMs = 0;
    double m_dragX = 0; // the rubber band's moving edge
    bool m_hovering = false;
    double m_hoverX = 0;
};

} // namespace firebreak
