#pragma once

#include "interfaces/metricsource.h"
#include "metrics/alertexpression.h"

#include <QVector>
#include <QWidget>

namespace firebreak {

struct Theme;

// One key metric on a wall tile: the last half hour as a thick line, the alert's threshold dashed,
// and the current value in large type, red while it is past the threshold. Drawn by hand rather
// than with Qt Charts: a wall needs no axes, only the shape and the number, legible from the back
// of the room.
class WallSparkline final : public QWidget {
    Q_OBJECT
public:
    static constexpr int MaxLines = 3;

    explicit WallSparkline(const Theme& theme, QWidget* parent = nullptr);

    void setHeading(const QString& title, const AlertExpression& expression);
    void setData(const QVector<Series>& series, qint64 startMs, qint64 endMs);
    // Shown instead of the value when there is nothing to draw (the query failed, no data yet).
    void setProblem(const QString& problem);
    void setScale(double scale);

    QString title() const { return m_title; }
    int sampleCount() const;
    QString currentValueText() const; // empty until data arrives
    bool isBreaching() const { return m_breaching; }
    QString problem() const { return m_problem; }

    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    void updateCurrent();

    const Theme& m_theme;
    QString m_title;
    AlertExpression m_expression;
    QVector<Series> m_series;
    qint64 m_startMs = 0;
    qint64 m_endMs = 0;
    QString m_problem;
    double m_scale = 1.0;
    int m_currentSeries = -1; // the series whose latest value is shown: the one furthest past the threshold
    double m_current = 0;
    bool m_breaching = false;
};

} // namespace firebreak
