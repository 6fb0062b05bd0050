#include "correlationevents.h"

#include "audit/canonicaljson.h"
#include "domain/labeljson.h"

#include <QJsonDocument>
#include <QStringList>
#include <utility>

namespace firebreak {

namespace {

const QString Summary = QStringLiteral("summary");

QByteArray alertBody(const Alert& alert)
{
    QByteArray out;
    out.reserve(512);
    out += "{\"fingerprint\":";
    CanonicalJson::appendString(out, alert.fingerprint);
    out += ",\"status\":";
    CanonicalJson::appendString(out, alertStatusName(alert.status));
    out += ",\"startsAt\":" + QByteArray::number(alert.startsAtMs);
    out += ",\"endsAt\":" + QByteArray::number(alert.endsAtMs);
    out += ",\"labels\":";
    LabelJson::appendObject(out, alert.labels);
    out += ",\"annotations\":";
    LabelJson::appendObject(out, alert.annotations);
    out += ",\"generatorURL\":";
    CanonicalJson::appendString(out, alert.generatorUrl);
    out += '}';
    return out;
}

} // namespace

namespace CorrelationEvents {

QString alertKey(const QString& fingerprint, qint64 startsAtMs)
{
    return fingerprint + QLatin1Char('@') + QString::number(startsAtMs);
}

QString alertKey(const Alert& alert)
{
    return alertKey(alert.fingerprint, alert.startsAtMs);
}

Severity alertSeverity(const Alert& alert)
{
    return severityFromLabel(alert.labels.value(QStringLiteral("severity")));
}

QString displayName(const Alert& alert)
{
    const QString name = alert.name();
    return name.isEmpty() ? QStringLiteral("alert %1").arg(alert.fingerprint) : name;
}

QJsonObject toJson(const LabelSet& labels)
{
    QJsonObject object;
    for (auto it = labels.constBegin(); it != labels.constEnd(); ++it)
        object.insert(it.key(), it.value());
    return object;
}

QByteArray compact(const QJsonObject& object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

Event alertFiring(const Alert& alert)
{
    const QString summary = alert.annotations.value(Summary);
    QString title = displayName(alert) + QStringLiteral(" firing");
    if (!summary.isEmpty())
        title += QStringLiteral(": ") + summary;
    else if (const QString instance = alert.labels.value(QStringLiteral("instance")); !instance.isEmpty())
        title += QStringLiteral(" on ") + instance;
    Event event;
    event.incidentId = alert.incidentId;
    event.timeMs = alert.startsAtMs;
    event.source = alert.source;
    event.kind = QString::fromLatin1(EventKind::AlertFiring);
    event.severity = alertSeverity(alert);
    event.title = title;
    event.body = alertBody(alert);
    event.actor = alert.source;
    return event;
}

Event alertResolved(const Alert& alert, const QString& source, bool superseded)
{
    Event event;
    event.incidentId = alert.incidentId;
    event.timeMs = alert.endsAtMs;
    event.source = source;
    event.kind = QString::fromLatin1(EventKind::AlertResolved);
    event.severity = Severity::Info;
    event.title = displayName(alert) + QStringLiteral(" resolved");
    if (superseded)
        event.title += QStringLiteral(" (fired again)");
    event.body = alertBody(alert);
    event.actor = source;
    return event;
}

QString incidentTitle(const Alert& alert, const LabelSet& groupLabels)
{
    QString summary = alert.annotations.value(Summary).trimmed();
    if (!summary.isEmpty())
        return summary;
    QStringList parts;
    for (auto it = groupLabels.constBegin(); it != groupLabels.constEnd(); ++it) {
        if (!it.value().isEmpty())
            parts.append(it.key() + QLatin1Char('=') + it.value());
    }
    const QString name = displayName(alert);
    return parts.isEmpty() ? name : name + QStringLiteral(" (") + parts.join(QStringLiteral(", ")) + QLatin1Char(')');
}

QString sevName(int level)
{
    return QStringLiteral("SEV%1").arg(level);
}

QString labelText(const LabelSet& labels)
{
    QStringList parts;
    for (auto it = labels.constBegin(); it != labels.constEnd(); ++it) {
        if (!it.value().isEmpty())
            parts.append(it.key() + QLatin1Char('=') + it.value());
    }
    return parts.join(QStringLiteral(", "));
}

QString ruleIncidentTitle(const QString& hypothesis, const LabelSet& shared)
{
    const QString where = labelText(shared);
    return where.isEmpty() ? hypothesis : hypothesis + QStringLiteral(" (") + where + QLatin1Char(')');
}

QString durationText(qint64 ms)
{
    static constexpr std::pair<qint64, char> Units[] = {
        { 24LL * 60 * 60 * 1000, 'd' },
        { 60LL * 60 * 1000, 'h' },
        { 60LL * 1000, 'm' },
        { 1000, 's' },
    };
    QString text;
    for (const auto& [size, unit] : Units) {
        if (ms >= size) {
            text += QString::number(ms / size) + QLatin1Char(unit);
            ms %= size;
        }
    }
    if (ms > 0 || text.isEmpty())
        text += QString::number(ms) + QStringLiteral("ms");
    return text;
}

Event statusEvent(const Incident& incident, qint64 timeMs, const QString& source, IncidentStatus from,
    const QString& title, QJsonObject body)
{
    Event event;
    event.incidentId = incident.id;
    event.timeMs = timeMs;
    event.source = source;
    event.kind = QString::fromLatin1(EventKind::IncidentStatus);
    event.severity = Severity::Info;
    event.title = title;
    body.insert(QStringLiteral("from"), incidentStatusName(from));
    body.insert(QStringLiteral("to"), incidentStatusName(incident.status));
    event.body = compact(body);
    event.actor = Actor;
    return event;
}

} // namespace CorrelationEvents

} // namespace firebreak
