#include "gettablealertsparser.h"

#include "jsonpathreader.h"

namespace firebreak {

namespace {

const QString Document = QStringLiteral("gettableAlerts");

bool readReceivers(JsonPathReader& in, const QJsonObject& object, const QString& path)
{
    QJsonArray receivers;
    if (!in.arrayMember(object, QStringLiteral("receivers"), path, true, receivers))
        return false;
    for (qsizetype i = 0; i < receivers.size(); ++i) {
        const QString itemPath = QStringLiteral("%1[%2]").arg(path).arg(i);
        QJsonObject receiver;
        QString name;
        if (!in.object(receivers.at(i), itemPath, receiver)
            || !in.string(receiver, QStringLiteral("name"), itemPath + QStringLiteral(".name"), true, name))
            return false;
    }
    return true;
}

bool readStatus(JsonPathReader& in, const QJsonObject& object, const QString& path)
{
    static const QStringList states { QStringLiteral("active"), QStringLiteral("suppressed"),
        QStringLiteral("unprocessed") };
    QJsonObject status;
    QString state;
    QStringList silencedBy;
    QStringList inhibitedBy;
    return in.objectMember(object, QStringLiteral("status"), path, status)
        && in.oneOf(status, QStringLiteral("state"), path + QStringLiteral(".state"), states, state)
        && in.stringArray(status, QStringLiteral("silencedBy"), path + QStringLiteral(".silencedBy"), true, silencedBy)
        && in.stringArray(
            status, QStringLiteral("inhibitedBy"), path + QStringLiteral(".inhibitedBy"), true, inhibitedBy);
}

bool readAlert(JsonPathReader& in, const QJsonValue& value, const QString& path, qint64 nowMs, Alert& alert)
{
    QJsonObject object;
    if (!in.object(value, path, object))
        return false;
    const QString dot = path + QLatin1Char('.');
    qint64 updatedAtMs = 0;
    if (!in.labels(object, QStringLiteral("labels"), dot + QStringLiteral("labels"), true, alert.labels))
        return false;
    if (alert.labels.isEmpty())
        return in.fail(dot + QStringLiteral("labels"), QStringLiteral("expected at least one label"));
    if (!in.labels(object, QStringLiteral("annotations"), dot + QStringLiteral("annotations"), true, alert.annotations)
        || !readReceivers(in, object, dot + QStringLiteral("receivers"))
        || !in.string(
            object, QStringLiteral("fingerprint"), dot + QStringLiteral("fingerprint"), true, alert.fingerprint))
        return false;
    if (alert.fingerprint.isEmpty())
        return in.fail(dot + QStringLiteral("fingerprint"), QStringLiteral("must not be empty"));
    if (!in.time(object, QStringLiteral("startsAt"), dot + QStringLiteral("startsAt"), true, alert.startsAtMs))
        return false;
    if (alert.startsAtMs == 0)
        return in.fail(dot + QStringLiteral("startsAt"), QStringLiteral("must be set, found the zero time"));
    if (!in.time(object, QStringLiteral("updatedAt"), dot + QStringLiteral("updatedAt"), true, updatedAtMs)
        || !in.time(object, QStringLiteral("endsAt"), dot + QStringLiteral("endsAt"), true, alert.endsAtMs)
        || !readStatus(in, object, dot + QStringLiteral("status"))
        || !in.string(
            object, QStringLiteral("generatorURL"), dot + QStringLiteral("generatorURL"), false, alert.generatorUrl))
        return false;

    if (alert.endsAtMs != 0 && alert.endsAtMs <= nowMs) {
        alert.status = AlertStatus::Resolved;
    } else {
        alert.status = AlertStatus::Firing;
        alert.endsAtMs = 0;
    }
    return true;
}

} // namespace

GettableAlertsResult GettableAlertsParser::parse(const QByteArray& body, const QString& source, qint64 nowMs)
{
    ApiParseError error;
    const std::optional<QJsonValue> document = JsonPathReader::parse(body, Document, error);
    if (!document)
        return error;
    JsonPathReader in;
    QJsonArray items;
    if (!in.array(*document, Document, items))
        return *in.error();
    QVector<Alert> alerts;
    alerts.reserve(items.size());
    for (qsizetype i = 0; i < items.size(); ++i) {
        Alert alert;
        if (!readAlert(in, items.at(i), QStringLiteral("%1[%2]").arg(Document).arg(i), nowMs, alert))
            return *in.error();
        alert.source = source;
        alerts.append(std::move(alert));
    }
    return alerts;
}

} // namespace firebreak
