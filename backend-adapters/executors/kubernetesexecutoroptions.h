#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>
#include <QtGlobal>

namespace firebreak {

// How KubernetesExecutor reaches the API server.
struct KubernetesExecutorOptions {
    QUrl server; // https://host:6443 (a path prefix is kept)
    QByteArray bearerToken; // sent as "Authorization: Bearer ..."; empty = none
    QString caCertificateFile; // PEM; the only CA trusted for the server. Empty = the system's CAs
    // Tests only: allow plain http when the server is a loopback address. Never set in production.
    bool allowInsecureLoopback = false;
    qint64 defaultTimeoutMs = 30 * 1000; // for the whole action (all its requests), when a request says 0
    qint64 maxResponseBytes = 8 * 1024 * 1024; // a ReplicaSet list of a long history can be large
};

} // namespace firebreak
