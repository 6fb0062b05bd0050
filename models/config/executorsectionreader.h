#pragma once

#include "configreader.h"
#include "executorsettings.h"

namespace firebreak {

// Reads the `executors:` section of a configuration file. Kept apart from ConfigLoader because it is a
// schema of its own (five executors, each with its endpoint, secret, CA and timings), and ConfigLoader
// would otherwise grow past what reads at a glance.
//
//   executors:
//     shell:      {env_allowlist: [NAME...], timeout: DURATION, working_directory: DIR}
//     http:       {ca_file: FILE, timeout: DURATION}
//     kubernetes: {server: https URL, token_file, ca_file: FILE, timeout: DURATION}       (server required)
//     rundeck:    {url, token_file, api_version: INT >= 18, ca_file: FILE, poll_interval, timeout}
//     stackstorm: {url, api_key_file, ca_file: FILE, poll_interval, timeout}
//   (rundeck and stackstorm need url and their secret file; everything else is optional)
class ExecutorSectionReader {
public:
    explicit ExecutorSectionReader(const ConfigReader& reader);

    // Throws ConfigFailure, as ConfigReader does.
    ExecutorSettings read(const ConfigReader::Field& field) const;

private:
    using Field = ConfigReader::Field;
    using Fields = ConfigReader::Fields;

    Fields section(const Field& field, const QStringList& known) const;
    ShellExecutorSettings shell(const Field& field) const;
    HttpExecutorSettings http(const Field& field) const;
    KubernetesExecutorSettings kubernetes(const Field& field) const;
    RundeckExecutorSettings rundeck(const Field& field) const;
    StackStormExecutorSettings stackstorm(const Field& field) const;
    QStringList environmentNames(const Field& field) const;
    QUrl httpUrl(const Field& field) const;
    int apiVersion(const Field& field) const;
    // poll_interval and timeout of a job runner; the interval must be shorter than the timeout.
    void jobTimings(
        const Fields& fields, std::optional<qint64>& pollIntervalMs, std::optional<qint64>& timeoutMs) const;

    const ConfigReader& m_reader;
};

} // namespace firebreak
