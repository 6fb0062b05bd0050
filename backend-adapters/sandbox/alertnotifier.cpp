#include "alertnotifier.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace firebreak {

namespace {
QJsonObject toJson(const LabelSet& labels)
{
    QJsonObject object;
    for (auto it = labels.cbegin(); it != labels.cend(); ++it)
        object.insert(it.key(), it.value());
    return object;
}

// The name/value pairs that every one of `sets` has with the same value.
LabelSet common(const QVector<LabelSet>& sets)
{
    if (sets.isEmpty())
        return {};
    LabelSet result = sets.first();
    for (const LabelSet& set : sets) {
        for (auto it = result.begin(); it != result.end();) {
            const auto other = set.constFind(it.key());
            if (other == set.cend() || other.value() != it.value())
                it = result.erase(it);
            else
                ++it;
        }
    }
    return result;
}
} // namespace

QStringList AlertNotifier::groupBy()
{
    return { QStringLiteral("alertname"), QStringLiteral("service"), QStringLiteral("region") };
}

QString AlertNotifier::formatTime(qint64 ms)
{
    if (ms == 0)
        return QStringLiteral("0001-01-01T00:00:00Z");
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

QString AlertNotifier::groupKey(const LabelSet& groupLabels)
{
    // Alertmanager's shape: the route's matchers ({} for the root route), then the group labels.
    QStringList parts;
    for (auto it = groupLabels.cbegin(); it != groupLabels.cend(); ++it)
        parts.append(QStringLiteral("%1=\"%2\"").arg(it.key(), it.value()));
    return QStringLiteral("{}:{") + parts.join(QStringLiteral(", ")) + QLatin1Char('}');
}

AlertNotifier::AlertNotifier(MuteFilter muted)
    : m_muted(std::move(muted))
{
}

bool AlertNotifier::isMuted(const AlertInstance& alert, qint64 atMs) const
{
    return m_muted && m_muted(alert.labels, atMs);
}

QVector<QByteArray> AlertNotifier::notify(const QVector<AlertInstance>& changes, qint64 atMs)
{
    QMap<QString, QMap<QString, AlertInstance>> resolvedNow; // group key -> resolved alerts of this round
    for (const AlertInstance& alert : changes) {
        LabelSet groupLabels;
        for (const QString& name : groupBy()) {
            if (alert.labels.contains(name))
                groupLabels.insert(name, alert.labels.value(name));
        }
        const QString key = groupKey(groupLabels);
        Group& group = m_groups[key];
        group.groupLabels = groupLabels;
        QMap<QString, AlertInstance>& resolved = resolvedNow[key];
        if (alert.firing) {
            group.firing.insert(alert.fingerprint, alert);
            resolved.remove(alert.fingerprint);
        } else {
            group.firing.remove(alert.fingerprint);
            resolved.insert(alert.fingerprint, alert);
        }
    }
    // Every group is looked at, not only those that changed: one whose alerts were muted may have
    // news now that the mute has ended.
    QVector<QByteArray> bodies;
    for (auto it = m_groups.begin(); it != m_groups.end();) {
        Group& group = it.value();
        QMap<QString, AlertInstance> firing;
        for (const AlertInstance& alert : std::as_const(group.firing)) {
            if (!isMuted(alert, atMs))
                firing.insert(alert.fingerprint, alert);
        }
        QMap<QString, AlertInstance> alerts = firing;
        bool resolvedNews = false;
        const QMap<QString, AlertInstance> resolved = resolvedNow.value(it.key());
        for (const AlertInstance& alert : resolved) {
            if (!isMuted(alert, atMs)) {
                alerts.insert(alert.fingerprint, alert);
                resolvedNews = true;
            }
        }
        // Alertmanager's DedupStage.needsUpdate with send_resolved: a firing alert the receiver has
        // not heard of; or, with nothing firing, the end of what it was last told; or a resolution.
        const QList<QString> firingKeys = firing.keys();
        const QSet<QString> firingNow(firingKeys.cbegin(), firingKeys.cend());
        bool send = false;
        if (!alerts.isEmpty()) {
            if (!group.notified.contains(firingNow))
                send = true;
            else if (firingNow.isEmpty())
                send = !group.notified.isEmpty();
            else
                send = resolvedNews;
        }
        if (send) {
            bodies.append(body(it.key(), group, alerts));
            group.notified = firingNow;
        }
        if (group.firing.isEmpty())
            it = m_groups.erase(it);
        else
            ++it;
    }
    return bodies;
}

QByteArray AlertNotifier::body(const QString& key, const Group& group, const QMap<QString, AlertInstance>& alerts)
{
    QJsonArray list;
    QVector<LabelSet> labelSets;
    QVector<LabelSet> annotationSets;
    bool anyFiring = false;
    for (const AlertInstance& alert : alerts) {
        anyFiring = anyFiring || alert.firing;
        list.append(QJsonObject {
            { QStringLiteral("status"), alert.firing ? QStringLiteral("firing") : QStringLiteral("resolved") },
            { QStringLiteral("labels"), toJson(alert.labels) },
            { QStringLiteral("annotations"), toJson(alert.annotations) },
            { QStringLiteral("startsAt"), formatTime(alert.firedAtMs) },
            { QStringLiteral("endsAt"), formatTime(alert.firing ? 0 : alert.resolvedAtMs) },
            { QStringLiteral("generatorURL"), alert.generatorUrl },
            { QStringLiteral("fingerprint"), alert.fingerprint } });
        labelSets.append(alert.labels);
        annotationSets.append(alert.annotations);
    }
    const QJsonObject object { { QStringLiteral("version"), QStringLiteral("4") }, { QStringLiteral("groupKey"), key },
        { QStringLiteral("truncatedAlerts"), 0 },
        { QStringLiteral("status"), anyFiring ? QStringLiteral("firing") : QStringLiteral("resolved") },
        { QStringLiteral("receiver"), QString::fromLatin1(Receiver) },
        { QStringLiteral("groupLabels"), toJson(group.groupLabels) },
        { QStringLiteral("commonLabels"), toJson(common(labelSets)) },
        { QStringLiteral("commonAnnotations"), toJson(common(annotationSets)) },
        { QStringLiteral("externalURL"), QString::fromLatin1(ExternalUrl) }, { QStringLiteral("alerts"), list } };
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace firebreak
