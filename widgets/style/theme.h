#pragma once

#include "itemmodels/severitypalette.h"

#include <QColor>
#include <QFont>
#include <QPalette>
#include <QVector>

class QApplication;

namespace firebreak {

// The console is read at 3 a.m. on a laptop and all day on a wall display: one calm palette, dark
// when the desktop is dark, with every colour that carries meaning (severity, health, kind of
// event) checked for contrast against the background it is drawn on. Views take a Theme instead of
// inventing colours, so everything agrees.
struct Theme {
    // What an event kind's icon says at a glance.
    enum class Tone { Bad, Good, Attention, Change, Automation, Chaos, Neutral };
    // The families event markers on metric charts are coloured by (see MarkerFamilies).
    enum class MarkerFamily { Changes, Alerts, GatesApprovals, Steps, Verification, Rollback, NotesStatus };

    bool dark = false;
    QColor window; // behind everything
    QColor surface; // lists, charts
    QColor surfaceAlt; // alternate rows
    QColor raised; // buttons, headers
    QColor border;
    QColor text;
    QColor mutedText;
    QColor accent; // selection, focus, the highlighted marker
    QColor accentText;
    QColor grid; // chart grid lines
    QColor threshold; // threshold lines
    QColor warningBackground;
    QColor warningText;
    QColor errorBackground;
    QColor errorText;
    QColor healthUp;
    QColor healthDegraded;
    QColor healthDown;
    QColor healthUnknown;
    QVector<QColor> series; // chart line colours, in order of use
    SeverityPalette severity;

    QColor toneColor(Tone tone) const;
    // One hue per family, each >= 3:1 against `surface` (a thin line on the plot).
    QColor markerColor(MarkerFamily family) const;

    static Theme darkTheme();
    static Theme lightTheme();
    // Dark when the given (system) palette is dark, light otherwise.
    static Theme matching(const QPalette& systemPalette);

    QPalette palette() const;
    // Fusion style (the same on every platform, including offscreen) with this palette.
    void applyTo(QApplication& app) const;
};

} // namespace firebreak
