#pragma once

#include "interfaces/executor.h"
#include "kubernetesexecutoroptions.h"

#include <QJsonObject>
#include <QObject>
#include <functional>
#include <map>

namespace firebreak {

class ExecutorHttp;
struct HttpCall;
struct HttpReply;

// Carries out the Kubernetes remediations a playbook may ask for, through the API server's REST
// interface (no kubectl on the Firebreak host, no shell): rollout restart, rollout undo, scale and
// delete pod. Namespaces and names are checked as DNS-1123 names before any URL is built, so a label
// cannot reach another resource; errors carry the API server's own Status message.
//
// Request (see models/interfaces/executor.h): `action` rollout-restart | rollout-undo | scale |
// delete-pod; params namespace, name, replicas (scale), to_revision (rollout-undo). `timeoutMs` bounds
// the whole action. `done` is called once per request from the event loop of the executor's thread.
class KubernetesExecutor final : public QObject, public Executor {
    Q_OBJECT
public:
    explicit KubernetesExecutor(KubernetesExecutorOptions options, QObject* parent = nullptr);
    ~KubernetesExecutor() override;

    QString name() const override;
    QStringList actions() const override;
    // Must be called on the executor's thread.
    void execute(const ExecutionRequest& request, Callback done) override;
    // Drops the request in flight of every action and reports it aborted; a PATCH or DELETE already
    // sent may have been applied by the API server.
    void abortAll(const QString& reason) override;

    // DNS-1123 label (namespaces) and subdomain (deployment and pod names), as Kubernetes defines them.
    static bool isDnsLabel(const QString& text);
    static bool isDnsSubdomain(const QString& text);

private:
    struct Run; // added by the implementation
    using Handler = std::function<void(const QJsonObject&)>;

    QString prepare(const ExecutionRequest& request, Run& run) const;
    void step(quint64 id, const QString& what, HttpCall call, Handler handler);
    HttpCall call(const Run& run, const QByteArray& method, const QString& path) const;
    void succeed(quint64 id, const QString& summary, const QString& output = {});
    void fail(quint64 id, const QString& message);

    void restart(quint64 id);
    void scale(quint64 id);
    void deletePod(quint64 id);
    void undoReadDeployment(quint64 id);
    void undoListReplicaSets(quint64 id, const QJsonObject& deployment);
    void undoPatch(quint64 id, const QJsonObject& deployment, const QJsonObject& replicaSets);

    KubernetesExecutorOptions m_options;
    QString m_configError;
    ExecutorHttp* m_http;
    std::map<quint64, Run> m_runs;
    quint64 m_nextId = 1;
};

} // namespace firebreak
