#pragma once

#include "alertinstance.h"

#include <QByteArray>
#include <QMap>
#include <QSet>
#include <QStringList>
#include <QVector>
#include <functional>

namespace firebreak {

// Plays Alertmanager between the sandbox's rules and the console: groups alerts by (alertname,
// service, region) and, whenever a group changes, sends the whole group as a webhook v4 body, so
// that alerts already delivered are delivered again, exactly as a real Alertmanager does.
// (group_wait and group_interval are left out: a group is sent at the evaluation that changed it.)
// Muted alerts (silenced, in Alertmanager's words) are left out of every body, firing or resolved,
// and a group whose only news is muted alerts is not sent; as in Alertmanager's dedup stage, an
// alert that started firing while muted is sent at the first evaluation after the mute ends.
class AlertNotifier {
public:
    // Whether the alert with these labels is muted at the evaluation time `atMs`.
    using MuteFilter = std::function<bool(const LabelSet& labels, qint64 atMs)>;

    explicit AlertNotifier(MuteFilter muted = {});
    static constexpr auto Receiver = "sandbox";
    static constexpr auto ExternalUrl = "http://sandbox.firebreak";
    static QStringList groupBy();
    // RFC 3339 in UTC with milliseconds; 0 gives Alertmanager's "no time", 0001-01-01T00:00:00Z.
    static QString formatTime(qint64 ms);

    // Takes the changes of one evaluation at `atMs` (see RuleEvaluator::evaluate) and returns one
    // body per group that has news for the receiver, in group-key order.
    QVector<QByteArray> notify(const QVector<AlertInstance>& changes, qint64 atMs = 0);
    int groupCount() const { return static_cast<int>(m_groups.size()); }

private:
    struct Group {
        LabelSet groupLabels;
        QMap<QString, AlertInstance> firing; // by fingerprint
        QSet<QString> notified; // the firing alerts of the last body sent (Alertmanager's notification log)
    };
    static QString groupKey(const LabelSet& groupLabels);
    static QByteArray body(const QString& key, const Group& group, const QMap<QString, AlertInstance>& alerts);
    bool isMuted(const AlertInstance& alert, qint64 atMs) const;

    MuteFilter m_muted;
    QMap<QString, Group> m_groups;
};

} // namespace firebreak
