#include "runrecorder.h"

#include <QJsonDocument>

using namespace firebreak;

void RunRecorder::take(const CommittedBatch& batch)
{
    events += batch.events;
    for (const Run& run : batch.runs)
        runs.insert(run.id, run);
    audit += batch.audit;
    steps += batch.runSteps;
    samples += batch.verifySamples;
}

QVector<Event> RunRecorder::eventsOf(qint64 runId) const
{
    QVector<Event> out;
    for (const Event& event : events) {
        if (bodyOf(event).value(QStringLiteral("run")).toInteger() == runId)
            out.append(event);
    }
    return out;
}

QStringList RunRecorder::kindsOf(qint64 runId) const
{
    QStringList kinds;
    for (const Event& event : eventsOf(runId))
        kinds.append(event.kind);
    return kinds;
}

std::optional<Event> RunRecorder::first(qint64 runId, const QString& kind) const
{
    for (const Event& event : eventsOf(runId)) {
        if (event.kind == kind)
            return event;
    }
    return std::nullopt;
}

qint64 RunRecorder::runIn(const QString& playbookId, RunState state) const
{
    for (const Run& run : runs) {
        if (run.playbookId == playbookId && run.state == state)
            return run.id;
    }
    return 0;
}

RunState RunRecorder::stateOf(qint64 runId) const
{
    return runs.value(runId).state;
}

QStringList RunRecorder::auditActions(qint64 runId) const
{
    QStringList actions;
    for (const AuditEntry& entry : audit) {
        if (entry.subject == QStringLiteral("run:%1").arg(runId))
            actions.append(entry.action);
    }
    return actions;
}

QString RunRecorder::describe() const
{
    QStringList lines;
    for (const Run& run : runs)
        lines.append(
            QStringLiteral("run %1 %2 %3: %4 [%5]")
                .arg(run.id)
                .arg(run.playbookId, runStateName(run.state), run.stateReason, kindsOf(run.id).join(QLatin1Char(','))));
    return lines.join(QLatin1Char('\n'));
}

QJsonObject RunRecorder::bodyOf(const Event& event)
{
    return QJsonDocument::fromJson(event.body).object();
}

bool RunRecorder::inOrder(const QStringList& kinds, const QStringList& wanted)
{
    qsizetype at = 0;
    for (const QString& kind : wanted) {
        at = kinds.indexOf(kind, at);
        if (at < 0)
            return false;
        ++at;
    }
    return true;
}
