#include "configloader.h"

#include "configreader.h"
#include "executorsectionreader.h"

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>
#include <arpa/inet.h>

namespace firebreak {

namespace {

using Field = ConfigReader::Field;
using Fields = ConfigReader::Fields;

const QStringList TopKeys { QStringLiteral("store"), QStringLiteral("receiver"), QStringLiteral("alertmanager"),
    QStringLiteral("prometheus"), QStringLiteral("feeds"), QStringLiteral("correlation"), QStringLiteral("automation"),
    QStringLiteral("executors") };

// More runs than this in one window is not a limit any more; it is almost certainly a typo.
constexpr qint64 MaxRunsCap = 100000;

bool isIpLiteral(const QString& host)
{
    const QByteArray ascii = host.toLatin1();
    unsigned char buffer[16];
    return ::inet_pton(AF_INET, ascii.constData(), buffer) == 1
        || ::inet_pton(AF_INET6, ascii.constData(), buffer) == 1;
}

// HOST:PORT with HOST an IP literal (IPv6 in brackets) or "localhost": the receiver binds a socket, so
// a name that would need a resolver is refused here rather than failing later without a line number.
void parseListen(const Field& field, ReceiverSettings& receiver)
{
    const QString text = ConfigReader::string(field);
    const YAML::Mark mark = ConfigReader::markOf(field);
    static const QRegularExpression Pattern(QStringLiteral(R"(^(?:\[([^\]]+)\]|([^:\[\]]+)):([0-9]+)$)"));
    const QRegularExpressionMatch match = Pattern.match(text);
    if (!match.hasMatch()) {
        ConfigReader::fail(mark,
            QStringLiteral("%1: expected HOST:PORT such as 127.0.0.1:9095 or [::1]:9095, got \"%2\"")
                .arg(field.path, text));
    }
    const bool bracketed = match.capturedLength(1) > 0;
    const QString host = bracketed ? match.captured(1) : match.captured(2);
    if (host != QLatin1String("localhost") && !isIpLiteral(host)) {
        ConfigReader::fail(
            mark, QStringLiteral("%1: host \"%2\" is not an IP address or localhost").arg(field.path, host));
    }
    bool ok = false;
    const int port = match.captured(3).toInt(&ok);
    if (!ok || port < 1 || port > 65535) {
        ConfigReader::fail(mark,
            QStringLiteral("%1: port must be between 1 and 65535, got \"%2\"").arg(field.path, match.captured(3)));
    }
    receiver.listenHost = host;
    receiver.listenPort = quint16(port);
}

class SectionLoader {
public:
    explicit SectionLoader(const QDir& configDir)
        : m_reader(configDir)
    {
    }

    FirebreakConfig load(const YAML::Node& root)
    {
        FirebreakConfig config;
        if (root.IsNull() || !root.IsDefined()) {
            ConfigReader::fail(YAML::Mark(),
                QStringLiteral("the file holds no settings; expected some of: %1")
                    .arg(TopKeys.join(QStringLiteral(", "))));
        }
        if (!root.IsMap()) {
            ConfigReader::fail(root.Mark(),
                QStringLiteral("expected a mapping of sections at the top level (%1)")
                    .arg(TopKeys.join(QStringLiteral(", "))));
        }
        const Fields top = m_reader.mapping(root, QString(), TopKeys, root.Mark());
        if (top.contains(QStringLiteral("store")))
            config.store = store(top[QStringLiteral("store")]);
        if (top.contains(QStringLiteral("receiver")))
            config.receiver = receiver(top[QStringLiteral("receiver")]);
        if (top.contains(QStringLiteral("alertmanager")))
            config.alertmanager = alertmanager(top[QStringLiteral("alertmanager")]);
        if (top.contains(QStringLiteral("prometheus")))
            config.prometheus = prometheus(top[QStringLiteral("prometheus")]);
        if (top.contains(QStringLiteral("feeds")))
            config.feeds = feeds(top[QStringLiteral("feeds")]);
        if (top.contains(QStringLiteral("correlation")))
            config.correlation = correlation(top[QStringLiteral("correlation")]);
        if (top.contains(QStringLiteral("automation")))
            config.automation = automation(top[QStringLiteral("automation")]);
        if (top.contains(QStringLiteral("executors")))
            config.executors = ExecutorSectionReader(m_reader).read(top[QStringLiteral("executors")]);
        return config;
    }

private:
    Fields section(const Field& field, const QStringList& known) const
    {
        return m_reader.mapping(field.value, field.path, known, field.key.Mark());
    }

