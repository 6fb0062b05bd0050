#pragma once

#include "learning/incidentverdict.h"

#include <QBrush>
#include <QColor>

namespace firebreak {

struct Theme;

// The colours of a backtest, shared by its chart, lanes, legend and table so that "noise" or "false
// alarm" is the same colour everywhere, all taken from the theme's tones: useful incidents in the
// good tone, noise in neutral grey, missed or late in the attention tone, unreviewed ones hatched in
// muted text (an assumption, not a verdict); the gate's firings in the accent colour, and false alarms
// in the bad tone.
class BacktestPalette {
public:
    static QColor incident(const Theme& theme, const IncidentVerdict& incident);
    // A band's fill: a solid tint of the verdict's colour, hatched for an unreviewed incident.
    static QBrush incidentFill(const Theme& theme, const IncidentVerdict& incident);
    static QColor firing(const Theme& theme, bool falseAlarm);
    // `colour` mixed into the theme's surface: `amount` 0 is the surface, 1 the colour.
    static QColor tint(const Theme& theme, const QColor& colour, double amount);
};

} // namespace firebreak
