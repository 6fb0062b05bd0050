#pragma once

#include "domain/event.h"
#include "domain/labelset.h"
#include "domain/sourcehealth.h"
#include "sandboxoptions.h"

#include <QByteArray>
#include <QObject>
#include <QStringList>
#include <memory>

class QTimer;

namespace firebreak {

class AlertNotifier;
class Clock;
class Executor;
class MetricSource;
class RuleEvaluator;
class SandboxExecutor;
class SandboxMetricSource;
class SandboxSuppressor;
class SandboxWorld;
class SimClock;

// The embedded default platform (`--demo`): a simulated shop with its own accelerated clock, alert
// rules, an Alertmanager-like notifier, a metric source and an executor, all behind the same
// interfaces and payloads as the real adapters, so the console cannot tell it from production.
// It lives on the engine thread; every signal is emitted from there.
class SandboxPlatform : public QObject {
    Q_OBJECT
public:
    // Options are expected to have passed validate(); unknown scenario names are ignored.
    explicit SandboxPlatform(const SandboxOptions& options, QObject* parent = nullptr);
    ~SandboxPlatform() override;

    static QStringList scenarioNames();
    // Empty when the options are usable; otherwise one clear sentence (for the CLI to print).
    static QString validate(const SandboxOptions& options);

    MetricSource& metricSource();
    Executor& executor();
    // Local suppression: what it silences, the notifier leaves out of the webhooks.
    SandboxSuppressor& suppressor();
    const Clock& clock() const;
    SandboxWorld& world();
    const RuleEvaluator& rules() const;
    const SandboxOptions& options() const { return m_options; }
    // Starts `scenario` at the next tick, outside the cycle (chaos on demand).
    bool injectScenario(const QString& scenario, QString* error = nullptr);

public Q_SLOTS:
    void start();
    void stop();
    // Runs the world through `simMs` of simulated time at once, emitting everything on the way,
    // then goes on in real time (if started) from the new simulated time.
    void fastForward(qint64 simMs);

Q_SIGNALS:
    void webhook(const QByteArray& body, const QString& source);
    void changeEvent(const firebreak::Event& event, const firebreak::LabelSet& labels);
    void health(const firebreak::SourceHealth& health);

private:
    void advanceTo(qint64 simMs);
    void onTick(qint64 tickMs);
    void flushEvents();

    SandboxOptions m_options;
    std::unique_ptr<SimClock> m_clock;
    std::unique_ptr<SandboxWorld> m_world;
    std::unique_ptr<RuleEvaluator> m_rules;
    std::unique_ptr<SandboxSuppressor> m_suppressor;
    std::unique_ptr<AlertNotifier> m_notifier;
    std::unique_ptr<SandboxMetricSource> m_metricSource;
    std::unique_ptr<SandboxExecutor> m_executor;
    QTimer* m_timer;
    bool m_advancing = false;
};

} // namespace firebreak
