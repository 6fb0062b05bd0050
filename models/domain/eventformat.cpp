#include "eventformat.h"

#include "event.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

namespace firebreak {

namespace {
QString isoTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}
} // namespace

QByteArray EventFormat::toJsonLine(const Event& event)
{
    QJsonObject object {
        { QStringLiteral("time"), isoTime(event.timeMs) },
        { QStringLiteral("time_ms"), event.timeMs },
        { QStringLiteral("id"), event.id },
        { QStringLiteral("incident"), event.incidentId },
        { QStringLiteral("kind"), event.kind },
        { QStringLiteral("severity"), severityName(event.severity) },
        { QStringLiteral("source"), event.source },
        { QStringLiteral("title"), event.title },
        { QStringLiteral("actor"), event.actor },
    };
    if (!event.body.isEmpty()) {
        const QJsonDocument body = QJsonDocument::fromJson(event.body);
        if (body.isObject())
            object.insert(QStringLiteral("body"), body.object());
    }
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QString EventFormat::toTextLine(const Event& event)
{
    const QString incident = event.incidentId > 0 ? QStringLiteral("#%1").arg(event.incidentId) : QStringLiteral("-");
    return QStringLiteral("%1  %2  %3  %4  %5  %6")
        .arg(isoTime(event.timeMs), incident.leftJustified(5), severityName(event.severity).leftJustified(8),
            event.kind.leftJustified(18), event.source.leftJustified(12), event.title);
}

QByteArray EventFormat::toOutputLine(const Event& event, bool json)
{
    QByteArray line = json ? toJsonLine(event) : toTextLine(event).toUtf8();
    line.append('\n');
    return line;
}

} // namespace firebreak
