#pragma once

#include "changerecord.h"
#include "gatedecision.h"

#include <QObject>
#include <QVector>
#include <functional>
#include <memory>

namespace firebreak {

class Clock;
class MetricSource;
struct QueryResult;
struct RenderedGate;
struct RenderedPlan;

// Decides the gates that look at the world before a run may act: sustained, confirm, quiet and
// blast_radius (approval, rate_limit and the freeze switch belong to the run engine). Every gate fails
// closed: a query error, an unavailable or silent source, no series, a gap or a NaN blocks the run, and
// the decision says which gate, at which playbook line, and what it saw.
//
// Lives on the run engine's thread, which needs an event loop for query timeouts. The metric source
// should answer on that thread; an answer from another thread is posted back to it. Destroying the
// evaluator drops the decisions still waiting for a source: their `done` is never called.
class GateEvaluator final {
public:
    using Done = std::function<void(const GateDecision&)>;
    // The changes known to the engine that happened in [fromMs, toMs], and the maintenance windows
    // overlapping it.
    using ChangesBetween = std::function<QVector<ChangeRecord>(qint64 fromMs, qint64 toMs)>;

    static constexpr qint64 MinStepMs = 15 * 1000; // one scrape of the sandbox and a common Prometheus interval
    static constexpr int StepsPerWindow = 60;
    static constexpr int MaxEvidenceSamples = 120; // per series
    static constexpr int MaxEvidenceSeries = 20;
    static constexpr int MaxEvidenceChanges = 50;

    GateEvaluator(
        const Clock& clock, MetricSource& metrics, ChangesBetween changesBetween, qint64 queryTimeoutMs = 10000);
    ~GateEvaluator();
    GateEvaluator(const GateEvaluator&) = delete;
    GateEvaluator& operator=(const GateEvaluator&) = delete;

    // Decides gate `gateIndex` of `plan` as of the clock's now. `done` runs exactly once (unless the
    // evaluator is destroyed first), on this thread; for gates that need no query, and for sources that
    // answer at once, before evaluate returns.
    void evaluate(const RenderedPlan& plan, int gateIndex, Done done);

    // The step of a sustained window: a sixtieth of it, never finer than MinStepMs, so that a window
    // holds at most 61 samples per series and short windows are not asked for more than is scraped.
    static qint64 stepFor(qint64 windowMs);

private:
    struct Pending;
    void query(const std::shared_ptr<Pending>& pending);
    static void settle(const std::shared_ptr<Pending>& pending, const QueryResult& result);
    static void timeOut(const std::shared_ptr<Pending>& pending);

    const Clock& m_clock;
    MetricSource& m_metrics;
    ChangesBetween m_changesBetween;
    qint64 m_queryTimeoutMs;
    // Receives answers posted from another thread; its weak references tell a late answer that the
    // evaluator is gone.
    std::shared_ptr<QObject> m_context;
    QObject m_timers; // parent of the timeout timers, so that they die with the evaluator
};

} // namespace firebreak
