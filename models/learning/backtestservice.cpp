#include "backtestservice.h"

#include "gatebacktester.h"
#include "thresholdsuggester.h"

#include <QFutureWatcher>
#include <QPromise>
#include <QThreadPool>
#include <memory>

namespace firebreak {

BacktestService::BacktestService(MetricSource& metrics, QObject* parent)
    : QObject(parent)
    , m_runner(metrics, this) // a child, so that moveToThread() takes it along
{
    qRegisterMetaType<BacktestRequest>();
    qRegisterMetaType<ThresholdSuggestion>();
    connect(&m_runner, &BacktestRunner::finished, this, &BacktestService::onFinished);
    connect(&m_runner, &BacktestRunner::progress, this, [this](int runId, int done, int total) {
        if (m_requestOf.contains(runId))
            Q_EMIT progress(m_requestOf.value(runId), done, total);
    });
}

BacktestService::~BacktestService() = default;

void BacktestService::start(quint64 requestId, const BacktestRequest& request)
{
    const int runId = m_runner.run(request.run);
    m_requestOf.insert(runId, requestId);
    m_requests.insert(requestId, request);
}

void BacktestService::cancel(quint64 requestId)
{
    m_suggesting.remove(requestId);
    m_requests.remove(requestId);
    for (auto it = m_requestOf.begin(); it != m_requestOf.end();) {
        if (it.value() == requestId) {
            m_runner.cancel(it.key());
            it = m_requestOf.erase(it);
        } else {
            ++it;
        }
    }
}

void BacktestService::onFinished(int runId, const BacktestResult& result, const BacktestInput& input)
{
    if (!m_requestOf.contains(runId))
        return;
    const quint64 requestId = m_requestOf.take(runId);
    const BacktestRequest request = m_requests.take(requestId);
    Q_EMIT finished(requestId, result, input);
    suggest(requestId, request, result, input);
}

void BacktestService::suggest(
    quint64 requestId, const BacktestRequest& request, const BacktestResult& result, const BacktestInput& input)
{
    if (!result.ok() || request.playbookText.isEmpty()) {
        ThresholdSuggestion none;
        none.error = !result.ok()
            ? QStringLiteral("no suggestion from a backtest that failed: %1").arg(result.error)
            : QStringLiteral("no suggestion: the text of %1 could not be read").arg(request.fileName);
        Q_EMIT suggested(requestId, none);
        return;
    }
    // The watcher is this object's child: when the service goes, the answer goes nowhere, and the
    // task still finishes on its pool thread without touching anything that was deleted.
    auto promise = std::make_shared<QPromise<ThresholdSuggestion>>();
    promise->start();
    auto* watcher = new QFutureWatcher<ThresholdSuggestion>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, requestId] {
        watcher->deleteLater();
        if (!m_suggesting.remove(requestId) || watcher->future().resultCount() == 0)
            return;
        Q_EMIT suggested(requestId, watcher->future().result());
    });
    watcher->setFuture(promise->future());
    m_suggesting.insert(requestId);
    QThreadPool::globalInstance()->start([promise, request, result, input] {
        const GateBacktester backtester(request.run.sustained, request.run.confirm);
        promise->addResult(ThresholdSuggester(request.lateAfterMs)
                               .suggest(backtester, input, result, request.playbookText, request.fileName));
        promise->finish();
    });
}

} // namespace firebreak
