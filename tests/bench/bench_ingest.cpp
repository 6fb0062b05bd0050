// Ingest throughput: sandbox-shaped Alertmanager webhook bodies through the engine's own path
// (IngestPipeline: WebhookParser::parse -> Correlator::ingest -> StoreWriter), compared with raw
// sqlite3 prepared-statement inserts of the very rows the pipeline stored, in the same process.
//
// The workload is built up front (not timed) with the sandbox's notifier, fingerprints, rules and
// annotation templates: "outage episodes" on many (service, region) pairs, each firing a handful
// to dozens of alerts across instances, some flapping, nearly all resolving. The notifier resends
// a group's firing alerts with every change (as Alertmanager does) and a share of the bodies is
// delivered twice, as by a second Alertmanager of an HA pair. Episodes are laid out so that the
// number of incidents and timeline events is known exactly, which the benchmark then checks.
//
// The machine is shared and noisy, so pipeline and baseline alternate over eight chunks of the
// workload: the pipeline ingests a chunk's bodies (its rows committed before the clock stops),
// then raw sqlite3 inserts the rows those bodies produced into a store of its own. The ratio is
// the median over chunks of raw time / pipeline time for the same rows (rows/s divide out).

#include "benchutil.h"
#include "correlation/correlationconfig.h"
#include "domain/metatypes.h"
#include "engine/ingestpipeline.h"
#include "ingest/webhookparser.h"
#include "interfaces/clock.h"
#include "metrics/alertexpression.h"
#include "sandbox/alertfingerprint.h"
#include "sandbox/alertinstance.h"
#include "sandbox/alertnotifier.h"
#include "sandbox/alerttemplate.h"
#include "sandbox/sandboxrules.h"
#include "store/database.h"
#include "store/searchindexer.h"
#include "store/storecodec.h"
#include "store/storewriter.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHash>
#include <QTemporaryDir>
#include <map>
#include <random>
#include <string>
#include <variant>

using namespace firebreak;
using namespace firebreak::bench;

namespace {

constexpr qint64 TargetEvents = 200000;
constexpr int Chunks = 8;
constexpr qint64 EvaluationMs = 15000; // the sandbox's tick (SandboxWorld::TickMs)
constexpr qint64 StartMs = 1709251200000; // 2024-03-01T00:00:00Z
constexpr double HaDuplicateShare = 0.3;
constexpr double FlapShare = 0.2;
constexpr double UnresolvedLastEpisodeShare = 0.25;
constexpr int InstancesPerPair = 24;
constexpr int RawTransactionRows = 2000;
constexpr double TargetRatio = 0.25;
const QString Source = QStringLiteral("sandbox");

const QStringList Services { QStringLiteral("web"), QStringLiteral("checkout"), QStringLiteral("db"),
    QStringLiteral("cache"), QStringLiteral("search"), QStringLiteral("payments"), QStringLiteral("inventory"),
    QStringLiteral("auth"), QStringLiteral("cart"), QStringLiteral("shipping"), QStringLiteral("recommendations"),
    QStringLiteral("gateway") };
const QStringList Regions { QStringLiteral("eu-west"), QStringLiteral("eu-central"), QStringLiteral("us-east"),
    QStringLiteral("us-west"), QStringLiteral("ap-south"), QStringLiteral("ap-northeast") };

// The bodies in delivery order and what the pipeline must make of them.
struct Workload {
    QVector<QByteArray> bodies;
    QVector<qint64> receivedMs;
    qint64 bodyBytes = 0;
    qint64 instances = 0; // distinct alerts (fingerprint + startsAt) -> one alert.firing each
    qint64 resolutions = 0; // -> one alert.resolved each
    qint64 episodes = 0; // -> one incident and one incident.opened each
    qint64 resolvedEpisodes = 0; // -> one incident.status (resolved) each
    qint64 expectedEvents() const { return instances + resolutions + episodes + resolvedEpisodes; }
};

struct Rule {
    AlertRule rule;
    QString generatorUrl;
    double threshold = 0;
};

class WorkloadBuilder {
public:
    WorkloadBuilder()
    {
        for (const AlertRule& rule : SandboxRules::defaults()) {
            const auto expression = AlertExpression::parse(rule.expression);
            m_rules.append(Rule { rule,
                AlertExpression::toGeneratorUrl(QString::fromLatin1(AlertNotifier::ExternalUrl), rule.expression),
                expression ? expression->threshold : 1 });
        }
    }

