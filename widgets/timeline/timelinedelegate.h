#pragma once

#include "style/badgedelegate.h"
#include "style/iconprovider.h"
#include "style/theme.h"

namespace firebreak {

// Draws a timeline row the way an operator scans it: the kind's icon in its tone, and severity as
// a coloured tag so that critical rows stand out in a long list without reading a word.
class TimelineDelegate final : public BadgeDelegate {
    Q_OBJECT
public:
    TimelineDelegate(const Theme& theme, const IconProvider& icons, QObject* parent = nullptr);

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override;

private:
    void paintSeverity(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const;

    const Theme& m_theme;
    const IconProvider& m_icons;
};

} // namespace firebreak
