#include "worlddynamics.h"

#include "prng.h"
#include "worldstate.h"

#include <cmath>

namespace firebreak {

namespace {
constexpr qint64 Minute = 60LL * 1000;
constexpr qint64 DayMs = 24LL * 60 * Minute;
constexpr qint64 BatchDurationMs = 25 * Minute;
constexpr qint64 RestartWindowMs = 15 * Minute;
constexpr double PeakFactor = 1.8;

// Traffic over the day without libm: a triangle from 0.85 at 08:00 UTC to 1.15 at 20:00 UTC.
double diurnal(qint64 timeMs)
{
    const double hour = static_cast<double>(((timeMs % DayMs) + DayMs) % DayMs) / (60.0 * Minute);
    const double phase = std::fmod(hour - 8.0 + 24.0, 24.0) / 24.0;
    return 0.85 + 0.3 * (1.0 - std::abs(2.0 * phase - 1.0));
}

QString bumpPatch(const QString& version)
{
    QStringList parts = version.mid(1).split(QLatin1Char('.'));
    if (parts.size() != 3)
        return version + QStringLiteral(".1");
    parts[2] = QString::number(parts.at(2).toInt() + 1);
    return QLatin1Char('v') + parts.join(QLatin1Char('.'));
}

LabelSet batchLabels(const WorldState& state)
{
    const WorldState::DbHost* primary = state.primary();
    return { { QStringLiteral("service"), QStringLiteral("db") },
        { QStringLiteral("region"), primary ? primary->region : state.regions.first() },
        { QStringLiteral("instance"), primary ? primary->instance : QString() },
        { QStringLiteral("job"), QStringLiteral("orders-etl") } };
}

void background(WorldState& state, Prng& prng, qint64 tickMs, QVector<WorldEvent>& events)
{
    if (!state.batchRunning && tickMs >= state.nextBatchMs) {
        state.batchRunning = true;
        state.batchEndMs = tickMs + BatchDurationMs;
        state.nextBatchMs += DayMs;
        const QJsonObject body { { QStringLiteral("job"), QStringLiteral("orders-etl") },
            { QStringLiteral("schedule"), QStringLiteral("0 2 * * *") },
            { QStringLiteral("expected_duration_s"), BatchDurationMs / 1000 } };
        WorldEvent event = WorldEvent::make(tickMs, EventKind::ChangeCron, Severity::Info,
            QStringLiteral("Cron: nightly batch orders-etl started"), body, batchLabels(state));
        event.event.actor = QStringLiteral("cron");
        events.append(event);
    } else if (state.batchRunning && tickMs >= state.batchEndMs) {
        state.batchRunning = false;
        WorldEvent event = WorldEvent::make(tickMs, EventKind::ChangeCron, Severity::Info,
            QStringLiteral("Cron: nightly batch orders-etl finished"),
            { { QStringLiteral("job"), QStringLiteral("orders-etl") } }, batchLabels(state));
        event.event.actor = QStringLiteral("cron");
        events.append(event);
    }
    if (tickMs >= state.nextBenignDeployMs) {
        static const QStringList services { QStringLiteral("checkout"), QStringLiteral("search"),
            QStringLiteral("payments"), QStringLiteral("cart") };
        const QString& service = services.at(prng.below(static_cast<int>(services.size())));
        const QString region = state.regions.at(prng.below(static_cast<int>(state.regions.size())));
        WorldState::Deployment* deployment = state.deployment(service, region);
        const QString previous = deployment->version;
        deployment->version = bumpPatch(previous);
        deployment->lastGoodVersion = deployment->version;
        events.append(WorldEvent::deploy(tickMs, service, region, deployment->version, previous,
            QStringLiteral("routine release"), QStringLiteral("ci-pipeline")));
        state.nextBenignDeployMs = tickMs + static_cast<qint64>(prng.uniform(20, 45) * Minute);
    }
}

void pods(WorldState& state, Prng& prng, qint64 tickMs, double dtMin)
{
    for (WorldState::Pod& pod : state.pods) {
        pod.oomThisTick = false;
        const WorldState::Deployment* web = state.deployment(QStringLiteral("web"), pod.region);
        const double jitter = prng.noise(1.0);
        if (web && web->leaky) {
            pod.memoryBytes += pod.leakBytesPerMin * dtMin * (1.0 + 0.05 * jitter);
        } else {
            const double target = pod.baseBytes + 15e6 * (state.servedLoad(pod.region) - 1.0);
            pod.memoryBytes += (target - pod.memoryBytes) * 0.2 + 1.5e6 * jitter;
        }
        if (pod.memoryBytes >= WorldState::MemoryLimitBytes) {
            // The kernel OOM-kills the container; the kubelet restarts it with a fresh heap.
            ++pod.restarts;
            pod.lastTerminationOom = true;
            pod.oomThisTick = true;
            pod.oomTimesMs.append(tickMs);
            pod.memoryBytes = pod.baseBytes;
        }
        pod.oomTimesMs.removeIf([tickMs](qint64 t) { return t <= tickMs - RestartWindowMs; });
    }
}

void databases(WorldState& state, Prng& prng, double dtMin)
{
    for (WorldState::Cache& cache : state.caches) {
        if (cache.up)
            cache.hitRatio += (0.92 - cache.hitRatio) * 0.12;
        else
            cache.hitRatio = 0;
    }
    const WorldState::DbHost* primary = state.primary();
    const bool primaryUp = primary && primary->up;
    const QString primaryRegion = primary ? primary->region : QString();
    for (WorldState::DbHost& host : state.dbs) {
        const double jitter = prng.noise(1.0);
        if (host.instance == state.diskFaultInstance)
            host.logPercent += state.diskFaultPercentPerMin * dtMin * (1.0 + 0.03 * jitter);
        if (state.batchRunning && host.role == QLatin1String("primary"))
            host.logPercent += 0.04 * dtMin;
        host.logPercent = qMin(host.logPercent, 99.5 - host.dataPercent);
        if (!host.up) {
            host.slowLevel = 0;
            continue;
        }
        // Slow queries pile up gradually under pressure and drain faster once it is gone.
        const double target = qBound(0.0, (WorldDynamics::dbPressure(state, host.instance) - 1.6) / 2.5, 1.5);
        if (target > host.slowLevel)
            host.slowLevel = qMin(target, host.slowLevel + 0.3 * dtMin);
        else
            host.slowLevel = qMax(target, host.slowLevel - 0.6 * dtMin);
        if (host.role != QLatin1String("replica"))
            continue;
        const bool cutOff = !primaryUp || (state.partitioned && primaryRegion != host.region);
        if (cutOff)
            host.replicaLagSeconds += dtMin * 60.0;
        else if (state.batchRunning)
            host.replicaLagSeconds += (6.0 - host.replicaLagSeconds) * 0.3 + 0.4 * jitter;
        else
            host.replicaLagSeconds = qMax(0.3, host.replicaLagSeconds * 0.6) + 0.1 * std::abs(jitter);
    }
}
} // namespace

double WorldDynamics::dbPressure(const WorldState& state, const QString& instance)
{
    const WorldState::DbHost* host = state.db(instance);
    if (!host || !host->up)
        return 0;
    // Reads are served locally and mostly absorbed by the region's cache; writes go to the primary.
    const WorldState::Cache* cache = state.cacheIn(host->region);
    const double hit = cache && cache->up ? cache->hitRatio : 0.0;
    double pressure = state.servedLoad(host->region) * (0.25 + 2.5 * (1.0 - hit));
    if (host->role == QLatin1String("primary"))
        pressure += 0.25 * state.load;
    return pressure;
}

void WorldDynamics::advance(WorldState& state, Prng& prng, qint64 tickMs, qint64 dtMs, QVector<WorldEvent>& events)
{
    const double dtMin = static_cast<double>(dtMs) / Minute;
    background(state, prng, tickMs, events);
    const double target = diurnal(tickMs) * (state.peakLoad ? PeakFactor : 1.0);
    state.load += (target - state.load) * 0.35;
    pods(state, prng, tickMs, dtMin);
    databases(state, prng, dtMin);
}

} // namespace firebreak
