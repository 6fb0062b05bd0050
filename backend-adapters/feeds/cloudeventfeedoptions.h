#pragma once

#include <QtGlobal>
#include <functional>

namespace firebreak {

// Timing and limits of a CloudEventFeed. The defaults are for production; tests shorten them.
struct CloudEventFeedOptions {
    int initialBackoffMs = 500; // ceiling of the first reconnect delay
    int maxBackoffMs = 30'000; // the ceiling doubles per failed attempt up to this
    int stableAfterMs = 30'000; // a connection that lasted this long resets the backoff
    int handshakeTimeoutMs = 10'000;
    int pingIntervalMs = 15'000;
    int pongTimeoutMs = 10'000; // no pong within this after a ping: the connection is dead
    // Larger messages are refused by QWebSocket, which closes with 1009 (message too big); the feed
    // counts that and reconnects. CloudEvents consumers should accept at least 64 KiB (spec.md).
    qint64 maxMessageBytes = 1024 * 1024;
    qint64 degradedForMs = 5 * 60'000; // how long a malformed or oversized message keeps the feed Degraded
    // Uniform in [0, 1); the reconnect delay is jitter() * ceiling ("full jitter"). Null = QRandomGenerator.
    std::function<double()> jitter;
};

} // namespace firebreak
