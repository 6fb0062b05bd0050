#pragma once

#include "config/firebreakconfig.h"
#include "domain/sourcehealth.h"

#include <QObject>

namespace firebreak {

class AlertmanagerClient;
class CloudEventFeed;
class Clock;
class IngestPipeline;
class MetricSource;
class StoreWriter;

// The adapters a configuration names (Alertmanager peers, and in turn the receiver, Prometheus and
// the feeds), built on the engine thread and connected to the ingest pipeline. Keeping this apart
// from EngineHost keeps the sandbox path and the real-source path from tangling.
// Use: construct on the engine thread with the pipeline and writer already there, then start().
class ConfiguredSources : public QObject {
    Q_OBJECT
public:
    ConfiguredSources(const FirebreakConfig& config, const Clock& clock, IngestPipeline& pipeline,
        StoreWriter& writer, QObject* parent = nullptr);
    ~ConfiguredSources() override;

    // Starts every configured adapter. Returns false with `error` when one cannot start (a receiver
    // that cannot listen): the engine must not pretend to receive alerts it never will.
    bool start(QString* error);
    void stop();

Q_SIGNALS:
    void sourceHealth(const firebreak::SourceHealth& health);

private:
    FirebreakConfig m_config;
    const Clock& m_clock;
    IngestPipeline& m_pipeline;
    StoreWriter& m_writer;
    AlertmanagerClient* m_alertmanager = nullptr;
    QVector<CloudEventFeed*> m_feeds;
};

} // namespace firebreak
