#pragma once

// Runs the sandbox's disk-full scenario through the real ingest pipeline into a real store, so that
// backtests read incidents the way the console stores them. Shared by the backtest tests.

#include "correlation/correlationconfig.h"
#include "engine/ingestpipeline.h"
#include "interfaces/executor.h"
#include "sandbox/sandboxplatform.h"
#include "sandbox/sandboxworld.h"
#include "store/storewriter.h"

#include <QDateTime>
#include <QSignalSpy>
#include <functional>
#include <memory>

namespace SandboxStore {

using namespace firebreak;

constexpr qint64 Second = 1000;
constexpr qint64 Minute = 60 * Second;
const qint64 Start = QDateTime(QDate(2026, 3, 10), QTime(9, 0), Qt::UTC).toMSecsSinceEpoch();
const LabelSet DbEu { { QStringLiteral("instance"), QStringLiteral("db-eu-1") } };

// disk-full alone (ScenarioSchedule): the first fault 30 s in, a cycle of 18m30s (the fault's start
// offset and its 14 minutes, then 4 quiet ones); the logs are rotated 14 minutes after each fault began.
inline qint64 faultStart(int cycle)
{
    return Start + 30 * Second + cycle * (18 * Minute + 30 * Second);
}

inline SandboxOptions diskFull()
{
    SandboxOptions options;
    options.seed = 1;
    options.startMs = Start;
    options.scenarios = { QStringLiteral("disk-full") };
    return options;
}

struct Recorded {
    QVector<Alert> alerts; // as stored, last version of each
    QVector<Incident> incidents;
};

// Runs `platform` for `simMs` in 15-second ticks through an IngestPipeline into the store at `path`;
// `afterTick` may act on the world between ticks (run a remediation, as automation would).
inline Recorded record(SandboxPlatform& platform, const QString& path, qint64 simMs,
    const std::function<void(SandboxPlatform&)>& afterTick = {})
{
    Recorded recorded;
    IngestPipeline pipeline(platform.clock(), CorrelationConfig {});
    StoreWriter writer(path);
    QObject scope;
    QObject::connect(&platform, &SandboxPlatform::webhook, &scope,
        [&pipeline](const QByteArray& body, const QString& source) { pipeline.ingestWebhook(body, source, 0); });
    QObject::connect(&platform, &SandboxPlatform::changeEvent, &pipeline, &IngestPipeline::ingestEvent);
    QObject::connect(&pipeline, &IngestPipeline::batchReady, &writer, &StoreWriter::enqueue);
    QObject::connect(&writer, &StoreWriter::committed, &scope, [&recorded](const CommittedBatch& batch) {
        for (const Alert& alert : batch.alerts) {
            auto it = std::find_if(recorded.alerts.begin(), recorded.alerts.end(),
                [&](const Alert& a) { return a.fingerprint == alert.fingerprint && a.startsAtMs == alert.startsAtMs; });
            if (it == recorded.alerts.end())
                recorded.alerts.append(alert);
            else
                *it = alert;
        }
        for (const Incident& incident : batch.incidents) {
            auto it = std::find_if(recorded.incidents.begin(), recorded.incidents.end(),
                [&](const Incident& i) { return i.id == incident.id; });
            if (it == recorded.incidents.end())
                recorded.incidents.append(incident);
            else
                *it = incident;
        }
    });
    writer.open();
    for (qint64 done = 0; done < simMs; done += SandboxWorld::TickMs) {
        platform.fastForward(SandboxWorld::TickMs);
        if (afterTick)
            afterTick(platform);
    }
    writer.close();
    return recorded;
}

// Stores review verdicts (and anything else) in one batch.
inline bool write(const QString& path, const WriteBatch& batch)
{
    StoreWriter writer(path);
    QSignalSpy committed(&writer, &StoreWriter::committed);
    writer.open();
    writer.enqueue(batch);
    writer.close();
    return committed.size() == 1;
}

inline ReviewVerdict alertVerdict(const Alert& alert, ReviewVerdict::Verdict verdict)
{
    return { alert.incidentId, ReviewVerdict::SubjectKind::Alert, alert.fingerprint, verdict, QStringLiteral("alice"),
        alert.startsAtMs };
}

} // namespace SandboxStore
