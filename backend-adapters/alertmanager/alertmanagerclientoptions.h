#pragma once

#include <QtGlobal>

namespace firebreak {

// Timing and limits of AlertmanagerClient. The defaults suit production; tests shorten them.
struct AlertmanagerClientOptions {
    int probeIntervalMs = 5000; // how often a peer that answers is probed
    int maxProbeIntervalMs = 30000; // a peer that is down is probed with backoff up to this
    int requestTimeoutMs = 10000; // no answer within this: the request failed
    qint64 maxResponseBytes = 32 * 1024 * 1024; // larger answers are cut off and count as failures
    int syncDebounceMs = 250; // reconnects of several peers within this lead to one sync
};

} // namespace firebreak
