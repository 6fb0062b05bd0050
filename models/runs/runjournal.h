#pragma once

#include "audit/auditentry.h"
#include "domain/event.h"
#include "domain/run.h"

#include <QJsonObject>
#include <QString>

namespace firebreak {

// Writes what a run does in the two forms the store keeps: timeline events (what the commander reads)
// and audit entries (what nobody can quietly edit). One place, so that every event of a run names the
// run and its playbook the same way and every audit entry has the same subject.
class RunJournal {
public:
    static QString subject(const Run& run); // "run:12"
    static Event event(const Run& run, qint64 timeMs, const char* kind, Severity severity, const QString& title,
        QJsonObject body = {}, const QString& actor = QStringLiteral("firebreak"));
    static AuditEntry audit(
        qint64 timeMs, const QString& actor, const QString& action, const QString& subject, QJsonObject details);
    static AuditEntry audit(
        qint64 timeMs, const QString& actor, const QString& action, const Run& run, QJsonObject details = {});
};

} // namespace firebreak
