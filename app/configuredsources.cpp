#include "configuredsources.h"

#include "alertmanager/alertmanagerclient.h"
#include "engine/ingestpipeline.h"
#include "feeds/cloudeventfeed.h"
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
    Q_UNUSED(error);
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
    for (const FeedSettings& settings : m_config.feeds) {
        auto* feed = new CloudEventFeed(settings, m_clock, {}, this);
        connect(feed, &CloudEventFeed::healthChanged, this, &ConfiguredSources::sourceHealth);
        feed->attach(&m_pipeline);
        feed->start();
        m_feeds.append(feed);
    }
    return true;
}

void ConfiguredSources::stop()
{
    if (m_alertmanager)
        m_alertmanager->stop();
    for (CloudEventFeed* feed : std::as_const(m_feeds))
        feed->stop();
}

} // namespace firebreak
