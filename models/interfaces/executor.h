#pragma once

#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVariantMap>
#include <functional>

namespace firebreak {

// What a remediation step asks an executor to do. `action` names the operation (for the sandbox:
// cleanup-logs, restart-pods, ...; for shell: the program), `params` carries its rendered arguments.
struct ExecutionRequest {
    QString action;
    QVariantMap params;
    qint64 timeoutMs = 0; // 0 = executor default
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
};

} // namespace firebreak