    Workload build()
    {
        Workload workload;
        const int pairs = int(Services.size() * Regions.size());
        QVector<qint64> nextFreeRound(pairs, 0);
        QVector<qsizetype> lastAnchorResolution(pairs, -1);
        while (workload.expectedEvents() < TargetEvents) {
            const int pair = uniform(0, pairs - 1);
            const qint64 start = nextFreeRound[pair] + uniform(10, 60);
            const qint64 length = uniform(8, 36); // at most 9 minutes: inside the 10-minute window
            lastAnchorResolution[pair] = episode(pair, start, length, workload);
            nextFreeRound[pair] = start + length + 1;
        }
        // Some pairs end with their incident still open: its anchor alert never resolves.
        for (qsizetype index : std::as_const(lastAnchorResolution)) {
            if (index >= 0 && chance(UnresolvedLastEpisodeShare)) {
                m_changes[index].dropped = true;
                --workload.resolutions;
                --workload.resolvedEpisodes;
            }
        }
        deliver(workload);
        return workload;
    }

private:
    struct Change {
        qint64 round = 0;
        AlertInstance alert;
        bool dropped = false;
    };

    int uniform(int low, int high) { return std::uniform_int_distribution<int>(low, high)(m_random); }
    bool chance(double share) { return std::uniform_real_distribution<double>(0, 1)(m_random) < share; }

    AlertInstance alertFor(const Rule& rule, int pair, int instance)
    {
        const QString& service = Services.at(pair / Regions.size());
        const QString& region = Regions.at(pair % Regions.size());
        LabelSet labels = rule.rule.labels;
        labels.insert(QStringLiteral("alertname"), rule.rule.name);
        labels.insert(QStringLiteral("service"), service);
        labels.insert(QStringLiteral("region"), region);
        labels.insert(QStringLiteral("job"), service);
        labels.insert(QStringLiteral("instance"), QStringLiteral("%1-%2-%3:9100").arg(service, region).arg(instance));
        labels.insert(QStringLiteral("pod"),
            QStringLiteral("%1-7f9c%2-%3").arg(service).arg(pair, 2, 10, QLatin1Char('0')).arg(instance));
        if (service == QLatin1String("db"))
            labels.insert(
                QStringLiteral("role"), instance == 0 ? QStringLiteral("primary") : QStringLiteral("replica"));
        if (rule.rule.name == QLatin1String("RegionPartitioned")) {
            labels.insert(QStringLiteral("from"), region);
            labels.insert(QStringLiteral("to"), Regions.at((pair + 1) % Regions.size()));
        }
        AlertInstance alert;
        alert.labels = labels;
        alert.fingerprint = AlertFingerprint::of(labels);
        alert.generatorUrl = rule.generatorUrl;
        alert.value = rule.threshold == 0
            ? 0
            : rule.threshold * (1.05 + 0.5 * std::uniform_real_distribution<double>(0, 1)(m_random));
        for (auto it = rule.rule.annotations.cbegin(); it != rule.rule.annotations.cend(); ++it)
            alert.annotations.insert(it.key(), AlertTemplate::expand(it.value(), labels, alert.value));
        return alert;
    }

    // Returns the alert as it fired, for its later resolution.
    AlertInstance fire(qint64 round, AlertInstance alert)
    {
        alert.firing = true;
        alert.firedAtMs = alert.activeAtMs = StartMs + round * EvaluationMs;
        alert.resolvedAtMs = 0;
        m_changes.append(Change { round, alert, false });
        return alert;
    }

    qsizetype resolve(qint64 round, AlertInstance alert)
    {
        alert.firing = false;
        alert.resolvedAtMs = StartMs + round * EvaluationMs;
        m_changes.append(Change { round, std::move(alert), false });
        return m_changes.size() - 1;
    }

