#pragma once

#include <QSet>
#include <QString>
#include <QStringList>
#include <QVector>

namespace firebreak {

class Prng;

// Everything the simulated two-region shop is at one instant: pods, deployments, database hosts,
// caches, the network and the faults currently injected. Plain data that the dynamics, the fault
// injector and the executor change, and that the metrics are read from.
struct WorldState {
    static constexpr double MemoryLimitBytes = 500e6;
    static constexpr double MaxDbConnections = 500;

    struct Pod {
        QString name;
        QString region;
        double baseBytes = 0; // working set of a fresh container
        double memoryBytes = 0;
        double leakBytesPerMin = 0; // how fast this pod leaks while a leaky image runs
        int restarts = 0;
        bool lastTerminationOom = false;
        bool oomThisTick = false;
        QVector<qint64> oomTimesMs; // within the last 15 minutes
    };
    struct Deployment {
        QString service;
        QString region;
        QString version;
        QString lastGoodVersion;
        bool leaky = false;
    };
    struct DbHost {
        QString instance;
        QString region;
        QString role; // "primary" | "replica"
        bool up = true;
        double dataPercent = 0;
        double logPercent = 0;
        double slowLevel = 0; // 0 = healthy, 1 = heavily backed up with slow queries
        double replicaLagSeconds = 0;
    };
    struct Cache {
        QString instance;
        QString region;
        bool up = true;
        double hitRatio = 0.92;
    };

    QStringList regions { QStringLiteral("eu"), QStringLiteral("us") };
    QVector<Pod> pods;
    QVector<Deployment> deployments;
    QVector<DbHost> dbs;
    QVector<Cache> caches;
    QSet<QString> failedOver; // regions whose users are served by the other region

    double load = 1.0; // traffic relative to an ordinary day
    bool peakLoad = false;
    bool partitioned = false;
    QString diskFaultInstance; // host whose disk is filling with logs, empty when none
    double diskFaultPercentPerMin = 0;
    QString crashedInstance; // database host crashed by chaos, empty when none
    int leakReleases = 0; // leaky web releases so far, for version numbers

    bool batchRunning = false;
    qint64 batchEndMs = 0;
    qint64 nextBatchMs = 0;
    qint64 nextBenignDeployMs = 0;

    static WorldState initial(Prng& prng, qint64 startMs);

    QString otherRegion(const QString& region) const;
    DbHost* db(const QString& instance);
    const DbHost* db(const QString& instance) const;
    DbHost* primary(); // the host with role primary, up or not
    const DbHost* primary() const;
    const DbHost* dbIn(const QString& region) const;
    Cache* cache(const QString& instance);
    const Cache* cacheIn(const QString& region) const;
    Deployment* deployment(const QString& service, const QString& region);
    const Deployment* deployment(const QString& service, const QString& region) const;

    bool primaryUp() const;
    // Whether code running in `region` can write to the primary right now.
    bool writesAvailableFrom(const QString& region) const;
    // The region that serves the users of `region` (itself unless failed over).
    QString servingRegion(const QString& region) const;
    // Traffic handled by `region` relative to one region's ordinary day.
    double servedLoad(const QString& region) const;
    // Replaces the web pods of `region` by fresh ones (deploy, rollback, rollout restart).
    void replacePods(const QString& region, Prng& prng);
};

} // namespace firebreak
