#include "reviewfixture.h"

#include "store/storewriter.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace firebreak;

namespace {

constexpr qint64 Minute = 60'000;
constexpr qint64 RunId = 3;

QString commit(const QString& path, const WriteBatch& batch, CommittedBatch* out)
{
    StoreWriter writer(path);
    QString problem;
    int commits = 0;
    QObject::connect(&writer, &StoreWriter::committed, [&](const CommittedBatch& committed) {
        *out = committed;
        ++commits;
    });
    QObject::connect(
        &writer, &StoreWriter::failed, [&](const QString& error, const QVector<quint64>&) { problem = error; });
    writer.open();
    writer.enqueue(batch);
    writer.close();
    if (problem.isEmpty() && commits != 1)
        problem = QStringLiteral("the writer committed %1 batches, not 1").arg(commits);
    return problem;
}

Event event(qint64 timeMs, const char* kind, const QString& title, const QJsonObject& body = {})
{
    Event e;
    e.incidentId = ReviewFixture::IncidentId;
    e.timeMs = timeMs;
    e.source = QStringLiteral("firebreak");
    e.kind = QString::fromLatin1(kind);
    e.title = title;
    e.actor = QStringLiteral("firebreak");
    if (!body.isEmpty())
        e.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return e;
}

QJsonObject plan()
{
    const QJsonObject gate { { QStringLiteral("kind"), QStringLiteral("sustained") },
        { QStringLiteral("query"), QStringLiteral("job:checkout_errors:ratio5m") }, { QStringLiteral("above"), 0.05 },
        { QStringLiteral("for_ms"), 5.0 * Minute } };
    const QJsonObject check { { QStringLiteral("name"), QStringLiteral("error ratio") },
        { QStringLiteral("query"), QStringLiteral("job:checkout_errors:ratio1m") },
        { QStringLiteral("success"), QStringLiteral("< 0.02") }, { QStringLiteral("interval_ms"), 1.0 * Minute },
        { QStringLiteral("initial_delay_ms"), 30'000.0 }, { QStringLiteral("count"), 5 },
        { QStringLiteral("failure_limit"), 1 }, { QStringLiteral("inconclusive_limit"), 0 } };
    return { { QStringLiteral("playbook"), QStringLiteral("restart-checkout") },
        { QStringLiteral("title"), QStringLiteral("Restart checkout") },
        { QStringLiteral("risk"), QStringLiteral("low") }, { QStringLiteral("gates"), QJsonArray { gate } },
        { QStringLiteral("verify"), QJsonArray { check } } };
}

QJsonObject gateEvidence()
{
    const qint64 end = ReviewFixture::T0 + 2 * Minute;
    const qint64 start = end - 5 * Minute;
    QJsonArray samples;
    for (int i = 0; i <= 10; ++i)
        samples.append(QJsonArray { double(start + i * 30'000), 0.055 + 0.004 * i });
    const QJsonObject series { { QStringLiteral("series"), ReviewFixture::hostileLabel() },
        { QStringLiteral("samples"), samples }, { QStringLiteral("samples_total"), 11 },
        { QStringLiteral("min"), 0.055 }, { QStringLiteral("max"), 0.095 } };
    return { { QStringLiteral("kind"), QStringLiteral("sustained") }, { QStringLiteral("line"), 12 },
        { QStringLiteral("evaluated_at_ms"), double(end) },
        { QStringLiteral("query"), QStringLiteral("job:checkout_errors:ratio5m") }, { QStringLiteral("above"), 0.05 },
        { QStringLiteral("source"), QStringLiteral("prometheus") }, { QStringLiteral("for_ms"), 5.0 * Minute },
        { QStringLiteral("start_ms"), double(start) }, { QStringLiteral("end_ms"), double(end) },
        { QStringLiteral("step_ms"), 30'000.0 }, { QStringLiteral("series"), QJsonArray { series } },
        { QStringLiteral("series_total"), 1 }, { QStringLiteral("min"), 0.055 }, { QStringLiteral("max"), 0.095 } };
}

} // namespace

QString ReviewFixture::hostile()
{
    return QStringLiteral("<script>alert(1)</script> | pipe\n# heading <img src=x onerror=alert(1)>");
}

QString ReviewFixture::hostileLabel()
{
    return QStringLiteral("instance=\"db|1<script>x</script>\"");
}

QString ReviewFixture::typedRowText(int index)
{
    return QStringLiteral("Typed row %1: checked the dashboards again").arg(index, 3, 10, QLatin1Char('0'));
}

QString ReviewFixture::write(const QString& path, int extraRows)
{
    Incident incident;
    incident.id = IncidentId;
    incident.title = QStringLiteral("Checkout errors after the 2.3.1 deploy");
    incident.severity = 2;
    incident.status = IncidentStatus::Resolved;
    incident.commander = QStringLiteral("alice");
    incident.detectedMs = T0;
    incident.acknowledgedMs = T0 + Minute;
    incident.mitigatedMs = T0 + 15 * Minute;
    incident.resolvedMs = T0 + 40 * Minute;
    incident.updatedMs = incident.resolvedMs;
    Incident quiet;
    quiet.id = UnreviewedIncidentId;
    quiet.title = QStringLiteral("Disk filling on db-2");
    quiet.severity = 4;
    quiet.detectedMs = T0 + 2 * 24 * 60 * Minute;

    Alert first;
    first.fingerprint = QStringLiteral("a1b2c3d4e5f60718");
    first.startsAtMs = T0 - 90'000;
    first.incidentId = IncidentId;
    Alert refired = first;
    refired.startsAtMs = T0 + 20 * Minute;

    Run run;
    run.id = RunId;
    run.incidentId = IncidentId;
    run.playbookId = QStringLiteral("restart-checkout");
    run.playbookTitle = QStringLiteral("Restart checkout");
    run.risk = QStringLiteral("low");
    run.state = RunState::RolledBack;
    run.plan = QJsonDocument(plan()).toJson(QJsonDocument::Compact);
    run.planHash = QString::fromLatin1(QCryptographicHash::hash(run.plan, QCryptographicHash::Sha256).toHex());
    run.requester = QStringLiteral("firebreak");
    run.createdMs = T0 + 90'000;
    run.updatedMs = T0 + 13 * Minute;

    const QJsonObject ofRun { { QStringLiteral("run"), RunId } };
    QJsonObject gate = ofRun;
    gate.insert(QStringLiteral("gate"), QStringLiteral("sustained"));
    gate.insert(QStringLiteral("index"), 0);
    gate.insert(QStringLiteral("reason"), QStringLiteral("stayed above 0.05 for 5m"));
    gate.insert(QStringLiteral("evidence"), gateEvidence());
    QJsonObject requested = ofRun;
    requested.insert(QStringLiteral("approvers"), 1);

    WriteBatch batch;
    batch.incidents = { incident, quiet };
    batch.alerts = { first, refired };
    batch.runs = { run };
    batch.events = {
        event(T0 - 90'000, EventKind::AlertFiring, QStringLiteral("CheckoutErrors firing")),
        event(T0 + 2 * Minute, EventKind::GatePassed, QStringLiteral("gate sustained passed"), gate),
        event(T0 + 2 * Minute, EventKind::ApprovalRequested, QStringLiteral("approval requested"), requested),
        event(T0 + 3 * Minute, EventKind::ApprovalGranted, QStringLiteral("approved by bob"), ofRun),
        event(T0 + 12 * Minute, EventKind::RollbackStarted, QStringLiteral("rollback started"), ofRun),
    };
    RunStepRecord step;
    step.runId = RunId;
    step.index = 0;
    step.name = QStringLiteral("restart checkout");
    step.executor = QStringLiteral("shell");
    step.status = RunStepRecord::Status::Succeeded;
    step.startedMs = T0 + 3 * Minute + 10'000;
    step.finishedMs = T0 + 3 * Minute + 40'000;
    batch.runSteps = { step };
    const double values[] = { 0.031, 0.024, 0.018, 0.035, 0.04 };
    for (int i = 0; i < 5; ++i) {
        VerifySample sample;
        sample.runId = RunId;
        sample.sampleIndex = i;
        sample.timeMs = T0 + 4 * Minute + 10'000 + i * Minute;
        sample.hasValue = true;
        sample.value = values[i];
        sample.outcome = values[i] < 0.02 ? VerifySample::Outcome::Success : VerifySample::Outcome::Failure;
        batch.verifySamples.append(sample);
    }
    batch.approvals = { ApprovalRecord { RunId, QStringLiteral("bob"), ApprovalRecord::Decision::Granted, run.planHash,
        T0 + 3 * Minute, QStringLiteral("error ratio is climbing") } };
    batch.audit = { AuditEntry { 0, T0 + Minute, QStringLiteral("alice"), QStringLiteral("incident.acknowledged"),
        QStringLiteral("incident:7"), "{}", {}, {} } };
    CommittedBatch committed;
    if (const QString problem = commit(path, batch, &committed); !problem.isEmpty())
        return problem;
    if (committed.events.isEmpty())
        return QStringLiteral("the events were not committed");
    const qint64 alertEventId = committed.events.first().id;

    Review draft;
    draft.incidentId = IncidentId;
    draft.status = ReviewStatus::Draft;
    draft.updatedMs = T0 + 2 * 60 * Minute;
    draft.author = QStringLiteral("alice");
    draft.summary = QStringLiteral("Checkout returned errors after a deploy.");
    Review finalVersion = draft;
    finalVersion.status = ReviewStatus::Final;
    finalVersion.updatedMs = T0 + 24 * 60 * Minute;
    finalVersion.author = QStringLiteral("bob");
    finalVersion.summary
        = QStringLiteral("Checkout returned **5xx errors** for 40 minutes after the `2.3.1` deploy.\n\n"
                         "# Not a top-level heading\n\nThe first fix did not hold:\n\n"
                         "- the restart cleared the pool\n- the errors came back within minutes\n");
    finalVersion.impact
        = QStringLiteral("About 4% of checkouts failed.\n\n| Region | Failed |\n|---|---|\n| eu | 3.1% |\n");
    finalVersion.timeline = QStringLiteral("The rows below were imported from the incident's events.");
    finalVersion.contributingFactors = hostile();
    finalVersion.wentWell = QStringLiteral("Detection took ninety seconds.");
    finalVersion.lessons = QStringLiteral("1. Canary every checkout deploy\n2. Alert on the *ratio*, not the count\n\n"
                                          "```\nkubectl rollout undo deploy/checkout\n");

    WriteBatch review;
    review.reviews = { draft, finalVersion };
    review.reviewTimeline = {
        ReviewTimelineEntry { 0, IncidentId, T0 - 90'000, QStringLiteral("Checkout 5xx alert fired"), alertEventId },
        ReviewTimelineEntry { 0, IncidentId, T0 + 12 * Minute, hostile(), 0 },
    };
    for (int i = 0; i < extraRows; ++i)
        review.reviewTimeline.append(
            ReviewTimelineEntry { 0, IncidentId, T0 + 60 * Minute + i * Minute, typedRowText(i), 0 });
    review.actionItems = {
        ActionItem { 0, IncidentId, QStringLiteral("Add a canary stage for checkout ") + hostile(),
            QStringLiteral("carol"), T0 + 2 * 24 * 60 * Minute, ActionItemStatus::Open,
            QStringLiteral("https://tickets.example.com/OPS-12"), T0 + 24 * 60 * Minute },
        ActionItem { 0, IncidentId, QStringLiteral("Alert on the error ratio"), QStringLiteral("dave"),
            T0 + 30 * 24 * 60 * Minute, ActionItemStatus::Open, QStringLiteral("javascript:alert(1)"),
            T0 + 24 * 60 * Minute },
        ActionItem { 0, IncidentId, QStringLiteral("Document the rollback"), QStringLiteral("alice"), 0,
            ActionItemStatus::Done, QString(), T0 + 24 * 60 * Minute },
    };
    // Every change to a review is audited under its author.
    for (ReviewTimelineEntry& row : review.reviewTimeline) {
        row.author = QStringLiteral("alice");
        row.changedMs = T0 + 24 * 60 * Minute;
    }
    for (ActionItem& item : review.actionItems)
        item.author = QStringLiteral("alice");
    review.reviewVerdicts = {
        ReviewVerdict { IncidentId, ReviewVerdict::SubjectKind::Alert, first.fingerprint,
            ReviewVerdict::Verdict::Useful, QStringLiteral("alice"), T0 + 24 * 60 * Minute },
        ReviewVerdict { IncidentId, ReviewVerdict::SubjectKind::Run, QString::number(RunId),
            ReviewVerdict::Verdict::MissedOrLate, QStringLiteral("bob"), T0 + 24 * 60 * Minute },
    };
    return commit(path, review, &committed);
}
