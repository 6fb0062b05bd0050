#pragma once

#include "domain/receiverstats.h"
#include "metrics/histogram.h"

#include <QByteArray>
#include <QMap>
#include <QPair>
#include <QString>

namespace firebreak {

class IngestPipeline;

// The receiver's own counters and histograms, rendered for GET /metrics. Lives on the receiver's
// thread; the pipeline's counters are atomics read at render time.
class ReceiverMetrics {
public:
    // Reasons a delivery was refused or set aside, exported at 0 before they first happen so that
    // rate() and alerting rules see them from the start.
    static const QStringList& knownReasons();

    ReceiverMetrics();

    void countRequest(const QString& endpoint, int statusCode);
    void countRejection(const QString& reason, const QString& message, qint64 nowMs);
    void countAuthFailure(const QString& cause);
    void countAccepted() { ++m_stats.accepted; }
    void observeBatchRows(int rows) { m_batchRows.observe(rows); }
    void observeIngestSeconds(double seconds) { m_ingestSeconds.observe(seconds); }

    quint64 requests(const QString& endpoint, int statusCode) const;
    const ReceiverStats& stats() const { return m_stats; }
    // `pipeline` may be null (its families are then left out).
    QByteArray render(const IngestPipeline* pipeline, int pendingDeliveries) const;

private:
    QMap<QPair<QString, int>, quint64> m_requests;
    QMap<QString, quint64> m_authFailures;
    ReceiverStats m_stats;
    Histogram m_batchRows;
    Histogram m_ingestSeconds;
};

} // namespace firebreak
