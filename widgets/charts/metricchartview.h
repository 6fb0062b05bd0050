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
class MetricChartView final : public QChartView {
    Q_OBJECT
public:
    static constexpr int MaxSeries = 6;

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

protected:
    void drawForeground(QPainter* painter, const QRectF& rect) override;

private:
    void redecimate();
    void updateThresholdLine();
    void updateValueRange();
    QString seriesName(const Series& series) const;

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
};

} // namespace firebreak
