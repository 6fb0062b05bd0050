#include "reviewrowdelegate.h"

namespace firebreak {

int ReviewRowDelegate::rowHeight(const QStyleOptionViewItem& option)
{
    return option.fontMetrics.height() + 10;
}

QSize ReviewRowDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setHeight(std::max(size.height(), rowHeight(option)));
    return size;
}

} // namespace firebreak
