#pragma once

#include "domain/severity.h"

#include <QColor>
#include <array>

namespace firebreak {

// The colours that say "how bad" everywhere in the console: event severities and incident levels.
// There are two sets because a red that reads well on a dark wall display is too pale on white;
// the item models hand them out through a role so that every view agrees on them.
struct SeverityPalette {
    std::array<QColor, 4> events; // indexed by Severity (Info .. Critical)
    std::array<QColor, 4> incidents; // SEV1 .. SEV4

    QColor eventColor(Severity severity) const;
    QColor incidentColor(int level) const; // out-of-range levels get the SEV4 colour
    // Black or white, whichever is more legible on `background` (WCAG relative luminance).
    static QColor textOn(const QColor& background);

    static SeverityPalette forDarkBackground();
    static SeverityPalette forLightBackground();
};

} // namespace firebreak
