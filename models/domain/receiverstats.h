#pragma once

#include <QMap>
#include <QMetaType>
#include <QString>

namespace firebreak {

// What the webhook receiver has refused or set aside, for the console's loss banner. Senders never
// retry a 4xx, so a refused delivery is an alert nobody will see unless the console says so.
struct ReceiverStats {
    QMap<QString, quint64> rejectedByReason; // "unauthorized", "too_large", "malformed", "quarantined", ...
    quint64 accepted = 0; // deliveries answered 2xx after their rows were committed
    QString lastReason; // of the latest refusal or quarantine; empty if none yet
    QString lastMessage;
    qint64 lastRejectionMs = 0; // UTC ms
    // Alerts answered and stored in the inbox but not yet correlated onto the timeline, and how
    // long the oldest of them has waited (0 when none): during a storm the timeline trails.
    qint64 waitingAlerts = 0;
    qint64 waitingForMs = 0;

    quint64 rejected(const QString& reason) const { return rejectedByReason.value(reason); }
    bool operator==(const ReceiverStats&) const = default;
};

} // namespace firebreak

Q_DECLARE_METATYPE(firebreak::ReceiverStats)
