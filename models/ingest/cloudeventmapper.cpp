#include "cloudeventmapper.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace firebreak {

namespace {

QString scalarText(const QJsonValue& value)
{
    if (value.isString())
        return value.toString();
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (value.isDouble())
        return QString::number(value.toDouble(), 'g', 17);
    return QString();
}

void putLabel(LabelSet& labels, const QString& name, const QString& value)
{
    const QString text = value.trimmed();
    if (text.isEmpty() || (labels.size() >= CloudEventMapper::MaxLabels && !labels.contains(name)))
        return;
    labels.insert(name, text.left(CloudEventMapper::MaxLabelValueChars));
}

bool isFailureWord(const QString& word)
{
    const QString lowered = word.trimmed().toLower();
    return lowered == QLatin1String("failed") || lowered == QLatin1String("failure")
        || lowered == QLatin1String("error") || lowered == QLatin1String("errored");
}

bool saysFailed(const CloudEvent& cloudEvent)
{
    const QStringList segments = cloudEvent.type.toLower().split(QLatin1Char('.'));
    for (const QString& segment : segments) {
        if (isFailureWord(segment) || segment == QLatin1String("rollback") || segment == QLatin1String("rolledback"))
            return true;
    }
    if (!cloudEvent.data.isObject())
        return false;
    const QJsonObject data = cloudEvent.data.toObject();
    for (const char* field : { "outcome", "status", "state", "result", "conclusion" }) {
        if (isFailureWord(data.value(QLatin1String(field)).toString()))
            return true;
    }
    const QJsonObject content
        = data.value(QLatin1String("subject")).toObject().value(QLatin1String("content")).toObject();
    return isFailureWord(content.value(QLatin1String("outcome")).toString());
}

QString titleOf(const CloudEvent& cloudEvent, const LabelSet& labels)
{
    QString title = cloudEvent.type;
    if (!cloudEvent.subject.isEmpty())
        title += QLatin1Char(' ') + cloudEvent.subject.left(CloudEventMapper::MaxLabelValueChars);
    QStringList details;
    const QString service = labels.value(QStringLiteral("service"));
    if (!service.isEmpty() && service != cloudEvent.subject)
        details.append(QStringLiteral("service ") + service);
    if (const QString version = labels.value(QStringLiteral("version")); !version.isEmpty())
        details.append(QStringLiteral("version ") + version);
    if (!details.isEmpty())
        title += QStringLiteral(" (") + details.join(QStringLiteral(", ")) + QLatin1Char(')');
    return title;
}

} // namespace

CloudEventMapper::CloudEventMapper(CloudEventKindTable table)
    : m_table(std::move(table))
{
}

LabelSet CloudEventMapper::labels(const CloudEvent& cloudEvent)
{
    LabelSet labels;
    if (cloudEvent.data.isObject()) {
        const QJsonObject data = cloudEvent.data.toObject();
        const QJsonObject subject = data.value(QLatin1String("subject")).toObject();
        if (const QString id = subject.value(QLatin1String("id")).toString(); !id.isEmpty()
            && subject.value(QLatin1String("type")).toString(QStringLiteral("service")) == QLatin1String("service"))
            putLabel(labels, QStringLiteral("service"), id.section(QLatin1Char('/'), -1));
        const QJsonObject environment
            = subject.value(QLatin1String("content")).toObject().value(QLatin1String("environment")).toObject();
        putLabel(labels, QStringLiteral("environment"), environment.value(QLatin1String("id")).toString());

        for (const char* field :
            { "service", "region", "environment", "cluster", "namespace", "zone", "team", "version" })
            putLabel(labels, QLatin1String(field), scalarText(data.value(QLatin1String(field))));
        if (!labels.contains(QStringLiteral("environment")))
            putLabel(labels, QStringLiteral("environment"), scalarText(data.value(QLatin1String("env"))));

        const QJsonObject explicitLabels = data.value(QLatin1String("labels")).toObject();
        for (auto it = explicitLabels.constBegin(); it != explicitLabels.constEnd(); ++it)
            putLabel(labels, it.key(), scalarText(it.value()));
    }
    for (auto it = cloudEvent.extensions.constBegin(); it != cloudEvent.extensions.constEnd(); ++it)
        putLabel(labels, it.key(), scalarText(it.value()));
    return labels;
}

QByteArray CloudEventMapper::body(const CloudEvent& cloudEvent)
{
    QJsonObject object = cloudEvent.extensions;
    object.insert(QStringLiteral("specversion"), cloudEvent.specVersion);
    object.insert(QStringLiteral("id"), cloudEvent.id);
    object.insert(QStringLiteral("source"), cloudEvent.source);
    object.insert(QStringLiteral("type"), cloudEvent.type);
    const auto optional = [&object](const char* name, const QString& value) {
        if (!value.isEmpty())
            object.insert(QLatin1String(name), value);
    };
    optional("datacontenttype", cloudEvent.dataContentType);
    optional("dataschema", cloudEvent.dataSchema);
    optional("subject", cloudEvent.subject);
    optional("time", cloudEvent.timeText);
    if (cloudEvent.hasDataBase64)
        object.insert(QStringLiteral("data_base64"), QString::fromLatin1(cloudEvent.dataBase64.toBase64()));
    else if (!cloudEvent.data.isUndefined())
        object.insert(QStringLiteral("data"), cloudEvent.data);
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

MappedCloudEvent CloudEventMapper::map(const CloudEvent& cloudEvent, const QString& source, qint64 receivedMs) const
{
    MappedCloudEvent out;
    out.labels = labels(cloudEvent);
    Event& event = out.event;
    event.timeMs = cloudEvent.timeMs.value_or(receivedMs);
    event.source = source;
    event.kind = m_table.kindOf(cloudEvent.type);
    event.severity = saysFailed(cloudEvent) ? Severity::Warning : Severity::Info;
    event.title = titleOf(cloudEvent, out.labels);
    event.body = body(cloudEvent);
    event.actor = cloudEvent.source;
    return out;
}

} // namespace firebreak
