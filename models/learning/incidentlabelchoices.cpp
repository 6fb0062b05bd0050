#include "incidentlabelchoices.h"

#include <QDateTime>

namespace firebreak {

IncidentLabelChoices IncidentLabelChoices::from(
    const QVector<IncidentVerdict>& incidents, const QStringList& templateLabels)
{
    IncidentLabelChoices choices;
    QVector<int> counts;
    for (auto it = incidents.crbegin(); it != incidents.crend(); ++it) {
        LabelSet values;
        for (const QString& label : templateLabels) {
            if (it->labels.contains(label))
                values.insert(label, it->labels.value(label));
        }
        if (values.isEmpty())
            continue;
        const qsizetype at = choices.values.indexOf(values);
        if (at >= 0) {
            ++counts[at];
            continue;
        }
        choices.values.append(values);
        counts.append(1);
        QStringList pairs;
        for (auto value = values.cbegin(); value != values.cend(); ++value)
            pairs.append(value.key() + QLatin1Char('=') + value.value());
        choices.texts.append(
            QStringLiteral("%1 \u00b7 latest %2 at %3")
                .arg(pairs.join(QStringLiteral(", ")), it->label,
                    QDateTime::fromMSecsSinceEpoch(it->startMs).toString(QStringLiteral("MM-dd HH:mm"))));
    }
    for (int i = 0; i < choices.texts.size(); ++i) {
        if (counts.at(i) > 1)
            choices.texts[i] += QStringLiteral(" (%1 incidents)").arg(counts.at(i));
    }
    return choices;
}

QVector<IncidentVerdict> IncidentLabelChoices::matching(
    const QVector<IncidentVerdict>& incidents, const LabelSet& values)
{
    QVector<IncidentVerdict> out;
    for (const IncidentVerdict& incident : incidents) {
        bool agrees = true;
        for (auto it = values.cbegin(); it != values.cend(); ++it)
            agrees = agrees && (!incident.labels.contains(it.key()) || incident.labels.value(it.key()) == it.value());
        if (agrees)
            out.append(incident);
    }
    return out;
}

} // namespace firebreak
