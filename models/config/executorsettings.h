#pragma once

#include "credential.h"

#include <QString>
#include <QStringList>
#include <QUrl>
#include <optional>

namespace firebreak {

// The `executors:` section, one optional sub-section per remediation executor. The models layer cannot
// see the executors' option structs (backend-adapters), so these mirror only what an operator may set;
// a timing left std::nullopt keeps the executor's own default. Paths are absolute; a CA file named here
// exists and holds a PEM certificate; every credential was read through TokenFile (mode 0600 or stricter).

// executors.shell
struct ShellExecutorSettings {
    // env_allowlist: the only environment variable names a step's program sees (taken from Firebreak's
    // own environment) and the only ones a playbook's `env` may set. Left out: none at all.
    QStringList environmentAllowlist;
    std::optional<qint64> timeoutMs; // timeout: a step that gives none is killed after this
    QString workingDirectory; // working_directory: an existing directory; empty = Firebreak's own
};

// executors.http
struct HttpExecutorSettings {
    QString caFile; // ca_file: PEM, the only CAs trusted for https requests; empty = the system's CAs
    std::optional<qint64> timeoutMs; // timeout: for a request that gives none
};

// executors.kubernetes
struct KubernetesExecutorSettings {
    QUrl server; // server (required): https://host:6443; plain http would send the bearer token in clear
    Credential credential; // token_file: sent as "Authorization: Bearer ..."; optional
    QString caFile; // ca_file: PEM, the only CAs trusted for the server; empty = the system's CAs
    std::optional<qint64> timeoutMs; // timeout: for a whole action (all its requests) that gives none
};

// executors.rundeck
struct RundeckExecutorSettings {
    static constexpr int MinApiVersion = 18; // the first that takes job options as JSON

    QUrl url; // url (required): http(s)://rundeck:4440, a path prefix such as /rundeck is kept
    Credential credential; // token_file (required): sent as X-Rundeck-Auth-Token
    std::optional<int> apiVersion; // api_version: at least MinApiVersion
    QString caFile; // ca_file: PEM; empty = the system's CAs
    std::optional<qint64> pollIntervalMs; // poll_interval: between two looks at a running execution
    std::optional<qint64> timeoutMs; // timeout: a whole execution that gives none is aborted after this
};

// executors.stackstorm
struct StackStormExecutorSettings {
    QUrl url; // url (required): http(s)://st2.example; the API is under /api/v1 of it
    Credential credential; // api_key_file (required): sent as St2-Api-Key
    QString caFile; // ca_file: PEM; empty = the system's CAs
    std::optional<qint64> pollIntervalMs; // poll_interval: between two looks at a running execution
    std::optional<qint64> timeoutMs; // timeout: a whole execution that gives none
};

// An executor whose sub-section is left out is std::nullopt: the file says nothing about it.
struct ExecutorSettings {
    std::optional<ShellExecutorSettings> shell;
    std::optional<HttpExecutorSettings> http;
    std::optional<KubernetesExecutorSettings> kubernetes;
    std::optional<RundeckExecutorSettings> rundeck;
    std::optional<StackStormExecutorSettings> stackstorm;
};

} // namespace firebreak
