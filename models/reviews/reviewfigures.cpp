#include "reviewfigures.h"

#include "domain/event.h"
#include "store/storequeries.h"

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariantList>

namespace firebreak {

namespace {

ReviewFigure duration(const QString& label, qint64 fromMs, qint64 toMs, const QString& how, const QString& missing)
{
    ReviewFigure figure { label, ReviewFigure::Unit::Milliseconds, false, 0, how };
    if (fromMs > 0 && toMs > 0) {
        figure.known = true;
        figure.value = toMs - fromMs;
    } else {
        figure.howComputed = how + QStringLiteral(" — not known: ") + missing;
    }
    return figure;
}

ReviewFigure count(const QString& label, qint64 value, const QString& how)
{
    return ReviewFigure { label, ReviewFigure::Unit::Count, true, value, how };
}

// Runs a statement with bound values; nullopt with `error` on failure.
std::optional<QSqlQuery> select(QSqlDatabase& db, const QString& sql, const QVariantList& values, QString* error)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (q.prepare(sql)) {
        for (const QVariant& value : values)
            q.addBindValue(value);
        if (q.exec())
            return q;
    }
    *error = QStringLiteral("computing review figures: %1 (in: %2)").arg(q.lastError().text(), sql.left(60));
    return std::nullopt;
}

// Approval waits from the incident's approval events: a request waits until the first denial or
// expiry of its run, or the grant that completes the number of approvers it asked for.
qint64 approvalWaitMs(QSqlQuery& q, qint64 nowMs, int* requests, int* open)
{
    struct Waiting {
        qint64 sinceMs = 0;
        int approvers = 1;
        int granted = 0;
    };
    QHash<qint64, Waiting> waiting; // by run id
    qint64 total = 0;
    while (q.next()) {
        const QString kind = q.value(0).toString();
        const qint64 timeMs = q.value(1).toLongLong();
        const QJsonObject body = QJsonDocument::fromJson(q.value(2).toByteArray()).object();
        const qint64 run = qint64(body.value(QStringLiteral("run")).toDouble());
        if (kind == QLatin1String(EventKind::ApprovalRequested)) {
            if (!waiting.contains(run))
                ++*requests;
            waiting.insert(run, Waiting { timeMs, qMax(1, body.value(QStringLiteral("approvers")).toInt(1)), 0 });
            continue;
        }
        const auto it = waiting.find(run);
        if (it == waiting.end())
            continue;
        const bool ends = kind != QLatin1String(EventKind::ApprovalGranted) || ++it->granted >= it->approvers;
        if (ends) {
            total += timeMs - it->sinceMs;
            waiting.erase(it);
        }
    }
    for (const Waiting& still : std::as_const(waiting))
        total += qMax<qint64>(0, nowMs - still.sinceMs);
    *open = int(waiting.size());
    return total;
}

} // namespace

QVector<ReviewFigure> ReviewFigures::all() const
{
    return { timeToDetect, timeToAcknowledge, timeToMitigate, timeToResolve, alerts, distinctAlerts, refiredAlerts,
        runs, approvalWait, verifySuccess, verifyFailure, verifyInconclusive, rollbacks };
}

