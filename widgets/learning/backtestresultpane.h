#pragma once

#include <QWidget>

class QLabel;
class QTreeView;

namespace firebreak {

class BacktestFindingsModel;
struct BacktestResult;
struct Theme;

// The backtest in numbers: hits, false alarms, misses, and the median and worst detection delay as
// large figures, what was replayed in one muted line, and below, per firing and per incident what
// happened (BacktestFindingsModel). Selecting a row names the incident it is about.
class BacktestResultPane final : public QWidget {
    Q_OBJECT
public:
    enum Figure { Hits, FalseAlarms, Misses, MedianDelay, WorstDelay, FigureCount };

    explicit BacktestResultPane(const Theme& theme, QWidget* parent = nullptr);

    void setResult(const BacktestResult& result, qint64 stepMs);
    void clear();

    QString figureText(Figure figure) const;
    QLabel* scopeLabel() const { return m_scope; }
    QTreeView* table() const { return m_table; }
    BacktestFindingsModel* model() const { return m_model; }

Q_SIGNALS:
    // The incident of the selected row (an index into the result's incidents), -1 for none.
    void incidentSelected(int index);

private:
    const Theme& m_theme;
    BacktestFindingsModel* m_model = nullptr;
    QLabel* m_values[FigureCount] = {};
    QLabel* m_scope = nullptr;
    QTreeView* m_table = nullptr;
};

} // namespace firebreak
