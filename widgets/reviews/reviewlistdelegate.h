#pragma once

#include "style/badgedelegate.h"

namespace firebreak {

struct Theme;

// A review list row as a commander scans it: the incident's SEV badge, the review's state as a
// badge (final filled, draft outlined, none muted), the action items with the overdue count in the
// danger colour, and the search match with the matched words in bold.
class ReviewListDelegate final : public BadgeDelegate {
    Q_OBJECT
public:
    explicit ReviewListDelegate(const Theme& theme, QObject* parent = nullptr);

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override;

private:
    void paintSeverity(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const;
    void paintReviewStatus(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const;
    void paintActionItems(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const;
    void paintMatch(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const;

    const Theme& m_theme;
};

} // namespace firebreak
