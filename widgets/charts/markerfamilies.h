#pragma once

#include "style/theme.h"

#include <QString>
#include <QStringList>
#include <QVector>
#include <optional>

namespace firebreak {

// Which family a timeline kind belongs to when it is drawn as a marker on a metric chart. A chart
// with fifty thin lines is only readable if a deploy, an approval and a rollback look different,
// and the legend under the panel header names the same families in the same colours.
class MarkerFamilies {
public:
    using Family = Theme::MarkerFamily;

    static QVector<Family> all(); // in legend order
    // Nothing for kinds that are not drawn on charts.
    static std::optional<Family> of(const QString& kind);
    static QString name(Family family);
    // Every kind drawn as a marker, for the store query that loads them.
    static QStringList kinds();
};

} // namespace firebreak
