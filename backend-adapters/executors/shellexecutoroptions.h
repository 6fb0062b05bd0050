#pragma once

#include <QString>
#include <QStringList>
#include <QtGlobal>

namespace firebreak {

// Limits and environment of ShellExecutor. The defaults suit production; tests shorten them.
struct ShellExecutorOptions {
    // Names of the only environment variables a program sees: copied from Firebreak's own environment
    // when set there, and the only names a request's `env` may set. Everything else is withheld, so a
    // step never inherits credentials it was not meant to have.
    QStringList environmentAllowlist;
    qint64 defaultTimeoutMs = 60 * 1000; // used when a request's timeoutMs is 0
    qint64 maxOutputBytes = 64 * 1024; // captured stdout+stderr kept per run (head and tail)
    QString workingDirectory; // empty = Firebreak's own
};

} // namespace firebreak
