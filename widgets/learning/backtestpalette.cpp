#include "backtestpalette.h"

#include "style/theme.h"

namespace firebreak {

QColor BacktestPalette::incident(const Theme& theme, const IncidentVerdict& incident)
{
    if (!incident.reviewed)
        return theme.mutedText;
    switch (incident.verdict) {
    case IncidentVerdict::Verdict::Useful:
        return theme.toneColor(Theme::Tone::Good);
    case IncidentVerdict::Verdict::Noise:
        return theme.healthUnknown;
    case IncidentVerdict::Verdict::MissedOrLate:
        return theme.toneColor(Theme::Tone::Attention);
    }
    return theme.mutedText;
}

QBrush BacktestPalette::incidentFill(const Theme& theme, const IncidentVerdict& incident)
{
    const QColor colour = BacktestPalette::incident(theme, incident);
    if (!incident.reviewed)
        return QBrush(tint(theme, colour, 0.75), Qt::BDiagPattern);
    return QBrush(tint(theme, colour, theme.dark ? 0.55 : 0.45));
}

QColor BacktestPalette::firing(const Theme& theme, bool falseAlarm)
{
    return falseAlarm ? theme.toneColor(Theme::Tone::Bad) : theme.accent;
}

QColor BacktestPalette::tint(const Theme& theme, const QColor& colour, double amount)
{
    const QColor& surface = theme.surface;
    const auto mix = [amount](float under, float over) { return float(under + (over - under) * amount); };
    return QColor::fromRgbF(mix(surface.redF(), colour.redF()), mix(surface.greenF(), colour.greenF()),
        mix(surface.blueF(), colour.blueF()));
}

} // namespace firebreak
