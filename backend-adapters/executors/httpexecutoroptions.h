#pragma once

#include <QString>
#include <QtGlobal>

namespace firebreak {

// Limits of HttpExecutor. The defaults suit production; tests shorten them.
struct HttpExecutorOptions {
    qint64 defaultTimeoutMs = 30 * 1000; // used when a request's timeoutMs is 0
    qint64 maxOutputBytes = 64 * 1024; // response body kept per request (head and tail)
    QString caCertificateFile; // PEM; empty = the system's CAs
};

} // namespace firebreak
