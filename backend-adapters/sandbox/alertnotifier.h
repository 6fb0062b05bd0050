#pragma once

#include "alertinstance.h"

#include <QByteArray>
#include <QMap>
#include <QStringList>
#include <QVector>

namespace firebreak {

// Plays Alertmanager between the sandbox's rules and the console: groups alerts by (alertname,
// service, region) and, whenever a group changes, sends the whole group as a webhook v4 body, so
// that alerts already delivered are delivered again, exactly as a real Alertmanager does.
// (group_wait and group_interval are left out: a group is sent at the evaluation that changed it.)
class AlertNotifier {
public:
    static constexpr auto Receiver = "sandbox";
    static constexpr auto ExternalUrl = "http://sandbox.firebreak";
    static QStringList groupBy();
    // RFC 3339 in UTC with milliseconds; 0 gives Alertmanager's "no time", 0001-01-01T00:00:00Z.
    static QString formatTime(qint64 ms);

    // Takes the changes of one evaluation (see RuleEvaluator::evaluate) and returns one body per
    // group that changed, in group-key order.
    QVector<QByteArray> notify(const QVector<AlertInstance>& changes);
    int groupCount() const { return static_cast<int>(m_groups.size()); }

private:
    struct Group {
        LabelSet groupLabels;
        QMap<QString, AlertInstance> firing; // by fingerprint
    };
    static QString groupKey(const LabelSet& groupLabels);
    static QByteArray body(const QString& key, const Group& group, const QMap<QString, AlertInstance>& alerts);

    QMap<QString, Group> m_groups;
};

} // namespace firebreak
