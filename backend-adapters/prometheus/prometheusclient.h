#pragma once

#include "config/firebreakconfig.h"
#include "domain/sourcehealth.h"
#include "interfaces/metricsource.h"

#include <QObject>
#include <QUrlQuery>

class QNetworkAccessManager;
class QNetworkReply;

namespace firebreak {

class Clock;

// Prometheus' HTTP query API behind the MetricSource interface, so that gates, verification and
// charts ask a real Prometheus (or anything speaking its API: Thanos, Mimir) exactly as they ask the
// sandbox. Each request has a deadline and a cap on the answer's size, because a chart must never
// hang on, or be flooded by, a struggling server; every outcome also updates the source's health
// ("prometheus": Up, or Down with the reason). Lives on the engine thread; callbacks run there.
class PrometheusClient final : public QObject, public MetricSource {
    Q_OBJECT
public:
    static constexpr int DefaultTimeoutMs = 5000;
    static constexpr qint64 DefaultMaxResponseBytes = 32LL * 1024 * 1024;
    // Queries whose encoded form is longer go by POST (form-encoded), which the API accepts, so that
    // a long expression does not run into a proxy's URL length limit.
    static constexpr int MaxGetQueryBytes = 2048;

    PrometheusClient(const PrometheusSettings& settings, const Clock& clock, QObject* parent = nullptr);
    ~PrometheusClient() override;

    void setTimeoutMs(int timeoutMs) { m_timeoutMs = timeoutMs; }
    void setMaxResponseBytes(qint64 bytes) { m_maxResponseBytes = bytes; }
    const QUrl& url() const { return m_settings.url; }
    SourceHealth health() const { return m_health; }

    QString name() const override;
    void instantQuery(const QString& query, qint64 atMs, Callback done) override;
    void rangeQuery(const QString& query, qint64 startMs, qint64 endMs, qint64 stepMs, Callback done) override;

Q_SIGNALS:
    void healthChanged(const firebreak::SourceHealth& health);

private:
    void send(const QString& endpoint, const QUrlQuery& parameters, Callback done);
    QueryResult finish(QNetworkReply* reply, bool timedOut, bool tooLarge) const;
    void report(const QueryResult& result);

    PrometheusSettings m_settings;
    const Clock& m_clock;
    QNetworkAccessManager* m_network;
    int m_timeoutMs = DefaultTimeoutMs;
    qint64 m_maxResponseBytes = DefaultMaxResponseBytes;
    SourceHealth m_health;
};

} // namespace firebreak