    StoreSettings store(const Field& field) const
    {
        const Fields f = section(field, { QStringLiteral("path") });
        return StoreSettings { m_reader.filePath(
            ConfigReader::require(f, QStringLiteral("path"), field.path, ConfigReader::markOf(field))) };
    }

    ReceiverSettings receiver(const Field& field) const
    {
        const Fields f = section(
            field, { QStringLiteral("listen"), QStringLiteral("token_file"), QStringLiteral("max_body_bytes") });
        const YAML::Mark mark = ConfigReader::markOf(field);
        ReceiverSettings settings;
        parseListen(ConfigReader::require(f, QStringLiteral("listen"), field.path, mark), settings);
        // Authentication is on by default: a receiver without a token would take alerts from anyone.
        settings.credential
            = m_reader.credential(ConfigReader::require(f, QStringLiteral("token_file"), field.path, mark));
        if (f.contains(QStringLiteral("max_body_bytes"))) {
            settings.maxBodyBytes = m_reader.positiveInteger(
                f[QStringLiteral("max_body_bytes")], ReceiverSettings::MaxBodyBytesCap, QStringLiteral("bytes"));
        }
        return settings;
    }

    AlertmanagerSettings alertmanager(const Field& field) const
    {
        const Fields f = section(field, { QStringLiteral("peers"), QStringLiteral("token_file") });
        const Field& peers = ConfigReader::require(f, QStringLiteral("peers"), field.path, ConfigReader::markOf(field));
        if (!peers.value.IsSequence()) {
            ConfigReader::fail(
                ConfigReader::markOf(peers), QStringLiteral("%1: expected a list of URLs").arg(peers.path));
        }
        if (peers.value.size() == 0) {
            ConfigReader::fail(ConfigReader::markOf(peers),
                QStringLiteral("%1: the list is empty; name at least one Alertmanager").arg(peers.path));
        }
        AlertmanagerSettings settings;
        QSet<QUrl> seen;
        for (std::size_t i = 0; i < peers.value.size(); ++i) {
            const QString path = QStringLiteral("%1[%2]").arg(peers.path).arg(i);
            const YAML::Node node = peers.value[i];
            const QUrl url = m_reader.url(
                node, path, { QStringLiteral("http"), QStringLiteral("https") }, ConfigReader::markOf(peers));
            // "http://am:9093" and "http://am:9093/" are the same peer.
            QUrl normalized = url.adjusted(QUrl::StripTrailingSlash | QUrl::NormalizePathSegments);
            if (normalized.path() == QLatin1String("/"))
                normalized.setPath(QString());
            if (seen.contains(normalized)) {
                ConfigReader::fail(node.Mark().line >= 0 ? node.Mark() : ConfigReader::markOf(peers),
                    QStringLiteral("%1: duplicate peer \"%2\"").arg(path, url.toString()));
            }
            seen.insert(normalized);
            settings.peers.append(url);
        }
        if (f.contains(QStringLiteral("token_file")))
            settings.credential = m_reader.credential(f[QStringLiteral("token_file")]);
        return settings;
    }

    PrometheusSettings prometheus(const Field& field) const
    {
        const Fields f = section(field, { QStringLiteral("url"), QStringLiteral("token_file") });
        const Field& url = ConfigReader::require(f, QStringLiteral("url"), field.path, ConfigReader::markOf(field));
        PrometheusSettings settings;
        settings.url
            = m_reader.url(url.value, url.path, { QStringLiteral("http"), QStringLiteral("https") }, url.key.Mark());
        if (f.contains(QStringLiteral("token_file")))
            settings.credential = m_reader.credential(f[QStringLiteral("token_file")]);
        return settings;
    }

