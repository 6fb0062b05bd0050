// Read latency of a store holding a million timeline events, through the same StoreQueries
// functions the console's StoreReader runs (and through the StoreReader thread itself), with the
// query plan of every statement printed once so that index use is visible.
//
// The store is built in a temporary directory by raw sqlite3 into a schema Database::open created:
// the secondary indexes and FTS triggers are dropped, the rows inserted in time order, then the very
// same CREATE statements (read back from sqlite_master) are run again and the search index is filled
// in one statement, which is ~5x faster than maintaining them row by row. The schema is checked to be identical after.

#include "benchutil.h"
#include "domain/event.h"
#include "domain/metatypes.h"
#include "store/database.h"
#include "store/eventquery.h"
#include "store/ftsquery.h"
#include "store/searchindexer.h"
#include "store/storequeries.h"
#include "store/storereader.h"
#include "store/storewriter.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QThread>
#include <functional>
#include <limits>
#include <random>
#include <string>

using namespace firebreak;
using namespace firebreak::bench;

namespace {

constexpr int EventCount = 1000000;
constexpr int IncidentCount = 2000;
constexpr int UnassignedCount = 60000; // deploys, cron runs, chaos, notes outside any incident
constexpr int LargeIncidentEvents = 60000;
constexpr qint64 LargeIncidentId = 1600;
constexpr qint64 StartMs = 1704067200000; // 2024-01-01T00:00:00Z
constexpr qint64 SpanMs = 120LL * 24 * 3600 * 1000;
constexpr int PageSize = 200;
constexpr double FirstRowsTargetMs = 100;
constexpr double FilterTargetMs = 50;
constexpr double SearchTargetMs = 20;

const char* const Services[] = { "web", "checkout", "db", "cache", "search", "payments", "inventory", "auth", "cart",
    "shipping", "recommendations", "gateway" };
const char* const Regions[] = { "eu-west", "eu-central", "us-east", "us-west", "ap-south", "ap-northeast" };
const char* const People[] = { "alice", "bob", "carol", "dave", "erin", "frank" };
const char* const Playbooks[] = { "disk-cleanup", "restart-pods", "rollback-deploy", "promote-replica",
    "kill-slow-queries", "restart-cache", "failover-region" };
const char* const Gates[] = { "sustained", "quiet", "confirm", "approval", "rate_limit", "blast_radius" };
const char* const Steps[] = { "archive logs older than 30 days", "delete archived logs", "restart pod",
    "roll back to the last known good image", "promote read replica", "update connection strings",
    "kill queries running longer than 30s", "restart cache node", "shift traffic to the other region" };
const char* const Checks[] = { "space reclaimed", "restarts stopped", "memory slope flat", "error rate under SLO",
    "writes accepted", "p99 latency under 1s" };
const char* const Faults[] = { "network partition", "database slowness", "cache failure", "disk fill", "memory leak" };
const char* const NoteWords[] = { "looking", "into", "the", "spike", "paged", "database", "team", "customer", "impact",
    "confirmed", "rollback", "looks", "good", "waiting", "for", "vendor", "latency", "back", "to", "normal",
    "escalated", "status", "page", "updated", "suspect", "the", "new", "release", "zanzibar" };

// Alert names, a summary and the metric behind them, in the sandbox's words.
struct AlertKind {
    const char* name;
    const char* summary; // %s = instance
    const char* metric;
};
const AlertKind Alerts[] = {
    { "DiskSpaceHigh", "Disk almost full on %s", "disk_used_percent" },
    { "MemoryHigh", "Pod %s close to its memory limit", "container_memory_working_set_bytes" },
    { "ContainerOOMKilled", "Container of %s was OOMKilled", "kube_pod_container_status_last_terminated_reason" },
    { "PodRestartsHigh", "Pod %s is crash-looping", "kube_pod_container_status_restarts" },
    { "CheckoutLatencyHigh", "Checkout is slow behind %s", "http_request_duration_seconds_p99" },
    { "CheckoutErrorRateHigh", "Checkout is failing behind %s", "http_requests_error_ratio" },
    { "DatabaseConnectionsHigh", "Database %s near its connection limit", "db_connections_active" },
    { "DatabaseSlowQueries", "Slow queries piling up on %s", "db_slow_queries" },
    { "DatabaseReplicaLagHigh", "Replica %s is lagging", "db_replica_lag_seconds" },
    { "CacheDown", "Cache %s is down", "cache_up" },
};

// Kinds with their weight inside an incident; incident.opened is added once per incident.
struct KindWeight {
    const char* kind;
    double weight;
};
const KindWeight IncidentKinds[] = { { "alert.firing", 28 }, { "alert.resolved", 24 }, { "metric.breach", 10 },
    { "incident.status", 1.5 }, { "run.proposed", 3 }, { "gate.passed", 4 }, { "gate.blocked", 1.5 },
    { "approval.requested", 1.5 }, { "approval.granted", 1.2 }, { "approval.denied", 0.2 }, { "approval.expired", 0.1 },
    { "step.started", 4 }, { "step.succeeded", 3.5 }, { "step.failed", 0.5 }, { "verify.passed", 2 },
    { "verify.failed", 0.4 }, { "rollback.started", 0.3 }, { "rollback.succeeded", 0.25 }, { "rollback.failed", 0.05 },
    { "suppression.started", 1 }, { "suppression.ended", 1 }, { "note", 3 }, { "action.executed", 2 },
    { "chaos.injected", 0.3 }, { "chaos.cleared", 0.3 } };
const KindWeight UnassignedKinds[] = { { "change.deploy", 45 }, { "change.cron", 35 }, { "note", 10 },
    { "chaos.injected", 5 }, { "chaos.cleared", 5 } };

struct PlannedIncident {
    qint64 id = 0;
    qint64 detectedMs = 0;
    qint64 endMs = 0;
    int service = 0;
    int region = 0;
    int alert = 0;
    int events = 0;
};

// One event before it is given text; text is derived from `seed` while inserting.
struct Row {
    qint64 timeMs;
    qint32 incident;
    quint8 kind; // index into IncidentKinds, or 100 + index into UnassignedKinds, or 255 = incident.opened
    quint8 severity;
    quint32 seed;
};

class StoreBuilder {
public:
    explicit StoreBuilder(const QString& path)
        : m_path(path)
    {
    }

