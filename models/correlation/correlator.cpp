#include "correlator.h"

#include "correlationevents.h"
#include "correlatorpending.h"
#include "domain/severity.h"

#include <QJsonArray>
#include <algorithm>
#include <limits>

namespace firebreak {

using namespace CorrelationEvents;

namespace {

CorrelationSettings firstVersion(CorrelationConfig config)
{
    CorrelationSettings settings;
    settings.grouping = std::move(config);
    settings.resolveAfterMs = 0;
    return settings;
}

} // namespace

Correlator::Correlator(CorrelationConfig config)
    : Correlator(firstVersion(std::move(config)))
{
}

Correlator::Correlator(CorrelationSettings settings)
    : m_settings(std::move(settings))
    , m_matcher(m_settings.rules)
{
}

void Correlator::ingest(const QVector<Alert>& alerts, qint64 nowMs, WriteBatch& out)
{
    forgetExpired(nowMs);
    Pending pending { out };
    QSet<QString> resolvedInBatch;
    for (const Alert& alert : alerts) {
        if (alert.status == AlertStatus::Resolved)
            resolvedInBatch.insert(alertKey(alert));
    }
    // Firing before resolved: a notification that both adds an alert to a group and resolves the
    // group's last other alert keeps the group as one incident instead of closing and reopening it.
    for (const Alert& alert : alerts) {
        if (alert.status == AlertStatus::Firing)
            ingestFiring(alert, nowMs, resolvedInBatch, pending);
    }
    for (const Alert& alert : alerts) {
        if (alert.status == AlertStatus::Resolved)
            ingestResolved(alert, nowMs, false, pending);
    }
    flush(pending);
}

void Correlator::tick(qint64 nowMs, WriteBatch& out)
{
    forgetExpired(nowMs);
    Pending pending { out };
    QVector<qint64> due;
    for (const qint64 id : std::as_const(m_waiting)) {
        if (quietSinceMs(m_incidents.at(id)) + m_settings.resolveAfterMs <= nowMs)
            due.append(id);
    }
    std::sort(due.begin(), due.end());
    for (const qint64 id : std::as_const(due)) {
        Tracked& tracked = m_incidents.at(id);
        resolveIncident(tracked, quietSinceMs(tracked) + m_settings.resolveAfterMs, Actor, nowMs, pending);
    }
    flush(pending);
}

qint64 Correlator::nextResolutionMs() const
{
    qint64 next = 0;
    for (const qint64 id : m_waiting) {
        const qint64 due = quietSinceMs(m_incidents.at(id)) + m_settings.resolveAfterMs;
        next = next == 0 ? due : qMin(next, due);
    }
    return next;
}

void Correlator::ingestFiring(Alert alert, qint64 nowMs, const QSet<QString>& resolvedInBatch, Pending& out)
{
    const QString key = alertKey(alert);
    // Known key: a redelivery, an HA peer's copy, or a firing notification that arrives after
    // the resolved one (retries reorder them); none of these may reopen anything.
    if (m_alerts.contains(key)) {
        ++m_duplicates;
        return;
    }
    const auto newest = m_alerts.find(m_newestByFingerprint.value(alert.fingerprint));
    if (newest != m_alerts.end()) {
        // A late notification about an earlier instance of an alert that has fired again since:
        // it is history, and it ended at the latest when its successor started.
        if (newest->startsAtMs > alert.startsAtMs) {
            if (resolvedInBatch.contains(key))
                return; // its own resolution, later in this batch, records it
            alert.status = AlertStatus::Resolved;
            alert.endsAtMs = newest->startsAtMs;
            ingestResolved(alert, nowMs, true, out);
            return;
        }
        // The same alert fired again while we still had it firing: its resolved notification was
        // lost. The old instance ended when the new one began.
        if (newest->status == AlertStatus::Firing)
            resolveStored(*newest, alert, alert.startsAtMs, nowMs, out);
    }
    // Late into an incident that already resolved, with its resolution in the same batch: recorded
    // once, as resolved, instead of reopening the incident only to resolve it again.
    if (resolvedInBatch.contains(key)) {
        const qint64 target = place(alert);
        if (target != 0 && m_incidents.at(target).closed)
            return;
    }

    alert.incidentId = 0;
    alert.status = AlertStatus::Firing;
    m_alerts.insert(key, alert);
    m_newestByFingerprint.insert(alert.fingerprint, key);
    // Rules first: an alert that completes a rule goes straight to the rule's incident.
    for (const RuleMatcher::Match& match : m_matcher.record(key, alert))
        applyMatch(match, key, out);

    Alert stored = m_alerts.value(key);
    if (stored.incidentId == 0) {
        qint64 target = place(stored);
        if (target == 0)
            target = openIncident(stored, out);
        Tracked& tracked = m_incidents.at(target);
        if (tracked.closed)
            reopen(tracked, stored, nowMs, out);
        join(tracked, stored, out);
        m_alerts.insert(key, stored);
    }
    out.batch.alerts.append(stored);
    out.batch.events.append(alertFiring(stored));
}

// A resolved notification for an alert never seen firing (Firebreak was down while it fired, or
// the firing delivery was lost) is recorded, with its timeline event, because that is history the
// review needs. It joins the incident whose span it overlaps, even one already resolved, without
// reopening it; with none, it stays without an incident: opening an incident that is already over
// would only give the commander a row with nothing to command and a meaningless time to resolve.
void Correlator::ingestResolved(Alert alert, qint64 nowMs, bool superseded, Pending& out)
{
    const QString key = alertKey(alert);
    const qint64 endsAtMs = alert.endsAtMs != 0 ? alert.endsAtMs : nowMs;
    const auto known = m_alerts.find(key);
    if (known != m_alerts.end()) {
        if (known->status == AlertStatus::Resolved) {
            ++m_duplicates;
            return;
        }
        resolveStored(*known, alert, endsAtMs, nowMs, out);
        return;
    }

    alert.status = AlertStatus::Resolved;
    alert.endsAtMs = endsAtMs;
    alert.incidentId = 0;
    m_alerts.insert(key, alert);
    const auto newest = m_alerts.constFind(m_newestByFingerprint.value(alert.fingerprint));
    if (newest == m_alerts.constEnd() || newest->startsAtMs < alert.startsAtMs)
        m_newestByFingerprint.insert(alert.fingerprint, key);
    m_forgetQueue.emplace_back(nowMs, key);
    // It may complete a rule while the rule's other signals still fire.
    for (const RuleMatcher::Match& match : m_matcher.record(key, alert))
        applyMatch(match, key, out);

    Alert stored = m_alerts.value(key);
    if (stored.incidentId == 0) {
        if (const qint64 target = place(stored); target != 0) {
            join(m_incidents.at(target), stored, out);
            m_alerts.insert(key, stored);
        }
    }
    out.batch.alerts.append(stored);
    out.batch.events.append(alertResolved(stored, stored.source, superseded));
}

// `notification` is what ended it: its resolved notification, or (when that was lost) the firing
// notification of the alert's next instance.
void Correlator::resolveStored(Alert& stored, const Alert& notification, qint64 endsAtMs, qint64 nowMs, Pending& out)
{
    const bool superseded = notification.status == AlertStatus::Firing;
    stored.status = AlertStatus::Resolved;
    stored.endsAtMs = endsAtMs;
    const QString key = alertKey(stored);
    m_forgetQueue.emplace_back(nowMs, key);
    m_matcher.record(key, stored); // its end; an ending completes no rule
    out.batch.alerts.append(stored);
    out.batch.events.append(alertResolved(stored, notification.source, superseded));

    const auto found = m_incidents.find(stored.incidentId);
    if (found == m_incidents.end())
        return;
    Tracked& tracked = found->second;
    Incident& incident = tracked.incident;
    incident.firingCount = qMax(0, incident.firingCount - 1);
    incident.updatedMs = qMax(incident.updatedMs, endsAtMs);
    tracked.lastEndMs = qMax(tracked.lastEndMs, endsAtMs);
    if (incident.firingCount > 0 || tracked.closed) {
        out.touch(incident);
        return;
    }
    if (m_settings.resolveAfterMs == 0) {
        resolveIncident(tracked, tracked.lastEndMs, notification.source, nowMs, out);
        return;
    }
    m_waiting.insert(incident.id);
    out.touch(incident);
}

void Correlator::join(Tracked& tracked, Alert& alert, Pending& out)
{
    Incident& incident = tracked.incident;
    alert.incidentId = incident.id;
    tracked.alertKeys.insert(alertKey(alert));
    ++incident.alertCount;
    if (alert.status == AlertStatus::Firing) {
        ++incident.firingCount;
        incident.severity = qMin(incident.severity, severityToIncidentLevel(alertSeverity(alert)));
        incident.updatedMs = qMax(incident.updatedMs, alert.startsAtMs);
        m_waiting.remove(incident.id);
    } else {
        incident.updatedMs = qMax(incident.updatedMs, alert.endsAtMs);
        tracked.lastEndMs = qMax(tracked.lastEndMs, alert.endsAtMs);
        if (tracked.closed)
            incident.resolvedMs = qMax(incident.resolvedMs, alert.endsAtMs);
    }
    // An alert that started before the incident was detected moves detection back: that is when
    // monitoring first saw the problem, whatever delayed the notification.
    incident.detectedMs = qMin(incident.detectedMs, alert.startsAtMs);
    index(tracked, groupKeyOf(alert.labels));
    out.touch(incident);
}

qint64 Correlator::openIncident(const Alert& alert, Pending& out)
{
    LabelSet groupLabels;
    const QString groupKey = groupKeyOf(alert.labels, &groupLabels);
    Tracked tracked;
    Incident& incident = tracked.incident;
    incident.id = ++m_maxId;
    incident.title = incidentTitle(alert, groupLabels);
    incident.severity = severityToIncidentLevel(alertSeverity(alert));
    incident.groupKey = groupKey;
    incident.groupLabels = groupLabels;
    incident.detectedMs = alert.startsAtMs;
    incident.updatedMs = alert.startsAtMs;

    Event event;
    event.incidentId = incident.id;
    event.timeMs = alert.startsAtMs;
    event.source = alert.source;
    event.kind = QString::fromLatin1(EventKind::IncidentOpened);
    event.severity = alertSeverity(alert);
    event.title = QStringLiteral("Incident #%1 opened: %2").arg(incident.id).arg(incident.title);
    event.body = compact({
        { QStringLiteral("groupKey"), groupKey },
        { QStringLiteral("groupLabels"), toJson(groupLabels) },
        { QStringLiteral("severity"), sevName(incident.severity) },
        { QStringLiteral("fingerprint"), alert.fingerprint },
    });
    event.actor = Actor;
    out.batch.events.append(event);

    const qint64 id = incident.id;
    Tracked& stored = m_incidents.emplace(id, std::move(tracked)).first->second;
    index(stored, groupKey);
    return id;
}

// A notification that belongs to an incident correlation had already resolved, and still fires:
// the incident was not over, so it is open again.
void Correlator::reopen(Tracked& tracked, const Alert& cause, qint64 nowMs, Pending& out)
{
    Incident& incident = tracked.incident;
    const IncidentStatus from = incident.status;
    incident.status = IncidentStatus::Open;
    incident.resolvedMs = 0;
    tracked.closed = false;
    out.batch.events.append(statusEvent(incident, qMax(nowMs, cause.startsAtMs), cause.source, from,
        QStringLiteral("Incident #%1 reopened: %2 started before it resolved; its notification arrived late")
            .arg(incident.id)
            .arg(displayName(cause)),
        { { QStringLiteral("reason"), QStringLiteral("late alert") },
            { QStringLiteral("fingerprint"), cause.fingerprint }, { QStringLiteral("startsAt"), cause.startsAtMs } }));
    out.touch(incident);
}

void Correlator::resolveIncident(
    Tracked& tracked, qint64 eventTimeMs, const QString& source, qint64 nowMs, Pending& out)
{
    Incident& incident = tracked.incident;
    const IncidentStatus from = incident.status;
    incident.transitionTo(IncidentStatus::Resolved, quietSinceMs(tracked));
    const QString reason = m_settings.resolveAfterMs == 0
        ? QStringLiteral("all alerts resolved")
        : QStringLiteral("all alerts resolved for %1").arg(durationText(m_settings.resolveAfterMs));
    out.batch.events.append(statusEvent(incident, eventTimeMs, source, from,
        QStringLiteral("Incident #%1 resolved: %2").arg(incident.id).arg(reason),
        { { QStringLiteral("reason"), reason } }));
    out.touch(incident);
    tracked.closed = true;
    m_waiting.remove(incident.id);
    m_closedQueue.emplace_back(nowMs, incident.id);
}

void Correlator::index(Tracked& tracked, const QString& key)
{
    if (tracked.indexKeys.contains(key))
        return;
    tracked.indexKeys.insert(key);
    m_index[key].append(tracked.incident.id);
}

void Correlator::forgetIncident(qint64 id)
{
    const auto found = m_incidents.find(id);
    if (found == m_incidents.end())
        return;
    for (const QString& key : std::as_const(found->second.indexKeys)) {
        const auto ids = m_index.find(key);
        if (ids == m_index.end())
            continue;
        ids->removeAll(id);
        if (ids->isEmpty())
            m_index.erase(ids);
    }
    m_waiting.remove(id);
    m_incidents.erase(found);
}

qint64 Correlator::place(const Alert& alert) const
{
    const qint64 endMs = alert.status == AlertStatus::Resolved ? alert.endsAtMs : 0;
    for (const QString& key : m_matcher.keysFor(alert.labels)) {
        if (const qint64 id = pick(key, alert.startsAtMs, endMs); id != 0)
            return id;
    }
    return pick(groupKeyOf(alert.labels), alert.startsAtMs, endMs);
}

// The incident under `key` whose span the alert's [start, end] (end 0: still firing) overlaps.
// One whose span holds the alert's start wins over one it merely overlaps; then an active one
// over a resolved one; then the most recently detected.
qint64 Correlator::pick(const QString& key, qint64 startMs, qint64 endMs) const
{
    const auto ids = m_index.constFind(key);
    if (ids == m_index.constEnd())
        return 0;
    const qint64 alertEnd = endMs == 0 ? std::numeric_limits<qint64>::max() : endMs;
    const Tracked* best = nullptr;
    bool bestHoldsStart = false;
    for (const qint64 id : *ids) {
        const Tracked& tracked = m_incidents.at(id);
        const qint64 from = tracked.incident.detectedMs - m_settings.grouping.windowMs;
        if (startMs > spanEndMs(tracked) || alertEnd < from)
            continue;
        const bool holdsStart = startMs >= from;
        const auto rank = [](const Tracked& t, bool holds) {
            return std::tuple(holds, !t.closed, t.incident.detectedMs, t.incident.id);
        };
        if (!best || rank(tracked, holdsStart) > rank(*best, bestHoldsStart)) {
            best = &tracked;
            bestHoldsStart = holdsStart;
        }
    }
    return best ? best->incident.id : 0;
}

// The last alert start an incident still takes in: `window` after its last activity while
// something fires; once nothing fires, anything that started before resolve_after ran out (a
// re-fire within resolve_after keeps the incident, and a late one lands in it after it resolved).
qint64 Correlator::spanEndMs(const Tracked& tracked) const
{
    if (!tracked.closed && tracked.incident.firingCount > 0)
        return tracked.incident.updatedMs + m_settings.grouping.windowMs;
    return quietSinceMs(tracked) + m_settings.resolveAfterMs - 1;
}

qint64 Correlator::quietSinceMs(const Tracked& tracked) const
{
    return tracked.lastEndMs != 0 ? tracked.lastEndMs : tracked.incident.updatedMs;
}

void Correlator::flush(Pending& pending) const
{
    for (const qint64 id : std::as_const(pending.order)) {
        const auto found = m_incidents.find(id);
        pending.batch.incidents.append(found != m_incidents.end() ? found->second.incident : pending.last.value(id));
    }
}

// "region=eu,service=db": the configured labels in name order, a missing label counting as an
// empty value (as Alertmanager's group_by does). Backslashes and commas in values are escaped so
// that two different label sets can never produce the same key.
QString Correlator::groupKeyOf(const LabelSet& labels, LabelSet* groupLabels) const
{
    LabelSet selected;
    for (const QString& name : m_settings.grouping.groupBy)
        selected.insert(name, labels.value(name));
    QString key;
    for (auto it = selected.constBegin(); it != selected.constEnd(); ++it) {
        if (!key.isEmpty())
            key += QLatin1Char(',');
        QString value = it.value();
        value.replace(QLatin1Char('\\'), QLatin1String("\\\\")).replace(QLatin1Char(','), QLatin1String("\\,"));
        key += it.key() + QLatin1Char('=') + value;
    }
    if (groupLabels)
        *groupLabels = selected;
    return key;
}

} // namespace firebreak