    QVector<FeedSettings> feeds(const Field& field) const
    {
        if (!field.value.IsSequence()) {
            ConfigReader::fail(ConfigReader::markOf(field),
                QStringLiteral("%1: expected a list of feeds such as [{websocket: \"ws://host:port/path\"}]")
                    .arg(field.path));
        }
        QVector<FeedSettings> feeds;
        for (std::size_t i = 0; i < field.value.size(); ++i) {
            const YAML::Node node = field.value[i];
            const Field item { field.key, node, QStringLiteral("%1[%2]").arg(field.path).arg(i) };
            const Fields f = m_reader.mapping(node, item.path,
                { QStringLiteral("websocket"), QStringLiteral("token_file") }, ConfigReader::markOf(field));
            const Field& ws
                = ConfigReader::require(f, QStringLiteral("websocket"), item.path, ConfigReader::markOf(item));
            FeedSettings feed;
            feed.websocket
                = m_reader.url(ws.value, ws.path, { QStringLiteral("ws"), QStringLiteral("wss") }, ws.key.Mark());
            if (f.contains(QStringLiteral("token_file")))
                feed.credential = m_reader.credential(f[QStringLiteral("token_file")]);
            feeds.append(feed);
        }
        return feeds;
    }

    CorrelationSettings correlation(const Field& field) const
    {
        const Fields f = section(field,
            { QStringLiteral("group_by"), QStringLiteral("window"), QStringLiteral("resolve_after"),
                QStringLiteral("rules") });
        CorrelationSettings settings;
        if (f.contains(QStringLiteral("group_by")))
            settings.grouping.groupBy = labelNames(f[QStringLiteral("group_by")]);
        if (f.contains(QStringLiteral("window")))
            settings.grouping.windowMs = m_reader.positiveDurationMs(f[QStringLiteral("window")]);
        if (f.contains(QStringLiteral("resolve_after")))
            settings.resolveAfterMs = m_reader.positiveDurationMs(f[QStringLiteral("resolve_after")]);
        if (f.contains(QStringLiteral("rules")))
            settings.rules = rules(f[QStringLiteral("rules")]);
        return settings;
    }

    QVector<CorrelationRule> rules(const Field& field) const
    {
        if (!field.value.IsSequence()) {
            ConfigReader::fail(ConfigReader::markOf(field),
                QStringLiteral("%1: expected a list of rules, each {name, hypothesis, signals, equal, within}")
                    .arg(field.path));
        }
        static const QRegularExpression RuleName(QStringLiteral("^[A-Za-z0-9_.-]+$"));
        QVector<CorrelationRule> rules;
        QSet<QString> names;
        for (std::size_t i = 0; i < field.value.size(); ++i) {
            const YAML::Node node = field.value[i];
            const Field item { field.key, node, QStringLiteral("%1[%2]").arg(field.path).arg(i) };
            const YAML::Mark mark = ConfigReader::markOf(item);
            const Fields f = m_reader.mapping(node, item.path,
                { QStringLiteral("name"), QStringLiteral("hypothesis"), QStringLiteral("signals"),
                    QStringLiteral("equal"), QStringLiteral("within") },
                mark);
            CorrelationRule rule;
            const Field& name = ConfigReader::require(f, QStringLiteral("name"), item.path, mark);
            rule.name = m_reader.nonEmptyString(name);
            if (!RuleName.match(rule.name).hasMatch()) {
                ConfigReader::fail(ConfigReader::markOf(name),
                    QStringLiteral("%1: \"%2\" may hold only letters, digits, '_', '-' and '.'")
                        .arg(name.path, rule.name));
            }
            if (names.contains(rule.name)) {
                ConfigReader::fail(ConfigReader::markOf(name),
                    QStringLiteral("%1: a rule named \"%2\" already exists").arg(name.path, rule.name));
            }
            names.insert(rule.name);
            rule.hypothesis
                = m_reader.nonEmptyString(ConfigReader::require(f, QStringLiteral("hypothesis"), item.path, mark));
            rule.signals = signalList(ConfigReader::require(f, QStringLiteral("signals"), item.path, mark));
            if (f.contains(QStringLiteral("equal")))
                rule.equal = labelNames(f[QStringLiteral("equal")]);
            rule.withinMs
                = m_reader.positiveDurationMs(ConfigReader::require(f, QStringLiteral("within"), item.path, mark));
            rules.append(rule);
        }
        return rules;
    }

