#include "configwriter.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <array>
#include <yaml-cpp/yaml.h>

namespace firebreak {

namespace {

std::string utf8(const QString& text)
{
    return text.toStdString();
}

class SectionWriter {
public:
    explicit SectionWriter(const QString& configFilePath)
        : m_dir(QFileInfo(configFilePath).absoluteDir())
    {
    }

    QByteArray write(const FirebreakConfig& config)
    {
        m_out << YAML::Comment("Firebreak configuration. Tokens are not in this file: token_file names the file "
                               "(mode 0600) that holds each.");
        m_out << YAML::BeginMap;
        if (config.store) {
            m_out << YAML::Key << "store" << YAML::Value << YAML::BeginMap;
            path("path", config.store->path);
            m_out << YAML::EndMap;
        }
        if (config.receiver)
            receiver(*config.receiver);
        if (config.alertmanager)
            alertmanager(*config.alertmanager);
        if (config.prometheus) {
            m_out << YAML::Key << "prometheus" << YAML::Value << YAML::BeginMap;
            url("url", config.prometheus->url);
            credential("token_file", config.prometheus->credential);
            m_out << YAML::EndMap;
        }
        if (!config.feeds.isEmpty())
            feeds(config.feeds);
        correlation(config.correlation);
        if (config.automation)
            automation(*config.automation);
        if (config.executors)
            executors(*config.executors);
        m_out << YAML::EndMap;
        return QByteArray(m_out.c_str(), qsizetype(m_out.size())) + '\n';
    }

private:
    void string(const char* key, const QString& value) { m_out << YAML::Key << key << YAML::Value << utf8(value); }

    void url(const char* key, const QUrl& value) { string(key, value.toString(QUrl::FullyEncoded)); }

    void duration(const char* key, qint64 ms) { string(key, ConfigWriter::formatDuration(ms)); }

    void optionalDuration(const char* key, const std::optional<qint64>& ms)
    {
        if (ms)
            duration(key, *ms);
    }

    // Inside the file's directory: relative to it, so that the directory can move as a whole.
    void path(const char* key, const QString& absolute)
    {
        if (absolute.isEmpty())
            return;
        QString relative = m_dir.relativeFilePath(absolute);
        if (relative.isEmpty())
            relative = QStringLiteral(".");
        const bool inside = relative != QLatin1String("..") && !relative.startsWith(QLatin1String("../"))
            && !QDir::isAbsolutePath(relative);
        string(key, inside ? relative : QDir::cleanPath(absolute));
    }

    void credential(const char* key, const Credential& credential)
    {
        if (credential.isSet())
            path(key, credential.file);
    }

    void stringList(const char* key, const QStringList& values)
    {
        m_out << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginSeq;
        for (const QString& value : values)
            m_out << utf8(value);
        m_out << YAML::EndSeq;
    }

    void receiver(const ReceiverSettings& receiver)
    {
        m_out << YAML::Key << "receiver" << YAML::Value << YAML::BeginMap;
        const bool ipv6 = receiver.listenHost.contains(QLatin1Char(':'));
        const QString host = ipv6 ? QStringLiteral("[%1]").arg(receiver.listenHost) : receiver.listenHost;
        string("listen", QStringLiteral("%1:%2").arg(host).arg(receiver.listenPort));
        credential("token_file", receiver.credential);
        string("max_body_bytes", QString::number(receiver.maxBodyBytes));
        m_out << YAML::EndMap;
    }

    void alertmanager(const AlertmanagerSettings& alertmanager)
    {
        m_out << YAML::Key << "alertmanager" << YAML::Value << YAML::BeginMap;
        m_out << YAML::Key << "peers" << YAML::Value << YAML::BeginSeq;
        for (const QUrl& peer : alertmanager.peers)
            m_out << utf8(peer.toString(QUrl::FullyEncoded));
        m_out << YAML::EndSeq;
        credential("token_file", alertmanager.credential);
        m_out << YAML::EndMap;
    }

