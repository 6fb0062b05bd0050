#pragma once

#include "correlationconfig.h"
#include "store/writebatch.h"

#include <QHash>
#include <QSet>
#include <QVector>
#include <deque>
#include <utility>

namespace firebreak {

// Groups alerts into incidents (first version: by labels within a time window). Pure engine state:
// no I/O and no clock; it turns alerts into the incident upserts, alert upserts and timeline
// events that the store should write. Restored from the store after a restart.
class Correlator {
public:
    explicit Correlator(CorrelationConfig config);

    // Continue after what the store already holds: open incidents, their alerts, the highest id.
    void restore(const QVector<Incident>& incidents, const QVector<Alert>& alerts, qint64 maxIncidentId);

    // Adds everything these alerts change to `out`. Duplicates (same fingerprint + startsAt +
    // status) add nothing. `nowMs` is when they were received.
    void ingest(const QVector<Alert>& alerts, qint64 nowMs, WriteBatch& out);

    // Attaches a non-alert event (deploy, cron, chaos) to the open incident whose group labels it
    // matches, if any; `labels` are the event's own labels (service, region...).
    void attach(Event& event, const LabelSet& labels) const;

    // Takes in what someone else changed on an active incident (an operator acknowledged,
    // mitigated or resolved it, renamed it, took command), so that later upserts from correlation
    // carry those changes instead of overwriting them. Alert counts stay correlation's own.
    void updateIncident(const Incident& incident);

    const CorrelationConfig& config() const { return m_config; }
    QVector<Incident> activeIncidents() const;
    int duplicatesDropped() const { return m_duplicates; }

    // A resolved alert is remembered this long (by the `nowMs` of ingest) after it resolved, so that
    // retried or HA-duplicated notifications of it are still recognised; then it is forgotten.
    static constexpr qint64 ForgetResolvedAfterMs = 24LL * 60 * 60 * 1000;

private:
    struct Pending;

    void ingestFiring(Alert alert, qint64 nowMs, Pending& out);
    void ingestResolved(Alert alert, qint64 nowMs, Pending& out);
    void resolveStored(Alert& stored, const Alert& notification, qint64 endsAtMs, qint64 nowMs, Pending& out);
    qint64 openIncident(const Alert& alert, const QString& groupKey, const LabelSet& groupLabels, Pending& out);
    qint64 activeIncidentFor(const QString& groupKey) const;
    QString groupKeyOf(const LabelSet& labels, LabelSet* groupLabels = nullptr) const;
    void forgetExpired(qint64 nowMs);

    CorrelationConfig m_config;
    int m_duplicates = 0;
    qint64 m_maxId = 0;
    QHash<qint64, Incident> m_active; // incidents still open, acknowledged or mitigated
    QHash<qint64, qint64> m_lastEndMs; // per active incident: latest endsAt among its resolved alerts
    QHash<QString, qint64> m_groups; // group key -> newest active incident with that key
    QHash<QString, Alert> m_alerts; // "fingerprint@startsAt" -> latest known state of that alert
    QHash<QString, QString> m_newestByFingerprint; // fingerprint -> key of its newest known instance
    std::deque<std::pair<qint64, QString>> m_forgetQueue; // (resolved at nowMs, alert key)
};

} // namespace firebreak
