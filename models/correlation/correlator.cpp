#include "correlator.h"

#include "domain/severity.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>

namespace firebreak {

// What one ingest() call has changed so far. Incidents are collected by id so that each appears
// once in the batch, with its final state, in the order it was first touched.
struct Correlator::Pending {
    WriteBatch& batch;
    QVector<qint64> order;
    QHash<qint64, Incident> incidents;

    void touch(const Incident& incident)
    {
        if (!incidents.contains(incident.id))
            order.append(incident.id);
        incidents.insert(incident.id, incident);
    }
};

namespace {

const QString Summary = QStringLiteral("summary");
const QString Actor = QStringLiteral("correlator");

QString alertKey(const QString& fingerprint, qint64 startsAtMs)
{
    return fingerprint + QLatin1Char('@') + QString::number(startsAtMs);
}

QString alertKey(const Alert& alert)
{
    return alertKey(alert.fingerprint, alert.startsAtMs);
}

Severity alertSeverity(const Alert& alert)
{
    return severityFromLabel(alert.labels.value(QStringLiteral("severity")));
}

QString displayName(const Alert& alert)
{
    const QString name = alert.name();
    return name.isEmpty() ? QStringLiteral("alert %1").arg(alert.fingerprint) : name;
}

QJsonObject toJson(const LabelSet& labels)
{
    QJsonObject object;
    for (auto it = labels.constBegin(); it != labels.constEnd(); ++it)
        object.insert(it.key(), it.value());
    return object;
}

QByteArray compact(const QJsonObject& object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// Alert bodies are written directly rather than through QJsonObject, which costs most of the
// correlation time at ingest rates (every insert re-sorts a CBOR container).
void appendJsonString(QByteArray& out, const QString& text)
{
    static constexpr char Hex[] = "0123456789abcdef";
    out += '"';
    const QByteArray utf8 = text.toUtf8();
    for (const char ch : utf8) {
        const auto byte = static_cast<unsigned char>(ch);
        if (byte == '"' || byte == '\\') {
            out += '\\';
            out += ch;
        } else if (byte < 0x20) {
            out += "\\u00";
            out += Hex[byte >> 4];
            out += Hex[byte & 0xF];
        } else {
            out += ch;
        }
    }
    out += '"';
}

void appendJsonObject(QByteArray& out, const LabelSet& labels)
{
    out += '{';
    for (auto it = labels.constBegin(); it != labels.constEnd(); ++it) {
        if (it != labels.constBegin())
            out += ',';
        appendJsonString(out, it.key());
        out += ':';
        appendJsonString(out, it.value());
    }
    out += '}';
}

QByteArray alertBody(const Alert& alert)
{
    QByteArray out;
    out.reserve(512);
    out += "{\"fingerprint\":";
    appendJsonString(out, alert.fingerprint);
    out += ",\"status\":";
    appendJsonString(out, alertStatusName(alert.status));
    out += ",\"startsAt\":" + QByteArray::number(alert.startsAtMs);
    out += ",\"endsAt\":" + QByteArray::number(alert.endsAtMs);
    out += ",\"labels\":";
    appendJsonObject(out, alert.labels);
    out += ",\"annotations\":";
    appendJsonObject(out, alert.annotations);
    out += ",\"generatorURL\":";
    appendJsonString(out, alert.generatorUrl);
    out += '}';
    return out;
}

Event alertFiringEvent(const Alert& alert)
{
    const QString summary = alert.annotations.value(Summary);
    QString title = displayName(alert) + QStringLiteral(" firing");
    if (!summary.isEmpty())
        title += QStringLiteral(": ") + summary;
    else if (const QString instance = alert.labels.value(QStringLiteral("instance")); !instance.isEmpty())
        title += QStringLiteral(" on ") + instance;
    Event event;
    event.incidentId = alert.incidentId;
    event.timeMs = alert.startsAtMs;
    event.source = alert.source;
    event.kind = QString::fromLatin1(EventKind::AlertFiring);
    event.severity = alertSeverity(alert);
    event.title = title;
    event.body = alertBody(alert);
    event.actor = alert.source;
    return event;
}

Event alertResolvedEvent(const Alert& alert, const QString& source, bool superseded)
{
    Event event;
    event.incidentId = alert.incidentId;
    event.timeMs = alert.endsAtMs;
    event.source = source;
    event.kind = QString::fromLatin1(EventKind::AlertResolved);
    event.severity = Severity::Info;
    event.title = displayName(alert) + QStringLiteral(" resolved");
    if (superseded)
        event.title += QStringLiteral(" (fired again)");
    event.body = alertBody(alert);
    event.actor = source;
    return event;
}

QString incidentTitle(const Alert& alert, const LabelSet& groupLabels)
{
    QString summary = alert.annotations.value(Summary).trimmed();
    if (!summary.isEmpty())
        return summary;
    QStringList parts;
    for (auto it = groupLabels.constBegin(); it != groupLabels.constEnd(); ++it) {
        if (!it.value().isEmpty())
            parts.append(it.key() + QLatin1Char('=') + it.value());
    }
    const QString name = displayName(alert);
    return parts.isEmpty() ? name : name + QStringLiteral(" (") + parts.join(QStringLiteral(", ")) + QLatin1Char(')');
}

QString sevName(int level)
{
    return QStringLiteral("SEV%1").arg(level);
}

} // namespace

Correlator::Correlator(CorrelationConfig config)
    : m_config(std::move(config))
{
}

void Correlator::restore(const QVector<Incident>& incidents, const QVector<Alert>& alerts, qint64 maxIncidentId)
{
    m_active.clear();
    m_lastEndMs.clear();
    m_groups.clear();
    m_alerts.clear();
    m_newestByFingerprint.clear();
    m_forgetQueue.clear();
    m_maxId = maxIncidentId;

    for (const Incident& incident : incidents) {
        m_maxId = qMax(m_maxId, incident.id);
        if (!incident.isActive())
            continue;
        m_active.insert(incident.id, incident);
        const qint64 holder = m_groups.value(incident.groupKey);
        const auto current = m_active.constFind(holder);
        if (current == m_active.constEnd() || current->updatedMs < incident.updatedMs
            || (current->updatedMs == incident.updatedMs && current->id < incident.id))
            m_groups.insert(incident.groupKey, incident.id);
    }

    QVector<const Alert*> resolved;
    for (const Alert& alert : alerts) {
        const QString key = alertKey(alert);
        m_alerts.insert(key, alert);
        const auto newest = m_alerts.constFind(m_newestByFingerprint.value(alert.fingerprint));
        if (newest == m_alerts.constEnd() || newest->startsAtMs < alert.startsAtMs)
            m_newestByFingerprint.insert(alert.fingerprint, key);
        if (alert.status == AlertStatus::Resolved) {
            resolved.append(&alert);
            if (m_active.contains(alert.incidentId))
                m_lastEndMs[alert.incidentId] = qMax(m_lastEndMs.value(alert.incidentId), alert.endsAtMs);
        }
    }
    // The receive time of restored alerts is unknown; their end time is the closest stand-in.
    std::sort(
        resolved.begin(), resolved.end(), [](const Alert* a, const Alert* b) { return a->endsAtMs < b->endsAtMs; });
    for (const Alert* alert : resolved)
        m_forgetQueue.emplace_back(alert->endsAtMs, alertKey(*alert));
}

void Correlator::ingest(const QVector<Alert>& alerts, qint64 nowMs, WriteBatch& out)
{
    forgetExpired(nowMs);
    Pending pending { out, {}, {} };
    // Firing before resolved: a notification that both adds an alert to a group and resolves the
    // group's last other alert keeps the group as one incident instead of closing and reopening it.
    for (const Alert& alert : alerts) {
        if (alert.status == AlertStatus::Firing)
            ingestFiring(alert, nowMs, pending);
    }
    for (const Alert& alert : alerts) {
        if (alert.status == AlertStatus::Resolved)
            ingestResolved(alert, nowMs, pending);
    }
    for (qint64 id : std::as_const(pending.order))
        out.incidents.append(pending.incidents.value(id));
}

void Correlator::ingestFiring(Alert alert, qint64 nowMs, Pending& out)
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
        // A late notification about an earlier instance of an alert that has since fired again.
        if (newest->startsAtMs > alert.startsAtMs) {
            ++m_duplicates;
            return;
        }
        // The same alert fired again while we still had it firing: its resolved notification was
        // lost. The old instance ended when the new one began.
        if (newest->status == AlertStatus::Firing)
            resolveStored(*newest, alert, alert.startsAtMs, nowMs, out);
    }

