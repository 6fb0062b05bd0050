#include "rundetailfeed.h"

#include "requestids.h"
#include "store/writebatch.h"

#include <QTimer>
#include <algorithm>

namespace firebreak {

RunDetailFeed::RunDetailFeed(QObject* parent)
    : QObject(parent)
    , m_delay(new QTimer(this))
{
    m_delay->setSingleShot(true);
    connect(m_delay, &QTimer::timeout, this, &RunDetailFeed::fetchNow);
}

RunDetailFeed::~RunDetailFeed() = default;

void RunDetailFeed::setRunId(qint64 runId)
{
    if (runId == m_runId)
        return;
    m_runId = runId;
    m_detail = RunDetail {};
    // Whatever is in flight is about the old run: its answer will not match and is dropped.
    m_inFlight = 0;
    m_queued = false;
    m_delay->stop();
    if (m_runId != 0)
        fetchNow();
}

void RunDetailFeed::refresh()
{
    if (m_runId == 0)
        return;
    if (m_inFlight != 0)
        m_queued = true;
    else
        schedule();
}

void RunDetailFeed::schedule()
{
    if (m_delay->isActive())
        return;
    const qint64 elapsed = m_sinceLastFetch.isValid() ? m_sinceLastFetch.elapsed() : MinFetchIntervalMs;
    if (elapsed >= MinFetchIntervalMs)
        fetchNow();
    else
        m_delay->start(int(MinFetchIntervalMs - elapsed));
}

void RunDetailFeed::fetchNow()
{
    m_delay->stop();
    m_queued = false;
    m_inFlight = RequestIds::next();
    m_sinceLastFetch.start();
    Q_EMIT fetchRequested(m_inFlight, m_runId);
}

void RunDetailFeed::answered()
{
    m_inFlight = 0;
    if (m_queued) {
        m_queued = false;
        schedule();
    }
}

void RunDetailFeed::onRunDetailFetched(quint64 requestId, const RunDetail& detail)
{
    if (requestId == 0 || requestId != m_inFlight)
        return;
    const bool changed = !(detail == m_detail);
    m_detail = detail;
    answered();
    if (changed)
        Q_EMIT detailChanged(m_detail);
}

void RunDetailFeed::onFetchFailed(quint64 requestId, const QString& error)
{
    if (requestId == 0 || requestId != m_inFlight)
        return;
    answered();
    Q_EMIT failed(error);
}

bool RunDetailFeed::concerns(const CommittedBatch& batch) const
{
    const qint64 id = m_runId;
    const auto ofRun = [id](const auto& record) { return record.runId == id; };
    if (std::any_of(batch.runs.cbegin(), batch.runs.cend(), [id](const Run& run) { return run.id == id; })
        || std::any_of(batch.runSteps.cbegin(), batch.runSteps.cend(), ofRun)
        || std::any_of(batch.verifySamples.cbegin(), batch.verifySamples.cend(), ofRun)
        || std::any_of(batch.approvals.cbegin(), batch.approvals.cend(), ofRun))
        return true;
    // Gate decisions are committed as events alone. Their bodies are compact JSON written by
    // RunJournal; looking for the run's key is a byte search, not a parse, and a false match only
    // costs one read.
    if (!hasDetail())
        return false;
    const QByteArray key = QByteArrayLiteral("\"run\":") + QByteArray::number(id);
    for (const Event& event : batch.events) {
        if (event.incidentId != m_detail.run.incidentId)
            continue;
        const qsizetype at = event.body.indexOf(key);
        if (at < 0)
            continue;
        const qsizetype after = at + key.size();
        if (after < event.body.size() && (event.body.at(after) == ',' || event.body.at(after) == '}'))
            return true;
    }
    return false;
}

void RunDetailFeed::onCommitted(const CommittedBatch& batch)
{
    if (m_runId != 0 && concerns(batch))
        refresh();
}

} // namespace firebreak

#include "moc_rundetailfeed.cpp"
