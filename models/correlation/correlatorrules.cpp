// Correlator: what happens when a multi-signal rule completes.
#include "correlationevents.h"
#include "correlator.h"
#include "correlatorpending.h"

#include <QJsonArray>

namespace firebreak {

using namespace CorrelationEvents;

// The rule's alerts (the set that completed it and every other of its alerts still firing) go to
// one incident: the rule's active incident for these label values if there is one; else the one
// plain incident they all sit in, converted; else a new rule incident. The plain incidents they
// sat in are taken in whole. Alerts already in another rule's incident, or in an incident that is
// over, stay where they are: a rule never rewrites history or another rule's conclusion.
void Correlator::applyMatch(const RuleMatcher::Match& match, const QString& freshKey, Pending& out)
{
    const CorrelationRule& rule = m_settings.rules.at(match.rule);
    QStringList members;
    for (const QVector<RuleMatcher::Hit>* hits : { &match.chosen, &match.firing }) {
        for (const RuleMatcher::Hit& hit : *hits) {
            if (!members.contains(hit.alertKey) && m_alerts.contains(hit.alertKey))
                members.append(hit.alertKey);
        }
    }

    qint64 target = 0;
    for (const qint64 id : m_index.value(match.key)) {
        const Tracked& tracked = m_incidents.at(id);
        if (!tracked.closed
            && (target == 0 || m_incidents.at(target).incident.detectedMs < tracked.incident.detectedMs))
            target = id;
    }
    QVector<qint64> sources;
    QStringList loose;
    for (const QString& key : std::as_const(members)) {
        const Alert alert = m_alerts.value(key);
        qint64 id = alert.incidentId;
        if (id == 0) {
            // Not in an incident yet (the alert that completed the rule): the incident of its group
            // that it would have joined is taken in as well.
            loose.append(key);
            id = pick(
                groupKeyOf(alert.labels), alert.startsAtMs, alert.status == AlertStatus::Resolved ? alert.endsAtMs : 0);
        }
        const auto found = m_incidents.find(id);
        if (id == target || found == m_incidents.end() || found->second.closed
            || !RuleMatcher::ruleNameOf(found->second.incident.groupKey).isEmpty())
            continue;
        if (!sources.contains(id))
            sources.append(id);
    }
    if (sources.isEmpty() && loose.isEmpty())
        return;

    bool opened = false;
    bool converted = false;
    if (target == 0 && sources.size() == 1) {
        target = sources.takeFirst();
        converted = true;
        Tracked& tracked = m_incidents.at(target);
        tracked.incident.groupKey = match.key;
        tracked.incident.groupLabels = match.shared;
        tracked.incident.hypothesis = rule.hypothesis;
        tracked.incident.title = ruleIncidentTitle(rule.hypothesis, match.shared);
        index(tracked, match.key);
        out.touch(tracked.incident);
    } else if (target == 0) {
        target = openRuleIncident(match, members, out);
        opened = true;
    }
    Tracked& into = m_incidents.at(target);
    for (const qint64 id : std::as_const(sources))
        absorb(id, into, rule, match.atMs, out);
    for (const QString& key : std::as_const(loose)) {
        Alert alert = m_alerts.value(key);
        join(into, alert, out);
        m_alerts.insert(key, alert);
        if (key != freshKey)
            out.batch.alerts.append(alert);
    }
    if (!opened && !converted && sources.isEmpty())
        return;

    QStringList signalNames;
    QJsonArray signalList;
    Severity worst = Severity::Info;
    for (int i = 0; i < match.chosen.size(); ++i) {
        const Alert alert = m_alerts.value(match.chosen.at(i).alertKey);
        signalNames.append(rule.signals.at(i).describe());
        worst = qMax(worst, alertSeverity(alert));
        signalList.append(QJsonObject { { QStringLiteral("signal"), rule.signals.at(i).describe() },
            { QStringLiteral("fingerprint"), alert.fingerprint }, { QStringLiteral("startsAt"), alert.startsAtMs } });
    }
    QString title
        = QStringLiteral("correlation: rule %1 matched: %2").arg(rule.name, signalNames.join(QStringLiteral(" + ")));
    if (const QString where = labelText(match.shared); !where.isEmpty())
        title += QStringLiteral(" in ") + where;
    title += QStringLiteral(" within ") + durationText(rule.withinMs);
    QJsonArray tookIn;
    QStringList tookInText;
    for (const qint64 id : std::as_const(sources)) {
        tookIn.append(id);
        tookInText.append(QStringLiteral("#%1").arg(id));
    }
    if (converted)
        title += QStringLiteral("; incident #%1 now states \"%2\"").arg(target).arg(rule.hypothesis);
    if (!tookInText.isEmpty())
        title += QStringLiteral("; took in ") + tookInText.join(QStringLiteral(", "));

    Event event;
    event.incidentId = target;
    event.timeMs = match.atMs;
    event.source = m_alerts.value(freshKey).source;
    event.kind = QString::fromLatin1(EventKind::IncidentCorrelated);
    event.severity = worst;
    event.title = title;
    event.body = compact({
        { QStringLiteral("rule"), rule.name },
        { QStringLiteral("hypothesis"), rule.hypothesis },
        { QStringLiteral("equal"), toJson(match.shared) },
        { QStringLiteral("withinMs"), rule.withinMs },
        { QStringLiteral("signals"), signalList },
        { QStringLiteral("tookIn"), tookIn },
        { QStringLiteral("converted"), converted },
    });
    event.actor = Actor;
    out.batch.events.append(event);
}

// `into` gets every alert of the incident `fromId`, its commander if it has none, and its
// acknowledgement; the taken-in incident is resolved with an event pointing at `into`, and
// correlation forgets it, so that its group's later alerts go to `into` too.
void Correlator::absorb(qint64 fromId, Tracked& into, const CorrelationRule& rule, qint64 atMs, Pending& out)
{
    Tracked& from = m_incidents.at(fromId);
    for (const QString& key : std::as_const(from.alertKeys)) {
        const auto stored = m_alerts.find(key);
        if (stored == m_alerts.end() || stored->incidentId != fromId)
            continue;
        Alert moved = *stored;
        join(into, moved, out);
        *stored = moved;
        out.batch.alerts.append(moved);
    }
    Incident& target = into.incident;
    target.severity = qMin(target.severity, from.incident.severity);
    target.detectedMs = qMin(target.detectedMs, from.incident.detectedMs);
    if (target.commander.isEmpty())
        target.commander = from.incident.commander;
    if (from.incident.status >= IncidentStatus::Acknowledged && target.status == IncidentStatus::Open)
        target.transitionTo(IncidentStatus::Acknowledged, from.incident.acknowledgedMs);
    out.touch(target);

    Incident& absorbed = from.incident;
    const IncidentStatus was = absorbed.status;
    absorbed.transitionTo(IncidentStatus::Resolved, atMs);
    absorbed.alertCount = 0;
    absorbed.firingCount = 0;
    out.batch.events.append(statusEvent(absorbed, atMs, Actor, was,
        QStringLiteral("Incident #%1 merged into #%2: %3 (rule %4)")
            .arg(absorbed.id)
            .arg(target.id)
            .arg(rule.hypothesis, rule.name),
        { { QStringLiteral("reason"), QStringLiteral("merged") }, { QStringLiteral("mergedInto"), target.id },
            { QStringLiteral("rule"), rule.name } }));
    out.touch(absorbed);
    forgetIncident(fromId);
}

qint64 Correlator::openRuleIncident(const RuleMatcher::Match& match, const QStringList& members, Pending& out)
{
    const CorrelationRule& rule = m_settings.rules.at(match.rule);
    Severity worst = Severity::Info;
    QString source;
    for (const QString& key : members) {
        const Alert alert = m_alerts.value(key);
        worst = qMax(worst, alertSeverity(alert));
        if (source.isEmpty())
            source = alert.source;
    }
    Tracked tracked;
    Incident& incident = tracked.incident;
    incident.id = ++m_maxId;
    incident.title = ruleIncidentTitle(rule.hypothesis, match.shared);
    incident.hypothesis = rule.hypothesis;
    incident.severity = severityToIncidentLevel(worst);
    incident.groupKey = match.key;
    incident.groupLabels = match.shared;
    incident.detectedMs = match.atMs;
    incident.updatedMs = match.atMs;

    Event event;
    event.incidentId = incident.id;
    event.timeMs = match.atMs;
    event.source = source;
    event.kind = QString::fromLatin1(EventKind::IncidentOpened);
    event.severity = worst;
    event.title = QStringLiteral("Incident #%1 opened: %2").arg(incident.id).arg(incident.title);
    event.body = compact({
        { QStringLiteral("groupKey"), match.key },
        { QStringLiteral("groupLabels"), toJson(match.shared) },
        { QStringLiteral("severity"), sevName(incident.severity) },
        { QStringLiteral("rule"), rule.name },
        { QStringLiteral("hypothesis"), rule.hypothesis },
    });
    event.actor = Actor;
    out.batch.events.append(event);

    const qint64 id = incident.id;
    Tracked& stored = m_incidents.emplace(id, std::move(tracked)).first->second;
    index(stored, match.key);
    return id;
}

} // namespace firebreak
