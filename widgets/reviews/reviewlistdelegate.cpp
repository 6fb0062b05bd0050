#include "reviewlistdelegate.h"

#include "itemmodels/reviewlistmodel.h"
#include "style/theme.h"

#include <QPainter>

namespace firebreak {

namespace {

QColor textColor(const QStyleOptionViewItem& option, const QColor& normal)
{
    return option.state & QStyle::State_Selected ? option.palette.color(QPalette::HighlightedText) : normal;
}

} // namespace

ReviewListDelegate::ReviewListDelegate(const Theme& theme, QObject* parent)
    : BadgeDelegate(parent)
    , m_theme(theme)
{
}

void ReviewListDelegate::initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    switch (index.column()) {
    case ReviewListModel::VersionColumn:
    case ReviewListModel::AuthorColumn:
    case ReviewListModel::UpdatedColumn:
        option->palette.setColor(QPalette::Text, m_theme.mutedText);
        break;
    default:
        break;
    }
}

void ReviewListDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    switch (index.column()) {
    case ReviewListModel::SeverityColumn:
        paintSeverity(painter, option, index);
        return;
    case ReviewListModel::ReviewColumn:
        paintReviewStatus(painter, option, index);
        return;
    case ReviewListModel::ActionItemsColumn:
        paintActionItems(painter, option, index);
        return;
    case ReviewListModel::MatchColumn:
        paintMatch(painter, option, index);
        return;
    default:
        QStyledItemDelegate::paint(painter, option, index);
    }
}

void ReviewListDelegate::paintSeverity(
    QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    paintCellBackground(painter, option, index);
    const QColor color = index.data(ReviewListModel::SeverityColorRole).value<QColor>();
    QFont font = option.font;
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 0.9);
    const QFontMetrics metrics(font);
    const int height = metrics.height() + 3;
    const QRect badge(option.rect.left() + 6, option.rect.center().y() - height / 2 + 1,
        metrics.horizontalAdvance(QStringLiteral("SEV0")) + 12, height);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setFont(font);
    painter->setPen(Qt::NoPen);
    painter->setBrush(color);
    painter->drawRoundedRect(badge, 3, 3);
    painter->setPen(SeverityPalette::textOn(color));
    painter->drawText(badge, Qt::AlignCenter, index.data().toString());
    painter->restore();
}

void ReviewListDelegate::paintReviewStatus(
    QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    paintCellBackground(painter, option, index);
    const int status = index.data(ReviewListModel::ReviewStatusRole).toInt();
    const QString text = index.data().toString();
    painter->save();
    if (status < 0) {
        painter->setPen(textColor(option, m_theme.mutedText));
        QFont italic = option.font;
        italic.setItalic(true);
        painter->setFont(italic);
        painter->drawText(option.rect.adjusted(6, 0, -4, 0), Qt::AlignVCenter | Qt::AlignLeft, text);
        painter->restore();
        return;
    }
    const bool isFinal = status == static_cast<int>(ReviewStatus::Final);
    const QColor color = m_theme.toneColor(isFinal ? Theme::Tone::Good : Theme::Tone::Attention);
    QFont font = option.font;
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 0.9);
    const QFontMetrics metrics(font);
    const int height = metrics.height() + 3;
    const QRect badge(option.rect.left() + 6, option.rect.center().y() - height / 2 + 1,
        metrics.horizontalAdvance(QStringLiteral("draft")) + 14, height);
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setFont(font);
    if (isFinal) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(color);
        painter->drawRoundedRect(badge, 3, 3);
        painter->setPen(SeverityPalette::textOn(color));
    } else {
        // A draft is work in progress: outlined, not filled.
        painter->setPen(QPen(color, 1));
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(QRectF(badge).adjusted(0.5, 0.5, -0.5, -0.5), 3, 3);
    }
    painter->drawText(badge, Qt::AlignCenter, text);
    painter->restore();
}

void ReviewListDelegate::paintActionItems(
    QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    paintCellBackground(painter, option, index);
    const int open = index.data(ReviewListModel::OpenItemsRole).toInt();
    const int overdue = index.data(ReviewListModel::OverdueItemsRole).toInt();
    if (open <= 0)
        return;
    QRect rect = option.rect.adjusted(6, 0, -4, 0);
    painter->save();
    painter->setFont(option.font);
    const QString openText = ReviewListModel::tr("%1 open").arg(open);
    painter->setPen(textColor(option, option.palette.color(QPalette::Text)));
    painter->drawText(rect, Qt::AlignVCenter | Qt::AlignLeft, openText);
    if (overdue > 0) {
        rect.setLeft(rect.left() + option.fontMetrics.horizontalAdvance(openText));
        const QString separator = QStringLiteral(" · ");
        painter->setPen(textColor(option, m_theme.mutedText));
        painter->drawText(rect, Qt::AlignVCenter | Qt::AlignLeft, separator);
        rect.setLeft(rect.left() + option.fontMetrics.horizontalAdvance(separator));
        QFont bold = option.font;
        bold.setBold(true);
        painter->setFont(bold);
        painter->setPen(textColor(option, m_theme.toneColor(Theme::Tone::Bad)));
        painter->drawText(rect, Qt::AlignVCenter | Qt::AlignLeft, ReviewListModel::tr("%1 overdue").arg(overdue));
    }
    painter->restore();
}

void ReviewListDelegate::paintMatch(
    QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    paintCellBackground(painter, option, index);
    QString snippet = index.data().toString();
    QRect rect = option.rect.adjusted(6, 0, -4, 0);
    QFont plain = option.font;
    QFont bold = option.font;
    bold.setBold(true);
    // The first match must be visible: drop leading words (behind an ellipsis) until it fits.
    const qsizetype open = snippet.indexOf(QChar(0x00ab));
    const qsizetype close = snippet.indexOf(QChar(0x00bb), open + 1);
    if (open > 0 && close > open) {
        QString before = snippet.left(open);
        const QString match = snippet.mid(open + 1, close - open - 1);
        const int matchWidth = QFontMetrics(bold).horizontalAdvance(match);
        const QFontMetrics plainMetrics(plain);
        bool dropped = false;
        while (!before.isEmpty()
            && plainMetrics.horizontalAdvance(QStringLiteral("…") + before) + matchWidth > rect.width()) {
            const qsizetype space = before.indexOf(QLatin1Char(' '), 1);
            before = space < 0 ? QString() : before.mid(space);
            dropped = true;
        }
        if (dropped)
            snippet = QStringLiteral("…") + before + snippet.mid(open);
    }
    painter->save();
    painter->setClipRect(rect);
    bool matched = false;
    QString part;
    const auto flush = [&] {
        if (part.isEmpty())
            return;
        painter->setFont(matched ? bold : plain);
        painter->setPen(textColor(option, matched ? option.palette.color(QPalette::Text) : m_theme.mutedText));
        painter->drawText(rect, Qt::AlignVCenter | Qt::AlignLeft, part);
        rect.setLeft(rect.left() + QFontMetrics(matched ? bold : plain).horizontalAdvance(part));
        part.clear();
    };
    for (const QChar c : snippet) {
        if (c == QChar(0x00ab) || c == QChar(0x00bb)) { // « starts a match, » ends it
            flush();
            matched = c == QChar(0x00ab);
        } else {
            part.append(c);
        }
    }
    flush();
    painter->restore();
}

QSize ReviewListDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setHeight(std::max(size.height(), option.fontMetrics.height() + 10));
    return size;
}

} // namespace firebreak
