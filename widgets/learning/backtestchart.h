#pragma once

#include "learning/backtestinput.h"
#include "learning/backtestresult.h"
#include "playbook/playbookgate.h"

#include <QChartView>
#include <QVector>

class QAreaSeries;
class QCategoryAxis;
class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace firebreak {

struct Theme;

// A replayed gate against what really happened, on one time axis: the metric, the threshold as a
// dashed line, the spans in which the gate would have fired shaded (false alarms in the bad tone),
// and, in two lanes under the axis, the gate's firings and the incidents coloured by the reviews'
// verdict (BacktestPalette), with the detection delay of each hit drawn from the incident's start to
// the firing. Long histories are decimated to the plot's width (Decimator), so a week draws at once.
class BacktestChart final : public QChartView {
    Q_OBJECT
public:
    static constexpr int MaxSeries = 8; // drawn; the rest are counted in the caption
    static constexpr int LanesHeight = 62;
    static constexpr int LaneGutter = 58; // left of the plot, for the lanes' names

    explicit BacktestChart(const Theme& theme, QWidget* parent = nullptr);

    // The chart spans [startMs, endMs], the replay's span.
    void setBacktest(const BacktestResult& result, const BacktestInput& input, const PlaybookGate& gate, qint64 startMs,
        qint64 endMs);
    void clear();
    // Outlines incident `index` of the result across the plot; -1: none.
    void setHighlight(int index);

    QLineSeries* thresholdSeries() const { return m_threshold; }
    // The shaded spans: firings attributed to an incident (hits, repeats), or false alarms.
    QAreaSeries* firedArea(bool falseAlarms) const { return falseAlarms ? m_falseArea : m_hitArea; }
    QScatterSeries* firedMarkers() const { return m_firedAt; }
    const QVector<QLineSeries*>& metricSeries() const { return m_lines; }
    int seriesLeftOut() const { return m_leftOut; }
    QCategoryAxis* timeAxis() const { return m_xAxis; } // ticks on round local times (RoundTimeTicks)
    QValueAxis* valueAxis() const { return m_yAxis; }
    const BacktestResult& result() const { return m_result; }
    int highlight() const { return m_highlight; }

protected:
    void drawForeground(QPainter* painter, const QRectF& rect) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void redecimate();
    void setTimeRange(qint64 startMs, qint64 endMs);
    void setSpans(QAreaSeries* area, const QVector<BacktestFiring>& spans, double bottom, double top);
    double xOf(qint64 ms, const QRectF& plot) const;
    void drawLanes(QPainter& painter, const QRectF& plot) const;

    const Theme& m_theme;
    QCategoryAxis* m_xAxis = nullptr;
    QValueAxis* m_yAxis = nullptr;
    QLineSeries* m_threshold = nullptr;
    QAreaSeries* m_hitArea = nullptr;
    QAreaSeries* m_falseArea = nullptr;
    QScatterSeries* m_firedAt = nullptr;
    QVector<QLineSeries*> m_lines;
    QVector<QVector<QPointF>> m_raw; // per drawn series, in time order
    BacktestResult m_result;
    qint64 m_startMs = 0;
    qint64 m_endMs = 0;
    int m_leftOut = 0;
    int m_highlight = -1;
    bool m_empty = true;
};

} // namespace firebreak
