#include "timelinedelegate.h"

#include "itemmodels/timelinemodel.h"

#include <QApplication>
#include <QPainter>

namespace firebreak {

namespace {
QString shortSeverity(Severity severity)
{
    switch (severity) {
    case Severity::Critical:
        return QStringLiteral("CRIT");
    case Severity::Error:
        return QStringLiteral("ERROR");
    case Severity::Warning:
        return QStringLiteral("WARN");
    case Severity::Info:
        break;
    }
    return QStringLiteral("INFO");
}
} // namespace

TimelineDelegate::TimelineDelegate(const Theme& theme, const IconProvider& icons, QObject* parent)
    : BadgeDelegate(parent)
    , m_theme(theme)
    , m_icons(icons)
{
}

void TimelineDelegate::initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const auto severity = static_cast<Severity>(index.data(TimelineModel::SeverityRole).toInt());
    switch (index.column()) {
    case TimelineModel::KindColumn:
        option->icon = m_icons.kindIcon(index.data(TimelineModel::KindRole).toString());
        option->features |= QStyleOptionViewItem::HasDecoration;
        option->decorationSize = QSize(16, 16);
        break;
    case TimelineModel::TimeColumn:
    case TimelineModel::SourceColumn:
    case TimelineModel::ActorColumn:
        option->palette.setColor(QPalette::Text, m_theme.mutedText);
        break;
    case TimelineModel::TitleColumn:
        if (severity >= Severity::Error)
            option->font.setBold(true);
        break;
    default:
        break;
    }
}

void TimelineDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    if (index.column() == TimelineModel::SeverityColumn) {
        paintSeverity(painter, option, index);
        return;
    }
    QStyledItemDelegate::paint(painter, option, index);
}

void TimelineDelegate::paintSeverity(
    QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    paintCellBackground(painter, option, index);

    const auto severity = static_cast<Severity>(index.data(TimelineModel::SeverityRole).toInt());
    const QColor color = index.data(TimelineModel::SeverityColorRole).value<QColor>();
    QFont font = option.font;
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 0.85);
    const QFontMetrics metrics(font);
    const QString text = shortSeverity(severity);
    const int height = metrics.height() + 2;
    const QRect tag(option.rect.left() + 6, option.rect.center().y() - height / 2 + 1,
        metrics.horizontalAdvance(text) + 10, height);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    if (severity >= Severity::Error) {
        // Filled: the rows that need attention.
        painter->setPen(Qt::NoPen);
        painter->setBrush(color);
        painter->drawRoundedRect(tag, 3, 3);
        painter->setPen(SeverityPalette::textOn(color));
    } else {
        painter->setPen(QPen(color, 1));
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(QRectF(tag).adjusted(0.5, 0.5, -0.5, -0.5), 3, 3);
        painter->setPen(color);
    }
    painter->setFont(font);
    painter->drawText(tag, Qt::AlignCenter, text);
    painter->restore();
}

QSize TimelineDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setHeight(std::max(size.height(), option.fontMetrics.height() + 8));
    if (index.column() == TimelineModel::SeverityColumn)
        size.setWidth(std::max(size.width(), option.fontMetrics.horizontalAdvance(QStringLiteral("ERROR")) + 24));
    return size;
}

} // namespace firebreak
