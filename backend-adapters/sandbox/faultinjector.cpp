#include "faultinjector.h"

#include "prng.h"
#include "worldstate.h"

#include <QJsonArray>

namespace firebreak {

namespace {
using Kind = ScheduledFault::Kind;

WorldEvent chaos(
    const ScheduledFault& fault, const QString& faultName, const QString& title, QJsonObject body, LabelSet labels)
{
    body.insert(QStringLiteral("scenario"), fault.scenario);
    body.insert(QStringLiteral("fault"), faultName);
    labels.insert(QStringLiteral("scenario"), fault.scenario);
    return WorldEvent::make(fault.atMs, fault.on ? EventKind::ChaosInjected : EventKind::ChaosCleared,
        fault.on ? Severity::Warning : Severity::Info, title, body, labels);
}

LabelSet dbLabels(const WorldState::DbHost& host)
{
    return { { QStringLiteral("service"), QStringLiteral("db") }, { QStringLiteral("region"), host.region },
        { QStringLiteral("instance"), host.instance } };
}

void diskLogs(const ScheduledFault& fault, WorldState& state, Prng& prng, QVector<WorldEvent>& events)
{
    if (fault.on) {
        const WorldState::DbHost* target = state.primary() ? state.primary() : &state.dbs.first();
        state.diskFaultInstance = target->instance;
        state.diskFaultPercentPerMin = prng.uniform(4.2, 4.8);
        events.append(chaos(fault, QStringLiteral("log-flood"),
            QStringLiteral("Chaos: debug query logging left on, logs filling the disk of %1").arg(target->instance),
            { { QStringLiteral("percent_per_minute"), state.diskFaultPercentPerMin } }, dbLabels(*target)));
        return;
    }
    WorldState::DbHost* target = state.db(state.diskFaultInstance);
    if (!target)
        return;
    const double before = target->dataPercent + target->logPercent;
    target->logPercent = qMin(target->logPercent, 20.0); // logrotate compresses what is left
    state.diskFaultInstance.clear();
    state.diskFaultPercentPerMin = 0;
    events.append(chaos(fault, QStringLiteral("log-flood"),
        QStringLiteral("Chaos cleared: debug logging off and logs rotated on %1").arg(target->instance),
        { { QStringLiteral("disk_used_percent_before"), before } }, dbLabels(*target)));
}

void leakyDeploy(const ScheduledFault& fault, WorldState& state, Prng& prng, QVector<WorldEvent>& events)
{
    // The release goes to the canary region first; the pipeline holds the other region back.
    const QString region = state.regions.first();
    WorldState::Deployment* web = state.deployment(QStringLiteral("web"), region);
    const QString previous = web->version;
    const LabelSet labels { { QStringLiteral("service"), QStringLiteral("web") },
        { QStringLiteral("region"), region } };
    if (fault.on) {
        ++state.leakReleases;
        web->version = QStringLiteral("v2.%1.0").arg(13 + state.leakReleases);
        web->leaky = true;
        state.replacePods(region, prng);
        events.append(WorldEvent::deploy(fault.atMs, QStringLiteral("web"), region, web->version, previous,
            QStringLiteral("canary region first"), QStringLiteral("ci-pipeline")));
        events.append(chaos(fault, QStringLiteral("memory-leak"),
            QStringLiteral("Chaos: web %1 leaks memory in %2").arg(web->version, region),
            { { QStringLiteral("version"), web->version } }, labels));
        return;
    }
    const bool wasLeaking = web->leaky;
    web->version = QStringLiteral("v2.%1.1").arg(13 + state.leakReleases);
    web->lastGoodVersion = web->version;
    web->leaky = false;
    state.replacePods(region, prng);
    events.append(WorldEvent::deploy(fault.atMs, QStringLiteral("web"), region, web->version, previous,
        QStringLiteral("fixes the memory leak"), QStringLiteral("ci-pipeline")));
    events.append(chaos(fault, QStringLiteral("memory-leak"),
        QStringLiteral("Chaos cleared: web %1 with the leak fixed is out in %2").arg(web->version, region),
        { { QStringLiteral("was_active"), wasLeaking } }, labels));
}

void multiRegion(const ScheduledFault& fault, WorldState& state, QVector<WorldEvent>& events)
{
    switch (fault.kind) {
    case Kind::PeakLoad:
        state.peakLoad = fault.on;
        events.append(chaos(fault, QStringLiteral("peak-load"),
            fault.on ? QStringLiteral("Chaos: peak load, traffic x1.8 in both regions")
                     : QStringLiteral("Chaos cleared: traffic back to normal"),
            {}, {}));
        return;
    case Kind::CacheFailure: {
        const WorldState::DbHost* primary = state.primary();
        const QString region = primary ? primary->region : state.regions.first();
        const WorldState::Cache* cache = state.cacheIn(region);
        WorldState::Cache* target = state.cache(cache->instance);
        const bool wasDown = !target->up;
        target->up = !fault.on;
        if (fault.on)
            target->hitRatio = 0;
        const LabelSet labels { { QStringLiteral("service"), QStringLiteral("cache") },
            { QStringLiteral("region"), target->region }, { QStringLiteral("instance"), target->instance } };
        events.append(chaos(fault, QStringLiteral("cache-failure"),
            fault.on ? QStringLiteral("Chaos: cache %1 crashed").arg(target->instance)
                     : QStringLiteral("Chaos cleared: cache %1 restarted").arg(target->instance),
            fault.on ? QJsonObject {} : QJsonObject { { QStringLiteral("was_active"), wasDown } }, labels));
        return;
    }
    case Kind::Partition: {
        state.partitioned = fault.on;
        QJsonObject body { { QStringLiteral("from"), state.regions.at(0) },
            { QStringLiteral("to"), state.regions.at(1) } };
        if (!fault.on) {
            QJsonArray failedBack;
            for (const QString& region : std::as_const(state.regions)) {
                if (state.failedOver.contains(region))
                    failedBack.append(region);
            }
            state.failedOver.clear();
            body.insert(QStringLiteral("failed_back"), failedBack);
        }
        events.append(chaos(fault, QStringLiteral("network-partition"),
            fault.on ? QStringLiteral("Chaos: network partition between eu and us")
                     : QStringLiteral("Chaos cleared: link between eu and us restored"),
            body, { { QStringLiteral("service"), QStringLiteral("network") } }));
        return;
    }
    case Kind::PrimaryCrash: {
        if (fault.on) {
            WorldState::DbHost* primary = state.primary();
            if (!primary)
                return;
            primary->up = false;
            primary->slowLevel = 0;
            state.crashedInstance = primary->instance;
            events.append(chaos(fault, QStringLiteral("primary-crash"),
                QStringLiteral("Chaos: database primary %1 crashed under load").arg(primary->instance), {},
                dbLabels(*primary)));
            return;
        }
        WorldState::DbHost* crashed = state.db(state.crashedInstance);
        state.crashedInstance.clear();
        if (!crashed)
            return;
        const bool wasDown = !crashed->up;
        if (wasDown) {
            crashed->up = true;
            // Rejoins as a replica if someone was promoted meanwhile, with replication to catch up.
            if (crashed->role == QLatin1String("replica"))
                crashed->replicaLagSeconds = 180;
        }
        events.append(chaos(fault, QStringLiteral("primary-crash"),
            QStringLiteral("Chaos cleared: %1 is back as %2").arg(crashed->instance, crashed->role),
            { { QStringLiteral("was_active"), wasDown } }, dbLabels(*crashed)));
        return;
    }
    case Kind::DiskLogs:
    case Kind::LeakyDeploy:
        return;
    }
}
} // namespace

void FaultInjector::apply(const ScheduledFault& fault, WorldState& state, Prng& prng, QVector<WorldEvent>& events)
{
    switch (fault.kind) {
    case Kind::DiskLogs:
        diskLogs(fault, state, prng, events);
        return;
    case Kind::LeakyDeploy:
        leakyDeploy(fault, state, prng, events);
        return;
    case Kind::PeakLoad:
    case Kind::CacheFailure:
    case Kind::Partition:
    case Kind::PrimaryCrash:
        multiRegion(fault, state, events);
        return;
    }
}

} // namespace firebreak
