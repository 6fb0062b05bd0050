#include "incidentcurator.h"

#include "audit/canonicaljson.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace firebreak {

namespace {

constexpr int MaxTitleLength = 200;

IncidentCurator::Outcome refused(const QString& why)
{
    IncidentCurator::Outcome outcome;
    outcome.refusal = why;
    return outcome;
}

Event operatorEvent(
    const IncidentCommand& command, qint64 nowMs, const char* kind, const QString& title, const QJsonObject& body)
{
    Event event;
    event.incidentId = command.incidentId;
    event.timeMs = nowMs;
    event.source = QStringLiteral("operator");
    event.kind = QString::fromLatin1(kind);
    event.severity = Severity::Info;
    event.title = title;
    event.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    event.actor = command.actor;
    return event;
}

AuditEntry auditEntry(const IncidentCommand& command, qint64 nowMs, const QString& action, const QJsonObject& details)
{
    AuditEntry entry;
    entry.timeMs = nowMs;
    entry.actor = command.actor;
    entry.action = action;
    entry.subject = IncidentCurator::subject(command.incidentId);
    entry.details = CanonicalJson::write(details);
    return entry;
}

QString statusVerb(IncidentStatus status)
{
    switch (status) {
    case IncidentStatus::Acknowledged:
        return QStringLiteral("Acknowledged");
    case IncidentStatus::Mitigated:
        return QStringLiteral("Mitigated");
    case IncidentStatus::Resolved:
        return QStringLiteral("Resolved");
    case IncidentStatus::Reviewed:
        return QStringLiteral("Reviewed");
    case IncidentStatus::Open:
        break;
    }
    return QStringLiteral("Reopened");
}

} // namespace

QString IncidentCurator::subject(qint64 incidentId)
{
    return QStringLiteral("incident:%1").arg(incidentId);
}

QString IncidentCurator::firstLine(const QString& text)
{
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (const QString& line : lines) {
        const QString trimmed = line.trimmed();
        if (!trimmed.isEmpty())
            return trimmed.size() > MaxTitleLength ? trimmed.left(MaxTitleLength - 1) + QChar(0x2026) : trimmed;
    }
    return {};
}

IncidentCurator::Outcome IncidentCurator::apply(
    const IncidentCommand& command, const std::optional<Incident>& tracked, qint64 nowMs)
{
    const QString what = incidentCommandKindName(command.kind);
    if (command.actor.trimmed().isEmpty())
        return refused(QStringLiteral("A %1 needs the name of who takes it; nobody is signed in.").arg(what));
    if (command.incidentId <= 0)
        return refused(QStringLiteral("A %1 must name an incident (got id %2).").arg(what).arg(command.incidentId));

    switch (command.kind) {
    case IncidentCommand::Kind::Note:
        return note(command, nowMs);
    case IncidentCommand::Kind::Pin:
    case IncidentCommand::Kind::Unpin:
        return pin(command, nowMs);
    case IncidentCommand::Kind::Status:
    case IncidentCommand::Kind::Commander:
        break;
    }
    Incident incident;
    if (tracked && tracked->id == command.incidentId)
        incident = *tracked;
    else if (command.incident.id == command.incidentId)
        incident = command.incident;
    else
        return refused(QStringLiteral("Incident #%1 is not known to the engine; the %2 was not applied.")
                           .arg(command.incidentId)
                           .arg(what));
    return command.kind == IncidentCommand::Kind::Status ? status(command, incident, nowMs)
                                                         : commander(command, incident, nowMs);
}

IncidentCurator::Outcome IncidentCurator::note(const IncidentCommand& command, qint64 nowMs)
{
    const QString title = firstLine(command.text);
    if (title.isEmpty())
        return refused(QStringLiteral("A note on incident #%1 needs some text.").arg(command.incidentId));
    Outcome outcome;
    outcome.batch.events.append(operatorEvent(
        command, nowMs, EventKind::Note, title, QJsonObject { { QStringLiteral("text"), command.text } }));
    outcome.batch.audit.append(
        auditEntry(command, nowMs, QStringLiteral("incident.note"), { { QStringLiteral("text"), command.text } }));
    return outcome;
}

IncidentCurator::Outcome IncidentCurator::pin(const IncidentCommand& command, qint64 nowMs)
{
    const bool pinned = command.kind == IncidentCommand::Kind::Pin;
    if (command.eventId <= 0)
        return refused(QStringLiteral("A %1 on incident #%2 must name an event (got id %3).")
                           .arg(incidentCommandKindName(command.kind))
                           .arg(command.incidentId)
                           .arg(command.eventId));
    Outcome outcome;
    outcome.batch.pins.append(EventPin { command.eventId, command.incidentId, pinned, command.actor, nowMs });
    outcome.batch.audit.append(
        auditEntry(command, nowMs, pinned ? QStringLiteral("event.pinned") : QStringLiteral("event.unpinned"),
            { { QStringLiteral("event"), double(command.eventId) } }));
    return outcome;
}

IncidentCurator::Outcome IncidentCurator::status(const IncidentCommand& command, Incident incident, qint64 nowMs)
{
    const IncidentStatus from = incident.status;
    if (!incident.transitionTo(command.status, nowMs)) {
        if (from == command.status)
            return refused(
                QStringLiteral("Incident #%1 is already %2.").arg(incident.id).arg(incidentStatusName(from)));
        return refused(QStringLiteral("Incident #%1 is %2; it cannot go back to %3.")
                           .arg(incident.id)
                           .arg(incidentStatusName(from), incidentStatusName(command.status)));
    }
    const QJsonObject change { { QStringLiteral("from"), incidentStatusName(from) },
        { QStringLiteral("to"), incidentStatusName(command.status) } };
    Outcome outcome;
    outcome.batch.incidents.append(incident);
    outcome.batch.events.append(operatorEvent(command, nowMs, EventKind::IncidentStatus,
        QStringLiteral("%1 by %2").arg(statusVerb(command.status), command.actor), change));
    outcome.batch.audit.append(auditEntry(command, nowMs, QStringLiteral("incident.status"), change));
    outcome.updated = incident;
    return outcome;
}

IncidentCurator::Outcome IncidentCurator::commander(const IncidentCommand& command, Incident incident, qint64 nowMs)
{
    const QString name = command.text.trimmed();
    if (name.isEmpty())
        return refused(QStringLiteral("Assigning the commander of incident #%1 needs a name.").arg(incident.id));
    if (name == incident.commander)
        return refused(QStringLiteral("%1 already commands incident #%2.").arg(name).arg(incident.id));
    const QString previous = incident.commander;
    incident.commander = name;
    incident.updatedMs = qMax(incident.updatedMs, nowMs);
    const QJsonObject change { { QStringLiteral("commander"), name }, { QStringLiteral("previous"), previous } };
    const QString title = name == command.actor ? QStringLiteral("%1 took command").arg(name)
                                                : QStringLiteral("%1 made %2 commander").arg(command.actor, name);
    Outcome outcome;
    outcome.batch.incidents.append(incident);
    outcome.batch.events.append(operatorEvent(command, nowMs, EventKind::IncidentCommander, title, change));
    outcome.batch.audit.append(auditEntry(command, nowMs, QStringLiteral("incident.commander"), change));
    outcome.updated = incident;
    return outcome;
}

} // namespace firebreak
