#pragma once

#include "domain/labelset.h"
#include "interfaces/executor.h"

#include <functional>

namespace firebreak {

class SandboxWorld;
struct WorldEvent;

// Carries out remediations on the simulated shop with realistic effects: cleaning logs frees disk,
// restarting pods resets memory but the leak comes back, a rollback ends it, promoting the replica
// restores writes, and so on. Effects show in the metrics from the next scrape on. `done` is called
// before execute() returns; `afterAction` runs after every successful action (so that the owner can
// publish its action.executed event at once).
class SandboxExecutor final : public Executor {
public:
    explicit SandboxExecutor(SandboxWorld& world, std::function<void()> afterAction = {});

    QString name() const override;
    QStringList actions() const override;
    void execute(const ExecutionRequest& request, Callback done) override;

private:
    ExecutionResult run(const QString& action, const QVariantMap& params);
    ExecutionResult cleanupLogs(const QVariantMap& params);
    ExecutionResult restartPods(const QVariantMap& params);
    ExecutionResult rollbackDeploy(const QVariantMap& params);
    ExecutionResult promoteReplica(const QVariantMap& params);
    ExecutionResult killSlowQueries(const QVariantMap& params);
    ExecutionResult restartCache(const QVariantMap& params);
    ExecutionResult failoverRegion(const QVariantMap& params);
    ExecutionResult succeed(
        const QString& action, const QVariantMap& params, const QString& summary, const LabelSet& labels);

    SandboxWorld& m_world;
    std::function<void()> m_afterAction;
};

} // namespace firebreak
