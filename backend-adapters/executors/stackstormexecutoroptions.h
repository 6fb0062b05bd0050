#pragma once

#include "remotejobtiming.h"

#include <QByteArray>
#include <QString>
#include <QUrl>

namespace firebreak {

// How StackStormExecutor reaches the StackStorm API.
struct StackStormExecutorOptions {
    QUrl baseUrl; // https://st2.example (the API is under /api/v1; a path prefix is kept)
    QByteArray apiKey; // sent as St2-Api-Key
    QString caCertificateFile; // PEM; empty = the system's CAs
    RemoteJobTiming timing;
};

} // namespace firebreak
