// Correlator: restoring, operator changes, queries and forgetting.
#include "correlationevents.h"
#include "correlator.h"

#include <algorithm>

namespace firebreak {

using namespace CorrelationEvents;

void Correlator::restore(const QVector<Incident>& incidents, const QVector<Alert>& alerts, qint64 maxIncidentId)
{
    m_incidents.clear();
    m_index.clear();
    m_waiting.clear();
    m_alerts.clear();
    m_newestByFingerprint.clear();
    m_forgetQueue.clear();
    m_closedQueue.clear();
    m_matcher = RuleMatcher(m_settings.rules);
    m_maxId = maxIncidentId;

    QVector<const Incident*> closed;
    for (const Incident& incident : incidents) {
        m_maxId = qMax(m_maxId, incident.id);
        if (incident.status > IncidentStatus::Resolved)
            continue;
        Tracked tracked;
        tracked.incident = incident;
        tracked.closed = !incident.isActive();
        Tracked& stored = m_incidents.insert_or_assign(incident.id, std::move(tracked)).first->second;
        index(stored, incident.groupKey);
        if (stored.closed)
            closed.append(&incident);
    }
    // The receive time of restored rows is unknown; their end time is the closest stand-in.
    std::sort(closed.begin(), closed.end(),
        [](const Incident* a, const Incident* b) { return a->resolvedMs < b->resolvedMs; });
    for (const Incident* incident : std::as_const(closed))
        m_closedQueue.emplace_back(incident->resolvedMs, incident->id);

    QVector<const Alert*> resolved;
    for (const Alert& alert : alerts) {
        const QString key = alertKey(alert);
        m_alerts.insert(key, alert);
        const auto newest = m_alerts.constFind(m_newestByFingerprint.value(alert.fingerprint));
        if (newest == m_alerts.constEnd() || newest->startsAtMs < alert.startsAtMs)
            m_newestByFingerprint.insert(alert.fingerprint, key);
        m_matcher.record(key, alert); // a rule completed before the restart has its incident already
        if (alert.status == AlertStatus::Resolved)
            resolved.append(&alert);
        const auto tracked = m_incidents.find(alert.incidentId);
        if (tracked == m_incidents.end())
            continue;
        tracked->second.alertKeys.insert(key);
        index(tracked->second, groupKeyOf(alert.labels));
        if (alert.status == AlertStatus::Resolved)
            tracked->second.lastEndMs = qMax(tracked->second.lastEndMs, alert.endsAtMs);
    }
    std::sort(
        resolved.begin(), resolved.end(), [](const Alert* a, const Alert* b) { return a->endsAtMs < b->endsAtMs; });
    for (const Alert* alert : std::as_const(resolved))
        m_forgetQueue.emplace_back(alert->endsAtMs, alertKey(*alert));

    // An open incident with nothing firing was waiting for resolve_after when Firebreak stopped;
    // the wait is measured from its alerts' end, so it resolves at the same moment it would have.
    for (const auto& [id, tracked] : m_incidents) {
        if (!tracked.closed && tracked.incident.firingCount == 0)
            m_waiting.insert(id);
    }
}

// Deploys, cron runs and chaos carry their own labels; an event with none of the grouping labels
// set says nothing about which incident it belongs to, so it is not attached to the incident of
// alerts that happen to lack them too.
void Correlator::attach(Event& event, const LabelSet& labels) const
{
    LabelSet groupLabels;
    const QString key = groupKeyOf(labels, &groupLabels);
    const bool anySet
        = std::any_of(groupLabels.cbegin(), groupLabels.cend(), [](const QString& v) { return !v.isEmpty(); });
    if (!anySet)
        return;
    const Incident* best = nullptr;
    for (const qint64 id : m_index.value(key)) {
        const Tracked& tracked = m_incidents.at(id);
        if (tracked.closed)
            continue;
        if (!best || std::pair(best->updatedMs, best->id) < std::pair(tracked.incident.updatedMs, id))
            best = &tracked.incident;
    }
    if (best)
        event.incidentId = best->id;
}

void Correlator::updateIncident(const Incident& incident)
{
    const auto found = m_incidents.find(incident.id);
    if (found == m_incidents.end())
        return;
    Tracked& tracked = found->second;
    Incident merged = incident;
    merged.groupKey = tracked.incident.groupKey;
    merged.groupLabels = tracked.incident.groupLabels;
    merged.hypothesis = tracked.incident.hypothesis;
    merged.alertCount = tracked.incident.alertCount;
    merged.firingCount = tracked.incident.firingCount;
    merged.updatedMs = qMax(tracked.incident.updatedMs, incident.updatedMs);
    // Still what correlation last left it as (open and working, or resolved by correlation).
    if (merged.isActive() != tracked.closed && merged.status != IncidentStatus::Reviewed) {
        tracked.incident = merged;
        return;
    }
    // Closed by hand, or reviewed: later alerts of its group open a new incident, and its still-firing
    // alerts no longer move it.
    forgetIncident(incident.id);
}

void Correlator::noteTruncated(qint64 incidentId, int truncatedAlerts)
{
    const auto found = m_incidents.find(incidentId);
    if (found != m_incidents.end())
        found->second.incident.truncatedAlerts = qMax(found->second.incident.truncatedAlerts, truncatedAlerts);
}

QVector<Incident> Correlator::activeIncidents() const
{
    QVector<Incident> incidents;
    for (const auto& [id, tracked] : m_incidents) {
        if (!tracked.closed)
            incidents.append(tracked.incident);
    }
    std::sort(incidents.begin(), incidents.end(), [](const Incident& a, const Incident& b) { return a.id < b.id; });
    return incidents;
}

void Correlator::forgetExpired(qint64 nowMs)
{
    while (!m_forgetQueue.empty() && m_forgetQueue.front().first + ForgetResolvedAfterMs < nowMs) {
        const QString key = m_forgetQueue.front().second;
        m_forgetQueue.pop_front();
        const auto found = m_alerts.find(key);
        if (found == m_alerts.end() || found->status != AlertStatus::Resolved)
            continue;
        // Its incident is still being worked: keep it for as long as the incident lives.
        const auto incident = m_incidents.find(found->incidentId);
        if (incident != m_incidents.end() && !incident->second.closed) {
            m_forgetQueue.emplace_back(nowMs, key);
            continue;
        }
        if (m_newestByFingerprint.value(found->fingerprint) == key)
            m_newestByFingerprint.remove(found->fingerprint);
        m_matcher.forget(key, found->labels);
        m_alerts.erase(found);
    }
    while (!m_closedQueue.empty() && m_closedQueue.front().first + ForgetResolvedAfterMs < nowMs) {
        const qint64 id = m_closedQueue.front().second;
        m_closedQueue.pop_front();
        const auto found = m_incidents.find(id);
        if (found != m_incidents.end() && found->second.closed)
            forgetIncident(id);
    }
}

} // namespace firebreak
