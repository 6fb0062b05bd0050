#pragma once

#include "automationsetup.h"
#include "config/firebreakconfig.h"
#include "correlation/correlationconfig.h"
#include "domain/receiverstats.h"
#include "domain/sourcehealth.h"
#include "mirrorclock.h"
#include "store/storeopenresult.h"

#include <QObject>
#include <QSqlDatabase>
#include <QThread>
#include <atomic>
#include <memory>
#include <optional>
#include <vector>

namespace firebreak {

class AlertmanagerSuppressor;
class BacktestService;
class Clock;
class ExecutorSet;
class ConfiguredSources;
class IngestPipeline;
class MetricQueryService;
class MetricSource;
class RunEngine;
struct RunRestore;
class SandboxPlatform;
class StoreReader;
class StoreWriter;

struct EngineOptions {
    QString dbPath;
    // Set: run on the real sources it names. Unset: run on the built-in sandbox (the fields below).
    std::optional<FirebreakConfig> config;
    QString scenario; // empty = cycle all
    double speed = 60;
    quint64 seed = 1;
    CorrelationConfig correlation;
    AutomationSetup automation; // playbooks, roster and how runs may act
};

// Owns the worker threads and the objects that live on them: the store writer and reader (each with
// its own SQLite connection) and the engine thread (sandbox, ingest pipeline, metric queries). The
// GUI and the headless runner both sit on top of it, so `--headless` runs exactly the same engine.
class EngineHost : public QObject {
    Q_OBJECT
public:
    explicit EngineHost(EngineOptions options, QObject* parent = nullptr);
    ~EngineHost() override;

    void start();
    // Commits everything pending and stops all threads. Safe to call twice.
    void stop();

    StoreWriter* writer() const { return m_writer; }
    StoreReader* reader() const { return m_reader; }
    // Valid after engineReady(); null when running on a configuration rather than the sandbox.
    SandboxPlatform* platform() const { return m_platform; }
    MetricQueryService* metricService() const { return m_metricService; }
    // Gate backtests over the gates' metric source; lives on the engine thread (after engineReady).
    BacktestService* backtestService() const { return m_backtest; }
    IngestPipeline* pipeline() const { return m_pipeline; }
    // Valid after engineReady(): drives remediation runs; call its slots by queued connection.
    RunEngine* runEngine() const { return m_runEngine; }
    // What runs act with (playbooks, roster, switches) and the configuration, if one was given.
    const AutomationSetup& automation() const { return m_options.automation; }
    const std::optional<FirebreakConfig>& config() const { return m_options.config; }
    // The engine's "now", safe to read from any thread.
    const Clock& clock() const { return m_clock; }
    // Runs the sandbox through `simMs` of simulated time at once; emits fastForwarded() when done.
    void fastForward(qint64 simMs);

Q_SIGNALS:
    void storeOpened(const firebreak::StoreOpenResult& result);
    void readerOpened(const firebreak::StoreOpenResult& result);
    // The engine objects exist and the sandbox is running; connect to platform() and metricService().
    void engineReady();
    void fastForwarded();
    // Health of the engine's sources, relayed from the engine thread (the sandbox reports at start).
    void sourceHealth(const firebreak::SourceHealth& health);
    // What the webhook receiver refused or quarantined (when a configuration runs one).
    void receiverStats(const firebreak::ReceiverStats& stats);
    // The engine cannot run as configured (a receiver that cannot listen); it has stopped ingesting.
    void fatalError(const QString& message);

private:
    void onStoreOpened(const StoreOpenResult& result);
    void startEngine(); // runs on the engine thread
    const Clock& startSandbox(qint64 lastEventMs); // on the engine thread; returns the sandbox's clock
    void startRuns(const Clock& clock, const RunRestore& restore); // on the engine thread, after the sources
    static RunRestore readRuns(QSqlDatabase& db, qint64 nowMs, QString* error);

    EngineOptions m_options;
    MirrorClock m_clock;
    QThread m_storeThread;
    QThread m_readerThread;
    QThread m_engineThread;
    StoreWriter* m_writer = nullptr;
    StoreReader* m_reader = nullptr;
    std::unique_ptr<Clock> m_systemClock; // the engine's clock when running on real sources
    std::unique_ptr<QObject> m_engineContext; // lives on the engine thread, for running code there
    SandboxPlatform* m_platform = nullptr;
    ConfiguredSources* m_sources = nullptr; // on the engine thread, when running on a configuration
    IngestPipeline* m_pipeline = nullptr;
    MetricQueryService* m_metricService = nullptr;
    BacktestService* m_backtest = nullptr;
    RunEngine* m_runEngine = nullptr;
    std::unique_ptr<ExecutorSet> m_executorSet; // on the engine thread, deleted after the run engine
    std::unique_ptr<AlertmanagerSuppressor> m_suppressor;
    std::unique_ptr<MetricSource> m_noMetrics; // what gates query when no Prometheus is configured
    std::atomic_bool m_stopped { false }; // read on the engine thread too
};

} // namespace firebreak
