#include "incidentdelegate.h"

#include "domain/incident.h"
#include "itemmodels/incidentlistmodel.h"

#include <QApplication>
#include <QPainter>

namespace firebreak {

IncidentDelegate::IncidentDelegate(const Theme& theme, QObject* parent)
    : BadgeDelegate(parent)
    , m_theme(theme)
{
}

QColor IncidentDelegate::statusColor(int status) const
{
    switch (static_cast<IncidentStatus>(status)) {
    case IncidentStatus::Open:
        return m_theme.toneColor(Theme::Tone::Bad);
    case IncidentStatus::Acknowledged:
        return m_theme.toneColor(Theme::Tone::Attention);
    case IncidentStatus::Mitigated:
        return m_theme.toneColor(Theme::Tone::Change);
    case IncidentStatus::Resolved:
        return m_theme.toneColor(Theme::Tone::Good);
    case IncidentStatus::Reviewed:
        break;
    }
    return m_theme.toneColor(Theme::Tone::Neutral);
}

void IncidentDelegate::initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const bool active = index.data(IncidentListModel::ActiveRole).toBool();
    switch (index.column()) {
    case IncidentListModel::TitleColumn:
        option->font.setBold(active);
        if (!active)
            option->palette.setColor(QPalette::Text, m_theme.mutedText);
        break;
    case IncidentListModel::AlertsColumn:
        if (active && index.data(IncidentListModel::FiringCountRole).toInt() > 0) {
            option->palette.setColor(QPalette::Text, m_theme.toneColor(Theme::Tone::Bad));
            option->font.setBold(true);
        } else {
            option->palette.setColor(QPalette::Text, m_theme.mutedText);
        }
        break;
    case IncidentListModel::AgeColumn:
    case IncidentListModel::CommanderColumn:
        option->palette.setColor(QPalette::Text, m_theme.mutedText);
        break;
    default:
        break;
    }
}

void IncidentDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    switch (index.column()) {
    case IncidentListModel::SeverityColumn:
        paintBadge(painter, option, index);
        return;
    case IncidentListModel::StatusColumn:
        paintStatus(painter, option, index);
        return;
    default:
        QStyledItemDelegate::paint(painter, option, index);
    }
}

void IncidentDelegate::paintBadge(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    paintCellBackground(painter, option, index);
    const QColor color = index.data(IncidentListModel::SeverityColorRole).value<QColor>();
    const bool active = index.data(IncidentListModel::ActiveRole).toBool();
    QFont font = option.font;
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 0.9);
    const QFontMetrics metrics(font);
    const QString text = index.data().toString();
    const int height = metrics.height() + 3;
    const QRect badge(option.rect.left() + 6, option.rect.center().y() - height / 2 + 1,
        metrics.horizontalAdvance(QStringLiteral("SEV0")) + 12, height);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setFont(font);
    if (active) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(color);
        painter->drawRoundedRect(badge, 3, 3);
        painter->setPen(SeverityPalette::textOn(color));
    } else {
        // A resolved incident keeps its level but stops shouting.
        painter->setPen(QPen(color, 1));
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(QRectF(badge).adjusted(0.5, 0.5, -0.5, -0.5), 3, 3);
        painter->setPen(color);
    }
    painter->drawText(badge, Qt::AlignCenter, text);
    painter->restore();
}

void IncidentDelegate::paintStatus(
    QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    paintCellBackground(painter, option, index);
    const QColor dot = statusColor(index.data(IncidentListModel::StatusRole).toInt());
    const bool selected = option.state & QStyle::State_Selected;
    const int size = 8;
    const QRect dotRect(option.rect.left() + 6, option.rect.center().y() - size / 2 + 1, size, size);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(dot);
    painter->drawEllipse(dotRect);
    painter->setFont(option.font);
    painter->setPen(selected ? option.palette.color(QPalette::HighlightedText) : option.palette.color(QPalette::Text));
    const QRect textRect = option.rect.adjusted(6 + size + 6, 0, -4, 0);
    painter->drawText(textRect, Qt::AlignVCenter | Qt::AlignLeft,
        option.fontMetrics.elidedText(index.data().toString(), Qt::ElideRight, textRect.width()));
    painter->restore();
}

QSize IncidentDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setHeight(std::max(size.height(), option.fontMetrics.height() + 10));
    if (index.column() == IncidentListModel::SeverityColumn)
        size.setWidth(option.fontMetrics.horizontalAdvance(QStringLiteral("SEV0")) + 26);
    if (index.column() == IncidentListModel::StatusColumn)
        size.setWidth(option.fontMetrics.horizontalAdvance(index.data().toString()) + 30);
    return size;
}

} // namespace firebreak
