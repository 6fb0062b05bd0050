#include "storecodec.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

namespace firebreak {

QString StoreCodec::labelsToJson(const LabelSet& labels)
{
    QJsonObject object;
    for (auto it = labels.cbegin(); it != labels.cend(); ++it)
        object.insert(it.key(), it.value());
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

LabelSet StoreCodec::labelsFromJson(const QString& json)
{
    LabelSet labels;
    const QJsonObject object = QJsonDocument::fromJson(json.toUtf8()).object();
    for (auto it = object.constBegin(); it != object.constEnd(); ++it)
        labels.insert(it.key(), it.value().toString());
    return labels;
}

QVariant StoreCodec::text(const QString& value)
{
    return value.isNull() ? QVariant(QStringLiteral("")) : QVariant(value);
}

QString StoreCodec::eventColumns()
{
    return QStringLiteral("id, incident_id, time_ms, source, kind, severity, title, body, actor");
}

QString StoreCodec::incidentColumns()
{
    return QStringLiteral("id, title, severity, status, commander, group_key, group_labels, detected_ms, "
                          "acknowledged_ms, mitigated_ms, resolved_ms, updated_ms, alert_count, firing_count, "
                          "truncated_alerts, hypothesis");
}

QString StoreCodec::alertColumns()
{
    return QStringLiteral("fingerprint, starts_at_ms, ends_at_ms, status, labels, annotations, source, "
                          "generator_url, incident_id");
}

Event StoreCodec::eventFrom(const QSqlQuery& query)
{
    Event event;
    event.id = query.value(0).toLongLong();
    event.incidentId = query.value(1).toLongLong();
    event.timeMs = query.value(2).toLongLong();
    event.source = query.value(3).toString();
    event.kind = query.value(4).toString();
    const int severity = query.value(5).toInt();
    event.severity = static_cast<Severity>(
        qBound(static_cast<int>(Severity::Info), severity, static_cast<int>(Severity::Critical)));
    event.title = query.value(6).toString();
    event.body = query.value(7).toString().toUtf8();
    event.actor = query.value(8).toString();
    return event;
}

Incident StoreCodec::incidentFrom(const QSqlQuery& query)
{
    Incident incident;
    incident.id = query.value(0).toLongLong();
    incident.title = query.value(1).toString();
    incident.severity = query.value(2).toInt();
    incident.status = incidentStatusFromName(query.value(3).toString()).value_or(IncidentStatus::Open);
    incident.commander = query.value(4).toString();
    incident.groupKey = query.value(5).toString();
    incident.groupLabels = labelsFromJson(query.value(6).toString());
    incident.detectedMs = query.value(7).toLongLong();
    incident.acknowledgedMs = query.value(8).toLongLong();
    incident.mitigatedMs = query.value(9).toLongLong();
    incident.resolvedMs = query.value(10).toLongLong();
    incident.updatedMs = query.value(11).toLongLong();
    incident.alertCount = query.value(12).toInt();
    incident.firingCount = query.value(13).toInt();
    incident.truncatedAlerts = query.value(14).toInt();
    incident.hypothesis = query.value(15).toString();
    return incident;
}

Alert StoreCodec::alertFrom(const QSqlQuery& query)
{
    Alert alert;
    alert.fingerprint = query.value(0).toString();
    alert.startsAtMs = query.value(1).toLongLong();
    alert.endsAtMs = query.value(2).toLongLong();
    alert.status = query.value(3).toString() == QLatin1String("resolved") ? AlertStatus::Resolved : AlertStatus::Firing;
    alert.labels = labelsFromJson(query.value(4).toString());
    alert.annotations = labelsFromJson(query.value(5).toString());
    alert.source = query.value(6).toString();
    alert.generatorUrl = query.value(7).toString();
    alert.incidentId = query.value(8).toLongLong();
    return alert;
}

} // namespace firebreak