    // Each signal is a mapping of labels an alert must carry, alertname required
    // ({alertname: HighErrorRate, severity: critical}), or just an alertname ("HighLatency").
    QVector<CorrelationSignal> signalList(const Field& field) const
    {
        if (!field.value.IsSequence() || field.value.size() == 0) {
            ConfigReader::fail(ConfigReader::markOf(field),
                QStringLiteral("%1: expected a non-empty list of signals, each an alertname or a mapping of labels "
                               "such as {alertname: HighErrorRate, severity: critical}")
                    .arg(field.path));
        }
        const QString alertname = QStringLiteral("alertname");
        QVector<CorrelationSignal> signals;
        for (std::size_t i = 0; i < field.value.size(); ++i) {
            const YAML::Node node = field.value[i];
            const Field item { field.key, node, QStringLiteral("%1[%2]").arg(field.path).arg(i) };
            const YAML::Mark mark = node.Mark().line >= 0 ? node.Mark() : ConfigReader::markOf(field);
            CorrelationSignal signal;
            if (node.IsScalar()) {
                signal.matchers.insert(alertname, m_reader.nonEmptyString(item));
            } else if (node.IsMap()) {
                for (auto it = node.begin(); it != node.end(); ++it) {
                    const QString label = ConfigReader::string(it->first, item.path, mark);
                    checkLabelName(label, item.path, it->first.Mark());
                    if (signal.matchers.contains(label)) {
                        ConfigReader::fail(
                            it->first.Mark(), QStringLiteral("%1: label \"%2\" is listed twice").arg(item.path, label));
                    }
                    const Field value { it->first, it->second, item.path + QLatin1Char('.') + label };
                    signal.matchers.insert(label, m_reader.nonEmptyString(value));
                }
                if (!signal.matchers.contains(alertname)) {
                    ConfigReader::fail(mark,
                        QStringLiteral("%1: a signal needs an alertname, such as {alertname: HighErrorRate}")
                            .arg(item.path));
                }
            } else {
                ConfigReader::fail(
                    mark, QStringLiteral("%1: expected an alertname or a mapping of labels").arg(item.path));
            }
            if (signals.contains(signal))
                ConfigReader::fail(mark, QStringLiteral("%1: the same signal is listed twice").arg(item.path));
            signals.append(signal);
        }
        return signals;
    }

    AutomationSettings automation(const Field& field) const
    {
        const Fields f = section(field,
            { QStringLiteral("playbooks"), QStringLiteral("roster"), QStringLiteral("frozen"),
                QStringLiteral("auto_approve_low"), QStringLiteral("rate_limit"), QStringLiteral("maintenance") });
        AutomationSettings settings;
        if (f.contains(QStringLiteral("playbooks")))
            settings.playbooksDir = m_reader.existingDirectory(f[QStringLiteral("playbooks")]);
        if (f.contains(QStringLiteral("roster")))
            settings.rosterFile = m_reader.existingFile(f[QStringLiteral("roster")]);
        if (f.contains(QStringLiteral("frozen")))
            settings.frozen = m_reader.boolean(f[QStringLiteral("frozen")]);
        if (f.contains(QStringLiteral("auto_approve_low")))
            settings.autoApproveLow = m_reader.boolean(f[QStringLiteral("auto_approve_low")]);
        if (f.contains(QStringLiteral("rate_limit")))
            settings.rateLimit = rateLimit(f[QStringLiteral("rate_limit")]);
        if (f.contains(QStringLiteral("maintenance")))
            settings.maintenance = maintenance(f[QStringLiteral("maintenance")]);
        return settings;
    }

    RateLimit rateLimit(const Field& field) const
    {
        const Fields f = section(field, { QStringLiteral("max_runs"), QStringLiteral("per") });
        const YAML::Mark mark = ConfigReader::markOf(field);
        RateLimit limit;
        limit.maxRuns
            = int(m_reader.positiveInteger(ConfigReader::require(f, QStringLiteral("max_runs"), field.path, mark),
                MaxRunsCap, QStringLiteral("runs")));
        limit.perMs = m_reader.positiveDurationMs(ConfigReader::require(f, QStringLiteral("per"), field.path, mark));
        return limit;
    }

