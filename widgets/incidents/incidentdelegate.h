#pragma once

#include "style/badgedelegate.h"
#include "style/theme.h"

namespace firebreak {

// An incident row as a commander reads it: a solid SEV badge in the severity colour, the status
// with a coloured dot, the title bold while the incident is still active and muted once resolved.
class IncidentDelegate final : public BadgeDelegate {
    Q_OBJECT
public:
    explicit IncidentDelegate(const Theme& theme, QObject* parent = nullptr);

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override;

private:
    void paintBadge(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const;
    void paintStatus(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const;
    QColor statusColor(int status) const;

    const Theme& m_theme;
};

} // namespace firebreak