    LabelSet groupLabels;
    const QString groupKey = groupKeyOf(alert.labels, &groupLabels);
    qint64 incidentId = activeIncidentFor(groupKey);
    if (incidentId != 0 && alert.startsAtMs > m_active.constFind(incidentId)->updatedMs + m_config.windowMs)
        incidentId = 0;
    const bool opened = incidentId == 0;
    if (opened)
        incidentId = openIncident(alert, groupKey, groupLabels, out);

    Incident& incident = m_active[incidentId];
    alert.incidentId = incidentId;
    alert.status = AlertStatus::Firing;
    ++incident.alertCount;
    ++incident.firingCount;
    incident.severity = qMin(incident.severity, severityToIncidentLevel(alertSeverity(alert)));
    incident.updatedMs = qMax(incident.updatedMs, alert.startsAtMs);

    m_alerts.insert(key, alert);
    m_newestByFingerprint.insert(alert.fingerprint, key);
    out.batch.alerts.append(alert);
    out.batch.events.append(alertFiringEvent(alert));
    out.touch(incident);
}

// A resolved notification for an alert never seen firing (Firebreak was down while it fired, or
// the firing delivery was lost) is recorded, with its timeline event, because that is history the
// review needs. It joins the active incident of its group if there is one; otherwise it stays
// without an incident: opening an incident that is already over would only give the commander a
// row with nothing to command and a meaningless time to resolve.
void Correlator::ingestResolved(Alert alert, qint64 nowMs, Pending& out)
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
    alert.incidentId = activeIncidentFor(groupKeyOf(alert.labels));
    if (alert.incidentId != 0) {
        Incident& incident = m_active[alert.incidentId];
        ++incident.alertCount;
        incident.updatedMs = qMax(incident.updatedMs, endsAtMs);
        m_lastEndMs[incident.id] = qMax(m_lastEndMs.value(incident.id), endsAtMs);
        out.touch(incident);
    }
    m_alerts.insert(key, alert);
    const auto newest = m_alerts.constFind(m_newestByFingerprint.value(alert.fingerprint));
    if (newest == m_alerts.constEnd() || newest->startsAtMs < alert.startsAtMs)
        m_newestByFingerprint.insert(alert.fingerprint, key);
    m_forgetQueue.emplace_back(nowMs, key);
    out.batch.alerts.append(alert);
    out.batch.events.append(alertResolvedEvent(alert, alert.source, false));
}

