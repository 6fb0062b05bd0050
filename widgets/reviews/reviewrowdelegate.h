#pragma once

#include <QStyledItemDelegate>

namespace firebreak {

// Gives the review tables the same row height as the console's other lists (a little air around
// one line of text), so the review window's tabs read alike.
class ReviewRowDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    static int rowHeight(const QStyleOptionViewItem& option);
};

} // namespace firebreak
