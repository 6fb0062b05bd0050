#pragma once

#include <QWidget>

namespace firebreak {

struct Theme;

// The key to a backtest chart, painted with the very brushes the chart uses (a hatched swatch
// cannot be written in a label), in two rows: what is drawn over the metric, and what the incident
// lane's colours mean, including that unreviewed incidents are counted as real.
class BacktestLegend final : public QWidget {
    Q_OBJECT
public:
    explicit BacktestLegend(const Theme& theme, QWidget* parent = nullptr);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    // The entries as text, in order (for tests and accessibility).
    QStringList entries() const;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    const Theme& m_theme;
};

} // namespace firebreak
