#pragma once

#include "theme.h"

#include <QString>
#include <QStringList>
#include <QVector>

namespace firebreak {

// What the console knows about each timeline kind: its icon, the tone that colours the icon, and the
// family it is listed under in the filter menu. Kinds it does not know still show, with a plain dot.
struct KindInfo {
    QString kind;
    QString icon; // resource name without path and extension, e.g. "kind-alert-firing"
    Theme::Tone tone = Theme::Tone::Neutral;
    QString family; // "Alerts", "Changes", ...
};

class KindCatalog {
public:
    static const QVector<KindInfo>& all(); // in menu order
    static KindInfo lookup(const QString& kind);
    static QStringList families(); // in menu order
    // Kinds drawn as vertical markers on metric charts (what changed or fired, not every note).
    static QStringList chartMarkerKinds();
};

} // namespace firebreak
