#include "backtestincidentqueries.h"

#include "playbook/playbooktrigger.h"
#include "reviewqueries.h"
#include "storecodec.h"
#include "storequeries.h"

#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <algorithm>

namespace firebreak {

namespace {

using V = IncidentVerdict::Verdict;

bool exec(QSqlQuery& query, const QString& what, QString* error)
{
    if (query.exec())
        return true;
    *error = QStringLiteral("reading %1 failed: %2").arg(what, query.lastError().databaseText());
    return false;
}

std::optional<QVector<Incident>> candidates(QSqlDatabase& db, qint64 startMs, qint64 endMs, QString* error)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT ") + StoreCodec::incidentColumns()
        + QStringLiteral(" FROM incidents WHERE detected_ms <= ? AND (resolved_ms = 0 OR resolved_ms >= ?)"
                         " ORDER BY detected_ms DESC, id DESC LIMIT ?"));
    query.addBindValue(endMs);
    query.addBindValue(startMs);
    query.addBindValue(BacktestIncidentQueries::MaxIncidents);
    if (!exec(query, QStringLiteral("the incidents between %1 and %2").arg(startMs).arg(endMs), error))
        return std::nullopt;
    QVector<Incident> incidents;
    while (query.next())
        incidents.append(StoreCodec::incidentFrom(query));
    return incidents;
}

std::optional<QVector<Run>> runsOf(QSqlDatabase& db, qint64 incidentId, const QString& playbookId, QString* error)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT ") + StoreCodec::runColumns()
        + QStringLiteral(" FROM runs WHERE incident_id = ? AND playbook_id = ? ORDER BY id"));
    query.addBindValue(incidentId);
    query.addBindValue(playbookId);
    if (!exec(query, QStringLiteral("the runs of '%1' for incident %2").arg(playbookId).arg(incidentId), error))
        return std::nullopt;
    QVector<Run> runs;
    while (query.next())
        runs.append(StoreCodec::runFrom(query));
    return runs;
}

V fromReview(ReviewVerdict::Verdict verdict)
{
    switch (verdict) {
    case ReviewVerdict::Verdict::Useful:
        return V::Useful;
    case ReviewVerdict::Verdict::Noise:
        return V::Noise;
    case ReviewVerdict::Verdict::MissedOrLate:
        return V::MissedOrLate;
    }
    return V::Useful;
}

int strength(V verdict)
{
    return verdict == V::MissedOrLate ? 2 : verdict == V::Useful ? 1 : 0;
}

// The verdict by the precedence in the header, or std::nullopt when nothing relevant was judged.
std::optional<V> verdictOf(
    const QVector<ReviewVerdict>& verdicts, const QVector<Run>& runs, const QSet<QString>& fingerprints)
{
    QSet<QString> runIds;
    for (const Run& run : runs)
        runIds.insert(QString::number(run.id));
    const ReviewVerdict* latestRun = nullptr;
    std::optional<V> alerts;
    for (const ReviewVerdict& verdict : verdicts) {
        if (verdict.subjectKind == ReviewVerdict::SubjectKind::Run) {
            if (runIds.contains(verdict.subjectId) && (!latestRun || verdict.timeMs >= latestRun->timeMs))
                latestRun = &verdict;
        } else if (fingerprints.contains(verdict.subjectId)) {
            const V judged = fromReview(verdict.verdict);
            if (!alerts || strength(judged) > strength(*alerts))
                alerts = judged;
        }
    }
    if (latestRun)
        return fromReview(latestRun->verdict);
    return alerts;
}

} // namespace

std::optional<QVector<IncidentVerdict>> BacktestIncidentQueries::read(QSqlDatabase& db, const QString& playbookId,
    const PlaybookTrigger& trigger, qint64 startMs, qint64 endMs, QString* error)
{
    const std::optional<QVector<Incident>> incidents = candidates(db, startMs, endMs, error);
    if (!incidents)
        return std::nullopt;
    QVector<IncidentVerdict> out;
    for (const Incident& incident : *incidents) {
        QString failure;
        const QVector<Alert> alerts = StoreQueries::alertsOfIncident(db, incident.id, &failure);
        const std::optional<QVector<Run>> runs
            = failure.isEmpty() ? runsOf(db, incident.id, playbookId, &failure) : std::nullopt;
        const QVector<ReviewVerdict> verdicts
            = failure.isEmpty() ? ReviewQueries::verdicts(db, incident.id, &failure) : QVector<ReviewVerdict> {};
        if (!failure.isEmpty()) {
            *error = failure;
            return std::nullopt;
        }
        QSet<QString> runAlerts;
        for (const Run& run : *runs)
            runAlerts.insert(run.alertFingerprint);
        QVector<Alert> matching;
        for (const Alert& alert : alerts) {
            if (trigger.matches(alert.labels) || runAlerts.contains(alert.fingerprint))
                matching.append(alert);
        }
        if (matching.isEmpty() && runs->isEmpty())
            continue;

        IncidentVerdict verdict;
        verdict.incidentId = incident.id;
        verdict.label = QStringLiteral("#%1 %2").arg(incident.id).arg(incident.title);
        verdict.labels = matching.isEmpty() ? runs->first().labels : matching.first().labels;
        verdict.startMs = matching.isEmpty() ? incident.detectedMs : matching.first().startsAtMs; // oldest first
        bool allEnded = !matching.isEmpty();
        qint64 lastEndMs = 0;
        QSet<QString> fingerprints = runAlerts;
        for (const Alert& alert : std::as_const(matching)) {
            const bool ended = alert.status == AlertStatus::Resolved && alert.endsAtMs > 0;
            allEnded = allEnded && ended;
            lastEndMs = std::max(lastEndMs, alert.endsAtMs);
            fingerprints.insert(alert.fingerprint);
        }
        if (allEnded)
            verdict.endMs = lastEndMs;
        else if (incident.resolvedMs > 0)
            verdict.endMs = incident.resolvedMs;
        else
            verdict.endMs = std::max(endMs, verdict.startMs); // still open when the span ends
        verdict.endMs = std::max(verdict.endMs, verdict.startMs);
        if (verdict.endMs < startMs || verdict.startMs > endMs)
            continue;
        const std::optional<V> judged = verdictOf(verdicts, *runs, fingerprints);
        verdict.reviewed = judged.has_value();
        verdict.verdict = judged.value_or(V::Useful);
        out.append(verdict);
    }
    std::sort(out.begin(), out.end(), [](const IncidentVerdict& a, const IncidentVerdict& b) {
        return a.startMs != b.startMs ? a.startMs < b.startMs : a.incidentId < b.incidentId;
    });
    return out;
}

} // namespace firebreak