    // With `insert` false only the plan is made (the store at the path already holds it).
    void build(bool insert)
    {
        planIncidents();
        if (!insert)
            return;
        planRows();
        createStore(m_path);
        insertAll();
    }

    const QVector<PlannedIncident>& incidents() const { return m_incidents; }

private:
    double uniform() { return std::uniform_real_distribution<double>(0, 1)(m_random); }
    int pick(int count) { return std::uniform_int_distribution<int>(0, count - 1)(m_random); }
    template <size_t N> int pickWeighted(const KindWeight (&kinds)[N])
    {
        double total = 0;
        for (const KindWeight& k : kinds)
            total += k.weight;
        double x = uniform() * total;
        for (size_t i = 0; i < N; ++i) {
            x -= kinds[i].weight;
            if (x < 0)
                return int(i);
        }
        return int(N - 1);
    }

    void planIncidents()
    {
        std::lognormal_distribution<double> size(0, 1.1);
        std::exponential_distribution<double> duration(1.0 / (6 * 3600 * 1000.0));
        QVector<double> weights;
        double totalWeight = 0;
        for (int i = 1; i <= IncidentCount; ++i) {
            PlannedIncident incident;
            incident.id = i;
            incident.detectedMs = StartMs + qint64(double(i - 1) / IncidentCount * double(SpanMs)) + pick(3600000);
            incident.endMs
                = incident.detectedMs + std::clamp<qint64>(qint64(duration(m_random)), 1200000, 4 * 86400000LL);
            incident.service = pick(std::size(Services));
            incident.region = pick(std::size(Regions));
            incident.alert = pick(std::size(Alerts));
            if (i == LargeIncidentId)
                incident.endMs = incident.detectedMs + 3 * 86400000LL;
            m_incidents.append(incident);
            weights.append(i == LargeIncidentId ? 0 : size(m_random));
            totalWeight += weights.last();
        }
        const int spread = EventCount - UnassignedCount - LargeIncidentEvents - IncidentCount;
        int assigned = 0;
        for (int i = 0; i < IncidentCount; ++i) {
            m_incidents[i].events = 1
                + (m_incidents[i].id == LargeIncidentId ? LargeIncidentEvents - 1
                                                        : int(weights[i] / totalWeight * spread));
            assigned += m_incidents[i].events;
        }
        m_incidents[0].events += EventCount - UnassignedCount - assigned; // rounding remainder
    }

    quint8 severityOf(const char* kind)
    {
        const QByteArray k(kind);
        const double x = uniform();
        if (k == "alert.firing")
            return x < 0.55 ? 1 : x < 0.9 ? 3 : 2;
        if (k == "metric.breach" || k == "incident.opened")
            return x < 0.65 ? 1 : 3;
        if (k.endsWith(".failed") || k == "gate.blocked" || k == "approval.denied")
            return x < 0.8 ? 2 : 3;
        if (k == "approval.requested" || k == "approval.expired" || k == "chaos.injected")
            return 1;
        return 0;
    }

    void planRows()
    {
        m_rows.reserve(EventCount);
        for (const PlannedIncident& incident : std::as_const(m_incidents)) {
            m_rows.push_back(Row {
                incident.detectedMs, qint32(incident.id), 255, severityOf("incident.opened"), quint32(m_random()) });
            for (int e = 1; e < incident.events; ++e) {
                const int kind = pickWeighted(IncidentKinds);
                const qint64 time
                    = incident.detectedMs + 1 + qint64(uniform() * double(incident.endMs - incident.detectedMs));
                m_rows.push_back(Row { time, qint32(incident.id), quint8(kind), severityOf(IncidentKinds[kind].kind),
                    quint32(m_random()) });
            }
        }
        for (int e = 0; e < UnassignedCount; ++e) {
            const int kind = pickWeighted(UnassignedKinds);
            m_rows.push_back(Row { StartMs + qint64(uniform() * double(SpanMs)), 0, quint8(100 + kind),
                severityOf(UnassignedKinds[kind].kind), quint32(m_random()) });
        }
        std::stable_sort(m_rows.begin(), m_rows.end(), [](const Row& a, const Row& b) { return a.timeMs < b.timeMs; });
    }

