#pragma once

#include <QByteArray>
#include <QMetaType>
#include <QString>

namespace firebreak {

// A webhook delivery that parsed and was committed raw before its sender was answered, so that
// the answer does not wait for correlation and the timeline's rows. The engine turns it into
// rows shortly after (see DeliveryInbox); a delivery still in the store at start-up is replayed.
struct InboxDelivery {
    qint64 id = 0; // store rowid; 0 until committed
    qint64 receivedMs = 0;
    QString source; // "alertmanager"
    QByteArray body; // exactly as received
    quint64 ticket = 0; // the sender waiting for its commit; 0 when replayed

    bool operator==(const InboxDelivery&) const = default;
};

} // namespace firebreak

Q_DECLARE_METATYPE(firebreak::InboxDelivery)