    // One incident's worth of alerts on one (service, region). The first alert (the anchor)
    // fires at `start` and resolves last, at start + length; every other alert fires and resolves
    // strictly in between, so the incident opens once and resolves once. Returns the index of the
    // anchor's resolution.
    qsizetype episode(int pair, qint64 start, qint64 length, Workload& workload)
    {
        QVector<int> rules;
        const int ruleCount = uniform(1, 3);
        while (rules.size() < ruleCount) {
            const int rule = uniform(0, int(m_rules.size()) - 1);
            if (!rules.contains(rule))
                rules.append(rule);
        }
        QVector<QPair<int, int>> candidates; // (rule, instance)
        for (int rule : std::as_const(rules)) {
            for (int instance = 0; instance < InstancesPerPair; ++instance)
                candidates.append({ rule, instance });
        }
        std::shuffle(candidates.begin(), candidates.end(), m_random);
        const double u = std::uniform_real_distribution<double>(1e-9, 1)(m_random);
        const auto count = std::min<qsizetype>(candidates.size(), 1 + qsizetype(-std::log(u) * 10));

        const qint64 end = start + length;
        qsizetype anchorResolution = -1;
        for (qsizetype i = 0; i < count; ++i) {
            const AlertInstance alert = alertFor(m_rules.at(candidates[i].first), pair, candidates[i].second);
            if (i == 0) {
                anchorResolution = resolve(end, fire(start, alert));
                workload.instances += 1;
                workload.resolutions += 1;
                continue;
            }
            qint64 fired = start + uniform(0, int(length) - 2);
            qint64 resolved = fired + 1 + uniform(0, int(end - 2 - fired));
            resolve(resolved, fire(fired, alert));
            workload.instances += 1;
            workload.resolutions += 1;
            if (resolved + 1 <= end - 2 && chance(FlapShare)) {
                fired = resolved + 1 + uniform(0, int(end - 2 - (resolved + 1)));
                resolved = fired + 1 + uniform(0, int(end - 2 - fired));
                resolve(resolved, fire(fired, alert));
                workload.instances += 1;
                workload.resolutions += 1;
            }
        }
        workload.episodes += 1;
        workload.resolvedEpisodes += 1;
        return anchorResolution;
    }

    // Plays the changes round by round through the sandbox's notifier.
    void deliver(Workload& workload)
    {
        std::map<qint64, QVector<AlertInstance>> byRound;
        for (const Change& change : std::as_const(m_changes)) {
            if (!change.dropped)
                byRound[change.round].append(change.alert);
        }
        AlertNotifier notifier;
        for (const auto& [round, changes] : byRound) {
            const qint64 receivedMs = StartMs + round * EvaluationMs + 200;
            for (const QByteArray& body : notifier.notify(changes)) {
                const int copies = chance(HaDuplicateShare) ? 2 : 1;
                for (int copy = 0; copy < copies; ++copy) {
                    workload.bodies.append(body); // implicitly shared: a copy costs nothing
                    workload.receivedMs.append(receivedMs + copy * 35);
                    workload.bodyBytes += body.size();
                }
            }
        }
    }

