#include "worldevent.h"

#include <QJsonDocument>

namespace firebreak {

WorldEvent WorldEvent::make(qint64 timeMs, const char* kind, Severity severity, const QString& title,
    const QJsonObject& body, const LabelSet& labels)
{
    WorldEvent result;
    result.event.timeMs = timeMs;
    result.event.source = QStringLiteral("sandbox");
    result.event.kind = QString::fromLatin1(kind);
    result.event.severity = severity;
    result.event.title = title;
    result.event.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    result.event.actor = QStringLiteral("sandbox");
    result.labels = labels;
    return result;
}

WorldEvent WorldEvent::deploy(qint64 timeMs, const QString& service, const QString& region, const QString& version,
    const QString& previous, const QString& note, const QString& actor)
{
    const QJsonObject body { { QStringLiteral("service"), service }, { QStringLiteral("region"), region },
        { QStringLiteral("version"), version }, { QStringLiteral("previous_version"), previous },
        { QStringLiteral("image"), QStringLiteral("registry.shop.example/%1:%2").arg(service, version) },
        { QStringLiteral("note"), note } };
    const LabelSet labels { { QStringLiteral("service"), service }, { QStringLiteral("region"), region } };
    WorldEvent result = make(timeMs, EventKind::ChangeDeploy, Severity::Info,
        QStringLiteral("Deploy: %1 %2 to %3 (was %4)").arg(service, version, region, previous), body, labels);
    result.event.actor = actor;
    return result;
}

} // namespace firebreak
