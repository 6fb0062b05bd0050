#pragma once

#include "domain/rundetail.h"

#include <QElapsedTimer>
#include <QObject>

class QTimer;

namespace firebreak {

struct CommittedBatch;

// Keeps one run's RunDetail current for the approval and run views. The detail is read whole by the
// store reader (it decodes the plan and evidence), so live work means re-reading it: this feed asks
// again when a committed batch touches the run, with at most one read in flight and one queued, and
// at most ~4 reads a second however busy the run is. Answers it did not ask for are dropped.
class RunDetailFeed final : public QObject {
    Q_OBJECT
public:
    static constexpr int MinFetchIntervalMs = 250;

    explicit RunDetailFeed(QObject* parent = nullptr);
    ~RunDetailFeed() override;

    // Follows `runId` (0 = none): forgets the old detail and asks for the new one at once.
    void setRunId(qint64 runId);
    qint64 runId() const { return m_runId; }
    // The last detail read for runId(); an empty RunDetail (run.id 0) until the first answer.
    const RunDetail& detail() const { return m_detail; }
    bool hasDetail() const { return m_detail.run.id != 0; }

public Q_SLOTS:
    void refresh();
    void onRunDetailFetched(quint64 requestId, const firebreak::RunDetail& detail);
    void onFetchFailed(quint64 requestId, const QString& error);
    void onCommitted(const firebreak::CommittedBatch& batch);

Q_SIGNALS:
    void fetchRequested(quint64 requestId, qint64 runId);
    void detailChanged(const firebreak::RunDetail& detail);
    void failed(const QString& error);

private:
    bool concerns(const CommittedBatch& batch) const;
    void schedule();
    void fetchNow();
    void answered();

    qint64 m_runId = 0;
    RunDetail m_detail;
    quint64 m_inFlight = 0;
    bool m_queued = false;
    QElapsedTimer m_sinceLastFetch;
    QTimer* m_delay = nullptr;
};

} // namespace firebreak