// `notification` is what ended it: its resolved notification, or (when that was lost) the firing
// notification of the alert's next instance.
void Correlator::resolveStored(Alert& stored, const Alert& notification, qint64 endsAtMs, qint64 nowMs, Pending& out)
{
    const bool superseded = notification.status == AlertStatus::Firing;
    stored.status = AlertStatus::Resolved;
    stored.endsAtMs = endsAtMs;
    m_forgetQueue.emplace_back(nowMs, alertKey(stored));
    out.batch.alerts.append(stored);
    out.batch.events.append(alertResolvedEvent(stored, notification.source, superseded));

    const auto found = m_active.find(stored.incidentId);
    if (found == m_active.end())
        return;
    Incident& incident = *found;
    incident.firingCount = qMax(0, incident.firingCount - 1);
    incident.updatedMs = qMax(incident.updatedMs, endsAtMs);
    const qint64 lastEndMs = qMax(m_lastEndMs.value(incident.id), endsAtMs);
    m_lastEndMs[incident.id] = lastEndMs;
    if (incident.firingCount > 0) {
        out.touch(incident);
        return;
    }

    const IncidentStatus from = incident.status;
    incident.transitionTo(IncidentStatus::Resolved, lastEndMs);
    Event event;
    event.incidentId = incident.id;
    event.timeMs = incident.resolvedMs;
    event.source = notification.source;
    event.kind = QString::fromLatin1(EventKind::IncidentStatus);
    event.severity = Severity::Info;
    event.title = QStringLiteral("Incident #%1 resolved: all alerts resolved").arg(incident.id);
    event.body = compact({
        { QStringLiteral("from"), incidentStatusName(from) },
        { QStringLiteral("to"), incidentStatusName(incident.status) },
        { QStringLiteral("reason"), QStringLiteral("all alerts resolved") },
    });
    event.actor = Actor;
    out.batch.events.append(event);
    out.touch(incident);

    if (m_groups.value(incident.groupKey) == incident.id)
        m_groups.remove(incident.groupKey);
    m_lastEndMs.remove(incident.id);
    m_active.erase(found);
}

