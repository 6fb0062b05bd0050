#pragma once

#include <QByteArray>
#include <QMetaType>
#include <QString>

namespace firebreak {

// A delivery that was well formed but in a format version Firebreak does not understand. It is kept
// byte for byte instead of refused, because a sender that gets a 4xx drops it for good: whatever it
// said can still be read (or re-ingested by a later Firebreak) from the store.
struct QuarantinedPayload {
    qint64 id = 0; // store rowid; 0 until committed
    qint64 receivedMs = 0;
    QString source; // "alertmanager", ...
    QString reason; // why it was not ingested, naming the version
    QString contentType;
    QByteArray body; // exactly as received
    quint64 ticket = 0; // the delivery it came with, so the receiver can answer it as quarantined

    bool operator==(const QuarantinedPayload&) const = default;
};

} // namespace firebreak

Q_DECLARE_METATYPE(firebreak::QuarantinedPayload)
