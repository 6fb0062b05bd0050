#include "rundelegate.h"

#include "domain/runstate.h"
#include "itemmodels/runlistmodel.h"
#include "itemmodels/severitypalette.h"

#include <QPainter>

namespace firebreak {

namespace {
// Over, with nothing left for anyone to do; rollback_failed is over too but still needs a person.
bool settled(RunState state)
{
    switch (state) {
    case RunState::Succeeded:
    case RunState::RolledBack:
    case RunState::Blocked:
    case RunState::Rejected:
    case RunState::Expired:
    case RunState::Aborted:
        return true;
    default:
        return false;
    }
}
} // namespace

RunDelegate::RunDelegate(const Theme& theme, QObject* parent)
    : BadgeDelegate(parent)
    , m_theme(theme)
{
}

QColor RunDelegate::stateColor(const Theme& theme, RunState state)
{
    switch (state) {
    case RunState::AwaitingApproval:
    case RunState::Paused:
    case RunState::Interrupted:
        return theme.toneColor(Theme::Tone::Attention);
    case RunState::Proposed:
    case RunState::Gating:
    case RunState::Approved:
    case RunState::Executing:
    case RunState::Verifying:
    case RunState::RollingBack:
        return theme.toneColor(Theme::Tone::Change);
    case RunState::Failed:
    case RunState::RollbackFailed:
        return theme.toneColor(Theme::Tone::Bad);
    case RunState::Succeeded:
    case RunState::RolledBack:
        return theme.toneColor(Theme::Tone::Good);
    case RunState::Blocked:
    case RunState::Rejected:
    case RunState::Expired:
    case RunState::Aborted:
        break;
    }
    return theme.toneColor(Theme::Tone::Neutral);
}

void RunDelegate::initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const auto group = static_cast<RunListModel::Group>(index.data(RunListModel::GroupRole).toInt());
    switch (index.column()) {
    case RunListModel::RiskColumn: {
        const QString risk = index.data(RunListModel::RiskRole).toString();
        if (risk == QLatin1String("critical") || risk == QLatin1String("high")) {
            option->palette.setColor(QPalette::Text, m_theme.toneColor(Theme::Tone::Bad));
            option->font.setBold(risk == QLatin1String("critical"));
        } else if (risk == QLatin1String("medium")) {
            option->palette.setColor(QPalette::Text, m_theme.toneColor(Theme::Tone::Attention));
        } else {
            option->palette.setColor(QPalette::Text, m_theme.mutedText);
        }
        break;
    }
    case RunListModel::PlaybookColumn:
        option->font.setBold(group != RunListModel::Group::Other);
        if (group == RunListModel::Group::Other)
            option->palette.setColor(QPalette::Text, m_theme.mutedText);
        break;
    case RunListModel::WhyColumn:
        if (group == RunListModel::Group::AwaitingApproval)
            option->palette.setColor(QPalette::Text, m_theme.toneColor(Theme::Tone::Attention));
        else
            option->palette.setColor(QPalette::Text, m_theme.mutedText);
        break;
    case RunListModel::RunColumn:
    case RunListModel::IncidentColumn:
    case RunListModel::UpdatedColumn:
        option->palette.setColor(QPalette::Text, m_theme.mutedText);
        break;
    default:
        break;
    }
}

void RunDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    if (index.column() == RunListModel::StateColumn)
        paintState(painter, option, index);
    else
        QStyledItemDelegate::paint(painter, option, index);
}

void RunDelegate::paintState(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    paintCellBackground(painter, option, index);
    const auto state = static_cast<RunState>(index.data(RunListModel::StateRole).toInt());
    const QColor color = stateColor(m_theme, state);
    const bool open = !settled(state);
    QFont font = option.font;
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 0.9);
    const QFontMetrics metrics(font);
    const int height = metrics.height() + 3;
    const int available = option.rect.width() - 12;
    const QString text = metrics.elidedText(index.data().toString(), Qt::ElideRight, std::max(0, available - 12));
    const QRect badge(option.rect.left() + 6, option.rect.center().y() - height / 2 + 1,
        std::min(available, metrics.horizontalAdvance(text) + 12), height);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setFont(font);
    if (open) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(color);
        painter->drawRoundedRect(badge, 3, 3);
        painter->setPen(SeverityPalette::textOn(color));
    } else {
        // A run that has ended keeps its colour but stops shouting (and stays legible when selected).
        const QColor outline
            = (option.state & QStyle::State_Selected) ? option.palette.color(QPalette::HighlightedText) : color;
        painter->setPen(QPen(outline, 1));
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(QRectF(badge).adjusted(0.5, 0.5, -0.5, -0.5), 3, 3);
        painter->setPen(outline);
    }
    painter->drawText(badge, Qt::AlignCenter, text);
    painter->restore();
}

QSize RunDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setHeight(std::max(size.height(), option.fontMetrics.height() + 10));
    if (index.column() == RunListModel::StateColumn)
        size.setWidth(option.fontMetrics.horizontalAdvance(index.data().toString()) + 30);
    return size;
}

} // namespace firebreak
