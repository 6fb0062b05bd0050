#include "runjournal.h"

#include "audit/canonicaljson.h"

#include <QJsonDocument>

namespace firebreak {

QString RunJournal::subject(const Run& run)
{
    return QStringLiteral("run:%1").arg(run.id);
}

Event RunJournal::event(const Run& run, qint64 timeMs, const char* kind, Severity severity, const QString& title,
    QJsonObject body, const QString& actor)
{
    body.insert(QStringLiteral("run"), double(run.id));
    body.insert(QStringLiteral("playbook"), run.playbookId);
    body.insert(QStringLiteral("state"), runStateName(run.state));
    Event event;
    event.incidentId = run.incidentId;
    event.timeMs = timeMs;
    event.source = QStringLiteral("firebreak");
    event.kind = QString::fromLatin1(kind);
    event.severity = severity;
    event.title = title;
    event.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    event.actor = actor;
    return event;
}

AuditEntry RunJournal::audit(
    qint64 timeMs, const QString& actor, const QString& action, const QString& subject, QJsonObject details)
{
    AuditEntry entry;
    entry.timeMs = timeMs;
    entry.actor = actor;
    entry.action = action;
    entry.subject = subject;
    entry.details = CanonicalJson::write(details);
    return entry;
}

AuditEntry RunJournal::audit(
    qint64 timeMs, const QString& actor, const QString& action, const Run& run, QJsonObject details)
{
    details.insert(QStringLiteral("playbook"), run.playbookId);
    details.insert(QStringLiteral("incident"), double(run.incidentId));
    details.insert(QStringLiteral("plan_sha256"), run.planHash);
    details.insert(QStringLiteral("state"), runStateName(run.state));
    return audit(timeMs, actor, action, subject(run), details);
}

} // namespace firebreak
