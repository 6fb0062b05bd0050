#include "backtestrunner.h"

#include "gatebacktester.h"
#include "interfaces/metricsource.h"
#include "runs/gateevaluator.h"

#include <QPointer>
#include <memory>

namespace firebreak {

// One backtest in flight: the chunks still to fetch, for the sustained history then the confirm one.
struct BacktestRunner::Job {
    int id = 0;
    Request request;
    BacktestInput input;
    bool fetchingConfirm = false;
    qint64 nextChunkMs = 0;
    QString error;
    int chunksDone = 0;
    int chunksTotal = 0;
    bool cancelled = false;
};

namespace {

qint64 alignDown(qint64 ms, qint64 step)
{
    return ms - ((ms % step) + step) % step;
}

// Appends each answered series' samples to the series with the same labels.
void merge(QVector<Series>& into, const QVector<Series>& chunk)
{
    for (const Series& series : chunk) {
        auto it = std::find_if(into.begin(), into.end(), [&](const Series& s) { return s.labels == series.labels; });
        if (it == into.end()) {
            into.append(series);
            continue;
        }
        for (const Sample& sample : series.samples) {
            if (it->samples.isEmpty() || sample.timeMs > it->samples.last().timeMs)
                it->samples.append(sample);
        }
    }
}

int chunksOf(const GateHistory& history)
{
    const qint64 points = (history.endMs - history.startMs) / history.stepMs + 1;
    return int((points + BacktestRunner::MaxPointsPerQuery - 1) / BacktestRunner::MaxPointsPerQuery);
}

GateHistory historyFor(const PlaybookGate& gate, qint64 startMs, qint64 endMs)
{
    GateHistory history;
    history.stepMs = GateEvaluator::stepFor(gate.forMs);
    history.startMs = alignDown(startMs - gate.forMs, history.stepMs);
    history.endMs = endMs;
    return history;
}

} // namespace

BacktestRunner::BacktestRunner(MetricSource& metrics, QObject* parent)
    : QObject(parent)
    , m_metrics(metrics)
{
    qRegisterMetaType<BacktestRunner::Request>();
    qRegisterMetaType<BacktestResult>();
    qRegisterMetaType<BacktestInput>();
}

int BacktestRunner::run(const Request& request)
{
    auto job = std::make_shared<Job>();
    job->id = m_nextId++;
    job->request = request;
    job->input.incidents = request.incidents;
    m_jobs.insert(job->id, job);
    if (request.endMs < request.startMs) {
        job->error = QStringLiteral("backtest span ends before it starts");
    } else if (request.sustained.kind != PlaybookGate::Kind::Sustained || request.sustained.forMs <= 0) {
        job->error = QStringLiteral("gate at line %1: only a sustained gate with a `for` can be backtested")
                         .arg(request.sustained.line);
    }
    if (!job->error.isEmpty()) {
        QMetaObject::invokeMethod(
            this, [this, job] { finish(job); }, Qt::QueuedConnection);
        return job->id;
    }
    job->input.history = historyFor(request.sustained, request.startMs, request.endMs);
    if (request.confirm) {
        PlaybookGate confirm = *request.confirm;
        job->input.confirmHistory = historyFor(confirm, request.startMs, request.endMs);
        if (confirm.forMs <= 0)
            job->input.confirmHistory.startMs
                = alignDown(request.startMs - GateEvaluator::MinStepMs, GateEvaluator::MinStepMs);
    }
    job->chunksTotal = chunksOf(job->input.history) + (request.confirm ? chunksOf(job->input.confirmHistory) : 0);
    job->nextChunkMs = job->input.history.startMs;
    fetch(job);
    return job->id;
}

void BacktestRunner::cancel(int id)
{
    if (const std::shared_ptr<Job> job = m_jobs.take(id))
        job->cancelled = true;
}

void BacktestRunner::fetch(const std::shared_ptr<Job>& job)
{
    GateHistory& history = job->fetchingConfirm ? job->input.confirmHistory : job->input.history;
    const QString& query = job->fetchingConfirm ? job->request.confirmQuery : job->request.sustainedQuery;
    if (job->nextChunkMs > history.endMs) {
        if (!job->fetchingConfirm && job->request.confirm) {
            job->fetchingConfirm = true;
            job->nextChunkMs = job->input.confirmHistory.startMs;
            fetch(job);
        } else {
            finish(job);
        }
        return;
    }
    const qint64 chunkStart = job->nextChunkMs;
    const qint64 chunkEnd = qMin(history.endMs, chunkStart + (MaxPointsPerQuery - 1) * history.stepMs);
    job->nextChunkMs = chunkEnd + history.stepMs;
    QPointer<BacktestRunner> self(this);
    m_metrics.rangeQuery(query, chunkStart, chunkEnd, history.stepMs, [self, job, query](const QueryResult& result) {
        if (!self)
            return;
        // Continue from the event loop, so that a source answering at once does not recurse per chunk.
        QMetaObject::invokeMethod(
            self,
            [self, job, query, result] {
                if (!self || job->cancelled)
                    return;
                GateHistory& into = job->fetchingConfirm ? job->input.confirmHistory : job->input.history;
                if (!result.ok()) {
                    job->error = QStringLiteral("query '%1' failed: %2").arg(query, result.error);
                    self->finish(job);
                    return;
                }
                merge(into.series, result.series);
                Q_EMIT self->progress(job->id, ++job->chunksDone, job->chunksTotal);
                self->fetch(job);
            },
            Qt::QueuedConnection);
    });
}

void BacktestRunner::finish(const std::shared_ptr<Job>& job)
{
    if (job->cancelled)
        return;
    m_jobs.remove(job->id);
    BacktestResult result;
    if (job->error.isEmpty())
        result = GateBacktester(job->request.sustained, job->request.confirm).run(job->input);
    else
        result.error = job->error;
    Q_EMIT finished(job->id, result, job->input);
}

} // namespace firebreak
