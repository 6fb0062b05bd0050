#include "theme.h"

#include <QApplication>
#include <QStyleFactory>

namespace firebreak {

QColor Theme::toneColor(Tone tone) const
{
    // Distinct hues per tone, each >= 4.5:1 against this theme's surface.
    switch (tone) {
    case Tone::Bad:
        return dark ? QColor(0xf4, 0x6a, 0x67) : QColor(0xc4, 0x23, 0x23);
    case Tone::Good:
        return dark ? QColor(0x5c, 0xc9, 0x8a) : QColor(0x1c, 0x7f, 0x45);
    case Tone::Attention:
        return dark ? QColor(0xe3, 0xb3, 0x41) : QColor(0x9a, 0x62, 0x00);
    case Tone::Change:
        return dark ? QColor(0x6f, 0xa8, 0xe6) : QColor(0x1f, 0x65, 0xb3);
    case Tone::Automation:
        return dark ? QColor(0xb4, 0x93, 0xf0) : QColor(0x70, 0x44, 0xc4);
    case Tone::Chaos:
        return dark ? QColor(0xe0, 0x7a, 0xc0) : QColor(0xa8, 0x30, 0x7a);
    case Tone::Neutral:
        break;
    }
    return mutedText;
}

QColor Theme::markerColor(MarkerFamily family) const
{
    switch (family) {
    case MarkerFamily::Changes:
        return toneColor(Tone::Change);
    case MarkerFamily::Alerts:
        return toneColor(Tone::Bad);
    case MarkerFamily::GatesApprovals:
        return toneColor(Tone::Attention);
    case MarkerFamily::Steps:
        return toneColor(Tone::Automation);
    case MarkerFamily::Verification:
        return dark ? QColor(0x4f, 0xc1, 0xc9) : QColor(0x0e, 0x7c, 0x86);
    case MarkerFamily::Rollback:
        return toneColor(Tone::Chaos);
    case MarkerFamily::NotesStatus:
        break;
    }
    return mutedText;
}

Theme Theme::darkTheme()
{
    Theme t;
    t.dark = true;
    t.window = QColor(0x15, 0x18, 0x1c);
    t.surface = QColor(0x1c, 0x20, 0x26);
    t.surfaceAlt = QColor(0x21, 0x26, 0x2d);
    t.raised = QColor(0x27, 0x2d, 0x35);
    t.border = QColor(0x33, 0x3b, 0x45);
    t.text = QColor(0xdc, 0xe1, 0xe7);
    t.mutedText = QColor(0x93, 0x9e, 0xab);
    t.accent = QColor(0x3d, 0x7b, 0xc4);
    t.accentText = QColor(Qt::white);
    t.grid = QColor(0x2c, 0x33, 0x3c);
    t.threshold = QColor(0xf4, 0x6a, 0x67);
    t.warningBackground = QColor(0x4a, 0x38, 0x12);
    t.warningText = QColor(0xf5, 0xd9, 0x8b);
    t.errorBackground = QColor(0x5a, 0x1d, 0x1d);
    t.errorText = QColor(0xff, 0xd6, 0xd4);
    t.healthUp = QColor(0x5c, 0xc9, 0x8a);
    t.healthDegraded = QColor(0xe3, 0xb3, 0x41);
    t.healthDown = QColor(0xf4, 0x6a, 0x67);
    t.healthUnknown = QColor(0x7d, 0x88, 0x95);
    t.series = { QColor(0x6f, 0xa8, 0xe6), QColor(0x5c, 0xc9, 0x8a), QColor(0xb4, 0x93, 0xf0), QColor(0x4f, 0xc1, 0xc9),
        QColor(0xe0, 0x7a, 0xc0), QColor(0xc9, 0xb4, 0x6a) };
    t.severity = SeverityPalette::forDarkBackground();
    return t;
}

Theme Theme::lightTheme()
{
    Theme t;
    t.dark = false;
    t.window = QColor(0xec, 0xee, 0xf1);
    t.surface = QColor(0xff, 0xff, 0xff);
    t.surfaceAlt = QColor(0xf5, 0xf7, 0xf9);
    t.raised = QColor(0xe2, 0xe6, 0xeb);
    t.border = QColor(0xc9, 0xcf, 0xd6);
    t.text = QColor(0x1d, 0x22, 0x28);
    t.mutedText = QColor(0x5a, 0x65, 0x73);
    t.accent = QColor(0x2a, 0x64, 0xad);
    t.accentText = QColor(Qt::white);
    t.grid = QColor(0xe3, 0xe7, 0xec);
    t.threshold = QColor(0xc4, 0x23, 0x23);
    t.warningBackground = QColor(0xfc, 0xef, 0xc7);
    t.warningText = QColor(0x5c, 0x3c, 0x00);
    t.errorBackground = QColor(0xfb, 0xdc, 0xda);
    t.errorText = QColor(0x6e, 0x10, 0x10);
    t.healthUp = QColor(0x1c, 0x7f, 0x45);
    t.healthDegraded = QColor(0xa6, 0x6a, 0x00);
    t.healthDown = QColor(0xc4, 0x23, 0x23);
    t.healthUnknown = QColor(0x7a, 0x84, 0x90);
    t.series = { QColor(0x1f, 0x65, 0xb3), QColor(0x1c, 0x7f, 0x45), QColor(0x70, 0x44, 0xc4), QColor(0x0e, 0x7c, 0x86),
        QColor(0xa8, 0x30, 0x7a), QColor(0x7a, 0x66, 0x10) };
    t.severity = SeverityPalette::forLightBackground();
    return t;
}

Theme Theme::matching(const QPalette& systemPalette)
{
    const QColor window = systemPalette.color(QPalette::Window);
    const QColor text = systemPalette.color(QPalette::WindowText);
    return window.lightness() < text.lightness() ? darkTheme() : lightTheme();
}

QPalette Theme::palette() const
{
    QPalette p;
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, surface);
    p.setColor(QPalette::AlternateBase, surfaceAlt);
    p.setColor(QPalette::ToolTipBase, raised);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, mutedText);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, raised);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, errorText);
    p.setColor(QPalette::Highlight, accent);
    p.setColor(QPalette::HighlightedText, accentText);
    p.setColor(QPalette::Link, accent.lighter(dark ? 140 : 100));
    p.setColor(QPalette::Light, raised.lighter(115));
    p.setColor(QPalette::Midlight, raised.lighter(105));
    p.setColor(QPalette::Mid, border);
    p.setColor(QPalette::Dark, border.darker(130));
    p.setColor(QPalette::Shadow, QColor(0, 0, 0, dark ? 160 : 60));
    for (auto role : { QPalette::WindowText, QPalette::Text })
        p.setColor(QPalette::Disabled, role, mutedText);
    // A disabled button must not pass for an enabled one at a glance: its text sits halfway between
    // the muted text and the button face.
    p.setColor(QPalette::Disabled, QPalette::ButtonText,
        QColor((mutedText.red() + raised.red()) / 2, (mutedText.green() + raised.green()) / 2,
            (mutedText.blue() + raised.blue()) / 2));
    p.setColor(QPalette::Disabled, QPalette::Highlight, border);
    // Selection stays visible when the list loses focus to the timeline or a chart.
    p.setColor(QPalette::Inactive, QPalette::Highlight, dark ? accent.darker(135) : accent.lighter(160));
    p.setColor(QPalette::Inactive, QPalette::HighlightedText, dark ? accentText : text);
    return p;
}

void Theme::applyTo(QApplication& app) const
{
    if (QStyle* fusion = QStyleFactory::create(QStringLiteral("Fusion")))
        QApplication::setStyle(fusion);
    app.setPalette(palette());
}

} // namespace firebreak