    void feeds(const QVector<FeedSettings>& feeds)
    {
        m_out << YAML::Key << "feeds" << YAML::Value << YAML::BeginSeq;
        for (const FeedSettings& feed : feeds) {
            m_out << YAML::BeginMap;
            url("websocket", feed.websocket);
            credential("token_file", feed.credential);
            m_out << YAML::EndMap;
        }
        m_out << YAML::EndSeq;
    }

    // Only what differs from the loader's defaults, so that a file that never mentioned correlation
    // does not grow a section.
    void correlation(const CorrelationSettings& correlation)
    {
        const CorrelationSettings defaults;
        const bool groupBy = correlation.grouping.groupBy != defaults.grouping.groupBy;
        const bool window = correlation.grouping.windowMs != defaults.grouping.windowMs;
        const bool resolveAfter = correlation.resolveAfterMs != defaults.resolveAfterMs;
        if (!groupBy && !window && !resolveAfter && correlation.rules.isEmpty())
            return;
        m_out << YAML::Key << "correlation" << YAML::Value << YAML::BeginMap;
        if (groupBy)
            stringList("group_by", correlation.grouping.groupBy);
        if (window)
            duration("window", correlation.grouping.windowMs);
        if (resolveAfter)
            duration("resolve_after", correlation.resolveAfterMs);
        if (!correlation.rules.isEmpty()) {
            m_out << YAML::Key << "rules" << YAML::Value << YAML::BeginSeq;
            for (const CorrelationRule& rule : correlation.rules)
                this->rule(rule);
            m_out << YAML::EndSeq;
        }
        m_out << YAML::EndMap;
    }

    void rule(const CorrelationRule& rule)
    {
        const QString alertname = QStringLiteral("alertname");
        m_out << YAML::BeginMap;
        string("name", rule.name);
        string("hypothesis", rule.hypothesis);
        m_out << YAML::Key << "signals" << YAML::Value << YAML::BeginSeq;
        for (const CorrelationSignal& signal : rule.signals) {
            if (signal.matchers.size() == 1 && signal.matchers.contains(alertname)) {
                m_out << utf8(signal.matchers.value(alertname));
                continue;
            }
            // alertname first, as people write it.
            m_out << YAML::Flow << YAML::BeginMap;
            m_out << YAML::Key << "alertname" << YAML::Value << utf8(signal.matchers.value(alertname));
            for (auto it = signal.matchers.cbegin(); it != signal.matchers.cend(); ++it) {
                if (it.key() != alertname)
                    m_out << YAML::Key << utf8(it.key()) << YAML::Value << utf8(it.value());
            }
            m_out << YAML::EndMap;
        }
        m_out << YAML::EndSeq;
        if (!rule.equal.isEmpty())
            stringList("equal", rule.equal);
        duration("within", rule.withinMs);
        m_out << YAML::EndMap;
    }

    void automation(const AutomationSettings& automation)
    {
        m_out << YAML::Key << "automation" << YAML::Value << YAML::BeginMap;
        path("playbooks", automation.playbooksDir);
        path("roster", automation.rosterFile);
        if (automation.frozen)
            string("frozen", QStringLiteral("true"));
        if (automation.autoApproveLow)
            string("auto_approve_low", QStringLiteral("true"));
        if (automation.rateLimit) {
            m_out << YAML::Key << "rate_limit" << YAML::Value << YAML::Flow << YAML::BeginMap;
            string("max_runs", QString::number(automation.rateLimit->maxRuns));
            duration("per", automation.rateLimit->perMs);
            m_out << YAML::EndMap;
        }
        if (!automation.maintenance.isEmpty()) {
            m_out << YAML::Key << "maintenance" << YAML::Value << YAML::BeginSeq;
            for (const MaintenanceWindow& window : automation.maintenance) {
                m_out << YAML::BeginMap;
                string("start", timestamp(window.startMs));
                string("end", timestamp(window.endMs));
                if (!window.comment.isEmpty())
                    string("comment", window.comment);
                m_out << YAML::EndMap;
            }
            m_out << YAML::EndSeq;
        }
        m_out << YAML::EndMap;
    }

