#include "configdiff.h"

#include <QStringList>

namespace firebreak {

namespace {

QString show(const QString& value)
{
    return value.isEmpty() ? QStringLiteral("(none)") : value;
}

QString show(qint64 value)
{
    return QString::number(value);
}

QString show(const QUrl& value)
{
    return value.toString();
}

QString show(const QStringList& value)
{
    return QLatin1Char('[') + value.join(QStringLiteral(", ")) + QLatin1Char(']');
}

QString show(bool value)
{
    return value ? QStringLiteral("true") : QStringLiteral("false");
}

template <typename T> QString show(const std::optional<T>& value)
{
    return value ? show(qint64(*value)) : QStringLiteral("(none)");
}

// Collects the differences; only the first is reported.
class Comparison {
public:
    template <typename T> void field(const QString& path, const T& a, const T& b)
    {
        if (m_first.isEmpty() && !(a == b))
            m_first = QStringLiteral("%1: %2 != %3").arg(path, show(a), show(b));
    }

    void presence(const QString& path, bool a, bool b)
    {
        if (m_first.isEmpty() && a != b)
            m_first = QStringLiteral("%1: %2 in one, %3 in the other")
                          .arg(path, a ? QStringLiteral("present") : QStringLiteral("absent"),
                              b ? QStringLiteral("present") : QStringLiteral("absent"));
    }

    void credential(const QString& path, const Credential& a, const Credential& b)
    {
        field(path, a.file, b.file);
        if (m_first.isEmpty() && a.token != b.token)
            m_first = QStringLiteral("%1: the tokens differ").arg(path);
    }

    void count(const QString& path, qsizetype a, qsizetype b)
    {
        field(path + QStringLiteral(" count"), qint64(a), qint64(b));
    }

