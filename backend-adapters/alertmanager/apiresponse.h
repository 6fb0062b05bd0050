#pragma once

#include <QByteArray>
#include <QString>

namespace firebreak {

// The outcome of one HTTP request to one Alertmanager peer. `error` is empty on a 2xx answer;
// otherwise it names the peer, the request and what failed. `reachable` tells an answer with an
// error status (the peer is there but refused) from no answer at all.
struct ApiResponse {
    int httpStatus = 0;
    QByteArray body;
    QString error;
    bool reachable = false;
    bool ok() const { return error.isEmpty(); }
};

} // namespace firebreak
