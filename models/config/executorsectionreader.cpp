#include "executorsectionreader.h"

#include <QRegularExpression>
#include <algorithm>

namespace firebreak {

namespace {

const QString Timeout = QStringLiteral("timeout");
const QString CaFile = QStringLiteral("ca_file");
const QString PollInterval = QStringLiteral("poll_interval");

} // namespace

ExecutorSectionReader::ExecutorSectionReader(const ConfigReader& reader)
    : m_reader(reader)
{
}

ExecutorSettings ExecutorSectionReader::read(const Field& field) const
{
    const Fields f = section(field,
        { QStringLiteral("shell"), QStringLiteral("http"), QStringLiteral("kubernetes"), QStringLiteral("rundeck"),
            QStringLiteral("stackstorm") });
    ExecutorSettings settings;
    if (f.contains(QStringLiteral("shell")))
        settings.shell = shell(f[QStringLiteral("shell")]);
    if (f.contains(QStringLiteral("http")))
        settings.http = http(f[QStringLiteral("http")]);
    if (f.contains(QStringLiteral("kubernetes")))
        settings.kubernetes = kubernetes(f[QStringLiteral("kubernetes")]);
    if (f.contains(QStringLiteral("rundeck")))
        settings.rundeck = rundeck(f[QStringLiteral("rundeck")]);
    if (f.contains(QStringLiteral("stackstorm")))
        settings.stackstorm = stackstorm(f[QStringLiteral("stackstorm")]);
    return settings;
}

ExecutorSectionReader::Fields ExecutorSectionReader::section(const Field& field, const QStringList& known) const
{
    return m_reader.mapping(field.value, field.path, known, field.key.Mark());
}

ShellExecutorSettings ExecutorSectionReader::shell(const Field& field) const
{
    const Fields f = section(field, { QStringLiteral("env_allowlist"), Timeout, QStringLiteral("working_directory") });
    ShellExecutorSettings settings;
    if (f.contains(QStringLiteral("env_allowlist")))
        settings.environmentAllowlist = environmentNames(f[QStringLiteral("env_allowlist")]);
    if (f.contains(Timeout))
        settings.timeoutMs = m_reader.positiveDurationMs(f[Timeout]);
    if (f.contains(QStringLiteral("working_directory")))
        settings.workingDirectory = m_reader.existingDirectory(f[QStringLiteral("working_directory")]);
    return settings;
}

HttpExecutorSettings ExecutorSectionReader::http(const Field& field) const
{
    const Fields f = section(field, { CaFile, Timeout });
    HttpExecutorSettings settings;
    if (f.contains(CaFile))
        settings.caFile = m_reader.certificateFile(f[CaFile]);
    if (f.contains(Timeout))
        settings.timeoutMs = m_reader.positiveDurationMs(f[Timeout]);
    return settings;
}

KubernetesExecutorSettings ExecutorSectionReader::kubernetes(const Field& field) const
{
    const Fields f = section(field, { QStringLiteral("server"), QStringLiteral("token_file"), CaFile, Timeout });
    KubernetesExecutorSettings settings;
    const Field& server = ConfigReader::require(f, QStringLiteral("server"), field.path, ConfigReader::markOf(field));
    if (QUrl(ConfigReader::string(server)).scheme().toLower() == QLatin1String("http")) {
        ConfigReader::fail(ConfigReader::markOf(server),
            QStringLiteral("%1: the API server must be reached over https, or the bearer token travels in clear; "
                           "got \"%2\"")
                .arg(server.path, ConfigReader::string(server)));
    }
    settings.server = m_reader.url(server.value, server.path, { QStringLiteral("https") }, server.key.Mark());
    if (f.contains(QStringLiteral("token_file")))
        settings.credential = m_reader.credential(f[QStringLiteral("token_file")]);
    if (f.contains(CaFile))
        settings.caFile = m_reader.certificateFile(f[CaFile]);
    if (f.contains(Timeout))
        settings.timeoutMs = m_reader.positiveDurationMs(f[Timeout]);
    return settings;
}

RundeckExecutorSettings ExecutorSectionReader::rundeck(const Field& field) const
{
    const Fields f = section(field,
        { QStringLiteral("url"), QStringLiteral("token_file"), QStringLiteral("api_version"), CaFile, PollInterval,
            Timeout });
    const YAML::Mark mark = ConfigReader::markOf(field);
    RundeckExecutorSettings settings;
    settings.url = httpUrl(ConfigReader::require(f, QStringLiteral("url"), field.path, mark));
    settings.credential = m_reader.credential(ConfigReader::require(f, QStringLiteral("token_file"), field.path, mark));
    if (f.contains(QStringLiteral("api_version")))
        settings.apiVersion = apiVersion(f[QStringLiteral("api_version")]);
    if (f.contains(CaFile))
        settings.caFile = m_reader.certificateFile(f[CaFile]);
    jobTimings(f, settings.pollIntervalMs, settings.timeoutMs);
    return settings;
}

StackStormExecutorSettings ExecutorSectionReader::stackstorm(const Field& field) const
{
    const Fields f
        = section(field, { QStringLiteral("url"), QStringLiteral("api_key_file"), CaFile, PollInterval, Timeout });
    const YAML::Mark mark = ConfigReader::markOf(field);
    StackStormExecutorSettings settings;
    settings.url = httpUrl(ConfigReader::require(f, QStringLiteral("url"), field.path, mark));
    settings.credential
        = m_reader.credential(ConfigReader::require(f, QStringLiteral("api_key_file"), field.path, mark));
    if (f.contains(CaFile))
        settings.caFile = m_reader.certificateFile(f[CaFile]);
    jobTimings(f, settings.pollIntervalMs, settings.timeoutMs);
    return settings;
}

QStringList ExecutorSectionReader::environmentNames(const Field& field) const
{
    // POSIX names: a name with '=' or a space cannot be set, so it is a typo rather than a wish.
    static const QRegularExpression Name(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    const QStringList names = m_reader.stringList(field, true);
    for (const QString& name : names) {
        if (!Name.match(name).hasMatch()) {
            ConfigReader::fail(ConfigReader::markOf(field),
                QStringLiteral("%1: \"%2\" is not an environment variable name").arg(field.path, name));
        }
        if (names.count(name) > 1) {
            ConfigReader::fail(
                ConfigReader::markOf(field), QStringLiteral("%1: \"%2\" is listed twice").arg(field.path, name));
        }
    }
    return names;
}

QUrl ExecutorSectionReader::httpUrl(const Field& field) const
{
    return m_reader.url(field.value, field.path, { QStringLiteral("http"), QStringLiteral("https") }, field.key.Mark());
}

int ExecutorSectionReader::apiVersion(const Field& field) const
{
    const QString text = ConfigReader::string(field);
    bool ok = false;
    const int version = text.toInt(&ok);
    const bool digitsOnly = !text.isEmpty() && std::all_of(text.cbegin(), text.cend(), [](QChar c) {
        return c >= QLatin1Char('0') && c <= QLatin1Char('9');
    });
    if (!ok || !digitsOnly) {
        ConfigReader::fail(ConfigReader::markOf(field),
            QStringLiteral("%1: expected an API version number such as 41, got \"%2\"").arg(field.path, text));
    }
    if (version < RundeckExecutorSettings::MinApiVersion) {
        ConfigReader::fail(ConfigReader::markOf(field),
            QStringLiteral("%1: API version %2 is below %3, the first to take job options as JSON")
                .arg(field.path)
                .arg(version)
                .arg(RundeckExecutorSettings::MinApiVersion));
    }
    return version;
}

void ExecutorSectionReader::jobTimings(
    const Fields& fields, std::optional<qint64>& pollIntervalMs, std::optional<qint64>& timeoutMs) const
{
    if (fields.contains(PollInterval))
        pollIntervalMs = m_reader.positiveDurationMs(fields[PollInterval]);
    if (fields.contains(Timeout))
        timeoutMs = m_reader.positiveDurationMs(fields[Timeout]);
    // Otherwise the execution would be given up before its first look.
    if (pollIntervalMs && timeoutMs && *pollIntervalMs >= *timeoutMs) {
        const Field interval = fields.value(PollInterval);
        ConfigReader::fail(ConfigReader::markOf(interval),
            QStringLiteral("%1: %2 is not shorter than timeout %3")
                .arg(interval.path, ConfigReader::string(interval), ConfigReader::string(fields[Timeout])));
    }
}

} // namespace firebreak
