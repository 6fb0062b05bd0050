#pragma once

#include <QString>
#include <QStringList>

namespace firebreak {

// What one Alertmanager says about itself and its HA cluster (`GET /api/v2/status`): the
// cluster's state ("ready", "settling" or "disabled"), the members it sees, its version.
struct ClusterStatus {
    QString state;
    QStringList peerAddresses; // cluster (gossip) addresses, not the HTTP ones
    QString version;
};

} // namespace firebreak
