#pragma once

#include "correlationsettings.h"
#include "rulematcher.h"
#include "store/writebatch.h"

#include <QHash>
#include <QSet>
#include <QVector>
#include <deque>
#include <unordered_map>
#include <utility>

namespace firebreak {

// Groups alerts into incidents: by labels within a time window, and by multi-signal rules that
// turn several co-firing symptoms into one incident stating a hypothesis. Pure engine state: no
// I/O and no clock; it turns alerts (and the passing of time, through tick()) into the incident
// upserts, alert upserts and timeline events that the store should write. Restored from the store
// after a restart.
//
// Where an alert goes: the incident whose time span holds it, looked up first under the rules the
// alert's labels satisfy, then under its plain group key. An incident's span runs from `window`
// before its detection to `window` after its last activity while something fires, and to
// `resolve_after` after its last alert ended once nothing fires (also after it resolved), so late
// and out-of-order notifications land in the incident they belong to, not in a new one.
//
// When a rule completes, its alerts move into one rule incident: the plain incidents they sat in
// are taken in (the rule incident gets all their alerts; each is resolved with an incident.status
// event naming the rule incident), or, when they all sat in one plain incident, that incident is
// converted in place and keeps its id, commander and timeline.
class Correlator {
public:
    // Plain grouping only, and an incident resolves as soon as its last alert resolves: the first
    // version's behaviour, for callers without a configuration file.
    explicit Correlator(CorrelationConfig config);
    explicit Correlator(CorrelationSettings settings);

    // Continue after what the store already holds: open incidents, their alerts, the highest id.
    // Incidents that correlation resolved may be passed too (with their alerts), so that late
    // notifications still find them; open incidents whose alerts have all resolved wait for
    // resolve_after again, measured from their alerts' end.
    void restore(const QVector<Incident>& incidents, const QVector<Alert>& alerts, qint64 maxIncidentId);

    // Adds everything these alerts change to `out`. Duplicates (same fingerprint + startsAt +
    // status) add nothing. `nowMs` is when they were received.
    void ingest(const QVector<Alert>& alerts, qint64 nowMs, WriteBatch& out);

    // Resolves every incident whose alerts have all been resolved for resolve_after by `nowMs`,
    // and forgets what is past retention. Time passes without input: call this regularly.
    void tick(qint64 nowMs, WriteBatch& out);

    // Attaches a non-alert event (deploy, cron, chaos) to the open incident whose group labels it
    // matches, if any; `labels` are the event's own labels (service, region...).
    void attach(Event& event, const LabelSet& labels) const;

    // Takes in what someone else changed on an active incident (an operator acknowledged,
    // mitigated or resolved it, renamed it, took command), so that later upserts from correlation
    // carry those changes instead of overwriting them. Alert counts stay correlation's own.
    void updateIncident(const Incident& incident);
    // Alertmanager left `truncatedAlerts` alerts out of a notification about this incident; later
    // upserts keep the largest count seen. Only that field changes.
    void noteTruncated(qint64 incidentId, int truncatedAlerts);

    const CorrelationConfig& config() const { return m_settings.grouping; }
    const CorrelationSettings& settings() const { return m_settings; }
    QVector<Incident> activeIncidents() const;
    // When tick() will next resolve something (an alert time, UTC ms); 0 when nothing waits.
    qint64 nextResolutionMs() const;
    int duplicatesDropped() const { return m_duplicates; }

    // A resolved alert is remembered this long (by the `nowMs` of ingest) after it resolved, so that
    // retried or HA-duplicated notifications of it are still recognised; then it is forgotten. An
    // incident correlation resolved is remembered as long, for notifications that arrive late.
    static constexpr qint64 ForgetResolvedAfterMs = 24LL * 60 * 60 * 1000;

private:
    struct Pending;
    struct Tracked {
        Incident incident;
        qint64 lastEndMs = 0; // latest endsAt among its resolved alerts
        QSet<QString> alertKeys;
        QSet<QString> indexKeys; // its own group key and the plain group keys of its alerts
        bool closed = false; // resolved by correlation; kept for late notifications
    };

    void ingestFiring(Alert alert, qint64 nowMs, const QSet<QString>& resolvedInBatch, Pending& out);
    void ingestResolved(Alert alert, qint64 nowMs, bool superseded, Pending& out);
    void resolveStored(Alert& stored, const Alert& notification, qint64 endsAtMs, qint64 nowMs, Pending& out);
    void applyMatch(const RuleMatcher::Match& match, const QString& freshKey, Pending& out);
    void absorb(qint64 fromId, Tracked& into, const CorrelationRule& rule, qint64 atMs, Pending& out);
    qint64 openIncident(const Alert& alert, Pending& out);
    qint64 openRuleIncident(const RuleMatcher::Match& match, const QStringList& members, Pending& out);
    void join(Tracked& tracked, Alert& alert, Pending& out);
    void reopen(Tracked& tracked, const Alert& cause, qint64 nowMs, Pending& out);
    void resolveIncident(Tracked& tracked, qint64 eventTimeMs, const QString& source, qint64 nowMs, Pending& out);
    void forgetIncident(qint64 id);
    void index(Tracked& tracked, const QString& key);
    qint64 place(const Alert& alert) const;
    qint64 pick(const QString& key, qint64 startMs, qint64 endMs) const;
    qint64 spanEndMs(const Tracked& tracked) const;
    qint64 quietSinceMs(const Tracked& tracked) const;
    QString groupKeyOf(const LabelSet& labels, LabelSet* groupLabels = nullptr) const;
    void flush(Pending& pending) const;
    void forgetExpired(qint64 nowMs);

    CorrelationSettings m_settings;
    RuleMatcher m_matcher;
    int m_duplicates = 0;
    qint64 m_maxId = 0;
    // Active and correlation-resolved incidents. A std::unordered_map because its references stay
    // valid while other entries are added and erased, which absorbing an incident relies on.
    std::unordered_map<qint64, Tracked> m_incidents;
    QHash<QString, QVector<qint64>> m_index; // group or rule key -> incidents found under it
    QSet<qint64> m_waiting; // active incidents with nothing firing, waiting for resolve_after
    QHash<QString, Alert> m_alerts; // "fingerprint@startsAt" -> latest known state of that alert
    QHash<QString, QString> m_newestByFingerprint; // fingerprint -> key of its newest known instance
    std::deque<std::pair<qint64, QString>> m_forgetQueue; // (resolved at nowMs, alert key)
    std::deque<std::pair<qint64, qint64>> m_closedQueue; // (resolved at nowMs, incident id)
};

} // namespace firebreak
