#include "chartspec.h"

#include "domain/event.h"
#include "interfaces/metricsource.h"

#include <QJsonDocument>
#include <QJsonObject>

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

std::optional<ChartSpec> ChartSpec::fromAlertEvent(const Event& event)
{
    // The GUI thread parses only these few small bodies (one per alert of the selected incident).
    const QJsonObject body = QJsonDocument::fromJson(event.body).object();
    const QString url = body.value(QStringLiteral("generatorURL")).toString();
    if (url.isEmpty())
        return std::nullopt;
    const QString text = AlertExpression::fromGeneratorUrl(url);
    const std::optional<AlertExpression> expression = AlertExpression::parse(text);
    if (!expression)
        return std::nullopt;
    ChartSpec spec;
    spec.expression = *expression;
    spec.key = text.trimmed();
    LabelSet labels;
    const QJsonObject labelObject = body.value(QStringLiteral("labels")).toObject();
    for (auto it = labelObject.constBegin(); it != labelObject.constEnd(); ++it)
        labels.insert(it.key(), it.value().toString());
    spec.title = labels.value(QStringLiteral("alertname"), event.title);
    spec.alertLabels.append(labels);
    return spec;
}

bool ChartSpec::merge(const ChartSpec& other)
{
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