    QString first() const { return m_first; }

private:
    QString m_first;
};

void compareCorrelation(Comparison& c, const CorrelationSettings& a, const CorrelationSettings& b)
{
    c.field(QStringLiteral("correlation.group_by"), a.grouping.groupBy, b.grouping.groupBy);
    c.field(QStringLiteral("correlation.window"), a.grouping.windowMs, b.grouping.windowMs);
    c.field(QStringLiteral("correlation.resolve_after"), a.resolveAfterMs, b.resolveAfterMs);
    c.count(QStringLiteral("correlation.rules"), a.rules.size(), b.rules.size());
    for (qsizetype i = 0; i < qMin(a.rules.size(), b.rules.size()); ++i) {
        const QString path = QStringLiteral("correlation.rules[%1]").arg(i);
        const CorrelationRule& x = a.rules[i];
        const CorrelationRule& y = b.rules[i];
        c.field(path + QStringLiteral(".name"), x.name, y.name);
        c.field(path + QStringLiteral(".hypothesis"), x.hypothesis, y.hypothesis);
        c.count(path + QStringLiteral(".signals"), x.signals.size(), y.signals.size());
        for (qsizetype s = 0; s < qMin(x.signals.size(), y.signals.size()); ++s) {
            c.field(
                QStringLiteral("%1.signals[%2]").arg(path).arg(s), x.signals[s].describe(), y.signals[s].describe());
        }
        c.field(path + QStringLiteral(".equal"), x.equal, y.equal);
        c.field(path + QStringLiteral(".within"), x.withinMs, y.withinMs);
        // Anything the fields above missed (a signal's describe() that hides a difference).
        c.field(path, x == y, true);
    }
}

void compareAutomation(Comparison& c, const AutomationSettings& a, const AutomationSettings& b)
{
    c.field(QStringLiteral("automation.playbooks"), a.playbooksDir, b.playbooksDir);
    c.field(QStringLiteral("automation.roster"), a.rosterFile, b.rosterFile);
    c.field(QStringLiteral("automation.frozen"), a.frozen, b.frozen);
    c.field(QStringLiteral("automation.auto_approve_low"), a.autoApproveLow, b.autoApproveLow);
    c.presence(QStringLiteral("automation.rate_limit"), a.rateLimit.has_value(), b.rateLimit.has_value());
    if (a.rateLimit && b.rateLimit) {
        c.field(QStringLiteral("automation.rate_limit.max_runs"), qint64(a.rateLimit->maxRuns),
            qint64(b.rateLimit->maxRuns));
        c.field(QStringLiteral("automation.rate_limit.per"), a.rateLimit->perMs, b.rateLimit->perMs);
    }
    c.count(QStringLiteral("automation.maintenance"), a.maintenance.size(), b.maintenance.size());
    for (qsizetype i = 0; i < qMin(a.maintenance.size(), b.maintenance.size()); ++i) {
        const QString path = QStringLiteral("automation.maintenance[%1]").arg(i);
        c.field(path + QStringLiteral(".start"), a.maintenance[i].startMs, b.maintenance[i].startMs);
        c.field(path + QStringLiteral(".end"), a.maintenance[i].endMs, b.maintenance[i].endMs);
        c.field(path + QStringLiteral(".comment"), a.maintenance[i].comment, b.maintenance[i].comment);
    }
}

void compareExecutors(Comparison& c, const ExecutorSettings& a, const ExecutorSettings& b)
{
    c.presence(QStringLiteral("executors.shell"), a.shell.has_value(), b.shell.has_value());
    if (a.shell && b.shell) {
        c.field(QStringLiteral("executors.shell.env_allowlist"), a.shell->environmentAllowlist,
            b.shell->environmentAllowlist);
        c.field(QStringLiteral("executors.shell.timeout"), a.shell->timeoutMs, b.shell->timeoutMs);
        c.field(
            QStringLiteral("executors.shell.working_directory"), a.shell->workingDirectory, b.shell->workingDirectory);
    }
    c.presence(QStringLiteral("executors.http"), a.http.has_value(), b.http.has_value());
    if (a.http && b.http) {
        c.field(QStringLiteral("executors.http.ca_file"), a.http->caFile, b.http->caFile);
        c.field(QStringLiteral("executors.http.timeout"), a.http->timeoutMs, b.http->timeoutMs);
    }
    c.presence(QStringLiteral("executors.kubernetes"), a.kubernetes.has_value(), b.kubernetes.has_value());
    if (a.kubernetes && b.kubernetes) {
        c.field(QStringLiteral("executors.kubernetes.server"), a.kubernetes->server, b.kubernetes->server);
        c.credential(
            QStringLiteral("executors.kubernetes.token_file"), a.kubernetes->credential, b.kubernetes->credential);
        c.field(QStringLiteral("executors.kubernetes.ca_file"), a.kubernetes->caFile, b.kubernetes->caFile);
        c.field(QStringLiteral("executors.kubernetes.timeout"), a.kubernetes->timeoutMs, b.kubernetes->timeoutMs);
    }
    c.presence(QStringLiteral("executors.rundeck"), a.rundeck.has_value(), b.rundeck.has_value());
    if (a.rundeck && b.rundeck) {
        c.field(QStringLiteral("executors.rundeck.url"), a.rundeck->url, b.rundeck->url);
        c.credential(QStringLiteral("executors.rundeck.token_file"), a.rundeck->credential, b.rundeck->credential);
        c.field(QStringLiteral("executors.rundeck.api_version"), a.rundeck->apiVersion, b.rundeck->apiVersion);
        c.field(QStringLiteral("executors.rundeck.ca_file"), a.rundeck->caFile, b.rundeck->caFile);
        c.field(
            QStringLiteral("executors.rundeck.poll_interval"), a.rundeck->pollIntervalMs, b.rundeck->pollIntervalMs);
        c.field(QStringLiteral("executors.rundeck.timeout"), a.rundeck->timeoutMs, b.rundeck->timeoutMs);
    }
    c.presence(QStringLiteral("executors.stackstorm"), a.stackstorm.has_value(), b.stackstorm.has_value());
    if (a.stackstorm && b.stackstorm) {
        c.field(QStringLiteral("executors.stackstorm.url"), a.stackstorm->url, b.stackstorm->url);
        c.credential(
            QStringLiteral("executors.stackstorm.api_key_file"), a.stackstorm->credential, b.stackstorm->credential);
        c.field(QStringLiteral("executors.stackstorm.ca_file"), a.stackstorm->caFile, b.stackstorm->caFile);
        c.field(QStringLiteral("executors.stackstorm.poll_interval"), a.stackstorm->pollIntervalMs,
            b.stackstorm->pollIntervalMs);
        c.field(QStringLiteral("executors.stackstorm.timeout"), a.stackstorm->timeoutMs, b.stackstorm->timeoutMs);
    }
}

} // namespace

QString ConfigDiff::firstDifference(const FirebreakConfig& a, const FirebreakConfig& b)
{
    Comparison c;
    c.presence(QStringLiteral("store"), a.store.has_value(), b.store.has_value());
    if (a.store && b.store)
        c.field(QStringLiteral("store.path"), a.store->path, b.store->path);

    c.presence(QStringLiteral("receiver"), a.receiver.has_value(), b.receiver.has_value());
    if (a.receiver && b.receiver) {
        c.field(QStringLiteral("receiver.listen host"), a.receiver->listenHost, b.receiver->listenHost);
        c.field(QStringLiteral("receiver.listen port"), qint64(a.receiver->listenPort), qint64(b.receiver->listenPort));
        c.credential(QStringLiteral("receiver.token_file"), a.receiver->credential, b.receiver->credential);
        c.field(QStringLiteral("receiver.max_body_bytes"), a.receiver->maxBodyBytes, b.receiver->maxBodyBytes);
    }

    c.presence(QStringLiteral("alertmanager"), a.alertmanager.has_value(), b.alertmanager.has_value());
    if (a.alertmanager && b.alertmanager) {
        c.count(QStringLiteral("alertmanager.peers"), a.alertmanager->peers.size(), b.alertmanager->peers.size());
        for (qsizetype i = 0; i < qMin(a.alertmanager->peers.size(), b.alertmanager->peers.size()); ++i) {
            c.field(
                QStringLiteral("alertmanager.peers[%1]").arg(i), a.alertmanager->peers[i], b.alertmanager->peers[i]);
        }
        c.credential(QStringLiteral("alertmanager.token_file"), a.alertmanager->credential, b.alertmanager->credential);
    }

    c.presence(QStringLiteral("prometheus"), a.prometheus.has_value(), b.prometheus.has_value());
    if (a.prometheus && b.prometheus) {
        c.field(QStringLiteral("prometheus.url"), a.prometheus->url, b.prometheus->url);
        c.credential(QStringLiteral("prometheus.token_file"), a.prometheus->credential, b.prometheus->credential);
    }

    c.count(QStringLiteral("feeds"), a.feeds.size(), b.feeds.size());
    for (qsizetype i = 0; i < qMin(a.feeds.size(), b.feeds.size()); ++i) {
        c.field(QStringLiteral("feeds[%1].websocket").arg(i), a.feeds[i].websocket, b.feeds[i].websocket);
        c.credential(QStringLiteral("feeds[%1].token_file").arg(i), a.feeds[i].credential, b.feeds[i].credential);
    }

    compareCorrelation(c, a.correlation, b.correlation);

    c.presence(QStringLiteral("automation"), a.automation.has_value(), b.automation.has_value());
    if (a.automation && b.automation)
        compareAutomation(c, *a.automation, *b.automation);

    c.presence(QStringLiteral("executors"), a.executors.has_value(), b.executors.has_value());
    if (a.executors && b.executors)
        compareExecutors(c, *a.executors, *b.executors);
    return c.first();
}

} // namespace firebreak
