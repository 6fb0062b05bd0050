#include "timelinedelegate.h"

#include "itemmodels/timelinemodel.h"

#include <QApplication>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QtMath>

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

constexpr int StarSize = 14;

// A five-pointed star drawn at twice the size, so it stays sharp on high-DPI screens.
QIcon starIcon(const QColor& color, bool filled)
{
    QPixmap pixmap(StarSize * 2, StarSize * 2);
    pixmap.fill(Qt::transparent);
    pixmap.setDevicePixelRatio(2.0);
    if (color.isValid()) {
        QPainterPath star;
        const QPointF centre(StarSize / 2.0, StarSize / 2.0 + 0.5);
        for (int i = 0; i < 10; ++i) {
            const double radius = i % 2 == 0 ? StarSize / 2.0 - 0.5 : StarSize / 4.6;
            const double angle = -M_PI / 2 + i * M_PI / 5;
            const QPointF point = centre + QPointF(radius * qCos(angle), radius * qSin(angle));
            if (i == 0)
                star.moveTo(point);
            else
                star.lineTo(point);
        }
        star.closeSubpath();
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(QPen(color, 1.2));
        painter.setBrush(filled ? QBrush(color) : Qt::NoBrush);
        painter.drawPath(star);
    }
    return QIcon(pixmap);
}
} // namespace

TimelineDelegate::TimelineDelegate(const Theme& theme, const IconProvider& icons, QObject* parent)
    : BadgeDelegate(parent)
    , m_theme(theme)
    , m_icons(icons)
    , m_pinned(starIcon(theme.toneColor(Theme::Tone::Attention), true))
    , m_unpinned(starIcon(theme.mutedText, false))
    , m_blank(starIcon(QColor(), false))
{
}

QRect TimelineDelegate::starRect(const QRect& cell)
{
    return QRect(cell.left(), cell.top(), StarSize + 10, cell.height());
}

bool TimelineDelegate::editorEvent(
    QEvent* event, QAbstractItemModel* model, const QStyleOptionViewItem& option, const QModelIndex& index)
{
    if (index.column() == TimelineModel::TimeColumn && event->type() == QEvent::MouseButtonRelease) {
        const auto* mouse = static_cast<QMouseEvent*>(event);
        if (mouse->button() == Qt::LeftButton && starRect(option.rect).contains(mouse->position().toPoint())) {
            Q_EMIT pinClicked(index);
            return true;
        }
    }
    return BadgeDelegate::editorEvent(event, model, option, index);
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
        option->palette.setColor(QPalette::Text, m_theme.mutedText);
        option->icon = index.data(TimelineModel::PinnedRole).toBool() ? m_pinned
            : (option->state & QStyle::State_MouseOver)               ? m_unpinned
                                                                      : m_blank;
        option->features |= QStyleOptionViewItem::HasDecoration;
        option->decorationSize = QSize(StarSize, StarSize);
        break;
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
