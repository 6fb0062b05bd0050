#pragma once

#include "config/firebreakconfig.h"
#include "domain/receiverstats.h"
#include "domain/sourcehealth.h"

#include <QObject>
#include <QThread>

namespace firebreak {

class AlertmanagerClient;
class CloudEventFeed;
class Clock;
class IngestPipeline;
class MetricSource;
class PrometheusClient;
class StoreWriter;
class WebhookReceiver;

// The adapters a configuration names (the webhook receiver, Alertmanager peers, Prometheus, the
// feeds), built on the engine thread and connected to the ingest pipeline and the store. Keeping this apart
// from EngineHost keeps the sandbox path and the real-source path from tangling.
// Use: construct on the engine thread with the pipeline and writer already there, then start().
class ConfiguredSources : public QObject {
    Q_OBJECT
public:
    ConfiguredSources(const FirebreakConfig& config, const Clock& clock, IngestPipeline& pipeline, StoreWriter& writer,
        QObject* parent = nullptr);
    ~ConfiguredSources() override;

    // Starts every configured adapter. Returns false with `error` when one cannot start (a receiver
    // that cannot listen): the engine must not pretend to receive alerts it never will.
    bool start(QString* error);
    void stop();
    // The configured Prometheus, for the charts; null when the configuration names none.
    MetricSource* metricSource() const;
    // The Alertmanager API client, when the configuration names peers (suppression uses it).
    AlertmanagerClient* alertmanager() const { return m_alertmanager; }

Q_SIGNALS:
    void sourceHealth(const firebreak::SourceHealth& health);
    void receiverStats(const firebreak::ReceiverStats& stats);

private:
    FirebreakConfig m_config;
    const Clock& m_clock;
    IngestPipeline& m_pipeline;
    StoreWriter& m_writer;
    bool startReceiver(QString* error);

    QThread m_httpThread; // the receiver answers HTTP on its own thread, never blocked by ingest
    WebhookReceiver* m_receiver = nullptr;
    AlertmanagerClient* m_alertmanager = nullptr;
    PrometheusClient* m_prometheus = nullptr;
    QVector<CloudEventFeed*> m_feeds;
};

} // namespace firebreak
