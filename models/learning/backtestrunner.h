#pragma once

#include "backtestinput.h"
#include "backtestresult.h"
#include "playbook/playbookgate.h"

#include <QHash>
#include <QObject>
#include <memory>
#include <optional>

namespace firebreak {

class MetricSource;

// Fetches a gate's history through any MetricSource (Prometheus' query_range or the sandbox's recorded
// history) and backtests it, so that a view can ask "how would this gate have done last week" without
// knowing where metrics come from. Long spans are fetched in chunks under the sources' per-series point
// limit, at the step the live evaluator would use (GateEvaluator::stepFor), aligned so that every
// replayed window falls on the grid the live query would see.
//
// Lives on the metric source's thread; the source must answer there.
class BacktestRunner final : public QObject {
    Q_OBJECT
public:
    static constexpr qint64 MaxPointsPerQuery = 10000;

    struct Request {
        PlaybookGate sustained;
        QString sustainedQuery; // rendered: no templates left
        std::optional<PlaybookGate> confirm;
        QString confirmQuery;
        qint64 startMs = 0; // the replay's first and last evaluation times
        qint64 endMs = 0;
        QVector<IncidentVerdict> incidents;
    };

    explicit BacktestRunner(MetricSource& metrics, QObject* parent = nullptr);

    // Starts a backtest; `finished` carries the returned id. Errors (a query failed, bad span) come back
    // as a result whose `error` says which query and why.
    int run(const Request& request);
    // Stops backtest `id`: no more chunks are asked for and `finished` never comes for it. A query
    // already sent is left to answer into nothing.
    void cancel(int id);

Q_SIGNALS:
    void finished(int id, const firebreak::BacktestResult& result, const firebreak::BacktestInput& input);
    // After each chunk that came back: how many of the backtest's range queries have answered.
    void progress(int id, int chunksDone, int chunksTotal);

private:
    struct Job;
    void fetch(const std::shared_ptr<Job>& job);
    void finish(const std::shared_ptr<Job>& job);

    MetricSource& m_metrics;
    int m_nextId = 1;
    QHash<int, std::shared_ptr<Job>> m_jobs; // in flight
};

} // namespace firebreak

Q_DECLARE_METATYPE(firebreak::BacktestRunner::Request)
Q_DECLARE_METATYPE(firebreak::BacktestResult)
Q_DECLARE_METATYPE(firebreak::BacktestInput)
