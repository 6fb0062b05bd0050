#include "reviewlistfixture.h"

using namespace firebreak;

namespace {

Incident incident(qint64 id, const QString& title, int severity, IncidentStatus status, qint64 detectedMs)
{
    Incident out;
    out.id = id;
    out.title = title;
    out.severity = severity;
    out.status = status;
    out.detectedMs = detectedMs;
    out.updatedMs = detectedMs + 3'600'000;
    if (status >= IncidentStatus::Resolved)
        out.resolvedMs = detectedMs + 3'600'000;
    return out;
}

Review review(qint64 incidentId, ReviewStatus status, qint64 updatedMs, const QString& lessons)
{
    Review out;
    out.incidentId = incidentId;
    out.status = status;
    out.updatedMs = updatedMs;
    out.author = QStringLiteral("alice");
    out.summary = QStringLiteral("What happened to incident %1.").arg(incidentId);
    out.lessons = lessons;
    return out;
}

ActionItem item(qint64 incidentId, const QString& title, qint64 dueMs, ActionItemStatus status, qint64 updatedMs)
{
    ActionItem out;
    out.incidentId = incidentId;
    out.title = title;
    out.owner = QStringLiteral("bob");
    out.dueMs = dueMs;
    out.status = status;
    out.updatedMs = updatedMs;
    out.author = QStringLiteral("alice");
    return out;
}

Alert alert(const QString& fingerprint, const QString& name, const QString& severity, qint64 startsAtMs,
    qint64 endsAtMs, AlertStatus status)
{
    Alert out;
    out.fingerprint = fingerprint;
    out.labels.insert(QStringLiteral("alertname"), name);
    out.labels.insert(QStringLiteral("severity"), severity);
    out.startsAtMs = startsAtMs;
    out.endsAtMs = endsAtMs;
    out.status = status;
    out.incidentId = 1;
    return out;
}

} // namespace

WriteBatch ReviewListFixture::batch(qint64 nowMs)
{
    const qint64 t = nowMs - 20 * DayMs;
    WriteBatch batch;
    batch.incidents = { incident(1, QStringLiteral("Disk full on db-1"), 2, IncidentStatus::Resolved, t),
        incident(2, QStringLiteral("API latency"), 1, IncidentStatus::Resolved, t + DayMs),
        incident(3, QStringLiteral("Certificate expiry"), 3, IncidentStatus::Resolved, t + 2 * DayMs),
        incident(4, QStringLiteral("Queue backlog"), 4, IncidentStatus::Open, t + 3 * DayMs),
        incident(5, QStringLiteral("Cron storm"), 3, IncidentStatus::Reviewed, t + 4 * DayMs),
        incident(6, QStringLiteral("Flaky probe"), 4, IncidentStatus::Resolved, t + 5 * DayMs) };
    batch.reviews = { review(1, ReviewStatus::Draft, t + 10 * DayMs,
                          QStringLiteral("Rotate logs hourly and page the storage team sooner.")),
        review(2, ReviewStatus::Final, t + 9 * DayMs, QStringLiteral("Add a latency SLO for the API.")) };
    ActionItem alertAt80 = item(1, QStringLiteral("Alert at 80% disk"), nowMs - 3 * DayMs, ActionItemStatus::Open, t);
    alertAt80.link = QStringLiteral("https://tickets.example/OPS-812");
    batch.actionItems
        = { alertAt80, item(1, QStringLiteral("Rotate logs hourly"), nowMs + 3 * DayMs, ActionItemStatus::Open, t),
              item(1, QStringLiteral("Resize the volume"), nowMs - 5 * DayMs, ActionItemStatus::Done, t),
              item(2, QStringLiteral("Write the latency SLO"), 0, ActionItemStatus::Open, t),
              item(6, QStringLiteral("Replace the probe"), 0, ActionItemStatus::Open, t + 11 * DayMs) };
    batch.alerts = { alert(QStringLiteral("a1"), QStringLiteral("DiskFull"), QStringLiteral("critical"), t + 60'000,
                         t + 600'000, AlertStatus::Resolved),
        alert(QStringLiteral("a2"), QStringLiteral("DiskWarn"), QStringLiteral("warning"), t + 120'000, 0,
            AlertStatus::Firing),
        alert(QStringLiteral("a1"), QStringLiteral("DiskFull"), QStringLiteral("critical"), t + 900'000, t + 1'800'000,
            AlertStatus::Resolved) };
    Run run;
    run.id = 11;
    run.incidentId = 1;
    run.playbookId = QStringLiteral("disk-cleanup");
    run.playbookTitle = QStringLiteral("Disk cleanup");
    run.risk = QStringLiteral("low");
    run.state = RunState::Succeeded;
    run.createdMs = t + 300'000;
    run.updatedMs = t + 400'000;
    batch.runs = { run };
    batch.reviewVerdicts = { ReviewVerdict { 1, ReviewVerdict::SubjectKind::Alert, QStringLiteral("a1"),
        ReviewVerdict::Verdict::Useful, QStringLiteral("alice"), t + 10 * DayMs } };
    return batch;
}
