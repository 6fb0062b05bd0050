#pragma once

#include "theme.h"

#include <QHash>
#include <QIcon>

namespace firebreak {

// The kind icons are single-colour line drawings (resources/icons, stroke="currentColor"). This
// renders them in the theme's colour for the kind's tone, so the same files read well on dark and
// light backgrounds, and caches the result.
class IconProvider {
public:
    explicit IconProvider(Theme theme);

    QIcon kindIcon(const QString& kind) const;
    // `name` is a file in :/icons without extension.
    QIcon tinted(const QString& name, const QColor& color) const;
    static QIcon appIcon();

private:
    Theme m_theme;
    mutable QHash<QString, QIcon> m_cache;
};

} // namespace firebreak
