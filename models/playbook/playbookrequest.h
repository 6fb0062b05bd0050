#pragma once

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace firebreak {

// What one step asks one executor to do: the `run:` mapping of a step, before or after rendering.
// Before rendering, any value (never a key, an executor, an action or a URL) may be a whole-value
// template `{{ labels.NAME }}`; TemplateRenderer replaces them with checked label values.
struct PlaybookRequest {
    QString executor; // shell, http, kubernetes, rundeck, stackstorm, sandbox
    // sandbox and kubernetes: the operation; http: the method; rundeck: the job id;
    // stackstorm: the action reference (pack.action); shell: empty (argv[0] is the program).
    QString action;
    QStringList argv; // shell: the argument vector, program first; never run through a shell
    // Named arguments: sandbox params, kubernetes {namespace, name, replicas, to_revision},
    // rundeck options, stackstorm parameters, http JSON body fields.
    QMap<QString, QString> params;
    QMap<QString, QString> env; // shell: extra environment variables (the executor's allowlist still applies)
    QString url; // http
    QMap<QString, QString> query; // http: query parameters
    QMap<QString, QString> headers; // http
    QList<int> expectStatus; // http: accepted status codes; empty = any 2xx
    qint64 timeoutMs = 0; // 0 = the executor's default

    bool operator==(const PlaybookRequest&) const = default;
};

} // namespace firebreak
