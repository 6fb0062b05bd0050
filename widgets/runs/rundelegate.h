#pragma once

#include "style/badgedelegate.h"
#include "style/theme.h"

namespace firebreak {

enum class RunState;

// A run row as a commander scans it: the state as a coloured badge (amber where a person must act,
// blue while automation acts, red on failure, green when it worked, grey when it ended without
// acting) and the risk coloured by how much a mistake would cost.
class RunDelegate final : public BadgeDelegate {
    Q_OBJECT
public:
    explicit RunDelegate(const Theme& theme, QObject* parent = nullptr);

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    // The badge colour of a state, for anything else that shows run states.
    static QColor stateColor(const Theme& theme, RunState state);

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override;

private:
    void paintState(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const;

    const Theme& m_theme;
};

} // namespace firebreak
