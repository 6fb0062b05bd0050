#include "outcomedelegate.h"

#include "backtestpalette.h"
#include "learning/backtestfindingsmodel.h"
#include "style/theme.h"

namespace firebreak {

OutcomeDelegate::OutcomeDelegate(const Theme& theme, QObject* parent)
    : QStyledItemDelegate(parent)
    , m_theme(theme)
{
}

void OutcomeDelegate::initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    using Outcome = BacktestFindingsModel::Outcome;
    const auto outcome = Outcome(index.data(BacktestFindingsModel::OutcomeRole).toInt());
    QColor colour = m_theme.mutedText;
    if (outcome == Outcome::Hit)
        colour = BacktestPalette::firing(m_theme, false);
    else if (outcome == Outcome::FalseAlarm || outcome == Outcome::Miss)
        colour = m_theme.toneColor(Theme::Tone::Bad);
    else if (outcome == Outcome::Quiet)
        colour = m_theme.toneColor(Theme::Tone::Good);
    option->palette.setColor(QPalette::Text, colour);
    option->font.setBold(outcome == Outcome::FalseAlarm || outcome == Outcome::Miss);
}

} // namespace firebreak
