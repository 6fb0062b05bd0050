#pragma once

#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVariantMap>
#include <functional>

namespace firebreak {

// What a remediation step asks an executor to do. `action` names the operation, `params` carries its
// rendered arguments (every value already checked by TemplateRenderer). Per executor:
//   sandbox:    action = sandbox action (cleanup-logs, restart-pods, ...); params = its parameters
//   shell:      action empty or argv[0]; params.argv = QStringList (program first, absolute path);
//               params.env = QVariantMap of allowlisted names to strings
//   http:       action = method (GET|POST|PUT|PATCH|DELETE); params.url = string; params.query,
//               params.headers, params.body = QVariantMap of strings (body sent as a JSON object, none
//               when empty); params.expect_status = QVariantList of ints (empty = any 2xx)
//   kubernetes: action = rollout-restart | rollout-undo | scale | delete-pod; params.namespace,
//               params.name (deployment, or pod for delete-pod), params.replicas (scale),
//               params.to_revision (rollout-undo; empty = the revision before the current one)
//   rundeck:    action = job id; params.options = QVariantMap of strings
//   stackstorm: action = pack.action; params.parameters = QVariantMap of strings
// `tag` names the run and step ("firebreak run 12 step 1/2 (restart pods)") for executors that can
// record it on the remote side (audit comments, Rundeck/StackStorm context).
struct ExecutionRequest {
    QString action;
    QVariantMap params;
    qint64 timeoutMs = 0; // 0 = executor default
    QString tag;
};

struct ExecutionResult {
    bool ok = false;
    QString summary; // one line for the timeline
    QString output; // bounded captured output
    QString error; // why it failed, when !ok
};

// Carries out remediation steps on some platform (the sandbox, a shell, Kubernetes, Rundeck...).
// The engine only knows this interface. `done` is called exactly once, on the executor's thread.
class Executor {
public:
    using Callback = std::function<void(const ExecutionResult&)>;
    virtual ~Executor() = default;
    virtual QString name() const = 0;
    virtual QStringList actions() const = 0;
    virtual void execute(const ExecutionRequest& request, Callback done) = 0;
    // Stops whatever is in flight (a commander aborted the run): kill the process, abort the remote
    // execution where the platform allows it. Each pending `done` is still called, with ok = false and
    // an error saying it was aborted. Executors whose work is instantaneous need not override it.
    virtual void abortAll(const QString& reason) { Q_UNUSED(reason); }
};

} // namespace firebreak
