#include "severitypalette.h"

#include <cmath>

namespace firebreak {

namespace {
double channel(double c)
{
    return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double luminance(const QColor& color)
{
    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) + 0.0722 * channel(color.blueF());
}

double contrast(double a, double b)
{
    return (std::max(a, b) + 0.05) / (std::min(a, b) + 0.05);
}
} // namespace

QColor SeverityPalette::eventColor(Severity severity) const
{
    const auto index = static_cast<std::size_t>(severity);
    return index < events.size() ? events.at(index) : events.front();
}

QColor SeverityPalette::incidentColor(int level) const
{
    if (level < 1 || level > 4)
        level = 4;
    return incidents.at(static_cast<std::size_t>(level - 1));
}

QColor SeverityPalette::textOn(const QColor& background)
{
    const double l = luminance(background);
    return contrast(l, 0.0) >= contrast(l, 1.0) ? QColor(0x10, 0x12, 0x16) : QColor(Qt::white);
}

SeverityPalette SeverityPalette::forDarkBackground()
{
    // Bright enough for >= 4.5:1 against the dark base (#1c2026), without the saturation that
    // makes a wall display glare at night.
    SeverityPalette p;
    p.events
        = { QColor(0x8d, 0x9a, 0xab), QColor(0xe3, 0xb3, 0x41), QColor(0xf0, 0x8c, 0x4a), QColor(0xf4, 0x6a, 0x67) };
    p.incidents
        = { QColor(0xf4, 0x6a, 0x67), QColor(0xf0, 0x8c, 0x4a), QColor(0xe3, 0xb3, 0x41), QColor(0x6f, 0xa8, 0xe6) };
    return p;
}

SeverityPalette SeverityPalette::forLightBackground()
{
    // Darker variants, >= 4.5:1 against white.
    SeverityPalette p;
    p.events
        = { QColor(0x5a, 0x65, 0x73), QColor(0x9a, 0x62, 0x00), QColor(0xc2, 0x4e, 0x0a), QColor(0xc4, 0x23, 0x23) };
    p.incidents
        = { QColor(0xc4, 0x23, 0x23), QColor(0xc2, 0x4e, 0x0a), QColor(0x9a, 0x62, 0x00), QColor(0x1f, 0x65, 0xb3) };
    return p;
}

} // namespace firebreak
