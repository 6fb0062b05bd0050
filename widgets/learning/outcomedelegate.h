#pragma once

#include <QStyledItemDelegate>

namespace firebreak {

struct Theme;

// Writes a backtest row's outcome in the colour the chart uses for it (BacktestPalette): hits in the
// accent, false alarms and misses in the bad tone, the rest muted, so the table and the chart agree.
class OutcomeDelegate final : public QStyledItemDelegate {
    Q_OBJECT
public:
    OutcomeDelegate(const Theme& theme, QObject* parent = nullptr);

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override;

private:
    const Theme& m_theme;
};

} // namespace firebreak