    std::mt19937_64 m_random { 20240301 };
    QVector<Rule> m_rules;
    QVector<Change> m_changes;
};

// The pipeline's "now" is the time each body was received, as in a replay.
class ReplayClock final : public Clock {
public:
    qint64 nowMs() const override { return m_nowMs; }
    void set(qint64 ms) { m_nowMs = ms; }

private:
    qint64 m_nowMs = 0;
};

// Rows for raw sqlite3: each table's cells in column order, converted before the clock starts.
struct Table {
    const char* insert = nullptr;
    int columns = 0;
    std::vector<std::variant<qint64, std::string>> cells;
    qsizetype rows() const { return qsizetype(cells.size()) / columns; }
    void add(qint64 value) { cells.emplace_back(value); }
    void add(const QString& value) { cells.emplace_back(value.toStdString()); }
    void add(const QByteArray& value) { cells.emplace_back(value.toStdString()); }
};

// The columns the StoreWriter binds: incidents with their id, alerts and events with SQLite's.
constexpr const char* InsertIncident = "INSERT INTO incidents(id, title, severity, status, commander, group_key,"
                                       " group_labels, detected_ms, acknowledged_ms, mitigated_ms, resolved_ms,"
                                       " updated_ms, alert_count, firing_count)"
                                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* InsertAlert = "INSERT INTO alerts(fingerprint, starts_at_ms, ends_at_ms, status, labels,"
                                    " annotations, source, generator_url, incident_id)"
                                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* InsertEvent = "INSERT INTO events(incident_id, time_ms, source, kind, severity, title, body,"
                                    " actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

// The raw side of the comparison: every row the pipeline stored, inserted once with a plain
// prepared INSERT in transactions of 2,000 rows. Incidents and alerts are inserted in the state
// they had when first written; their later updates count against the pipeline, not the baseline.
// Each transaction also indexes its events for search with the writer's own statement, because
// the pipeline's store holds that index too (schema v11 dropped the trigger that used to do it).
class RawStore {
public:
    explicit RawStore(const QString& path)
    {
        createStore(path);
        m_db = sqlOpenStore(path);
        for (const char* sql : { InsertIncident, InsertAlert, InsertEvent })
            m_statements.append(sqlPrepare(m_db, sql));
        m_index = sqlPrepare(m_db, SearchIndexer::indexRangeSql().toUtf8());
    }
    ~RawStore()
    {
        for (sqlite3_stmt* statement : std::as_const(m_statements))
            sqlite3_finalize(statement);
        sqlite3_finalize(m_index);
        sqlite3_close(m_db);
    }
    RawStore(const RawStore&) = delete;
    RawStore& operator=(const RawStore&) = delete;

    // Rows first written by these batches; untimed.
    QVector<Table> rowsOf(const QVector<WriteBatch>& batches)
    {
        QVector<Table> tables { Table { InsertIncident, 14, {} }, Table { InsertAlert, 9, {} },
            Table { InsertEvent, 8, {} } };
        for (const WriteBatch& batch : batches) {
            for (const Incident& incident : batch.incidents) {
                if (!std::exchange(m_seenIncidents[incident.id], true)) {
                    Table& t = tables[0];
                    t.add(incident.id), t.add(incident.title), t.add(qint64(incident.severity));
                    t.add(incidentStatusName(incident.status)), t.add(incident.commander), t.add(incident.groupKey);
                    t.add(StoreCodec::labelsToJson(incident.groupLabels)), t.add(incident.detectedMs);
                    t.add(incident.acknowledgedMs), t.add(incident.mitigatedMs), t.add(incident.resolvedMs);
                    t.add(incident.updatedMs), t.add(qint64(incident.alertCount)), t.add(qint64(incident.firingCount));
                }
            }
            for (const Alert& alert : batch.alerts) {
                if (!std::exchange(m_seenAlerts[alert.fingerprint + QString::number(alert.startsAtMs)], true)) {
                    Table& t = tables[1];
                    t.add(alert.fingerprint), t.add(alert.startsAtMs), t.add(alert.endsAtMs);
                    t.add(alertStatusName(alert.status)), t.add(StoreCodec::labelsToJson(alert.labels));
                    t.add(StoreCodec::labelsToJson(alert.annotations)), t.add(alert.source), t.add(alert.generatorUrl);
                    t.add(alert.incidentId);
                }
            }
            for (const Event& event : batch.events) {
                Table& t = tables[2];
                t.add(event.incidentId), t.add(event.timeMs), t.add(event.source), t.add(event.kind);
                t.add(qint64(event.severity)), t.add(event.title), t.add(event.body), t.add(event.actor);
            }
        }
        return tables;
    }

