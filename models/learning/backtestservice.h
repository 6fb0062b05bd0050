#pragma once

#include "backtestrequest.h"
#include "backtestrunner.h"
#include "thresholdsuggestion.h"

#include <QHash>
#include <QObject>
#include <QSet>

namespace firebreak {

class MetricSource;

// Lets the GUI backtest a gate without touching the metric source: lives on the source's thread (the
// engine thread), takes requests by queued call, fetches through BacktestRunner there, and answers by
// queued signal tagged with the caller's request id. The threshold suggestion replays the gate up to
// hundreds of times, so it runs on the global thread pool, off both the engine and the GUI threads.
//
// For each started request: progress as chunks come back, then exactly one `finished` and, after it,
// exactly one `suggested` (with `error` set when the backtest failed or no playbook text was given);
// nothing at all after cancel().
class BacktestService final : public QObject {
    Q_OBJECT
public:
    explicit BacktestService(MetricSource& metrics, QObject* parent = nullptr);
    ~BacktestService() override;

public Q_SLOTS:
    void start(quint64 requestId, const firebreak::BacktestRequest& request);
    void cancel(quint64 requestId);

Q_SIGNALS:
    void progress(quint64 requestId, int chunksDone, int chunksTotal);
    void finished(quint64 requestId, const firebreak::BacktestResult& result, const firebreak::BacktestInput& input);
    void suggested(quint64 requestId, const firebreak::ThresholdSuggestion& suggestion);

private:
    void onFinished(int runId, const BacktestResult& result, const BacktestInput& input);
    void suggest(
        quint64 requestId, const BacktestRequest& request, const BacktestResult& result, const BacktestInput& input);

    BacktestRunner m_runner;
    QHash<int, quint64> m_requestOf; // runner id -> request id, while fetching
    QHash<quint64, BacktestRequest> m_requests; // while fetching
    QSet<quint64> m_suggesting;
};

} // namespace firebreak
