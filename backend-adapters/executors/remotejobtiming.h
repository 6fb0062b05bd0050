#pragma once

#include <QtGlobal>

namespace firebreak {

// How a job-runner executor (Rundeck, StackStorm) polls a remote execution. The defaults suit
// production; tests use milliseconds.
struct RemoteJobTiming {
    qint64 pollIntervalMs = 2000;
    qint64 defaultTimeoutMs = 10 * 60 * 1000; // the whole execution, when a request says 0
    qint64 requestTimeoutMs = 15 * 1000; // each HTTP request; the deadline above still ends a poll in flight
    qint64 maxOutputBytes = 64 * 1024; // output kept per execution (head and tail)
    qint64 maxResponseBytes = 4 * 1024 * 1024; // a JSON answer larger than this is an error
};

} // namespace firebreak
