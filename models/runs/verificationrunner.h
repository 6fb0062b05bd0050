#pragma once

#include "domain/run.h"
#include "renderedplan.h"

#include <QObject>
#include <QVector>
#include <memory>

namespace firebreak {

class Clock;
class MetricSource;

// Samples a run's verification checks the way Argo Rollouts' analysis does: each check is queried
// `count` times, `interval` apart after `initial_delay`; a sample meeting the condition is a success,
// one that does not is a failure, one without data (error, timeout, no series, NaN) is inconclusive.
// A check fails as soon as its failures exceed failure_limit or its inconclusive samples exceed
// inconclusive_limit, and the verification fails with the first failing check; it passes when every
// check has taken all its samples within the limits and at least one of them met the condition.
// Missing data never counts as success. Every
// sample is reported, whatever its outcome. Checks run side by side; waits are in the clock's time,
// `timeScale` clock ms per wall ms (the sandbox's speed, 1 in production).
class VerificationRunner : public QObject {
    Q_OBJECT
public:
    static constexpr int QueryTimeoutMs = 10000; // wall ms; a query without an answer is inconclusive

    VerificationRunner(const Clock& clock, MetricSource& metrics, double timeScale, qint64 runId,
        VerifySample::Phase phase, QVector<RenderedCheck> checks, QObject* parent = nullptr);
    ~VerificationRunner() override;

    void start();

Q_SIGNALS:
    void sampled(const firebreak::VerifySample& sample, const QString& checkName);
    // Once; `reason` names the check and its counts ("space reclaimed: 2 failures > limit 1").
    void finished(bool passed, const QString& reason);

private:
    struct CheckState {
        int taken = 0;
        int failures = 0;
        int inconclusive = 0;
        bool done = false;
    };

    void schedule(int check, qint64 delayMs);
    void sample(int check);
    void record(int check, VerifySample sample);
    void finish(bool passed, const QString& reason);
    int wallDelay(qint64 clockMs) const;

    const Clock& m_clock;
    MetricSource& m_metrics;
    double m_timeScale;
    qint64 m_runId;
    VerifySample::Phase m_phase;
    QVector<RenderedCheck> m_checks;
    QVector<CheckState> m_state;
    bool m_finished = false;
    std::shared_ptr<bool> m_alive; // late answers from the metric source check it
};

} // namespace firebreak