    void executors(const ExecutorSettings& executors)
    {
        m_out << YAML::Key << "executors" << YAML::Value << YAML::BeginMap;
        if (executors.shell) {
            m_out << YAML::Key << "shell" << YAML::Value << YAML::BeginMap;
            if (!executors.shell->environmentAllowlist.isEmpty())
                stringList("env_allowlist", executors.shell->environmentAllowlist);
            optionalDuration("timeout", executors.shell->timeoutMs);
            path("working_directory", executors.shell->workingDirectory);
            m_out << YAML::EndMap;
        }
        if (executors.http) {
            m_out << YAML::Key << "http" << YAML::Value << YAML::BeginMap;
            path("ca_file", executors.http->caFile);
            optionalDuration("timeout", executors.http->timeoutMs);
            m_out << YAML::EndMap;
        }
        if (executors.kubernetes) {
            m_out << YAML::Key << "kubernetes" << YAML::Value << YAML::BeginMap;
            url("server", executors.kubernetes->server);
            credential("token_file", executors.kubernetes->credential);
            path("ca_file", executors.kubernetes->caFile);
            optionalDuration("timeout", executors.kubernetes->timeoutMs);
            m_out << YAML::EndMap;
        }
        if (executors.rundeck) {
            const RundeckExecutorSettings& rundeck = *executors.rundeck;
            m_out << YAML::Key << "rundeck" << YAML::Value << YAML::BeginMap;
            url("url", rundeck.url);
            credential("token_file", rundeck.credential);
            if (rundeck.apiVersion)
                string("api_version", QString::number(*rundeck.apiVersion));
            path("ca_file", rundeck.caFile);
            optionalDuration("poll_interval", rundeck.pollIntervalMs);
            optionalDuration("timeout", rundeck.timeoutMs);
            m_out << YAML::EndMap;
        }
        if (executors.stackstorm) {
            const StackStormExecutorSettings& stackstorm = *executors.stackstorm;
            m_out << YAML::Key << "stackstorm" << YAML::Value << YAML::BeginMap;
            url("url", stackstorm.url);
            credential("api_key_file", stackstorm.credential);
            path("ca_file", stackstorm.caFile);
            optionalDuration("poll_interval", stackstorm.pollIntervalMs);
            optionalDuration("timeout", stackstorm.timeoutMs);
            m_out << YAML::EndMap;
        }
        m_out << YAML::EndMap;
    }

    static QString timestamp(qint64 ms)
    {
        const QDateTime time = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
        return time.toString(time.time().msec() == 0 ? QStringLiteral("yyyy-MM-ddTHH:mm:ssZ")
                                                     : QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ"));
    }

    QDir m_dir;
    YAML::Emitter m_out;
};

} // namespace

QByteArray ConfigWriter::toYaml(const FirebreakConfig& config, const QString& configFilePath)
{
    return SectionWriter(configFilePath).write(config);
}

QString ConfigWriter::formatDuration(qint64 ms)
{
    if (ms <= 0)
        return QStringLiteral("0");
    constexpr qint64 Second = 1000;
    constexpr qint64 Minute = 60 * Second;
    constexpr qint64 Hour = 60 * Minute;
    constexpr qint64 Day = 24 * Hour;
    struct Unit {
        const char* suffix;
        qint64 ms;
    };
    static constexpr std::array<Unit, 7> Units { { { "y", 365 * Day }, { "w", 7 * Day }, { "d", Day }, { "h", Hour },
        { "m", Minute }, { "s", Second }, { "ms", 1 } } };
    QString text;
    for (const Unit& unit : Units) {
        if (ms >= unit.ms) {
            text += QString::number(ms / unit.ms) + QLatin1String(unit.suffix);
            ms %= unit.ms;
        }
    }
    return text;
}

} // namespace firebreak