    QVector<MaintenanceWindow> maintenance(const Field& field) const
    {
        if (!field.value.IsSequence()) {
            ConfigReader::fail(ConfigReader::markOf(field),
                QStringLiteral("%1: expected a list of windows such as "
                               "[{start: \"2026-11-21T02:00:00Z\", end: \"2026-11-21T04:00:00Z\", comment: ...}]")
                    .arg(field.path));
        }
        QVector<MaintenanceWindow> windows;
        for (std::size_t i = 0; i < field.value.size(); ++i) {
            const YAML::Node node = field.value[i];
            const Field item { field.key, node, QStringLiteral("%1[%2]").arg(field.path).arg(i) };
            const YAML::Mark mark = node.Mark().line >= 0 ? node.Mark() : ConfigReader::markOf(field);
            const Fields f = m_reader.mapping(
                node, item.path, { QStringLiteral("start"), QStringLiteral("end"), QStringLiteral("comment") }, mark);
            MaintenanceWindow window;
            window.startMs = m_reader.timestamp(ConfigReader::require(f, QStringLiteral("start"), item.path, mark));
            const Field& end = ConfigReader::require(f, QStringLiteral("end"), item.path, mark);
            window.endMs = m_reader.timestamp(end);
            if (window.endMs <= window.startMs) {
                ConfigReader::fail(ConfigReader::markOf(end),
                    QStringLiteral("%1: the window ends at %2, not after its start %3")
                        .arg(end.path, ConfigReader::string(end), ConfigReader::string(f[QStringLiteral("start")])));
            }
            if (f.contains(QStringLiteral("comment")))
                window.comment = ConfigReader::string(f[QStringLiteral("comment")]);
            windows.append(window);
        }
        return windows;
    }

    QStringList labelNames(const Field& field) const
    {
        const QStringList labels = m_reader.stringList(field, true);
        for (const QString& label : labels) {
            checkLabelName(label, field.path, ConfigReader::markOf(field));
            if (labels.count(label) > 1) {
                ConfigReader::fail(
                    ConfigReader::markOf(field), QStringLiteral("%1: \"%2\" is listed twice").arg(field.path, label));
            }
        }
        return labels;
    }

    static void checkLabelName(const QString& label, const QString& path, const YAML::Mark& mark)
    {
        static const QRegularExpression LabelName(QStringLiteral("^[a-zA-Z_][a-zA-Z0-9_]*$"));
        if (!LabelName.match(label).hasMatch())
            ConfigReader::fail(mark, QStringLiteral("%1: \"%2\" is not a valid label name").arg(path, label));
    }

    ConfigReader m_reader;
};

ConfigError errorAt(const QString& file, const YAML::Mark& mark, const QString& message)
{
    // yaml-cpp counts from 0; a mark without a place (an empty document) reports line 1.
    const bool placed = mark.line >= 0;
    return ConfigError { file, placed ? mark.line + 1 : 1, placed ? mark.column + 1 : 1, message };
}

} // namespace

std::variant<FirebreakConfig, ConfigError> ConfigLoader::load(const QString& path)
{
    const QFileInfo info(path);
    const QString file = info.absoluteFilePath();
    QFile input(file);
    if (!input.open(QIODevice::ReadOnly))
        return ConfigError { file, 0, 0, QStringLiteral("cannot read the configuration: %1").arg(input.errorString()) };
    const QByteArray text = input.readAll();
    try {
        // One document per file: a second one ("---") would otherwise be ignored without a word.
        const std::vector<YAML::Node> documents = YAML::LoadAll(text.toStdString());
        if (documents.size() > 1) {
            return errorAt(file, documents[1].Mark(),
                QStringLiteral("the file holds %1 YAML documents; put all settings in one").arg(documents.size()));
        }
        const YAML::Node root = documents.empty() ? YAML::Node() : documents.front();
        FirebreakConfig config = SectionLoader(info.absoluteDir()).load(root);
        config.sourceFile = file;
        return config;
    } catch (const YAML::ParserException& e) {
        return errorAt(file, e.mark, QStringLiteral("YAML syntax error: %1").arg(QString::fromStdString(e.msg)));
    } catch (const ConfigFailure& failure) {
        return errorAt(file, failure.mark, failure.message);
    } catch (const YAML::Exception& e) {
        return errorAt(file, e.mark, QString::fromStdString(e.msg));
    }
}

} // namespace firebreak
