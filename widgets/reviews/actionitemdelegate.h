#pragma once

#include "reviewrowdelegate.h"

#include <QStringList>

namespace firebreak {

struct Theme;

// Edits and draws one action item cell the way the column needs: the owner in a combo of the
// roster's people that also takes any name typed, the due date in a UTC date editor that can be
// left empty, the status in a fixed list, and a web link with an arrow that opens it (a click on
// the arrow, so that clicking the text still selects and double-clicking still edits).
class ActionItemDelegate final : public ReviewRowDelegate {
    Q_OBJECT
public:
    ActionItemDelegate(const Theme& theme, QObject* parent = nullptr);

    void setOwnerSuggestions(const QStringList& names) { m_owners = names; }
    // Where the open-link arrow of a link cell is drawn.
    static QRect openLinkRect(const QRect& cell);

    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    void setEditorData(QWidget* editor, const QModelIndex& index) const override;
    void setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const override;
    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;

private:
    const Theme& m_theme;
    QStringList m_owners;
};

} // namespace firebreak
