#pragma once

#include <QRandomGenerator>

namespace firebreak {

// Delays between retries of something that failed: doubling from `initialMs` up to `maxMs`, each
// spread by ±`jitter` (a fraction) so that several consoles that lost the same server do not all
// come back at the same instant. The seed makes the spread repeatable in tests.
class Backoff {
public:
    struct Policy {
        qint64 initialMs = 1000;
        qint64 maxMs = 30'000;
        double jitter = 0.2;
    };

    explicit Backoff(const Policy& policy, quint32 seed = 1);

    // The delay before the next attempt; each call counts one more failure.
    qint64 next();
    void reset() { m_failures = 0; }
    int failures() const { return m_failures; }
    const Policy& policy() const { return m_policy; }

private:
    Policy m_policy;
    QRandomGenerator m_random;
    int m_failures = 0;
};

} // namespace firebreak