std::optional<ReviewFigures> ReviewFigures::compute(QSqlDatabase& db, qint64 incidentId, qint64 nowMs, QString* error)
{
    ReviewFigures f;
    f.incidentId = incidentId;
    f.computedAtMs = nowMs;
    const QVariantList id { incidentId };

    auto q = select(db,
        QStringLiteral("SELECT detected_ms, acknowledged_ms, mitigated_ms, resolved_ms,"
                       " (SELECT min(starts_at_ms) FROM alerts WHERE incident_id = incidents.id),"
                       " (SELECT count(*) FROM alerts WHERE incident_id = incidents.id),"
                       " (SELECT count(DISTINCT fingerprint) FROM alerts WHERE incident_id = incidents.id)"
                       " FROM incidents WHERE id = ?"),
        id, error);
    if (!q)
        return std::nullopt;
    if (!q->next()) {
        *error = QStringLiteral("computing review figures: there is no incident %1").arg(incidentId);
        return std::nullopt;
    }
    const qint64 detected = q->value(0).toLongLong();
    const qint64 firstAlert = q->value(4).isNull() ? 0 : q->value(4).toLongLong();
    f.timeToDetect = duration(QStringLiteral("Time to detect"), firstAlert, detected,
        QStringLiteral("incident detected minus the earliest startsAt of its alerts"),
        firstAlert == 0 ? QStringLiteral("the incident has no alerts") : QStringLiteral("no detection time"));
    const QString fromDetected = QStringLiteral("the incident's %1 milestone minus its detected milestone");
    const QString notReached = QStringLiteral("the incident has not reached it");
    f.timeToAcknowledge = duration(QStringLiteral("Time to acknowledge"), detected, q->value(1).toLongLong(),
        fromDetected.arg(QStringLiteral("acknowledged")), notReached);
    f.timeToMitigate = duration(QStringLiteral("Time to mitigate"), detected, q->value(2).toLongLong(),
        fromDetected.arg(QStringLiteral("mitigated")), notReached);
    f.timeToResolve = duration(QStringLiteral("Time to resolve"), detected, q->value(3).toLongLong(),
        fromDetected.arg(QStringLiteral("resolved")), notReached);
    const qint64 instances = q->value(5).toLongLong();
    const qint64 fingerprints = q->value(6).toLongLong();
    f.alerts = count(QStringLiteral("Alerts"), instances,
        QStringLiteral("alert instances (fingerprint + startsAt) grouped into the incident"));
    f.distinctAlerts = count(QStringLiteral("Distinct alerts"), fingerprints,
        QStringLiteral("distinct fingerprints among the incident's alerts"));
    f.refiredAlerts = count(QStringLiteral("Re-fired alerts"), instances - fingerprints,
        QStringLiteral("alert instances minus distinct fingerprints: the same alert firing again. Redelivered"
                       " notifications of one instance are dropped before storage and not counted"));

    q = select(db, QStringLiteral("SELECT state, count(*) FROM runs WHERE incident_id = ? GROUP BY state"), id, error);
    if (!q)
        return std::nullopt;
    qint64 runCount = 0;
    while (q->next()) {
        f.runsByState.insert(q->value(0).toString(), q->value(1).toInt());
        runCount += q->value(1).toLongLong();
    }
    f.runs = count(QStringLiteral("Runs"), runCount,
        QStringLiteral("remediation runs of the incident; by state in runsByState (the state each is in now)"));

    q = select(db,
        QStringLiteral("SELECT kind, time_ms, body FROM events WHERE incident_id = ? AND kind IN (?, ?, ?, ?)"
                       " ORDER BY time_ms, id"),
        { incidentId, QString::fromLatin1(EventKind::ApprovalRequested),
            QString::fromLatin1(EventKind::ApprovalGranted), QString::fromLatin1(EventKind::ApprovalDenied),
            QString::fromLatin1(EventKind::ApprovalExpired) },
        error);
    if (!q)
        return std::nullopt;
    int requests = 0;
    int open = 0;
    const qint64 waited = approvalWaitMs(*q, nowMs, &requests, &open);
    f.approvalWait = ReviewFigure { QStringLiteral("Time waiting for approval"), ReviewFigure::Unit::Milliseconds, true,
        waited,
        QStringLiteral("sum over %1 approval request(s) of approval.requested until the run's denial, expiry or last"
                       " needed grant%2")
            .arg(requests)
            .arg(open > 0 ? QStringLiteral("; %1 still waiting, counted until the figures were computed").arg(open)
                          : QString()) };

    q = select(db,
        QStringLiteral("SELECT s.outcome, count(*) FROM verify_samples s JOIN runs r ON r.id = s.run_id"
                       " WHERE r.incident_id = ? GROUP BY s.outcome"),
        id, error);
    if (!q)
        return std::nullopt;
    QHash<QString, qint64> outcomes;
    while (q->next())
        outcomes.insert(q->value(0).toString(), q->value(1).toLongLong());
    const QString samples = QStringLiteral("verification samples of the incident's runs (verify and rollback"
                                           " verification) with outcome %1");
    f.verifySuccess = count(QStringLiteral("Verification samples passed"), outcomes.value(QStringLiteral("success")),
        samples.arg(QStringLiteral("success")));
    f.verifyFailure = count(QStringLiteral("Verification samples failed"), outcomes.value(QStringLiteral("failure")),
        samples.arg(QStringLiteral("failure")));
    f.verifyInconclusive = count(QStringLiteral("Verification samples inconclusive"),
        outcomes.value(QStringLiteral("inconclusive")), samples.arg(QStringLiteral("inconclusive")));

    q = select(db, QStringLiteral("SELECT count(*) FROM events WHERE incident_id = ? AND kind = ?"),
        { incidentId, QString::fromLatin1(EventKind::RollbackStarted) }, error);
    if (!q || !q->next())
        return std::nullopt;
    f.rollbacks = count(QStringLiteral("Rollbacks"), q->value(0).toLongLong(),
        QStringLiteral("rollback.started events of the incident"));
    q.reset();

    const AuditHead head = StoreQueries::auditHead(db, error);
    if (head.lastId < 0)
        return std::nullopt;
    f.auditHeadId = head.lastId;
    f.auditHeadHash = head.hash;
    return f;
}

} // namespace firebreak
