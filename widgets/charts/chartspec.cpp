#include "chartspec.h"

#include "domain/alert.h"
#include "interfaces/metricsource.h"

#include <algorithm>

namespace firebreak {

namespace {
// Labels that name the rule or route the alert, not the series it watches.
bool isAlertOnlyLabel(const QString& name)
{
    return name == QLatin1String("__name__") || name == QLatin1String("alertname") || name == QLatin1String("severity");
}

bool seriesMatchesAlert(const LabelSet& series, const LabelSet& alert)
{
    for (auto it = series.cbegin(); it != series.cend(); ++it) {
        if (isAlertOnlyLabel(it.key()))
            continue;
        const auto found = alert.constFind(it.key());
        if (found != alert.cend() && *found != it.value())
            return false;
    }
    return true;
}
} // namespace

std::optional<ChartSpec> ChartSpec::fromAlert(const Alert& alert)
{
    if (alert.generatorUrl.isEmpty())
        return std::nullopt;
    const QString text = AlertExpression::fromGeneratorUrl(alert.generatorUrl);
    const std::optional<AlertExpression> expression = AlertExpression::parse(text);
    if (!expression)
        return std::nullopt;
    ChartSpec spec;
    spec.expression = *expression;
    spec.key = text.trimmed();
    spec.title = alert.name().isEmpty() ? alert.fingerprint : alert.name();
    spec.alertLabels.append(alert.labels);
    spec.firstStartsAtMs = alert.startsAtMs;
    return spec;
}

bool ChartSpec::merge(const ChartSpec& other)
{
    firstStartsAtMs = std::min(firstStartsAtMs, other.firstStartsAtMs); // an order, not a change to draw
    bool changed = false;
    for (const LabelSet& labels : other.alertLabels) {
        if (!alertLabels.contains(labels)) {
            alertLabels.append(labels);
            changed = true;
        }
    }
    if (!other.title.isEmpty() && !title.split(QStringLiteral(", ")).contains(other.title)) {
        title += QStringLiteral(", ") + other.title;
        changed = true;
    }
    return changed;
}

QVector<Series> ChartSpec::seriesOfInterest(const QVector<Series>& all) const
{
    QVector<Series> chosen;
    for (const Series& series : all) {
        for (const LabelSet& alert : alertLabels) {
            if (seriesMatchesAlert(series.labels, alert)) {
                chosen.append(series);
                break;
            }
        }
    }
    return chosen.isEmpty() ? all : chosen;
}

} // namespace firebreak
