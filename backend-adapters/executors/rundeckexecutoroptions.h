#pragma once

#include "remotejobtiming.h"

#include <QByteArray>
#include <QString>
#include <QUrl>

namespace firebreak {

// How RundeckExecutor reaches Rundeck.
struct RundeckExecutorOptions {
    QUrl baseUrl; // http(s)://rundeck:4440 (a path prefix such as /rundeck is kept)
    QByteArray apiToken; // sent as X-Rundeck-Auth-Token
    int apiVersion = 41;
    int outputLines = 200; // the last lines of the execution log kept as output
    QString caCertificateFile; // PEM; empty = the system's CAs
    RemoteJobTiming timing;
};

} // namespace firebreak