qint64 Correlator::openIncident(const Alert& alert, const QString& groupKey, const LabelSet& groupLabels, Pending& out)
{
    Incident incident;
    incident.id = ++m_maxId;
    incident.title = incidentTitle(alert, groupLabels);
    incident.severity = severityToIncidentLevel(alertSeverity(alert));
    incident.groupKey = groupKey;
    incident.groupLabels = groupLabels;
    incident.detectedMs = alert.startsAtMs;
    incident.updatedMs = alert.startsAtMs;
    m_active.insert(incident.id, incident);
    m_groups.insert(groupKey, incident.id);

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
    return incident.id;
}

qint64 Correlator::activeIncidentFor(const QString& groupKey) const
{
    const qint64 id = m_groups.value(groupKey);
    return m_active.contains(id) ? id : 0;
}

// "region=eu,service=db": the configured labels in name order, a missing label counting as an
// empty value (as Alertmanager's group_by does). Backslashes and commas in values are escaped so
// that two different label sets can never produce the same key.
QString Correlator::groupKeyOf(const LabelSet& labels, LabelSet* groupLabels) const
{
    LabelSet selected;
    for (const QString& name : m_config.groupBy)
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
    if (const qint64 id = activeIncidentFor(key); id != 0)
        event.incidentId = id;
}

void Correlator::updateIncident(const Incident& incident)
{
    const auto found = m_active.find(incident.id);
    if (found == m_active.end())
        return;
    Incident merged = incident;
    merged.groupKey = found->groupKey;
    merged.groupLabels = found->groupLabels;
    merged.alertCount = found->alertCount;
    merged.firingCount = found->firingCount;
    merged.updatedMs = qMax(found->updatedMs, incident.updatedMs);
    if (merged.isActive()) {
        *found = merged;
        return;
    }
    // Closed by hand: later alerts of its group open a new incident, and its still-firing alerts
    // no longer move it.
    if (m_groups.value(merged.groupKey) == merged.id)
        m_groups.remove(merged.groupKey);
    m_lastEndMs.remove(merged.id);
    m_active.erase(found);
}

QVector<Incident> Correlator::activeIncidents() const
{
    QVector<Incident> incidents;
    incidents.reserve(m_active.size());
    for (const Incident& incident : m_active)
        incidents.append(incident);
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
        if (m_active.contains(found->incidentId)) {
            m_forgetQueue.emplace_back(nowMs, key);
            continue;
        }
        if (m_newestByFingerprint.value(found->fingerprint) == key)
            m_newestByFingerprint.remove(found->fingerprint);
        m_alerts.erase(found);
    }
}

} // namespace firebreak
