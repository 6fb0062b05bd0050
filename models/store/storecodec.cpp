#include "storecodec.h"

#include "domain/labeljson.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <initializer_list>

namespace firebreak {

namespace {

// The inverse of a `...Name()` function over the values of an enum, `fallback` for a name it
// never gives (the schema's CHECK constraints keep such names out of the file).
template <typename Enum>
Enum fromName(const QString& name, QString (*toName)(Enum), std::initializer_list<Enum> values, Enum fallback)
{
    for (const Enum value : values) {
        if (toName(value) == name)
            return value;
    }
    return fallback;
}

} // namespace

QString StoreCodec::labelsToJson(const LabelSet& labels)
{
    return QString::fromUtf8(LabelJson::object(labels));
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

QString StoreCodec::runColumns()
{
    return QStringLiteral("id, incident_id, playbook_id, playbook_title, risk, state, state_reason, alert_fingerprint, "
                          "labels, plan, plan_hash, requester, created_ms, updated_ms, approvals_required, "
                          "approval_role, approval_expires_ms, silence_id, silence_ends_ms");
}

QString StoreCodec::runStepColumns()
{
    return QStringLiteral(
        "run_id, phase, step_index, name, executor, status, started_ms, finished_ms, summary, output, error");
}

QString StoreCodec::verifySampleColumns()
{
    return QStringLiteral("run_id, phase, check_index, sample_index, time_ms, value, outcome, detail");
}

QString StoreCodec::approvalColumns()
{
    return QStringLiteral("run_id, approver, decision, plan_hash, time_ms, reason");
}

Run StoreCodec::runFrom(const QSqlQuery& query)
{
    Run run;
    run.id = query.value(0).toLongLong();
    run.incidentId = query.value(1).toLongLong();
    run.playbookId = query.value(2).toString();
    run.playbookTitle = query.value(3).toString();
    run.risk = query.value(4).toString();
    // A state this build does not know must not look resumable: interrupted runs wait for a commander.
    run.state = runStateFromName(query.value(5).toString()).value_or(RunState::Interrupted);
    run.stateReason = query.value(6).toString();
    run.alertFingerprint = query.value(7).toString();
    run.labels = labelsFromJson(query.value(8).toString());
    run.plan = query.value(9).toByteArray();
    run.planHash = query.value(10).toString();
    run.requester = query.value(11).toString();
    run.createdMs = query.value(12).toLongLong();
    run.updatedMs = query.value(13).toLongLong();
    run.approvalsRequired = query.value(14).toInt();
    run.approvalRole = query.value(15).toString();
    run.approvalExpiresMs = query.value(16).toLongLong();
    run.silenceId = query.value(17).toString();
    run.silenceEndsMs = query.value(18).toLongLong();
    return run;
}

RunStepRecord StoreCodec::runStepFrom(const QSqlQuery& query)
{
    using Step = RunStepRecord;
    Step step;
    step.runId = query.value(0).toLongLong();
    step.phase = fromName(
        query.value(1).toString(), runStepPhaseName, { Step::Phase::Steps, Step::Phase::Rollback }, Step::Phase::Steps);
    step.index = query.value(2).toInt();
    step.name = query.value(3).toString();
    step.executor = query.value(4).toString();
    // Unknown reads as Intent: a step that may or may not have run, which is never run again by itself.
    step.status = fromName(query.value(5).toString(), runStepStatusName,
        { Step::Status::Intent, Step::Status::Succeeded, Step::Status::Failed }, Step::Status::Intent);
    step.startedMs = query.value(6).toLongLong();
    step.finishedMs = query.value(7).toLongLong();
    step.summary = query.value(8).toString();
    step.output = query.value(9).toString();
    step.error = query.value(10).toString();
    return step;
}

VerifySample StoreCodec::verifySampleFrom(const QSqlQuery& query)
{
    using Sample = VerifySample;
    Sample sample;
    sample.runId = query.value(0).toLongLong();
    sample.phase = fromName(query.value(1).toString(), verifyPhaseName,
        { Sample::Phase::Verify, Sample::Phase::RollbackVerify }, Sample::Phase::Verify);
    sample.checkIndex = query.value(2).toInt();
    sample.sampleIndex = query.value(3).toInt();
    sample.timeMs = query.value(4).toLongLong();
    sample.hasValue = !query.isNull(5);
    sample.value = sample.hasValue ? query.value(5).toDouble() : 0.0;
    sample.outcome = fromName(query.value(6).toString(), verifyOutcomeName,
        { Sample::Outcome::Success, Sample::Outcome::Failure, Sample::Outcome::Inconclusive },
        Sample::Outcome::Inconclusive);
    sample.detail = query.value(7).toString();
    return sample;
}

ApprovalRecord StoreCodec::approvalFrom(const QSqlQuery& query)
{
    using Approval = ApprovalRecord;
    Approval approval;
    approval.runId = query.value(0).toLongLong();
    approval.approver = query.value(1).toString();
    // Unknown reads as Denied: an unreadable decision never counts towards running a plan.
    approval.decision = fromName(query.value(2).toString(), approvalDecisionName,
        { Approval::Decision::Granted, Approval::Decision::Denied }, Approval::Decision::Denied);
    approval.planHash = query.value(3).toString();
    approval.timeMs = query.value(4).toLongLong();
    approval.reason = query.value(5).toString();
    return approval;
}

} // namespace firebreak
