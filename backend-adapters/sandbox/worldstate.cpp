#include "worldstate.h"

#include "prng.h"

namespace firebreak {

namespace {
constexpr int PodsPerRegion = 3;
constexpr qint64 DayMs = 24LL * 3600 * 1000;
constexpr qint64 BatchHourMs = 2LL * 3600 * 1000; // the nightly job runs at 02:00 UTC
const char* const Alphabet = "bcdfghjklmnpqrstvwxz2456789"; // Kubernetes' name-suffix alphabet

QString randomSuffix(Prng& prng, int length)
{
    QString text;
    for (int i = 0; i < length; ++i)
        text.append(QLatin1Char(Alphabet[prng.below(27)]));
    return text;
}
} // namespace

WorldState WorldState::initial(Prng& prng, qint64 startMs)
{
    WorldState state;
    const QStringList services { QStringLiteral("web"), QStringLiteral("checkout"), QStringLiteral("search"),
        QStringLiteral("payments"), QStringLiteral("cart") };
    const QStringList versions { QStringLiteral("v2.13.4"), QStringLiteral("v1.8.2"), QStringLiteral("v3.2.0"),
        QStringLiteral("v5.0.7"), QStringLiteral("v1.21.3") };
    for (int i = 0; i < services.size(); ++i) {
        for (const QString& region : std::as_const(state.regions))
            state.deployments.append(Deployment { services.at(i), region, versions.at(i), versions.at(i), false });
    }
    for (const QString& region : std::as_const(state.regions))
        state.replacePods(region, prng);
    state.dbs.append(
        DbHost { QStringLiteral("db-eu-1"), QStringLiteral("eu"), QStringLiteral("primary"), true, 54.0, 20.0, 0, 0 });
    state.dbs.append(DbHost {
        QStringLiteral("db-us-1"), QStringLiteral("us"), QStringLiteral("replica"), true, 51.0, 17.0, 0, 0.4 });
    state.caches.append(Cache { QStringLiteral("cache-eu-1"), QStringLiteral("eu"), true, 0.92 });
    state.caches.append(Cache { QStringLiteral("cache-us-1"), QStringLiteral("us"), true, 0.92 });
    const qint64 dayStart = startMs - (((startMs % DayMs) + DayMs) % DayMs);
    state.nextBatchMs = dayStart + BatchHourMs;
    if (state.nextBatchMs < startMs)
        state.nextBatchMs += DayMs;
    state.nextBenignDeployMs = startMs + static_cast<qint64>(prng.uniform(60, 150)) * 1000;
    return state;
}

QString WorldState::otherRegion(const QString& region) const
{
    return region == regions.at(0) ? regions.at(1) : regions.at(0);
}

WorldState::DbHost* WorldState::db(const QString& instance)
{
    for (DbHost& host : dbs) {
        if (host.instance == instance)
            return &host;
    }
    return nullptr;
}

const WorldState::DbHost* WorldState::db(const QString& instance) const
{
    return const_cast<WorldState*>(this)->db(instance);
}

WorldState::DbHost* WorldState::primary()
{
    for (DbHost& host : dbs) {
        if (host.role == QLatin1String("primary"))
            return &host;
    }
    return nullptr;
}

const WorldState::DbHost* WorldState::primary() const
{
    return const_cast<WorldState*>(this)->primary();
}

const WorldState::DbHost* WorldState::dbIn(const QString& region) const
{
    for (const DbHost& host : dbs) {
        if (host.region == region)
            return &host;
    }
    return nullptr;
}

WorldState::Cache* WorldState::cache(const QString& instance)
{
    for (Cache& item : caches) {
        if (item.instance == instance)
            return &item;
    }
    return nullptr;
}

const WorldState::Cache* WorldState::cacheIn(const QString& region) const
{
    for (const Cache& item : caches) {
        if (item.region == region)
            return &item;
    }
    return nullptr;
}

WorldState::Deployment* WorldState::deployment(const QString& service, const QString& region)
{
    for (Deployment& item : deployments) {
        if (item.service == service && item.region == region)
            return &item;
    }
    return nullptr;
}

const WorldState::Deployment* WorldState::deployment(const QString& service, const QString& region) const
{
    return const_cast<WorldState*>(this)->deployment(service, region);
}

bool WorldState::primaryUp() const
{
    const DbHost* host = primary();
    return host && host->up;
}

bool WorldState::writesAvailableFrom(const QString& region) const
{
    const DbHost* host = primary();
    return host && host->up && (host->region == region || !partitioned);
}

QString WorldState::servingRegion(const QString& region) const
{
    return failedOver.contains(region) ? otherRegion(region) : region;
}

double WorldState::servedLoad(const QString& region) const
{
    if (failedOver.contains(region))
        return 0;
    return failedOver.contains(otherRegion(region)) ? 2 * load : load;
}

void WorldState::replacePods(const QString& region, Prng& prng)
{
    pods.removeIf([&region](const Pod& pod) { return pod.region == region; });
    const QString templateHash = randomSuffix(prng, 10);
    for (int i = 0; i < PodsPerRegion; ++i) {
        Pod pod;
        pod.name = QStringLiteral("web-") + templateHash + QLatin1Char('-') + randomSuffix(prng, 5);
        pod.region = region;
        pod.baseBytes = prng.uniform(190e6, 230e6);
        pod.memoryBytes = pod.baseBytes;
        pod.leakBytesPerMin = prng.uniform(35e6, 45e6);
        pods.append(pod);
    }
}

} // namespace firebreak