    void insertAll()
    {
        sqlite3* db = sqlOpenStore(m_path);
        sqlExec(db, "PRAGMA synchronous = OFF"); // building only; the benchmark reads with the store's settings
        sqlExec(db, "PRAGMA cache_size = -262144");
        const QByteArrayList indexes = sqlSchema(db, "index");
        const QByteArrayList triggers = sqlSchema(db, "trigger");
        const QByteArrayList before = sqlSchema(db, "table") + indexes + triggers;
        sqlExec(db, "BEGIN");
        for (const QByteArray& sql : indexes)
            sqlExec(db, QByteArray("DROP INDEX " + sql.split(' ').at(2)).constData());
        for (const QByteArray& sql : triggers)
            sqlExec(db, QByteArray("DROP TRIGGER " + sql.split(' ').at(2)).constData());

        sqlite3_stmt* incident = sqlPrepare(db,
            "INSERT INTO incidents(id, title, severity, status, commander, group_key, group_labels, detected_ms,"
            " acknowledged_ms, mitigated_ms, resolved_ms, updated_ms, alert_count, firing_count)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        for (const PlannedIncident& plan : std::as_const(m_incidents)) {
            const bool open = plan.id > IncidentCount - 15;
            const std::string title = format(Alerts[plan.alert].summary, instance(plan, 0).c_str());
            const std::string key = format("region=%s,service=%s", Regions[plan.region], Services[plan.service]);
            const std::string labels
                = format("{\"region\":\"%s\",\"service\":\"%s\"}", Regions[plan.region], Services[plan.service]);
            const qint64 values[]
                = { plan.id, 0, plan.alert % 3 + 2, 0, 0, 0, 0, plan.detectedMs, plan.detectedMs + 240000,
                      plan.detectedMs + 1500000, open ? 0 : plan.endMs, plan.endMs, plan.events / 3, open ? 2 : 0 };
            for (int c = 0; c < 14; ++c)
                sqlite3_bind_int64(incident, c + 1, values[c]);
            sqlite3_bind_text(incident, 2, title.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(incident, 4, open ? "open" : "resolved", -1, SQLITE_STATIC);
            sqlite3_bind_text(incident, 5, People[plan.id % 6], -1, SQLITE_STATIC);
            sqlite3_bind_text(incident, 6, key.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(incident, 7, labels.c_str(), -1, SQLITE_TRANSIENT);
            sqlStepInsert(db, incident);
        }
        sqlite3_finalize(incident);

        sqlite3_stmt* event = sqlPrepare(db,
            "INSERT INTO events(incident_id, time_ms, source, kind, severity, title, body, actor)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        std::string title;
        std::string body;
        for (const Row& row : m_rows) {
            const char* source = nullptr;
            const char* actor = nullptr;
            const char* kind = describe(row, &source, &actor, &title, &body);
            sqlite3_bind_int64(event, 1, row.incident);
            sqlite3_bind_int64(event, 2, row.timeMs);
            sqlite3_bind_text(event, 3, source, -1, SQLITE_STATIC);
            sqlite3_bind_text(event, 4, kind, -1, SQLITE_STATIC);
            sqlite3_bind_int(event, 5, row.severity);
            sqlite3_bind_text(event, 6, title.data(), int(title.size()), SQLITE_STATIC);
            sqlite3_bind_text(event, 7, body.data(), int(body.size()), SQLITE_STATIC);
            sqlite3_bind_text(event, 8, actor, -1, SQLITE_STATIC);
            sqlStepInsert(db, event);
        }
        sqlite3_finalize(event);
        for (const QByteArray& sql : indexes)
            sqlExec(db, sql.constData());
        // The writer's own indexing statement over the whole range, as it would run it in chunks.
        sqlite3_stmt* index = sqlPrepare(db, SearchIndexer::indexRangeSql().toUtf8());
        sqlite3_bind_int64(index, 1, 0);
        sqlite3_bind_int64(index, 2, std::numeric_limits<qint64>::max());
        sqlStepInsert(db, index);
        sqlite3_finalize(index);
        sqlExec(db, "UPDATE search_progress SET indexed_upto = (SELECT max(id) FROM events)");
        // With its triggers dropped, the search's time-block table must be filled the way the v2
        // migration fills it, or every search would walk all of its matches.
        sqlExec(db, "DELETE FROM event_time_blocks");
        sqlExec(db,
            "INSERT INTO event_time_blocks(block, max_time_ms) SELECT block, max(block_max) OVER (ORDER BY block)"
            " FROM (SELECT id >> 10 AS block, max(time_ms) AS block_max FROM events GROUP BY id >> 10)");
        for (const QByteArray& sql : triggers)
            sqlExec(db, sql.constData());
        sqlExec(db, "COMMIT");
        if (sqlSchema(db, "table") + sqlSchema(db, "index") + sqlSchema(db, "trigger") != before)
            fail(QStringLiteral("the built store's schema differs from the one Database::open created"));
        sqlExec(db, "PRAGMA wal_checkpoint(TRUNCATE)");
        sqlite3_close(db);
        m_rows.clear();
        m_rows.shrink_to_fit();
    }

    std::string instance(const PlannedIncident& plan, quint32 seed) const
    {
        return format("%s-%s-%u", Services[plan.service], Regions[plan.region], seed % 24);
    }

    // Title and body for one row, in the shapes the correlator, engine and operators write.
    const char* describe(const Row& row, const char** source, const char** actor, std::string* title, std::string* body)
    {
        const quint32 s = row.seed;
        if (row.kind >= 100 && row.kind != 255) {
            const char* kind = UnassignedKinds[row.kind - 100].kind;
            const char* service = Services[s % 12];
            const char* region = Regions[(s >> 4) % 6];
            *source = (s >> 8) % 3 == 0 ? "sandbox" : "cloudevents";
            *actor = People[(s >> 12) % 6];
            const QByteArray k(kind);
            if (k == "change.deploy")
                *title = format(
                    "Deploy %s v%u.%u.%u to %s", service, (s >> 16) % 4 + 1, (s >> 18) % 30, (s >> 23) % 12, region);
            else if (k == "change.cron")
                *title = format("Cron job nightly-%s-batch ran on %s-%s-%u", service, service, region, (s >> 16) % 24);
            else if (k == "note")
                *title = format("Note: %s %s %s %s", NoteWords[s % 29], NoteWords[(s >> 5) % 29],
                    NoteWords[(s >> 10) % 29], NoteWords[(s >> 15) % 29]);
            else
                *title = format("Chaos: %s %s in %s", Faults[(s >> 16) % 5],
                    k == "chaos.injected" ? "injected" : "cleared", region);
            *body = format("{\"service\":\"%s\",\"region\":\"%s\",\"by\":\"%s\",\"change\":\"CHG-%u\"}", service,
                region, *actor, s % 100000);
            return kind;
        }
        const PlannedIncident& plan = m_incidents.at(row.incident - 1);
        const AlertKind& alert = Alerts[(plan.alert + (s % 7 == 0 ? s >> 3 : 0)) % std::size(Alerts)];
        const std::string host = instance(plan, s >> 5);
        const std::string summary = format(alert.summary, host.c_str());
        const char* playbook = Playbooks[(plan.alert + plan.id) % 7];
        *source = (s >> 11) % 5 < 3 ? "alertmanager" : "sandbox";
        *actor = *source;
        if (row.kind == 255) {
            *title = format("Incident #%lld opened: %s", plan.id, summary.c_str());
            *body
                = format("{\"groupKey\":\"region=%s,service=%s\",\"severity\":\"SEV%d\",\"fingerprint\":\"%08x%08x\"}",
                    Regions[plan.region], Services[plan.service], plan.alert % 3 + 2, s, s * 2654435761u);
            *actor = "correlator";
            return "incident.opened";
        }
        const char* kind = IncidentKinds[row.kind].kind;
        const QByteArray k(kind);
        const char* person = People[(s >> 14) % 6];
        if (k.startsWith("alert.")) {
            const bool firing = k == "alert.firing";
            *title = firing ? format("%s firing: %s", alert.name, summary.c_str()) : format("%s resolved", alert.name);
            *body = format(
                "{\"annotations\":{\"description\":\"%s in %s crossed its threshold; value %u.\",\"summary\":\"%s\"},"
                "\"endsAt\":%lld,\"fingerprint\":\"%08x%08x\",\"generatorURL\":\"http://prometheus.%s:9090/"
                "graph?g0.expr=%s\","
                "\"labels\":{\"alertname\":\"%s\",\"instance\":\"%s:9100\",\"region\":\"%s\",\"service\":\"%s\"},"
                "\"startsAt\":%lld,\"status\":\"%s\"}",
                alert.metric, host.c_str(), s % 1000, summary.c_str(), firing ? 0LL : row.timeMs, s, s * 2654435761u,
                Regions[plan.region], alert.metric, alert.name, host.c_str(), Regions[plan.region],
                Services[plan.service], row.timeMs - (firing ? 0 : 600000), firing ? "firing" : "resolved");
            return kind;
        }
        *body = format("{\"incident\":%lld,\"playbook\":\"%s\",\"target\":\"%s\",\"run\":\"run-%u\"}", plan.id,
            playbook, host.c_str(), s % 50000);
        if (k == "metric.breach") {
            *source = "prometheus";
            *title = format("%s above threshold on %s", alert.metric, host.c_str());
        } else if (k.startsWith("approval.") || k == "note") {
            *source = "operator";
            *actor = person;
            *title = k == "note"
                ? format("Note by %s: %s %s %s %s %s", person, NoteWords[s % 29], NoteWords[(s >> 5) % 29],
                    NoteWords[(s >> 10) % 29], NoteWords[(s >> 15) % 29], NoteWords[(s >> 20) % 29])
                : format("Approval of %s %s by %s", playbook, kind + 9, person);
        } else if (k.startsWith("chaos.")) {
            *source = "sandbox";
            *title = format("Chaos: %s %s in %s", Faults[s % 5], kind + 6, Regions[plan.region]);
        } else {
            *source = "engine";
            *actor = "engine";
            if (k.startsWith("gate."))
                *title = format("Gate %s %s for %s", Gates[s % 6], kind + 5, playbook);
            else if (k.startsWith("step."))
                *title = format("Step '%s' %s on %s", Steps[s % 9], kind + 5, host.c_str());
            else if (k.startsWith("verify."))
                *title = format("Verification '%s' %s", Checks[s % 6], kind + 7);
            else if (k.startsWith("rollback."))
                *title = format("Rollback of %s %s", playbook, kind + 9);
            else if (k.startsWith("suppression."))
                *title = format("Silence for %s on %s %s", alert.name, host.c_str(), kind + 12);
            else if (k == "incident.status")
                *title = format("Incident #%lld %s", plan.id, s % 2 ? "acknowledged" : "mitigated");
            else if (k == "action.executed")
                *title = format("%s executed on %s", playbook, host.c_str());
            else
                *title = format("Run of %s proposed for %s", playbook, host.c_str());
        }
        return kind;
    }

    QString m_path;
    std::mt19937_64 m_random { 20240101 };
    QVector<PlannedIncident> m_incidents;
    std::vector<Row> m_rows;
};

} // namespace

namespace {

struct Case {
    const char* name;
    const char* what;
    double targetMs; // checked against p95
    bool expectFull; // the store holds more than a page of matches
    EventQuery query;
};

bool contains(const Event& e, const QString& word)
{
    return e.title.contains(word, Qt::CaseInsensitive) || QString::fromUtf8(e.body).contains(word, Qt::CaseInsensitive);
}

// Whether a returned row meets the query, checked independently of the SQL (search words are
// checked as plain case-insensitive substrings of the title or body).
bool satisfies(const EventQuery& q, const Event& e)
{
    const bool incident = q.incidentId == 0 || e.incidentId == q.incidentId
        || (q.contextFromMs > 0 && e.incidentId == 0 && e.timeMs >= q.contextFromMs);
    const bool keyset
        = (q.beforeTimeMs == 0 && q.beforeId == 0) || std::pair(e.timeMs, e.id) < std::pair(q.beforeTimeMs, q.beforeId);
    bool text = true;
    for (QString word : q.text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        while (word.endsWith(QLatin1Char('*')))
            word.chop(1);
        text = text && contains(e, word);
    }
    return incident && keyset && text && (q.kinds.isEmpty() || q.kinds.contains(e.kind))
        && (q.severities.isEmpty() || q.severities.contains(e.severity))
        && (q.sources.isEmpty() || q.sources.contains(e.source));
}

// Runs one case through StoreQueries: plan once, then `repeats` timed calls.
void measure(QSqlDatabase& db, const Case& c, int repeats, QVector<bool>* results)
{
    const QString name = QString::fromLatin1(c.name);
    const QString what = QString::fromUtf8(c.what);
    sqlite3* handle = sqlHandle(db);
    QByteArray sql;
    sqlite3_trace_v2(handle, SQLITE_TRACE_STMT, captureExpandedSql, &sql);
    bool more = false;
    QString error;
    QElapsedTimer timer;
    timer.start();
    const QVector<Event> first = StoreQueries::events(db, c.query, &more, &error);
    const double firstMs = double(timer.nsecsElapsed()) / 1e6;
    sqlite3_trace_v2(handle, 0, nullptr, nullptr);
    if (!error.isEmpty())
        fail(QStringLiteral("%1: %2").arg(name, error));
    if (c.expectFull && (first.size() != c.query.limit || !more))
        fail(QStringLiteral("%1: expected a full page with more behind it, got %2 rows (more=%3)")
                 .arg(name)
                 .arg(first.size())
                 .arg(more));
    for (qsizetype i = 0; i < first.size(); ++i) {
        const Event& e = first.at(i);
        const bool ordered
            = i == 0 || std::make_pair(first.at(i - 1).timeMs, first.at(i - 1).id) > std::make_pair(e.timeMs, e.id);
        if (!ordered || !satisfies(c.query, e))
            fail(QStringLiteral("%1: row %2 (id %3, %4, \"%5\") is out of order or does not match the filter")
                     .arg(name)
                     .arg(i)
                     .arg(e.id)
                     .arg(e.kind, e.title));
    }

    QString matches;
    if (!c.query.text.isEmpty()) {
        sqlite3_stmt* count = sqlPrepare(handle, "SELECT count(*) FROM events_search WHERE events_search MATCH ?");
        const QByteArray match = FtsQuery::matchExpression(c.query.text).toUtf8();
        sqlite3_bind_text(count, 1, match.constData(), int(match.size()), SQLITE_TRANSIENT);
        if (sqlite3_step(count) == SQLITE_ROW)
            matches = QStringLiteral(", %1 events match the search").arg(sqlite3_column_int64(count, 0));
        sqlite3_finalize(count);
    }
    say(QString());
    say(QStringLiteral("%1 — %2: %3 rows%4%5")
            .arg(name, what)
            .arg(first.size())
            .arg(more ? QStringLiteral(" (more)") : QString(), matches));
    say(QStringLiteral("  SQL: %1").arg(QString::fromUtf8(sql)));
    for (const QString& line : queryPlan(handle, sql))
        say(QStringLiteral("  plan %1").arg(line));

    QVector<double> samples;
    for (int i = 0; i < repeats; ++i) {
        timer.restart();
        const QVector<Event> page = StoreQueries::events(db, c.query, &more, &error);
        samples.append(double(timer.nsecsElapsed()) / 1e6);
        if (page.size() != first.size())
            fail(QStringLiteral("%1: repeat %2 returned %3 rows, first run %4")
                     .arg(name)
                     .arg(i)
                     .arg(page.size())
                     .arg(first.size()));
    }
    const Stats s = statsOf(samples);
    say(QStringLiteral("  %1; first run %2 ms").arg(describe(s), number(firstMs)));
    results->append(figure(QStringLiteral("store_") + name + QStringLiteral("_p95_ms"), s.p95,
        QStringLiteral("median_ms=%1 max_ms=%2 first_ms=%3 n=%4")
            .arg(number(s.median), number(s.max), number(firstMs))
            .arg(s.count),
        true, c.targetMs));
}

// The GUI's path: a queued call into the StoreReader's thread, answered by a queued signal.
void measureReader(const QString& path, const QVector<Case>& cases, int repeats, QVector<bool>* results)
{
    QThread thread;
    thread.setObjectName(QStringLiteral("store-reader"));
    auto* reader = new StoreReader(path);
    reader->moveToThread(&thread);
    QObject::connect(&thread, &QThread::finished, reader, &QObject::deleteLater);
    thread.start();

    QObject receiver; // lives on this (the "GUI") thread
    QEventLoop loop;
    StoreOpenResult opened;
    quint64 answered = 0;
    qsizetype rows = 0;
    QString failure;
    QObject::connect(reader, &StoreReader::opened, &receiver, [&](const StoreOpenResult& result) {
        opened = result;
        loop.quit();
    });
    QObject::connect(
        reader, &StoreReader::eventsFetched, &receiver, [&](quint64 id, const QVector<Event>& events, bool) {
            answered = id;
            rows = events.size();
            loop.quit();
        });
    QObject::connect(reader, &StoreReader::failed, &receiver, [&](quint64, const QString& error) {
        failure = error;
        loop.quit();
    });

    QElapsedTimer timer;
    timer.start();
    QMetaObject::invokeMethod(reader, &StoreReader::open, Qt::QueuedConnection);
    loop.exec();
    const double openMs = double(timer.nsecsElapsed()) / 1e6;
    if (!opened.ok)
        fail(QStringLiteral("StoreReader could not open the store: %1").arg(opened.problem));
    say(QString());
    say(QStringLiteral("StoreReader::open (Database::open read-only, including PRAGMA integrity_check): %1 ms")
            .arg(number(openMs, 1)));
    figure(QStringLiteral("store_reader_open_ms"), openMs);

    quint64 requestId = 0;
    for (const Case& c : cases) {
        const QString name = QString::fromLatin1(c.name);
        const EventQuery& query = c.query;
        QVector<double> samples;
        int runs = repeats;
        for (int i = -1; i < runs; ++i) { // run -1 only sizes the number of runs
            const quint64 id = ++requestId;
            timer.restart();
            QMetaObject::invokeMethod(
                reader, [reader, id, q = query] { reader->fetchEvents(id, q); }, Qt::QueuedConnection);
            loop.exec();
            const double ms = double(timer.nsecsElapsed()) / 1e6;
            if (i < 0)
                runs = ms > 200 ? 5 : ms > 20 ? 20 : repeats;
            else
                samples.append(ms);
            if (!failure.isEmpty())
                fail(QStringLiteral("StoreReader: %1").arg(failure));
            if (answered != id || rows != query.limit)
                fail(QStringLiteral("StoreReader answered request %1 with %2 rows, expected request %3 with %4")
                         .arg(answered)
                         .arg(rows)
                         .arg(id)
                         .arg(query.limit));
        }
        const Stats s = statsOf(samples);
        say(QStringLiteral("StoreReader round trip, %1: %2").arg(name, describe(s)));
        results->append(figure(QStringLiteral("store_reader_") + name + QStringLiteral("_p95_ms"), s.p95,
            QStringLiteral("median_ms=%1 max_ms=%2 n=%3").arg(number(s.median), number(s.max)).arg(s.count), true,
            c.targetMs));
    }
    thread.quit();
    thread.wait();
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    registerMetaTypes();
    // `--store PATH` keeps the built store there and reuses it on the next run (for working on
    // queries); without it the store lives in a temporary directory, as in CI.
    const QStringList arguments = app.arguments();
    const qsizetype storeArgument = arguments.indexOf(QStringLiteral("--store"));
    QTemporaryDir dir;
    if (!dir.isValid())
        fail(QStringLiteral("no temporary directory"));
    const QString path = storeArgument > 0 && storeArgument + 1 < arguments.size()
        ? arguments.at(storeArgument + 1)
        : dir.filePath(QStringLiteral("store.db"));
    bool reuse = false;
    if (QFileInfo::exists(path)) {
        sqlite3* existing = sqlOpenStore(path);
        reuse = sqlInteger(existing, "PRAGMA user_version") == Database::SchemaVersion
            && sqlInteger(existing, "SELECT count(*) FROM events") == EventCount;
        sqlite3_close(existing);
        for (const QString& suffix : { QString(), QStringLiteral("-wal"), QStringLiteral("-shm") }) {
            if (!reuse)
                QFile::remove(path + suffix);
        }
    }

    QElapsedTimer timer;
    timer.start();
    StoreBuilder builder(path);
    builder.build(!reuse);
    const double buildSeconds = double(timer.nsecsElapsed()) / 1e9;
    const PlannedIncident large = builder.incidents().at(LargeIncidentId - 1);
    const PlannedIncident typical = builder.incidents().at(IncidentCount / 2);
    say(QStringLiteral("SQLite %1").arg(QString::fromLatin1(sqlite3_libversion())));
    say(QStringLiteral("bench_store: %1 events in %2 incidents (+%3 unassigned) at %4, %5 MB")
            .arg(EventCount)
            .arg(IncidentCount)
            .arg(UnassignedCount)
            .arg(path, number(double(QFileInfo(path).size()) / 1e6, 0)));
    if (reuse) {
        say(QStringLiteral("  reused the store an earlier run built"));
    } else {
        figure(QStringLiteral("store_build_s"), buildSeconds);
        // The writer opens and closes it once, as the console would have (integrity check, PRAGMA optimize).
        timer.restart();
        StoreWriter writer(path);
        StoreOpenResult opened;
        QObject::connect(&writer, &StoreWriter::opened, [&opened](const StoreOpenResult& result) { opened = result; });
        writer.open();
        if (!opened.ok || opened.readOnly || !opened.problem.isEmpty())
            fail(QStringLiteral("StoreWriter could not open the built store: %1").arg(opened.problem));
        writer.close();
        figure(QStringLiteral("store_writer_open_close_ms"), double(timer.nsecsElapsed()) / 1e6);
    }

    const QString connection = QStringLiteral("bench-read");
    const StoreOpenResult opened = Database::open(connection, path, Database::Mode::ReadOnly);
    if (!opened.ok)
        fail(QStringLiteral("cannot open the store read-only: %1").arg(opened.problem));
    QSqlDatabase db = Database::connection(connection);
    sqlite3* handle = sqlHandle(db);
    const qint64 stored = sqlInteger(handle, "SELECT count(*) FROM events");
    if (stored != EventCount)
        fail(QStringLiteral("the built store holds %1 events, expected %2").arg(stored).arg(EventCount));
    say(QStringLiteral("large incident #%1: %2 events; typical incident #%3: %4 events")
            .arg(large.id)
            .arg(sqlInteger(
                handle, QByteArray("SELECT count(*) FROM events WHERE incident_id = ") + QByteArray::number(large.id)))
            .arg(typical.id)
            .arg(sqlInteger(handle,
                QByteArray("SELECT count(*) FROM events WHERE incident_id = ") + QByteArray::number(typical.id))));

    // Keyset positions: the (time, id) of the 500,000th newest event, and of the 20,000th alert.firing.
    const auto position = [handle](const QByteArray& where, int offset) {
        sqlite3_stmt* q = sqlPrepare(handle,
            "SELECT time_ms, id FROM events" + where + " ORDER BY time_ms DESC, id DESC LIMIT 1 OFFSET "
                + QByteArray::number(offset));
        if (sqlite3_step(q) != SQLITE_ROW)
            fail(QStringLiteral("no keyset position at offset %1").arg(offset));
        const std::pair<qint64, qint64> result { sqlite3_column_int64(q, 0), sqlite3_column_int64(q, 1) };
        sqlite3_finalize(q);
        return result;
    };
    const auto deep = position({}, 500000);
    const auto deepFiring = position(" WHERE kind = 'alert.firing'", 20000);

    // Every case is checked row by row against its own query (see satisfies()).
    const auto page = [](EventQuery query) {
        query.limit = PageSize;
        return query;
    };
    const QStringList firing { QStringLiteral("alert.firing") };
    const QVector<Severity> critical { Severity::Critical };
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored                                                                                         \
    "-Wmissing-field-initializers" // GCC 12 flags defaulted members of designated initializers
    const QVector<Case> cases {
        { "first_page_all", "first page, all incidents, newest first", FirstRowsTargetMs, true, page({}) },
        { "first_page_large_incident", "first page of the large incident", FirstRowsTargetMs, true,
            page({ .incidentId = large.id }) },
        { "first_page_large_incident_context", "large incident plus unassigned events (deploys, cron) since 1 h before",
            FirstRowsTargetMs, true, page({ .incidentId = large.id, .contextFromMs = large.detectedMs - 3600000 }) },
        { "first_page_typical_incident", "first page of a typical incident", FirstRowsTargetMs, false,
            page({ .incidentId = typical.id }) },
        { "filter_kind", "kind = alert.firing", FilterTargetMs, true, page({ .kinds = firing }) },
        { "filter_kind_rare", "kind = rollback.failed (rare)", FilterTargetMs, true,
            page({ .kinds = { QStringLiteral("rollback.failed") } }) },
        { "filter_kinds_failures", "kind in step.failed, verify.failed, rollback.failed", FilterTargetMs, true,
            page({ .kinds = { QStringLiteral("step.failed"), QStringLiteral("verify.failed"),
                       QStringLiteral("rollback.failed") } }) },
        { "filter_severity", "severity = critical", FilterTargetMs, true, page({ .severities = critical }) },
        { "filter_kind_severity", "kind = alert.firing and severity = critical", FilterTargetMs, true,
            page({ .kinds = firing, .severities = critical }) },
        { "filter_kind_severity_rare", "kind = gate.blocked and severity = critical (rare combination)", FilterTargetMs,
            true, page({ .kinds = { QStringLiteral("gate.blocked") }, .severities = critical }) },
        { "filter_kind_severity_none", "kind = note and severity = critical (matches nothing)", FilterTargetMs, false,
            page({ .kinds = { QStringLiteral("note") }, .severities = critical }) },
        { "filter_source", "source = operator", FilterTargetMs, true,
            page({ .sources = { QStringLiteral("operator") } }) },
        { "filter_incident_kind", "large incident, kind = alert.firing", FilterTargetMs, true,
            page({ .incidentId = large.id, .kinds = firing }) },
        { "filter_incident_severity", "large incident, severity = critical", FilterTargetMs, true,
            page({ .incidentId = large.id, .severities = critical }) },
        { "search_common", "search \"checkout\" (common word)", SearchTargetMs, true,
            page({ .text = QStringLiteral("checkout") }) },
        { "search_frequent", "search \"replica\"", SearchTargetMs, true, page({ .text = QStringLiteral("replica") }) },
        { "search_uncommon", "search \"zanzibar\" (a word of some notes)", SearchTargetMs, true,
            page({ .text = QStringLiteral("zanzibar") }) },
        { "search_two_words", "search \"disk full\"", SearchTargetMs, true,
            page({ .text = QStringLiteral("disk full") }) },
        { "search_host", "search \"db-eu-west-7\" (one host)", SearchTargetMs, true,
            page({ .text = QStringLiteral("db-eu-west-7") }) },
        { "search_single", "search \"CHG-4242\" (one change id)", SearchTargetMs, false,
            page({ .text = QStringLiteral("CHG-4242") }) },
        { "search_prefix", "search \"repl*\" (prefix)", SearchTargetMs, true,
            page({ .text = QStringLiteral("repl*") }) },
        { "search_prefix_short", "search \"c*\" (one-letter prefix)", SearchTargetMs, true,
            page({ .text = QStringLiteral("c*") }) },
        { "search_in_incident", "large incident, search \"crash-looping\"", SearchTargetMs, true,
            page({ .incidentId = large.id, .text = QStringLiteral("crash-looping") }) },
        { "search_kind", "kind = note, search \"rollback\"", SearchTargetMs, true,
            page({ .kinds = { QStringLiteral("note") }, .text = QStringLiteral("rollback") }) },
        { "keyset_deep_page", "all incidents, the page after the 500,000th newest event", FirstRowsTargetMs, true,
            page({ .beforeTimeMs = deep.first, .beforeId = deep.second }) },
        { "keyset_deep_page_kind", "kind = alert.firing, the page after the 20,000th newest match", FilterTargetMs,
            true, page({ .kinds = firing, .beforeTimeMs = deepFiring.first, .beforeId = deepFiring.second }) },
    };
#pragma GCC diagnostic pop

    QVector<bool> results;
    QElapsedTimer queryTimer;
    queryTimer.start();
    for (const Case& c : std::as_const(cases)) {
        // Slow statements get fewer repetitions so that the benchmark stays within CI's patience.
        QElapsedTimer probe;
        probe.start();
        bool more = false;
        StoreQueries::events(db, c.query, &more, nullptr);
        const double probeMs = double(probe.nsecsElapsed()) / 1e6;
        measure(db, c, probeMs > 200 ? 5 : probeMs > 20 ? 20 : 100, &results);
    }

    // The incident list, which the console loads at start.
    QVector<double> incidentSamples;
    for (int i = 0; i < 50; ++i) {
        timer.restart();
        QString error;
        const QVector<Incident> incidents = StoreQueries::incidents(db, &error);
        incidentSamples.append(double(timer.nsecsElapsed()) / 1e6);
        if (incidents.size() != IncidentCount)
            fail(QStringLiteral("incident list: %1 rows, expected %2 (%3)")
                     .arg(incidents.size())
                     .arg(IncidentCount)
                     .arg(error));
    }
    const Stats incidentStats = statsOf(incidentSamples);
    say(QString());
    say(QStringLiteral("incident list (%1 incidents): %2").arg(IncidentCount).arg(describe(incidentStats)));
    results.append(figure(QStringLiteral("store_incident_list_p95_ms"), incidentStats.p95,
        QStringLiteral("median_ms=%1").arg(number(incidentStats.median)), true, FirstRowsTargetMs));
    db = QSqlDatabase();
    Database::close(connection);

    QVector<Case> viaReader;
    for (const Case& c : std::as_const(cases)) {
        for (const char* name : { "first_page_all", "first_page_large_incident", "filter_kind", "search_common" }) {
            if (qstrcmp(c.name, name) == 0)
                viaReader.append(c);
        }
    }
    measureReader(path, viaReader, 50, &results);

    const auto missed = std::count(results.cbegin(), results.cend(), false);
    say(QString());
    say(QStringLiteral("bench_store: %1 of %2 targets met; queries took %3 s in all")
            .arg(results.size() - missed)
            .arg(results.size())
            .arg(number(double(queryTimer.elapsed()) / 1000, 1)));
    return 0;
}
