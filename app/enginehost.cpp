#include "enginehost.h"

#include "alertmanager/alertmanagersuppressor.h"
#include "configuredsources.h"
#include "engine/ingestpipeline.h"
#include "engine/metricqueryservice.h"
#include "engine/systemclock.h"
#include "executorset.h"
#include "learning/backtestservice.h"
#include "runs/runengine.h"
#include "runs/runstatemachine.h"
#include "sandbox/sandboxplatform.h"
#include "sandbox/sandboxsuppressor.h"
#include "store/database.h"
#include "store/storequeries.h"
#include "store/storereader.h"
#include "store/storewriter.h"
#include "unavailablemetricsource.h"

#include <QDateTime>

namespace firebreak {

EngineHost::EngineHost(EngineOptions options, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_systemClock(std::make_unique<SystemClock>())
    , m_engineContext(std::make_unique<QObject>())
{
    m_storeThread.setObjectName(QStringLiteral("firebreak-store"));
    m_readerThread.setObjectName(QStringLiteral("firebreak-reader"));
    m_engineThread.setObjectName(QStringLiteral("firebreak-engine"));
    m_engineContext->moveToThread(&m_engineThread);

    m_writer = new StoreWriter(m_options.dbPath);
    m_writer->moveToThread(&m_storeThread);
    connect(&m_storeThread, &QThread::finished, m_writer, &QObject::deleteLater);
    m_reader = new StoreReader(m_options.dbPath);
    m_reader->moveToThread(&m_readerThread);
    connect(&m_readerThread, &QThread::finished, m_reader, &QObject::deleteLater);

    connect(m_writer, &StoreWriter::opened, this, &EngineHost::onStoreOpened);
    connect(m_reader, &StoreReader::opened, this, &EngineHost::readerOpened);
}

EngineHost::~EngineHost()
{
    stop();
}

void EngineHost::start()
{
    m_storeThread.start();
    m_readerThread.start();
    m_engineThread.start();
    QMetaObject::invokeMethod(m_writer, &StoreWriter::open, Qt::QueuedConnection);
}

void EngineHost::onStoreOpened(const StoreOpenResult& result)
{
    if (m_stopped)
        return; // stopped while the store was opening: the reader thread is gone
    // The reader opens only after the writer has created or migrated the schema.
    QMetaObject::invokeMethod(m_reader, &StoreReader::open, Qt::QueuedConnection);
    Q_EMIT storeOpened(result);
    if (!result.ok || result.readOnly)
        return; // show what is stored, but never ingest into a damaged store
    QMetaObject::invokeMethod(
        this, [this] { startEngine(); }, Qt::QueuedConnection);
}

void EngineHost::startEngine()
{
    // Build the engine objects on the engine thread, after reading what correlation must continue from.
    QMetaObject::invokeMethod(m_engineContext.get(), [this] {
        if (m_stopped)
            return; // stop() came first: build nothing that nobody will stop
        const QString connection = QStringLiteral("firebreak-restore");
        QVector<Incident> incidents;
        QVector<Alert> alerts;
        QVector<InboxDelivery> inbox;
        RunRestore runs;
        qint64 maxIncident = 0;
        qint64 lastEventMs = 0;
        QString error;
        {
            const StoreOpenResult opened = Database::open(connection, m_options.dbPath, Database::Mode::ReadOnly);
            if (opened.ok) {
                QSqlDatabase db = Database::connection(connection);
                QString timeError; // only positions the sandbox's clock; not worth refusing to start over
                lastEventMs = StoreQueries::lastEventTimeMs(db, &timeError);
                // Resolved incidents of the last day come too, so that notifications of their
                // alerts retried across the restart are recognised instead of stored again.
                const qint64 since
                    = qMax(QDateTime::currentMSecsSinceEpoch(), lastEventMs) - Correlator::ForgetResolvedAfterMs;
                incidents = StoreQueries::incidentsForCorrelation(db, since, &error);
                if (error.isEmpty())
                    alerts = StoreQueries::alertsForCorrelation(db, since, &error);
                if (error.isEmpty())
                    maxIncident = StoreQueries::maxIncidentId(db, &error);
                // Deliveries answered but not yet correlated when Firebreak last stopped.
                if (error.isEmpty())
                    inbox = StoreQueries::inboxDeliveries(db, &error);
                if (error.isEmpty())
                    runs = readRuns(db, qMax(QDateTime::currentMSecsSinceEpoch(), lastEventMs), &error);
                // Only with every run read back: otherwise an alert's run could be proposed a second time.
                for (const Alert& alert : std::as_const(alerts)) {
                    if (error.isEmpty() && alert.status == AlertStatus::Firing)
                        runs.firingAlerts.append(alert);
                }
            } else {
                error = opened.problem;
            }
        }
        Database::close(connection);
        if (!error.isEmpty())
            qWarning("firebreak: could not restore correlation state, open incidents will not be continued: %s",
                qPrintable(error));
        // Never hand out an incident id the store already has: an upsert would overwrite it.
        maxIncident = qMax(maxIncident, m_writer->maxIncidentId());

        const Clock& engineClock = m_options.config ? *m_systemClock : startSandbox(lastEventMs);
        // A configuration brings the full correlation settings (rules, resolve_after); the sandbox
        // groups by labels only.
        m_pipeline = m_options.config ? new IngestPipeline(engineClock, m_options.config->correlation)
                                      : new IngestPipeline(engineClock, m_options.correlation);
        connect(&m_engineThread, &QThread::finished, m_pipeline, &QObject::deleteLater);
        m_pipeline->restore(incidents, alerts, maxIncident);
        m_pipeline->connectTo(m_writer);
        if (m_platform) {
            m_metricService = new MetricQueryService(m_platform->metricSource());
            connect(&m_engineThread, &QThread::finished, m_metricService, &QObject::deleteLater);
            connect(m_platform, &SandboxPlatform::webhook, m_pipeline,
                [pipeline = m_pipeline](
                    const QByteArray& body, const QString& source) { pipeline->ingestWebhook(body, source, 0); });
            connect(m_platform, &SandboxPlatform::changeEvent, m_pipeline, &IngestPipeline::ingestEvent);
            m_platform->start();
            m_clock.anchor(m_platform->clock().nowMs(), m_options.speed);
        } else {
            m_sources = new ConfiguredSources(*m_options.config, engineClock, *m_pipeline, *m_writer);
            connect(&m_engineThread, &QThread::finished, m_sources, &QObject::deleteLater);
            connect(m_sources, &ConfiguredSources::sourceHealth, this, &EngineHost::sourceHealth);
            connect(m_sources, &ConfiguredSources::receiverStats, this, &EngineHost::receiverStats);
            QString sourceError;
            if (!m_sources->start(&sourceError))
                Q_EMIT fatalError(sourceError);
            if (MetricSource* metrics = m_sources->metricSource()) {
                m_metricService = new MetricQueryService(*metrics, engineClock, Backoff::Policy {});
                connect(&m_engineThread, &QThread::finished, m_metricService, &QObject::deleteLater);
            }
        }
        startRuns(engineClock, runs);
        // Only now, with the run engine listening to commits: a replayed alert may need its run.
        m_pipeline->replayInbox(inbox);
        QMetaObject::invokeMethod(this, &EngineHost::engineReady, Qt::QueuedConnection);
    });
}

void EngineHost::startRuns(const Clock& clock, const RunRestore& restore)
{
    const AutomationSetup& automation = m_options.automation;
    m_executorSet = std::make_unique<ExecutorSet>();
    m_executorSet->build(m_options.config ? m_options.config->executors : std::nullopt);
    MetricSource* metrics = nullptr;
    Suppressor* suppressor = nullptr;
    RunEngineSettings settings = automation.settings;
    if (m_platform) {
        m_executorSet->add(&m_platform->executor());
        metrics = &m_platform->metricSource();
        suppressor = &m_platform->suppressor();
        settings.timeScale = m_options.speed;
    } else {
        metrics = m_sources->metricSource();
        if (AlertmanagerClient* client = m_sources->alertmanager()) {
            m_suppressor = std::make_unique<AlertmanagerSuppressor>(*client);
            suppressor = m_suppressor.get();
        }
    }
    if (!metrics) {
        m_noMetrics = std::make_unique<UnavailableMetricSource>();
        metrics = m_noMetrics.get();
    }
    m_runEngine = new RunEngine(clock, *metrics, m_executorSet->executors(), suppressor, automation.roster.get(),
        automation.playbooks, settings);
    connect(m_runEngine, &RunEngine::batchReady, m_writer, &StoreWriter::enqueue);
    connect(m_writer, &StoreWriter::committed, m_runEngine, &RunEngine::onCommitted);
    connect(m_writer, &StoreWriter::failed, m_runEngine, &RunEngine::onStoreFailed);
    // Backtests replay gates over the same metrics the gates query, on this thread where they answer.
    m_backtest = new BacktestService(*metrics);
    m_runEngine->restore(restore);
    m_runEngine->recordConfiguration(automation.playbookFiles,
        automation.roster ? automation.roster->contentHash() : QString(),
        automation.roster ? automation.roster->sourceFile() : QString());
}

RunRestore EngineHost::readRuns(QSqlDatabase& db, qint64 nowMs, QString* error)
{
    RunRestore restore;
    QList<RunState> open;
    for (const auto& [from, to] : RunStateMachine::transitions()) {
        Q_UNUSED(to);
        if (!open.contains(from))
            open.append(from);
    }
    QMap<qint64, Run> byId;
    for (const Run& run : StoreQueries::runsInStates(db, open, error))
        byId.insert(run.id, run);
    // Runs of the last day count against rate limits whatever their state.
    restore.runsSinceMs = nowMs - 24LL * 3600 * 1000;
    if (error->isEmpty()) {
        for (const Run& run : StoreQueries::runsCreatedSince(db, restore.runsSinceMs, error))
            byId.insert(run.id, run);
    }
    restore.runs = byId.values().toVector();
    for (const Run& run : std::as_const(restore.runs)) {
        if (error->isEmpty() && run.state == RunState::AwaitingApproval)
            restore.approvals += StoreQueries::approvals(db, run.id, error);
    }
    if (error->isEmpty()) {
        EventQuery changes;
        changes.kinds = QStringList { QString::fromLatin1(EventKind::ChangeDeploy),
            QString::fromLatin1(EventKind::ChangeCron), QString::fromLatin1(EventKind::ChangeEvent) };
        changes.limit = 1000;
        bool more = false;
        for (const Event& event : StoreQueries::events(db, changes, &more, error)) {
            if (const std::optional<ChangeRecord> change = RunEngine::changeOf(event))
                restore.changes.append(*change);
        }
    }
    if (error->isEmpty())
        restore.maxRunId = StoreQueries::maxRunId(db, error);
    return restore;
}

const Clock& EngineHost::startSandbox(qint64 lastEventMs)
{
    // The sandbox's accelerated clock runs ahead of the wall clock; starting after the last
    // stored event keeps a reused demo store in time order.
    SandboxOptions sandbox;
    sandbox.seed = m_options.seed;
    sandbox.speed = m_options.speed;
    if (!m_options.scenario.isEmpty())
        sandbox.scenarios = QStringList { m_options.scenario };
    sandbox.startMs = qMax(QDateTime::currentMSecsSinceEpoch(), lastEventMs + 60 * 1000);
    m_platform = new SandboxPlatform(sandbox);
    connect(&m_engineThread, &QThread::finished, m_platform, &QObject::deleteLater);
    connect(m_platform, &SandboxPlatform::health, this, &EngineHost::sourceHealth);
    return m_platform->clock();
}

void EngineHost::fastForward(qint64 simMs)
{
    if (!m_platform) {
        // Real sources run on the wall clock: there is nothing to fast-forward.
        QMetaObject::invokeMethod(this, &EngineHost::fastForwarded, Qt::QueuedConnection);
        return;
    }
    QMetaObject::invokeMethod(m_platform, [this, simMs] {
        m_platform->fastForward(simMs);
        m_clock.anchor(m_platform->clock().nowMs(), m_options.speed);
        QMetaObject::invokeMethod(this, &EngineHost::fastForwarded, Qt::QueuedConnection);
    });
}

void EngineHost::stop()
{
    if (m_stopped)
        return;
    m_stopped = true;
    // On the engine thread, where the engine objects are made, so this sees whatever exists.
    // Sources go first (the receiver stops answering, feeds close) and are deleted before the
    // pipeline they feed, which goes with the thread.
    if (m_engineThread.isRunning()) {
        QMetaObject::invokeMethod(
            m_engineContext.get(),
            [this] {
                if (m_platform)
                    m_platform->stop();
                // The run engine first: it uses the executors, the suppressor and the metric source.
                delete m_runEngine;
                m_runEngine = nullptr;
                delete m_backtest;
                m_backtest = nullptr;
                m_executorSet.reset();
                m_suppressor.reset();
                delete m_sources;
                m_sources = nullptr;
                delete m_metricService;
                m_metricService = nullptr;
            },
            Qt::BlockingQueuedConnection);
    }
    m_engineThread.quit();
    m_engineThread.wait();
    // Anything the engine produced is queued to the writer by now; commit it before stopping.
    if (m_storeThread.isRunning())
        QMetaObject::invokeMethod(m_writer, &StoreWriter::close, Qt::BlockingQueuedConnection);
    m_storeThread.quit();
    m_storeThread.wait();
    m_readerThread.quit();
    m_readerThread.wait();
}

} // namespace firebreak
