#include "metricqueryservice.h"

#include "systemclock.h"

#include <QPointer>
#include <QTimer>

namespace firebreak {

MetricQueryService::MetricQueryService(MetricSource& source, QObject* parent)
    : QObject(parent)
    , m_source(source)
    , m_ownClock(std::make_unique<SystemClock>())
    , m_clock(*m_ownClock)
    , m_backoff(Backoff::Policy {})
    , m_retryTimer(new QTimer(this))
{
    m_retryTimer->setSingleShot(true);
    connect(m_retryTimer, &QTimer::timeout, this, &MetricQueryService::probe);
    m_staleness.source = source.name();
}

MetricQueryService::MetricQueryService(
    MetricSource& source, const Clock& clock, const Backoff::Policy& policy, QObject* parent)
    : QObject(parent)
    , m_source(source)
    , m_clock(clock)
    , m_backoff(policy)
    , m_retryTimer(new QTimer(this))
{
    m_retryTimer->setSingleShot(true);
    connect(m_retryTimer, &QTimer::timeout, this, &MetricQueryService::probe);
    m_staleness.source = source.name();
}

MetricQueryService::~MetricQueryService() = default;

void MetricQueryService::requestRange(
    quint64 requestId, const QString& query, qint64 startMs, qint64 endMs, qint64 stepMs)
{
    const Request request { requestId, query, startMs, endMs, stepMs };
    if (!m_staleness.stale) {
        run(request, false);
        return;
    }
    // During an outage only the probe reaches the source; everyone else hears the last error now
    // and keeps what they have.
    m_latest = request;
    QueryResult result;
    result.error = m_staleness.error;
    result.unavailable = true;
    Q_EMIT rangeReady(requestId, result);
}

void MetricQueryService::run(const Request& request, bool probe)
{
    QPointer<MetricQueryService> self(this);
    m_source.rangeQuery(request.query, request.startMs, request.endMs, request.stepMs,
        [self, request, probe](const QueryResult& result) {
            if (self)
                self->onAnswer(request, probe, result);
        });
}

void MetricQueryService::onAnswer(const Request& request, bool probe, const QueryResult& result)
{
    if (probe)
        m_probing = false;
    if (!result.unavailable) {
        // The source answered (even a rejected query proves it is there).
        if (result.ok())
            m_staleness.lastGoodMs = m_clock.nowMs();
        if (m_staleness.stale) {
            m_retryTimer->stop();
            m_backoff.reset();
            m_staleness.stale = false;
            m_staleness.error.clear();
            m_staleness.failures = 0;
            m_staleness.retryInMs = 0;
            Q_EMIT stalenessChanged(m_staleness);
        }
        Q_EMIT rangeReady(request.id, result);
        return;
    }
    if (!m_staleness.stale) {
        m_staleness.stale = true;
        m_staleness.failingSinceMs = m_clock.nowMs();
        m_latest = request;
        scheduleRetry(result.error);
    } else if (probe) {
        scheduleRetry(result.error);
    }
    // Requests that were already in flight when the outage began fail without moving the schedule.
    Q_EMIT rangeReady(request.id, result);
}

void MetricQueryService::scheduleRetry(const QString& error)
{
    m_staleness.error = error;
    m_staleness.failures += 1;
    m_staleness.retryInMs = m_backoff.next();
    m_retryTimer->start(static_cast<int>(m_staleness.retryInMs));
    Q_EMIT stalenessChanged(m_staleness);
}

void MetricQueryService::probe()
{
    if (m_probing || !m_staleness.stale)
        return;
    m_probing = true;
    run(m_latest, true);
}

} // namespace firebreak
