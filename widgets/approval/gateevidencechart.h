#pragma once

#include <QChartView>
#include <QJsonObject>
#include <QVector>

class QAreaSeries;
class QLineSeries;
class QValueAxis;

namespace firebreak {

struct Theme;

// The samples a sustained or confirm gate judged, small enough to sit next to the gate's sentence: each
// series the gate saw, its threshold as a dashed line, and the window it had to hold for shaded. Time
// runs in minutes (or seconds, for short windows) before the moment the gate decided, so that "held
// for the last 2 minutes" reads straight off the axis whatever the clock. No animations; meant for a
// height of about 120 px.
class GateEvidenceChart final : public QChartView {
    Q_OBJECT
public:
    explicit GateEvidenceChart(const Theme& theme, QWidget* parent = nullptr);

    // `gate` is the plan's gate (query, above|below, for_ms), `evidence` GateEvaluator's evidence.
    void setEvidence(const QJsonObject& gate, const QJsonObject& evidence);

    const QVector<QLineSeries*>& seriesLines() const { return m_lines; }
    QLineSeries* thresholdLine() const { return m_threshold; }
    bool hasThreshold() const { return m_hasThreshold; }
    double threshold() const { return m_thresholdValue; }
    qint64 windowStartMs() const { return m_windowStartMs; }
    qint64 windowEndMs() const { return m_windowEndMs; }
    // Sample times as absolute ms of the points of `line` (the chart plots them relative to the end).
    QVector<QPointF> samplesOf(int line) const;

private:
    const Theme& m_theme;
    QValueAxis* m_xAxis = nullptr;
    QValueAxis* m_yAxis = nullptr;
    QAreaSeries* m_window = nullptr;
    QLineSeries* m_windowUpper = nullptr;
    QLineSeries* m_windowLower = nullptr;
    QLineSeries* m_threshold = nullptr;
    QVector<QLineSeries*> m_lines;
    bool m_hasThreshold = false;
    double m_thresholdValue = 0;
    qint64 m_windowStartMs = 0;
    qint64 m_windowEndMs = 0;
    double m_unitMs = 60'000;
};

} // namespace firebreak
