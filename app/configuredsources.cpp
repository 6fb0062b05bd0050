#include "configuredsources.h"

#include "alertmanager/alertmanagerclient.h"
#include "alertmanager/webhookreceiver.h"
#include "engine/ingestpipeline.h"
#include "feeds/cloudeventfeed.h"
#include "prometheus/prometheusclient.h"
#include "store/storewriter.h"

namespace firebreak {

ConfiguredSources::ConfiguredSources(
    const FirebreakConfig& config, const Clock& clock, IngestPipeline& pipeline, StoreWriter& writer, QObject* parent)
    : QObject(parent)
    , m_config(config)
    , m_clock(clock)
    , m_pipeline(pipeline)
    , m_writer(writer)
{
}

ConfiguredSources::~ConfiguredSources()
{
    stop();
}

bool ConfiguredSources::start(QString* error)
{
    // A receiver that cannot listen is fatal for ingest, but the console still shows what the
    // other sources have (API sync, charts, feeds).
    const bool receiving = !m_config.receiver || startReceiver(error);
    if (m_config.alertmanager) {
        m_alertmanager = new AlertmanagerClient(*m_config.alertmanager, {}, this);
        connect(m_alertmanager, &AlertmanagerClient::healthChanged, this, &ConfiguredSources::sourceHealth);
        // What fired while Firebreak was closed or cut off arrives through the same correlation as
        // webhook alerts, which drops what it already has.
        connect(m_alertmanager, &AlertmanagerClient::alertsFetched, &m_pipeline,
            [pipeline = &m_pipeline](
                const QVector<Alert>& alerts, const QString& source) { pipeline->ingestAlerts(alerts, source, 0); });
        connect(m_alertmanager, &AlertmanagerClient::errorOccurred, this,
            [](const QString& message) { qWarning("firebreak: %s", qPrintable(message)); });
        m_alertmanager->start();
    }
    if (m_config.prometheus) {
        m_prometheus = new PrometheusClient(*m_config.prometheus, m_clock, this);
        connect(m_prometheus, &PrometheusClient::healthChanged, this, &ConfiguredSources::sourceHealth);
    }
    for (const FeedSettings& settings : m_config.feeds) {
        auto* feed = new CloudEventFeed(settings, m_clock, {}, this);
        connect(feed, &CloudEventFeed::healthChanged, this, &ConfiguredSources::sourceHealth);
        feed->attach(&m_pipeline);
        feed->start();
        m_feeds.append(feed);
    }
    return receiving;
}

bool ConfiguredSources::startReceiver(QString* error)
{
    m_httpThread.setObjectName(QStringLiteral("firebreak-http"));
    m_receiver = new WebhookReceiver(*m_config.receiver);
    m_receiver->attach(&m_pipeline, &m_writer);
    connect(m_receiver, &WebhookReceiver::cloudEventsPayload, &m_pipeline, &IngestPipeline::ingestCloudEvents);
    connect(m_receiver, &WebhookReceiver::statsChanged, this, &ConfiguredSources::receiverStats);
    m_receiver->moveToThread(&m_httpThread);
    connect(&m_httpThread, &QThread::finished, m_receiver, &QObject::deleteLater);
    m_httpThread.start();
    bool listening = false;
    QMetaObject::invokeMethod(
        m_receiver, [this, &listening, error] { listening = m_receiver->listen(error); }, Qt::BlockingQueuedConnection);
    const quint16 port = listening ? m_receiver->port() : m_config.receiver->listenPort;
    const QString name = QStringLiteral("receiver %1:%2").arg(m_config.receiver->listenHost).arg(port);
    SourceHealth health;
    health.name = name;
    health.state = listening ? SourceHealth::State::Up : SourceHealth::State::Down;
    health.detail = listening ? QStringLiteral("listening for Alertmanager webhooks and CloudEvents") : *error;
    Q_EMIT sourceHealth(health);
    if (!listening)
        *error = QStringLiteral("the webhook receiver cannot listen on %1:%2: %3")
                     .arg(m_config.receiver->listenHost)
                     .arg(m_config.receiver->listenPort)
                     .arg(*error);
    return listening;
}

MetricSource* ConfiguredSources::metricSource() const
{
    return m_prometheus;
}

void ConfiguredSources::stop()
{
    // The receiver goes first: nothing new is accepted while the rest shuts down.
    m_httpThread.quit();
    m_httpThread.wait();
    if (m_alertmanager)
        m_alertmanager->stop();
    for (CloudEventFeed* feed : std::as_const(m_feeds))
        feed->stop();
}

} // namespace firebreak
