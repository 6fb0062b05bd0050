#pragma once

#include "backoff.h"
#include "interfaces/metricsource.h"
#include "metricstaleness.h"

#include <QObject>
#include <memory>

class QTimer;

namespace firebreak {

class Clock;

// Lets the GUI ask a MetricSource for data without touching it: lives on the engine thread beside
// the source, answers by queued signal, and tags each answer with the caller's request id.
// It is also where retrying lives, so that the GUI stays passive: when the source stops answering
// (a result marked `unavailable`), the service reports the outage (stalenessChanged), answers new
// requests at once with the last error instead of piling them onto a dead server, and probes the
// source with the newest request after an exponential backoff with jitter. The first answer that
// comes back ends the outage, and stalenessChanged tells the charts to ask again.
class MetricQueryService : public QObject {
    Q_OBJECT
public:
    // Wall clock and the default backoff (1 s doubling to 30 s, ±20 %).
    explicit MetricQueryService(MetricSource& source, QObject* parent = nullptr);
    MetricQueryService(
        MetricSource& source, const Clock& clock, const Backoff::Policy& policy, QObject* parent = nullptr);
    ~MetricQueryService() override;

    const MetricStaleness& staleness() const { return m_staleness; }

public Q_SLOTS:
    void requestRange(quint64 requestId, const QString& query, qint64 startMs, qint64 endMs, qint64 stepMs);

Q_SIGNALS:
    void rangeReady(quint64 requestId, const firebreak::QueryResult& result);
    // On every failed attempt during an outage (with the new retry delay), and once with
    // stale == false when the source answers again.
    void stalenessChanged(const firebreak::MetricStaleness& staleness);

private:
    struct Request {
        quint64 id = 0;
        QString query;
        qint64 startMs = 0;
        qint64 endMs = 0;
        qint64 stepMs = 0;
    };

    void run(const Request& request, bool probe);
    void onAnswer(const Request& request, bool probe, const QueryResult& result);
    void scheduleRetry(const QString& error);
    void probe();

    MetricSource& m_source;
    std::unique_ptr<Clock> m_ownClock; // only with the wall-clock constructor
    const Clock& m_clock;
    Backoff m_backoff;
    QTimer* m_retryTimer;
    MetricStaleness m_staleness;
    Request m_latest; // the newest request asked for, replayed as the probe
    bool m_probing = false;
};

} // namespace firebreak