    // Timed: returns seconds.
    double insert(const QVector<Table>& tables)
    {
        QElapsedTimer timer;
        timer.start();
        int inTransaction = 0;
        sqlExec(m_db, "BEGIN");
        for (qsizetype t = 0; t < tables.size(); ++t) {
            const Table& table = tables.at(t);
            sqlite3_stmt* statement = m_statements.at(t);
            for (qsizetype row = 0; row < table.rows(); ++row) {
                for (int c = 0; c < table.columns; ++c) {
                    const auto& cell = table.cells[size_t(row * table.columns + c)];
                    if (const auto* integer = std::get_if<qint64>(&cell)) {
                        sqlite3_bind_int64(statement, c + 1, *integer);
                    } else {
                        const std::string& text = std::get<std::string>(cell);
                        sqlite3_bind_text(statement, c + 1, text.data(), int(text.size()), SQLITE_STATIC);
                    }
                }
                sqlStepInsert(m_db, statement);
                if (++inTransaction == RawTransactionRows) {
                    commit();
                    sqlExec(m_db, "BEGIN");
                    inTransaction = 0;
                }
            }
        }
        commit();
        return double(timer.nsecsElapsed()) / 1e9;
    }

    qint64 count(const char* sql) const { return sqlInteger(m_db, sql); }

private:
    // Indexes this transaction's events for search, then commits.
    void commit()
    {
        const qint64 lastId = sqlInteger(m_db, "SELECT COALESCE(max(id), 0) FROM events");
        sqlite3_bind_int64(m_index, 1, m_indexedUpTo);
        sqlite3_bind_int64(m_index, 2, lastId);
        sqlStepInsert(m_db, m_index);
        m_indexedUpTo = lastId;
        sqlExec(m_db, "COMMIT");
    }

    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_index = nullptr;
    qint64 m_indexedUpTo = 0;
    QVector<sqlite3_stmt*> m_statements;
    QHash<qint64, bool> m_seenIncidents;
    QHash<QString, bool> m_seenAlerts;
};

// What the pipeline's store must hold afterwards; exits 1 when it does not.
void verifyStore(const QString& path, const Workload& workload, qint64 committedEvents)
{
    sqlite3* db = sqlOpenStore(path);
    const QVector<std::tuple<QString, qint64, const char*>> checks {
        { QStringLiteral("events"), workload.expectedEvents(), "SELECT count(*) FROM events" },
        { QStringLiteral("events (as committed)"), committedEvents, "SELECT count(*) FROM events" },
        { QStringLiteral("alert.firing events"), workload.instances,
            "SELECT count(*) FROM events WHERE kind = 'alert.firing'" },
        { QStringLiteral("alert.resolved events"), workload.resolutions,
            "SELECT count(*) FROM events WHERE kind = 'alert.resolved'" },
        { QStringLiteral("incident.opened events"), workload.episodes,
            "SELECT count(*) FROM events WHERE kind = 'incident.opened'" },
        { QStringLiteral("incident.status events"), workload.resolvedEpisodes,
            "SELECT count(*) FROM events WHERE kind = 'incident.status'" },
        { QStringLiteral("alerts"), workload.instances, "SELECT count(*) FROM alerts" },
        { QStringLiteral("resolved alerts"), workload.resolutions,
            "SELECT count(*) FROM alerts WHERE status = 'resolved'" },
        { QStringLiteral("incidents"), workload.episodes, "SELECT count(*) FROM incidents" },
        { QStringLiteral("resolved incidents"), workload.resolvedEpisodes,
            "SELECT count(*) FROM incidents WHERE status = 'resolved'" },
        { QStringLiteral("events in the search index"), workload.expectedEvents(),
            "SELECT count(*) FROM events_search_docsize" },
    };
    for (const auto& [what, expected, sql] : checks) {
        const qint64 actual = sqlInteger(db, sql);
        if (actual != expected)
            fail(QStringLiteral("the pipeline's store holds %1 %2, expected %3").arg(actual).arg(what).arg(expected));
    }
    sqlite3_close(db);
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    registerMetaTypes();

    say(QStringLiteral("SQLite %1").arg(QString::fromLatin1(sqlite3_libversion())));
    QElapsedTimer buildTimer;
    buildTimer.start();
    const Workload workload = WorkloadBuilder().build();
    say(QStringLiteral("bench_ingest: %1 webhook bodies (%2 MB), %3 distinct alerts, %4 incidents;"
                       " built in %5 s (not timed)")
            .arg(workload.bodies.size())
            .arg(number(double(workload.bodyBytes) / 1e6, 1))
            .arg(workload.instances)
            .arg(workload.episodes)
            .arg(number(double(buildTimer.elapsed()) / 1000, 1)));
    say(QStringLiteral("  expected timeline events: %1 (%2 alert.firing, %3 alert.resolved, %4 incident.opened,"
                       " %5 incident.status)")
            .arg(workload.expectedEvents())
            .arg(workload.instances)
            .arg(workload.resolutions)
            .arg(workload.episodes)
            .arg(workload.resolvedEpisodes));

    QTemporaryDir dir;
    if (!dir.isValid())
        fail(QStringLiteral("no temporary directory"));
    const QString pipelinePath = dir.filePath(QStringLiteral("pipeline.db"));
    say(QStringLiteral("  stores in %1").arg(dir.path()));

    // The pipeline: the engine's IngestPipeline feeding a StoreWriter on the same thread.
    StoreWriter writer(pipelinePath);
    StoreOpenResult opened;
    QString writeFailure;
    qint64 committedEvents = 0;
    int commits = 0;
    QObject::connect(&writer, &StoreWriter::opened, [&opened](const StoreOpenResult& result) { opened = result; });
    QObject::connect(&writer, &StoreWriter::failed,
        [&writeFailure](const QString& error, const QVector<quint64>&) { writeFailure = error; });
    QObject::connect(&writer, &StoreWriter::committed, [&](const CommittedBatch& batch) {
        committedEvents += batch.events.size();
        ++commits;
    });
    writer.open();
    if (!opened.ok || opened.readOnly)
        fail(QStringLiteral("StoreWriter could not open %1: %2").arg(pipelinePath, opened.problem));

    ReplayClock clock;
    IngestPipeline pipeline(clock, CorrelationConfig {});
    pipeline.restore({}, {}, writer.maxIncidentId());
    QString rejection;
    QObject::connect(&pipeline, &IngestPipeline::rejected,
        [&rejection](const QString&, quint64, const WebhookError& error) { rejection = error.toString(); });
    QVector<WriteBatch> captured; // implicitly shared copies, for the raw side
    qint64 storeNs = 0;
    qint64 incidentWrites = 0;
    qint64 alertWrites = 0;
    QElapsedTimer storeTimer;
    QObject::connect(&pipeline, &IngestPipeline::batchReady, [&](const WriteBatch& batch) {
        captured.append(batch);
        incidentWrites += batch.incidents.size();
        alertWrites += batch.alerts.size();
        storeTimer.start();
        writer.enqueue(batch);
        storeNs += storeTimer.nsecsElapsed();
    });

    RawStore raw(dir.filePath(QStringLiteral("raw.db")));

    // Pipeline and baseline alternate chunk by chunk, so that both see the same machine load
    // (this machine is shared and noisy); the ratio is the median of the chunks' ratios.
    QVector<double> pipelineSeconds;
    QVector<double> rawSeconds;
    double pipelineCpu = 0;
    double rawCpu = 0;
    QVector<double> ratios;
    QVector<qint64> chunkRows;
    const qsizetype total = workload.bodies.size();
    for (int chunk = 0; chunk < Chunks; ++chunk) {
        const qsizetype from = total * chunk / Chunks;
        const qsizetype to = total * (chunk + 1) / Chunks;
        captured.clear();
        const double cpuBefore = threadCpuSeconds();
        QElapsedTimer timer;
        timer.start();
        for (qsizetype i = from; i < to; ++i) {
            clock.set(workload.receivedMs.at(i));
            pipeline.ingestWebhook(workload.bodies.at(i), Source, 0);
        }
        storeTimer.start();
        writer.flush(); // the chunk's rows are committed before its clock stops
        storeNs += storeTimer.nsecsElapsed();
        pipelineSeconds.append(double(timer.nsecsElapsed()) / 1e9);
        pipelineCpu += threadCpuSeconds() - cpuBefore;
        if (!rejection.isEmpty() || !writeFailure.isEmpty())
            fail(QStringLiteral("the pipeline failed: %1%2").arg(rejection, writeFailure));

        const QVector<Table> rows = raw.rowsOf(captured);
        qint64 rowCount = 0;
        for (const Table& table : rows)
            rowCount += table.rows();
        chunkRows.append(rowCount);
        const double rawCpuBefore = threadCpuSeconds();
        rawSeconds.append(raw.insert(rows));
        rawCpu += threadCpuSeconds() - rawCpuBefore;
        ratios.append(rawSeconds.last() / pipelineSeconds.last());
        say(QStringLiteral("  chunk %1/%2: %3 payloads -> %4 new rows; pipeline %5 s, raw sqlite3 %6 s, ratio %7")
                .arg(chunk + 1)
                .arg(Chunks)
                .arg(to - from)
                .arg(rowCount)
                .arg(number(pipelineSeconds.last(), 3), number(rawSeconds.last(), 3), number(ratios.last(), 3)));
    }
    captured.clear();
    writer.close();

    verifyStore(pipelinePath, workload, committedEvents);
    const qint64 rawEvents = raw.count("SELECT count(*) FROM events");
    if (rawEvents != workload.expectedEvents())
        fail(QStringLiteral("the raw baseline stored %1 events, expected %2")
                 .arg(rawEvents)
                 .arg(workload.expectedEvents()));
    const qint64 rawIndexed = raw.count("SELECT count(*) FROM events_search_docsize");
    if (rawIndexed != rawEvents)
        fail(QStringLiteral("the raw baseline indexed %1 of its %2 events for search").arg(rawIndexed).arg(rawEvents));

    double pipelineTotal = 0;
    double rawTotal = 0;
    qint64 rows = 0;
    for (int chunk = 0; chunk < Chunks; ++chunk) {
        pipelineTotal += pipelineSeconds.at(chunk);
        rawTotal += rawSeconds.at(chunk);
        rows += chunkRows.at(chunk);
    }
    const double storeSeconds = double(storeNs) / 1e9;
    say(QStringLiteral("pipeline: %1 s for %2 payloads, %3 alerts (%4 duplicates dropped), %5 events, %6 commits")
            .arg(number(pipelineTotal, 3))
            .arg(pipeline.payloadsReceived())
            .arg(pipeline.alertsReceived())
            .arg(pipeline.duplicatesDropped())
            .arg(workload.expectedEvents())
            .arg(commits));
    say(QStringLiteral("  of which StoreWriter (enqueue + commits) %1 s (%2%), parse + correlate %3 s; thread CPU %4 s")
            .arg(number(storeSeconds, 3), number(100 * storeSeconds / pipelineTotal, 0),
                number(pipelineTotal - storeSeconds, 3), number(pipelineCpu, 3)));
    say(QStringLiteral("  StoreWriter statements: %1 incident upserts, %2 alert upserts, %3 event inserts")
            .arg(incidentWrites)
            .arg(alertWrites)
            .arg(workload.expectedEvents()));
    say(QStringLiteral("raw sqlite3: %1 s for the same %2 rows, %3 rows per transaction; thread CPU %4 s")
            .arg(number(rawTotal, 3))
            .arg(rows)
            .arg(RawTransactionRows)
            .arg(number(rawCpu, 3)));
    say(QStringLiteral("verified: the pipeline's store holds every expected event, alert and incident; raw holds"
                       " the same %1 events, all indexed for search")
            .arg(rawEvents));

    figure(QStringLiteral("ingest_events_per_s"), double(workload.expectedEvents()) / pipelineTotal, {}, 0);
    figure(QStringLiteral("ingest_payloads_per_s"), double(pipeline.payloadsReceived()) / pipelineTotal, {}, 0);
    figure(QStringLiteral("ingest_alerts_per_s"), double(pipeline.alertsReceived()) / pipelineTotal, {}, 0);
    figure(QStringLiteral("ingest_rows_per_s"), double(rows) / pipelineTotal, {}, 0);
    figure(QStringLiteral("raw_rows_per_s"), double(rows) / rawTotal, {}, 0);
    figure(QStringLiteral("ingest_ratio_vs_raw"), median(ratios),
        QStringLiteral("overall=%1 cpu=%2 chunks=%3")
            .arg(number(rawTotal / pipelineTotal, 3), number(rawCpu / pipelineCpu, 3))
            .arg(Chunks),
        false, TargetRatio);
    return 0;
}
