#include "panestyle.h"

#include "theme.h"

#include <QLabel>
#include <QTreeView>

namespace firebreak {

void PaneStyle::title(QLabel& label)
{
    QFont font = label.font();
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 1.1);
    label.setFont(font);
}

void PaneStyle::muted(QLabel& label, const Theme& theme)
{
    QPalette palette = label.palette();
    palette.setColor(QPalette::WindowText, theme.mutedText);
    label.setPalette(palette);
}

void PaneStyle::rowList(QTreeView& tree)
{
    tree.setRootIsDecorated(false);
    tree.setUniformRowHeights(true);
    tree.setAlternatingRowColors(true);
    tree.setSelectionBehavior(QAbstractItemView::SelectRows);
    tree.setSelectionMode(QAbstractItemView::SingleSelection);
    tree.setAllColumnsShowFocus(true);
    tree.setFrameShape(QFrame::NoFrame);
}

} // namespace firebreak
