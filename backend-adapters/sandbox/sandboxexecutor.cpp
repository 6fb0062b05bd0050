#include "sandboxexecutor.h"

#include "sandboxworld.h"

#include <QJsonObject>
#include <cmath>

namespace firebreak {

namespace {
const QString Web = QStringLiteral("web");

ExecutionResult failure(const QString& action, const QString& message)
{
    ExecutionResult result;
    result.ok = false;
    result.error = action + QStringLiteral(": ") + message;
    result.summary = result.error;
    return result;
}

// Checks that `params` has only `allowed` keys, all strings, and the `required` ones non-empty.
QString checkParams(const QVariantMap& params, const QStringList& allowed, const QStringList& required)
{
    for (auto it = params.cbegin(); it != params.cend(); ++it) {
        if (!allowed.contains(it.key())) {
            return allowed.isEmpty() ? QStringLiteral("unknown parameter '%1' (this action takes none)").arg(it.key())
                                     : QStringLiteral("unknown parameter '%1' (accepted: %2)")
                                           .arg(it.key(), allowed.join(QStringLiteral(", ")));
        }
        if (it.value().typeId() != QMetaType::QString)
            return QStringLiteral("parameter '%1' must be a string, got %2")
                .arg(it.key(), QString::fromLatin1(it.value().typeName()));
    }
    for (const QString& name : required) {
        if (params.value(name).toString().isEmpty())
            return QStringLiteral("missing required parameter '%1'").arg(name);
    }
    return {};
}

QStringList dbInstances(const WorldState& state)
{
    QStringList names;
    for (const WorldState::DbHost& host : state.dbs)
        names.append(host.instance);
    return names;
}

LabelSet dbLabels(const WorldState::DbHost& host)
{
    return { { QStringLiteral("service"), QStringLiteral("db") }, { QStringLiteral("region"), host.region },
        { QStringLiteral("instance"), host.instance } };
}

// Validates an optional region parameter; returns the regions it selects (all when absent).
QString regionsFrom(const WorldState& state, const QVariantMap& params, QStringList& regions)
{
    const QString region = params.value(QStringLiteral("region")).toString();
    if (region.isEmpty()) {
        regions = state.regions;
        return {};
    }
    if (!state.regions.contains(region))
        return QStringLiteral("unknown region '%1'; expected one of %2")
            .arg(region, state.regions.join(QStringLiteral(", ")));
    regions = QStringList { region };
    return {};
}
} // namespace

SandboxExecutor::SandboxExecutor(SandboxWorld& world, std::function<void()> afterAction)
    : m_world(world)
    , m_afterAction(std::move(afterAction))
{
}

QString SandboxExecutor::name() const
{
    return QStringLiteral("sandbox");
}

QStringList SandboxExecutor::actions() const
{
    return { QStringLiteral("cleanup-logs"), QStringLiteral("restart-pods"), QStringLiteral("rollback-deploy"),
        QStringLiteral("promote-replica"), QStringLiteral("kill-slow-queries"), QStringLiteral("restart-cache"),
        QStringLiteral("failover-region") };
}

void SandboxExecutor::execute(const ExecutionRequest& request, Callback done)
{
    const ExecutionResult result = run(request.action, request.params);
    if (result.ok && m_afterAction)
        m_afterAction();
    if (done)
        done(result);
}

ExecutionResult SandboxExecutor::run(const QString& action, const QVariantMap& params)
{
    if (action == QLatin1String("cleanup-logs"))
        return cleanupLogs(params);
    if (action == QLatin1String("restart-pods"))
        return restartPods(params);
    if (action == QLatin1String("rollback-deploy"))
        return rollbackDeploy(params);
    if (action == QLatin1String("promote-replica"))
        return promoteReplica(params);
    if (action == QLatin1String("kill-slow-queries"))
        return killSlowQueries(params);
    if (action == QLatin1String("restart-cache"))
        return restartCache(params);
    if (action == QLatin1String("failover-region"))
        return failoverRegion(params);
    return failure(action.isEmpty() ? QStringLiteral("(empty action)") : action,
        QStringLiteral("unknown action for the sandbox executor; known actions: %1")
            .arg(actions().join(QStringLiteral(", "))));
}

ExecutionResult SandboxExecutor::succeed(
    const QString& action, const QVariantMap& params, const QString& summary, const LabelSet& labels)
{
    ExecutionResult result;
    result.ok = true;
    result.summary = summary;
    result.output = summary + QLatin1Char('\n');
    QJsonObject body { { QStringLiteral("action"), action },
        { QStringLiteral("params"), QJsonObject::fromVariantMap(params) }, { QStringLiteral("summary"), summary } };
    WorldEvent event = WorldEvent::make(m_world.nowMs(), EventKind::ActionExecuted, Severity::Info,
        QStringLiteral("Action %1: %2").arg(action, summary), body, labels);
    event.event.actor = QStringLiteral("sandbox-executor");
    m_world.addEvent(event);
    return result;
}

ExecutionResult SandboxExecutor::cleanupLogs(const QVariantMap& params)
{
    const QString action = QStringLiteral("cleanup-logs");
    if (const QString error = checkParams(params, { QStringLiteral("instance") }, { QStringLiteral("instance") });
        !error.isEmpty())
        return failure(action, error);
    WorldState& state = m_world.state();
    const QString instance = params.value(QStringLiteral("instance")).toString();
    WorldState::DbHost* host = state.db(instance);
    if (!host)
        return failure(action,
            QStringLiteral("unknown instance '%1'; expected one of %2")
                .arg(instance, dbInstances(state).join(QStringLiteral(", "))));
    const double before = host->dataPercent + host->logPercent;
    host->logPercent = 2.0; // today's logs stay, everything older is archived off the host
    const double after = host->dataPercent + host->logPercent;
    return succeed(action, params,
        QStringLiteral("archived and deleted old logs on %1: disk %2% -> %3%")
            .arg(instance, QString::number(before, 'f', 1), QString::number(after, 'f', 1)),
        dbLabels(*host));
}

ExecutionResult SandboxExecutor::restartPods(const QVariantMap& params)
{
    const QString action = QStringLiteral("restart-pods");
    if (const QString error = checkParams(params, { QStringLiteral("region"), QStringLiteral("service") }, {});
        !error.isEmpty())
        return failure(action, error);
    const QString service = params.value(QStringLiteral("service"), Web).toString();
    if (service != Web)
        return failure(action, QStringLiteral("unknown service '%1'; only 'web' runs as pods here").arg(service));
    WorldState& state = m_world.state();
    QStringList regions;
    if (const QString error = regionsFrom(state, params, regions); !error.isEmpty())
        return failure(action, error);
    QStringList versions;
    for (const QString& region : std::as_const(regions)) {
        state.replacePods(region, m_world.prng());
        versions.append(QStringLiteral("%1 %2").arg(region, state.deployment(Web, region)->version));
    }
    LabelSet labels { { QStringLiteral("service"), Web } };
    if (regions.size() == 1)
        labels.insert(QStringLiteral("region"), regions.first());
    return succeed(action, params,
        QStringLiteral("rollout restart of web in %1: all pods replaced (running %2)")
            .arg(regions.join(QStringLiteral(", ")), versions.join(QStringLiteral(", "))),
        labels);
}

ExecutionResult SandboxExecutor::rollbackDeploy(const QVariantMap& params)
{
    const QString action = QStringLiteral("rollback-deploy");
    if (const QString error = checkParams(params, { QStringLiteral("service"), QStringLiteral("region") }, {});
        !error.isEmpty())
        return failure(action, error);
    WorldState& state = m_world.state();
    const QString service = params.value(QStringLiteral("service"), Web).toString();
    if (!state.deployment(service, state.regions.first())) {
        QStringList services;
        for (const WorldState::Deployment& deployment : std::as_const(state.deployments)) {
            if (!services.contains(deployment.service))
                services.append(deployment.service);
        }
        return failure(action,
            QStringLiteral("unknown service '%1'; expected one of %2")
                .arg(service, services.join(QStringLiteral(", "))));
    }
    QStringList regions;
    if (const QString error = regionsFrom(state, params, regions); !error.isEmpty())
        return failure(action, error);
    QStringList done;
    for (const QString& region : std::as_const(regions)) {
        WorldState::Deployment* deployment = state.deployment(service, region);
        if (deployment->version == deployment->lastGoodVersion)
            continue;
        const QString previous = deployment->version;
        deployment->version = deployment->lastGoodVersion;
        deployment->leaky = false;
        if (service == Web)
            state.replacePods(region, m_world.prng());
        m_world.addEvent(WorldEvent::deploy(m_world.nowMs(), service, region, deployment->version, previous,
            QStringLiteral("rollback to the last good version"), QStringLiteral("sandbox-executor")));
        done.append(QStringLiteral("%1 %2 -> %3").arg(region, previous, deployment->version));
    }
    if (done.isEmpty())
        return failure(action,
            QStringLiteral("%1 is already at its last good version in %2; nothing to roll back")
                .arg(service, regions.join(QStringLiteral(", "))));
    LabelSet labels { { QStringLiteral("service"), service } };
    if (regions.size() == 1)
        labels.insert(QStringLiteral("region"), regions.first());
    return succeed(action, params,
        QStringLiteral("rolled %1 back to the last good version: %2").arg(service, done.join(QStringLiteral("; "))),
        labels);
}

ExecutionResult SandboxExecutor::promoteReplica(const QVariantMap& params)
{
    const QString action = QStringLiteral("promote-replica");
    if (const QString error = checkParams(params, { QStringLiteral("instance") }, {}); !error.isEmpty())
        return failure(action, error);
    WorldState& state = m_world.state();
    const QString instance = params.value(QStringLiteral("instance")).toString();
    WorldState::DbHost* candidate = nullptr;
    if (!instance.isEmpty()) {
        candidate = state.db(instance);
        if (!candidate)
            return failure(action,
                QStringLiteral("unknown instance '%1'; expected one of %2")
                    .arg(instance, dbInstances(state).join(QStringLiteral(", "))));
        if (candidate->role != QLatin1String("replica"))
            return failure(action, QStringLiteral("%1 is already the primary").arg(instance));
    } else {
        for (WorldState::DbHost& host : state.dbs) {
            if (host.role == QLatin1String("replica") && host.up) {
                candidate = &host;
                break;
            }
        }
        if (!candidate)
            return failure(action, QStringLiteral("no running replica to promote"));
    }
    if (!candidate->up)
        return failure(action, QStringLiteral("cannot promote %1: it is down").arg(candidate->instance));
    WorldState::DbHost* old = state.primary();
    QString demoted;
    if (old) {
        old->role = QStringLiteral("replica");
        old->replicaLagSeconds = old->up ? 5.0 : 0.0;
        demoted = old->instance;
    }
    candidate->role = QStringLiteral("primary");
    candidate->replicaLagSeconds = 0;
    return succeed(action, params,
        QStringLiteral("%1 promoted to primary and connection strings updated%2")
            .arg(candidate->instance,
                demoted.isEmpty() ? QString() : QStringLiteral("; %1 demoted to replica").arg(demoted)),
        dbLabels(*candidate));
}

ExecutionResult SandboxExecutor::killSlowQueries(const QVariantMap& params)
{
    const QString action = QStringLiteral("kill-slow-queries");
    if (const QString error = checkParams(params, { QStringLiteral("instance") }, {}); !error.isEmpty())
        return failure(action, error);
    WorldState& state = m_world.state();
    const QString instance = params.value(QStringLiteral("instance")).toString();
    WorldState::DbHost* host = instance.isEmpty() ? state.primary() : state.db(instance);
    if (!host)
        return failure(action,
            QStringLiteral("unknown instance '%1'; expected one of %2")
                .arg(instance, dbInstances(state).join(QStringLiteral(", "))));
    if (!host->up)
        return failure(action, QStringLiteral("cannot reach %1: it is down").arg(host->instance));
    const int killed = static_cast<int>(std::lround(60.0 * host->slowLevel));
    host->slowLevel = 0; // the backlog is gone; whatever caused it builds a new one
    return succeed(action, params,
        QStringLiteral("killed %1 queries running longer than 5s on %2").arg(killed).arg(host->instance),
        dbLabels(*host));
}

ExecutionResult SandboxExecutor::restartCache(const QVariantMap& params)
{
    const QString action = QStringLiteral("restart-cache");
    if (const QString error = checkParams(params, { QStringLiteral("instance"), QStringLiteral("region") }, {});
        !error.isEmpty())
        return failure(action, error);
    WorldState& state = m_world.state();
    const QString instance = params.value(QStringLiteral("instance")).toString();
    QVector<WorldState::Cache*> targets;
    if (!instance.isEmpty()) {
        WorldState::Cache* cache = state.cache(instance);
        if (!cache) {
            QStringList names;
            for (const WorldState::Cache& item : std::as_const(state.caches))
                names.append(item.instance);
            return failure(action,
                QStringLiteral("unknown instance '%1'; expected one of %2")
                    .arg(instance, names.join(QStringLiteral(", "))));
        }
        targets.append(cache);
    } else if (params.contains(QStringLiteral("region"))) {
        QStringList regions;
        if (const QString error = regionsFrom(state, params, regions); !error.isEmpty())
            return failure(action, error);
        targets.append(state.cache(state.cacheIn(regions.first())->instance));
    } else {
        for (WorldState::Cache& cache : state.caches) {
            if (!cache.up)
                targets.append(&cache);
        }
        if (targets.isEmpty())
            return failure(
                action, QStringLiteral("no cache is down; name an instance or region to restart a healthy one"));
    }
    QStringList names;
    for (WorldState::Cache* cache : std::as_const(targets)) {
        cache->up = true;
        cache->hitRatio = 0.05; // comes back cold and warms up over a few minutes
        names.append(cache->instance);
    }
    LabelSet labels { { QStringLiteral("service"), QStringLiteral("cache") } };
    if (targets.size() == 1) {
        labels.insert(QStringLiteral("region"), targets.first()->region);
        labels.insert(QStringLiteral("instance"), targets.first()->instance);
    }
    return succeed(action, params,
        QStringLiteral("restarted %1; cache is cold and warming up").arg(names.join(QStringLiteral(", "))), labels);
}

ExecutionResult SandboxExecutor::failoverRegion(const QVariantMap& params)
{
    const QString action = QStringLiteral("failover-region");
    if (const QString error = checkParams(params, { QStringLiteral("region") }, { QStringLiteral("region") });
        !error.isEmpty())
        return failure(action, error);
    WorldState& state = m_world.state();
    QStringList regions;
    if (const QString error = regionsFrom(state, params, regions); !error.isEmpty())
        return failure(action, error);
    const QString region = regions.first();
    const QString other = state.otherRegion(region);
    if (state.failedOver.contains(region))
        return failure(action, QStringLiteral("%1 is already failed over to %2").arg(region, other));
    if (state.failedOver.contains(other))
        return failure(
            action, QStringLiteral("cannot fail over %1: %2 is already failed over to it").arg(region, other));
    state.failedOver.insert(region);
    return succeed(action, params, QStringLiteral("moved the traffic of %1 to %2; %1 is drained").arg(region, other),
        { { QStringLiteral("service"), QStringLiteral("checkout") }, { QStringLiteral("region"), region } });
}

} // namespace firebreak
