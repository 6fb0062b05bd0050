#pragma once

#include <QStyledItemDelegate>

namespace firebreak {

// Base of the list delegates that draw their own badges (severity, status): paints a cell's
// background and selection exactly as the style would, without its text or icon, so the badge can
// go on top and selected rows still look selected.
class BadgeDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void paintCellBackground(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const;
};

} // namespace firebreak
