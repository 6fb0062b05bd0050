#pragma once

#include "style/badgedelegate.h"
#include "style/iconprovider.h"
#include "style/theme.h"

namespace firebreak {

// Draws a timeline row the way an operator scans it: the kind's icon in its tone, and severity as
// a coloured tag so that critical rows stand out in a long list without reading a word. A star before
// the time marks pinned rows; clicking it asks to toggle the pin (pinClicked).
class TimelineDelegate final : public BadgeDelegate {
    Q_OBJECT
public:
    TimelineDelegate(const Theme& theme, const IconProvider& icons, QObject* parent = nullptr);

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    bool editorEvent(QEvent* event, QAbstractItemModel* model, const QStyleOptionViewItem& option,
        const QModelIndex& index) override;
    static QRect starRect(const QRect& cell); // where the star of a row is drawn and clicked

Q_SIGNALS:
    void pinClicked(const QModelIndex& index);

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override;

private:
    void paintSeverity(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const;

    const Theme& m_theme;
    const IconProvider& m_icons;
    QIcon m_pinned; // filled star
    QIcon m_unpinned; // outline, shown on the row under the mouse
    QIcon m_blank; // keeps the times aligned on rows without a star
};

} // namespace firebreak
