// Benchmark: how long the GUI thread is unavailable while an event storm streams in. Target from
// the issue: 10,000 events/s for 30 s, GUI-thread stall measured by a timer probe, p99 < 16.7 ms
// (one frame at 60 Hz) and max < 50 ms.
//
// The console is the real one, built the way the app builds it (EngineHost with its store, reader
// and sandbox threads, GuiRunner with the main window shown offscreen). A producer thread queues
// batches into the store writer as the ingest pipeline would; most events belong to the incident
// selected on screen, so the live timeline inserts rows and the charts take markers, the rest to
// other incidents, and incident upserts keep the incident list changing. The probe is a precise
// timer on the GUI thread: every tick later than its interval is time the operator's input waited.
//
// Usage: bench_guistall [--seconds N] [--rate EVENTS_PER_S] [--probe-ms N]
//   diagnostics, each taking one load away: [--shown-upserts-per-s N (default 10)] [--plain-mix]
//   [--timeline-max-rows N (default TimelineModel::DefaultMaxRows)]
#include "charts/chartpanel.h"
#include "charts/metricchartview.h"
#include "commandline.h"
#include "domain/metatypes.h"
#include "enginehost.h"
#include "guirunner.h"
#include "incidents/incidentlistview.h"
#include "itemmodels/incidentlistmodel.h"
#include "itemmodels/timelinemodel.h"
#include "mainwindow/mainwindow.h"
#include "metrics/alertexpression.h"
#include "store/storewriter.h"
#include "timeline/timelineview.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineSeries>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <sqlite3.h>
#include <thread>
#include <time.h>

using namespace firebreak;

namespace {

constexpr qint64 ShownIncidentId = 1'000'000; // far above anything the sandbox numbers in 30 s
constexpr int OtherIncidentsAtStart = 4;
constexpr int SeedEvents = 50;
constexpr int BatchIntervalMs = 10;
constexpr double ShownShare = 0.7;
constexpr double P99TargetMs = 16.7;
constexpr double MaxTargetMs = 50.0;

struct StreamPlan {
    int seconds = 30;
    int ratePerSecond = 10'000;
    int shownUpsertsPerSecond = 10; // updates of the shown incident (counts, last update)
    bool plainMix = false; // only metric breaches and notes: nothing the charts mark or parse
};

// What the producer sent, read by the GUI thread after it has joined.
struct StreamCounts {
    qint64 events = 0;
    qint64 shownEvents = 0;
    qint64 incidentUpserts = 0;
    qint64 newIncidents = 0;
    qint64 batches = 0;
    qint64 lateBatches = 0; // sent more than one interval after their deadline (producer starved)
    QVector<qint64> incidentIds;
    double wallSeconds = 0;
    std::atomic<bool> finished { false };
};

// Both run the real event loop (blocking in poll like the app does), never a sleep between
// processEvents() calls, which would itself delay the probe.
bool waitUntil(const std::function<bool()>& done, int timeoutMs)
{
    if (done())
        return true;
    QElapsedTimer elapsed;
    elapsed.start();
    QEventLoop loop;
    QTimer poll;
    poll.setInterval(5);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done() || elapsed.elapsed() > timeoutMs)
            loop.quit();
    });
    poll.start();
    loop.exec();
    return done();
}

void settle(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, Qt::PreciseTimer, &loop, &QEventLoop::quit);
    loop.exec();
}

void send(StoreWriter* writer, WriteBatch batch)
{
    QMetaObject::invokeMethod(
        writer, [writer, batch = std::move(batch)] { writer->enqueue(batch); }, Qt::QueuedConnection);
}

Incident makeIncident(qint64 id, const QString& title, qint64 nowMs, int severity)
{
    Incident incident;
    incident.id = id;
    incident.title = title;
    incident.severity = severity;
    incident.groupKey = QStringLiteral("region=eu,service=bench-%1").arg(id);
    incident.groupLabels = { { QStringLiteral("service"), QStringLiteral("bench-%1").arg(id) },
        { QStringLiteral("region"), QStringLiteral("eu") } };
    incident.detectedMs = nowMs;
    incident.updatedMs = nowMs;
    incident.alertCount = 1;
    incident.firingCount = 1;
    return incident;
}

// The rules of an alert storm on the checkout path, with the sandbox's own expressions so that the
// charts of the shown incident have real series to draw.
struct StormRule {
    const char* name;
    const char* expression;
    const char* service;
};
constexpr StormRule StormRules[] = {
    { "CheckoutLatencyHigh", R"(http_request_duration_seconds_p99{service="checkout"} > 1)", "checkout" },
    { "CheckoutErrorRateHigh", R"(http_requests_error_ratio{service="checkout"} > 0.05)", "checkout" },
    { "DatabaseConnectionsHigh", R"(db_connections_active{service="db"} > 400)", "db" },
};

// Deterministic events of one storm: mostly metric breaches and alert traffic, some operator and
// automation rows, with bodies shaped like the correlator's.
class StormEvents {
public:
    StormEvents(quint32 seed, bool plain)
        : m_rng(seed)
        , m_plain(plain)
    {
    }

    // Alert events also yield the alert itself in `alerts`, as correlation does: the charts are
    // built from stored alerts, never from event bodies.
    Event next(qint64 incidentId, qint64 timeMs, QVector<Alert>* alerts)
    {
        Event event;
        event.incidentId = incidentId;
        event.timeMs = timeMs;
        int roll = int(m_rng.bounded(100));
        if (m_plain)
            roll = roll < 80 ? 0 : 80;
        const StormRule& rule = StormRules[m_rng.bounded(int(std::size(StormRules)))];
        const QString instance = QStringLiteral("%1-eu-%2").arg(QLatin1String(rule.service)).arg(m_rng.bounded(12));
        const QString name = QLatin1String(rule.name);
        if (roll < 55) {
            event.kind = QStringLiteral("metric.breach");
            event.source = QStringLiteral("prometheus");
            event.severity = Severity::Warning;
            const double value = 1 + m_rng.generateDouble() * 3;
            event.title = QStringLiteral("%1 above threshold on %2: %3").arg(name, instance).arg(value, 0, 'f', 2);
            event.body = QJsonDocument(
                QJsonObject { { QStringLiteral("instance"), instance }, { QStringLiteral("value"), value },
                    { QStringLiteral("expr"), QLatin1String(rule.expression) } })
                             .toJson(QJsonDocument::Compact);
            event.actor = QStringLiteral("rule-evaluator");
        } else if (roll < 80) {
            const bool firing = roll < 70;
            event.kind = QLatin1String(firing ? "alert.firing" : "alert.resolved");
            event.source = QStringLiteral("alertmanager");
            event.severity = firing ? Severity::Critical : Severity::Info;
            event.title = firing ? QStringLiteral("%1 firing on %2").arg(name, instance)
                                 : QStringLiteral("%1 resolved").arg(name);
            const QJsonObject labels { { QStringLiteral("alertname"), name },
                { QStringLiteral("service"), QLatin1String(rule.service) }, { QStringLiteral("instance"), instance },
                { QStringLiteral("severity"), QStringLiteral("critical") } };
            event.body = QJsonDocument(
                QJsonObject { { QStringLiteral("fingerprint"), QString::number(m_rng.generate(), 16) },
                    { QStringLiteral("status"), firing ? QStringLiteral("firing") : QStringLiteral("resolved") },
                    { QStringLiteral("labels"), labels }, { QStringLiteral("annotations"), QJsonObject {} },
                    { QStringLiteral("generatorURL"),
                        AlertExpression::toGeneratorUrl(
                            QStringLiteral("http://prometheus:9090"), QLatin1String(rule.expression)) } })
                             .toJson(QJsonDocument::Compact);
            event.actor = QStringLiteral("alertmanager");
            Alert alert;
            alert.fingerprint = QStringLiteral("%1/%2").arg(name, instance);
            alert.startsAtMs = m_firstSeen.value(alert.fingerprint, timeMs);
            m_firstSeen.insert(alert.fingerprint, alert.startsAtMs);
            alert.status = firing ? AlertStatus::Firing : AlertStatus::Resolved;
            alert.endsAtMs = firing ? 0 : timeMs;
            for (auto it = labels.begin(); it != labels.end(); ++it)
                alert.labels.insert(it.key(), it.value().toString());
            alert.source = event.source;
            alert.generatorUrl = AlertExpression::toGeneratorUrl(
                QStringLiteral("http://prometheus:9090"), QLatin1String(rule.expression));
            alert.incidentId = incidentId;
            alerts->append(alert);
        } else if (roll < 95) {
            event.kind = QStringLiteral("note");
            event.source = QStringLiteral("operator");
            event.severity = Severity::Info;
            event.title = QStringLiteral("Looking at %1 (%2)").arg(instance).arg(m_rng.bounded(100000));
            event.actor = QStringLiteral("commander");
        } else {
            event.kind = QStringLiteral("action.executed");
            event.source = QStringLiteral("sandbox");
            event.severity = Severity::Info;
            event.title = QStringLiteral("restart-pods %1").arg(instance);
            event.actor = QStringLiteral("automation");
        }
        return event;
    }

    quint32 bounded(quint32 limit) { return m_rng.bounded(limit); }
    double uniform() { return m_rng.generateDouble(); }

private:
    QRandomGenerator m_rng;
    bool m_plain = false;
    QHash<QString, qint64> m_firstSeen; // fingerprint -> startsAt, so a repeated alert is one stored alert
};

// Runs on its own thread: paces batches on absolute deadlines so the rate holds even if a sleep
// overshoots, and counts what it sent.
void produce(
    const StreamPlan& plan, StoreWriter* writer, const Clock& clock, QVector<Incident> incidents, StreamCounts* counts)
{
    using namespace std::chrono;
    StormEvents storm(77, plan.plainMix);
    const int shownEvery
        = plan.shownUpsertsPerSecond > 0 ? std::max(1, 1000 / BatchIntervalMs / plan.shownUpsertsPerSecond) : 0;
    const int perBatch = std::max(1, plan.ratePerSecond * BatchIntervalMs / 1000);
    const int batchCount = plan.seconds * 1000 / BatchIntervalMs;
    qint64 nextIncidentId = incidents.last().id + 1;
    const auto start = steady_clock::now();
    for (int k = 0; k < batchCount; ++k) {
        const auto deadline = start + milliseconds(qint64(k) * BatchIntervalMs);
        std::this_thread::sleep_until(deadline);
        if (steady_clock::now() - deadline > milliseconds(BatchIntervalMs))
            ++counts->lateBatches;
        const qint64 now = clock.nowMs();
        WriteBatch batch;
        batch.events.reserve(perBatch);
        for (int i = 0; i < perBatch; ++i) {
            const bool shown = storm.uniform() < ShownShare;
            const qint64 incident = shown
                ? ShownIncidentId
                : incidents.at(1 + qsizetype(storm.bounded(quint32(incidents.size() - 1)))).id;
            batch.events.append(storm.next(incident, now + i * 5, &batch.alerts));
            if (shown)
                ++counts->shownEvents;
        }
        counts->events += perBatch;
        // Ten times a second another incident changes (counts, last update), the shown one as often
        // as planned; once a second a new incident opens at the top of the list.
        if (k % 10 == 0) {
            Incident& other = incidents[1 + qsizetype(storm.bounded(quint32(incidents.size() - 1)))];
            other.updatedMs = now;
            ++other.alertCount;
            batch.incidents.append(other);
            ++counts->incidentUpserts;
        }
        if (shownEvery > 0 && k % shownEvery == 0) {
            Incident& shown = incidents[0];
            shown.updatedMs = now;
            shown.alertCount += 3;
            shown.firingCount = 1 + int(storm.bounded(20));
            batch.incidents.append(shown);
            ++counts->incidentUpserts;
        }
        if (k % 100 == 50) {
            Incident fresh = makeIncident(
                nextIncidentId++, QStringLiteral("Storm side effect %1").arg(k / 100), now, 2 + int(storm.bounded(3)));
            incidents.append(fresh);
            counts->incidentIds.append(fresh.id);
            batch.incidents.append(fresh);
            ++counts->incidentUpserts;
            ++counts->newIncidents;
        }
        send(writer, std::move(batch));
        ++counts->batches;
    }
    counts->wallSeconds = duration<double>(steady_clock::now() - start).count();
    counts->finished = true;
}

qint64 threadCpuNs()
{
    timespec now {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return qint64(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

// One probe tick: wall time and the GUI thread's CPU time, both in ns since the probe started.
struct Tick {
    qint64 wallNs = 0;
    qint64 cpuNs = 0;
};

// Lateness of each probe tick against its interval, in ms, and for the worst gaps how much of the
// gap the GUI thread spent on the CPU: near 100 % means it was busy, little means it was blocked or
// preempted.
struct ProbeStats {
    struct Gap {
        double atS = 0;
        double ms = 0;
        double cpuMs = 0;
    };
    QVector<double> lateMs;
    QVector<Gap> worst;
    double maxGapMs = 0;
    double cpuShare = 0; // GUI-thread CPU time over wall time for the whole run

    static ProbeStats from(const QVector<Tick>& ticks, int intervalMs)
    {
        ProbeStats stats;
        for (qsizetype i = 1; i < ticks.size(); ++i) {
            const double gap = double(ticks.at(i).wallNs - ticks.at(i - 1).wallNs) / 1e6;
            stats.maxGapMs = std::max(stats.maxGapMs, gap);
            stats.lateMs.append(std::max(0.0, gap - intervalMs));
            stats.worst.append(
                { double(ticks.at(i - 1).wallNs) / 1e9, gap, double(ticks.at(i).cpuNs - ticks.at(i - 1).cpuNs) / 1e6 });
        }
        std::sort(stats.lateMs.begin(), stats.lateMs.end());
        std::sort(stats.worst.begin(), stats.worst.end(), [](const Gap& a, const Gap& b) { return a.ms > b.ms; });
        stats.worst.resize(std::min<qsizetype>(stats.worst.size(), 5));
        if (ticks.size() > 1)
            stats.cpuShare
                = double(ticks.last().cpuNs - ticks.first().cpuNs) / double(ticks.last().wallNs - ticks.first().wallNs);
        return stats;
    }
    double rank(double fraction) const
    {
        if (lateMs.isEmpty())
            return 0;
        const auto index = qsizetype(std::ceil(fraction * double(lateMs.size()))) - 1;
        return lateMs.at(std::clamp<qsizetype>(index, 0, lateMs.size() - 1));
    }
    qsizetype countAbove(double ms) const { return lateMs.end() - std::upper_bound(lateMs.begin(), lateMs.end(), ms); }
    void print(const char* what, int expectedTicks) const
    {
        std::printf("  %-10s samples %6lld (of %d at full rate)  stall p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms"
                    "  (%lld ticks > 16.7 ms, %lld > 50 ms); GUI thread on CPU %.0f%% of the time\n",
            what, static_cast<long long>(lateMs.size()), expectedTicks, rank(0.5), rank(0.99), rank(1.0),
            static_cast<long long>(countAbove(16.7)), static_cast<long long>(countAbove(50)), cpuShare * 100);
        for (const Gap& gap : worst) {
            if (gap.ms > 16.7)
                std::printf("             gap of %7.1f ms at %5.1f s, GUI thread on CPU for %7.1f ms of it\n", gap.ms,
                    gap.atS, gap.cpuMs);
        }
    }
};

class Probe {
public:
    explicit Probe(int intervalMs)
        : m_intervalMs(intervalMs)
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(intervalMs);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            m_ticks.append({ m_clock.nsecsElapsed(), threadCpuNs() - m_cpuStartNs });
        });
    }
    void run(int ms)
    {
        start();
        settle(ms);
        stop();
    }
    void start()
    {
        m_ticks.clear();
        m_ticks.reserve(1 << 16);
        m_cpuStartNs = threadCpuNs();
        m_clock.start();
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    ProbeStats stats() const { return ProbeStats::from(m_ticks, m_intervalMs); }

private:
    int m_intervalMs;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_cpuStartNs = 0;
    QVector<Tick> m_ticks;
};

// Times every top-level event delivery on the GUI thread (wall and CPU time), per receiver and
// event type, and keeps the slowest, so that a stall can be traced to what caused it.
class TimedApplication final : public QApplication {
public:
    struct Delivery {
        QString what;
        qint64 count = 0;
        double wallMs = 0;
        double cpuMs = 0;
        double maxWallMs = 0;
        double maxCpuMs = 0;
    };
    struct Slow {
        double wallMs = 0;
        double cpuMs = 0;
        QString what;
    };

    TimedApplication(int& argc, char** argv)
        : QApplication(argc, argv)
    {
    }
    bool notify(QObject* receiver, QEvent* event) override
    {
        // notify() runs on every thread that delivers events; only the GUI thread's count here.
        if (!m_recording || m_depth > 0 || QThread::currentThread() != thread())
            return QApplication::notify(receiver, event);
        ++m_depth;
        const QString what = describe(receiver, event->type());
        QElapsedTimer timer;
        const qint64 cpuBefore = threadCpuNs();
        timer.start();
        const bool result = QApplication::notify(receiver, event);
        const double wallMs = double(timer.nsecsElapsed()) / 1e6;
        const double cpuMs = double(threadCpuNs() - cpuBefore) / 1e6;
        --m_depth;
        Delivery& d = m_deliveries[what];
        d.what = what;
        ++d.count;
        d.wallMs += wallMs;
        d.cpuMs += cpuMs;
        d.maxWallMs = std::max(d.maxWallMs, wallMs);
        d.maxCpuMs = std::max(d.maxCpuMs, cpuMs);
        if (wallMs > 16.7)
            m_slow.append({ wallMs, cpuMs, what });
        return result;
    }
    void setRecording(bool on) { m_recording = on; }
    QVector<Slow> slowest(int count) const
    {
        QVector<Slow> sorted = m_slow;
        std::sort(sorted.begin(), sorted.end(), [](const Slow& a, const Slow& b) { return a.wallMs > b.wallMs; });
        sorted.resize(std::min<qsizetype>(sorted.size(), count));
        return sorted;
    }
    qsizetype slowCount() const { return m_slow.size(); }
    // The receivers that cost the GUI thread the most CPU time, most first.
    QVector<Delivery> busiest(int count) const
    {
        QVector<Delivery> sorted(m_deliveries.cbegin(), m_deliveries.cend());
        std::sort(sorted.begin(), sorted.end(), [](const Delivery& a, const Delivery& b) { return a.cpuMs > b.cpuMs; });
        sorted.resize(std::min<qsizetype>(sorted.size(), count));
        return sorted;
    }

private:
    // The receiver's class (and its parent's: timers belong to their owner) and the event type.
    static QString describe(QObject* object, QEvent::Type type)
    {
        QString text = QLatin1String(object->metaObject()->className());
        if (QObject* parent = object->parent())
            text += QStringLiteral(" of %1").arg(QLatin1String(parent->metaObject()->className()));
        switch (type) {
        case QEvent::Timer:
            return text + QStringLiteral(": timer");
        case QEvent::MetaCall:
            return text + QStringLiteral(": queued call");
        case QEvent::UpdateRequest:
            return text + QStringLiteral(": paint (update request)");
        case QEvent::LayoutRequest:
            return text + QStringLiteral(": layout request");
        default:
            return text + QStringLiteral(": event %1").arg(int(type));
        }
    }

    int m_depth = 0;
    bool m_recording = false;
    QHash<QString, Delivery> m_deliveries;
    QVector<Slow> m_slow;
};

qint64 countRows(sqlite3* db, const char* sql, bool* ok)
{
    sqlite3_stmt* statement = nullptr;
    qint64 result = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) == SQLITE_OK && sqlite3_step(statement) == SQLITE_ROW)
        result = sqlite3_column_int64(statement, 0);
    else {
        std::fprintf(stderr, "bench_guistall: query failed: %s: %s\n", sql, sqlite3_errmsg(db));
        *ok = false;
    }
    sqlite3_finalize(statement);
    return result;
}

// The machine's 1-minute load average: these figures are wall times on a possibly shared machine.
QString loadAverage()
{
    QFile file(QStringLiteral("/proc/loadavg"));
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("unknown");
    return QString::fromLatin1(file.readAll().split(' ').value(0));
}

int intArgument(const QStringList& args, const QString& name, int fallback, int minimum = 1)
{
    const qsizetype at = args.indexOf(name);
    if (at < 0 || at + 1 >= args.size())
        return fallback;
    bool ok = false;
    const int value = args.at(at + 1).toInt(&ok);
    if (!ok || value < minimum) {
        std::fprintf(stderr, "bench_guistall: %s expects an integer >= %d, got '%s'\n", qPrintable(name), minimum,
            qPrintable(args.at(at + 1)));
        std::exit(2);
    }
    return value;
}

} // namespace

int main(int argc, char** argv)
{
    TimedApplication app(argc, argv);
    registerMetaTypes();
    // The console keeps its layout in QSettings; a benchmark must not touch the user's.
    QCoreApplication::setOrganizationName(QStringLiteral("FirebreakBench"));
    const QStringList args = QCoreApplication::arguments();
    StreamPlan plan;
    plan.seconds = intArgument(args, QStringLiteral("--seconds"), 30);
    plan.ratePerSecond = intArgument(args, QStringLiteral("--rate"), 10'000);
    const int probeMs = intArgument(args, QStringLiteral("--probe-ms"), 5);
    // Diagnostics: take one stall source away at a time.
    plan.shownUpsertsPerSecond = intArgument(args, QStringLiteral("--shown-upserts-per-s"), 10, 0);
    plan.plainMix = args.contains(QStringLiteral("--plain-mix"));
    const int timelineMaxRows = intArgument(args, QStringLiteral("--timeline-max-rows"), TimelineModel::DefaultMaxRows);
    bool functionalOk = true;
    auto fail = [&functionalOk](const QString& what) {
        std::fprintf(stderr, "bench_guistall: FAILED: %s\n", qPrintable(what));
        functionalOk = false;
    };

    QTemporaryDir dir;
    if (!dir.isValid()) {
        std::fprintf(stderr, "bench_guistall: cannot create a temporary directory\n");
        return 1;
    }
    const QString dbPath = dir.filePath(QStringLiteral("guistall.db"));
    EngineOptions options;
    options.dbPath = dbPath;
    EngineHost host(options);
    bool engineReady = false;
    QObject::connect(&host, &EngineHost::engineReady, [&engineReady] { engineReady = true; });
    const CommandLineOptions cli;
    GuiRunner gui(host, cli);
    gui.start();
    MainWindow* window = gui.window();
    StoreWriter* writer = host.writer();

    // Committed rows, counted on the writer's thread as each transaction ends.
    std::atomic<qint64> committedBench { 0 };
    std::atomic<qint64> transactions { 0 };
    QObject::connect(
        writer, &StoreWriter::committed, writer,
        [&committedBench, &transactions](const CommittedBatch& batch) {
            qint64 ours = 0;
            for (const Event& event : batch.events)
                ours += event.incidentId >= ShownIncidentId ? 1 : 0;
            committedBench += ours;
            ++transactions;
        },
        Qt::DirectConnection);
    QObject::connect(writer, &StoreWriter::failed, &app,
        [&fail](const QString& error) { fail(QStringLiteral("the store writer refused a batch: %1").arg(error)); });

    if (!QTest::qWaitForWindowExposed(window) || !waitUntil([&] { return engineReady; }, 20'000)) {
        std::fprintf(stderr, "bench_guistall: the console did not come up (window exposed, engine ready)\n");
        return 1;
    }

    // The shown incident and a few others, with some history, before the storm.
    const qint64 startMs = host.clock().nowMs();
    QVector<Incident> incidents
        = { makeIncident(ShownIncidentId, QStringLiteral("Checkout latency storm (benchmark)"), startMs - 60'000, 2) };
    for (int i = 1; i <= OtherIncidentsAtStart; ++i)
        incidents.append(
            makeIncident(ShownIncidentId + i, QStringLiteral("Other incident %1").arg(i), startMs - 120'000, 3));
    {
        WriteBatch seed;
        seed.incidents = incidents;
        StormEvents history(5, plan.plainMix);
        for (int i = 0; i < SeedEvents; ++i)
            seed.events.append(history.next(ShownIncidentId, startMs - 60'000 + i * 1000, &seed.alerts));
        send(writer, std::move(seed));
    }
    IncidentListModel& incidentModel = gui.incidents();
    TimelineModel& timeline = gui.timeline();
    timeline.setMaxRows(timelineMaxRows);
    if (!waitUntil([&] { return incidentModel.rowOfIncident(ShownIncidentId) >= 0; }, 10'000)) {
        std::fprintf(stderr, "bench_guistall: the benchmark incident never reached the incident list\n");
        return 1;
    }
    window->incidentListView()->selectIncident(ShownIncidentId);
    if (!waitUntil(
            [&] {
                return window->timelineView()->incidentId() == ShownIncidentId && timeline.hasFilter()
                    && !timeline.isLoading() && timeline.rowCount() >= SeedEvents;
            },
            10'000)) {
        std::fprintf(
            stderr, "bench_guistall: the timeline did not show the selected incident (%d rows)\n", timeline.rowCount());
        return 1;
    }
    settle(500);
    std::printf("bench_guistall: console %dx%d on %s, Qt %s, %d CPUs, load average %s; shown incident #%lld with %d "
                "timeline rows\n",
        window->width(), window->height(), qPrintable(QGuiApplication::platformName()), qVersion(),
        QThread::idealThreadCount(), qPrintable(loadAverage()), static_cast<long long>(ShownIncidentId),
        timeline.rowCount());
    std::printf("  streaming %d events/s for %d s in batches every %d ms (%.0f%% to the shown incident), probe every "
                "%d ms\n",
        plan.ratePerSecond, plan.seconds, BatchIntervalMs, ShownShare * 100, probeMs);
    std::printf("  mix: %s; shown incident upserted %d times a second; timeline keeps %d rows\n",
        plan.plainMix ? "plain (metric breaches and notes only)"
                      : "storm (breaches, alerts with bodies, notes, actions)",
        plan.shownUpsertsPerSecond, timelineMaxRows);

    // What the view sees of the storm.
    qint64 insertSignals = 0;
    qint64 rowsInserted = 0;
    qint64 removeSignals = 0;
    qint64 resets = 0;
    QObject::connect(&timeline, &QAbstractItemModel::rowsInserted, &app, [&](const QModelIndex&, int first, int last) {
        ++insertSignals;
        rowsInserted += last - first + 1;
    });
    QObject::connect(&timeline, &QAbstractItemModel::rowsRemoved, &app, [&] { ++removeSignals; });
    QObject::connect(&timeline, &QAbstractItemModel::modelReset, &app, [&] { ++resets; });
    // Pages the model asks the store for: during live work only a view scrolled to its end should.
    qint64 pageFetches = 0;
    QObject::connect(&timeline, &TimelineModel::fetchRequested, &app, [&] { ++pageFetches; });

    Probe probe(probeMs);
    probe.run(3000);
    const ProbeStats idle = probe.stats();

    StreamCounts counts;
    app.setRecording(true);
    probe.start();
    std::thread producer(produce, plan, writer, std::cref(host.clock()), incidents, &counts);
    settle(plan.seconds * 1000);
    waitUntil([&counts] { return counts.finished.load(); }, 10'000); // the producer's last batch
    probe.stop();
    app.setRecording(false);
    producer.join();
    const ProbeStats storm = probe.stats();
    const qint64 committedAtEnd = committedBench.load();

    // Let the writer drain, then stop everything (stop() commits whatever is still pending).
    const qint64 expectedBench = counts.events + SeedEvents;
    QElapsedTimer drain;
    drain.start();
    const bool drained = waitUntil([&] { return committedBench.load() >= expectedBench; }, 30'000);
    const double drainSeconds = double(drain.elapsed()) / 1000.0;
    host.stop();
    settle(300); // the last committed batches reach the models
    const int timelineRows = timeline.rowCount();
    int charts = 0;
    int chartsWithData = 0;
    for (MetricChartView* view : window->chartPanel()->chartViews()) {
        ++charts;
        chartsWithData += view->lineSeries().at(0)->count() > 0 ? 1 : 0;
    }

    // Functional checks against the store itself.
    bool queriesOk = true;
    qint64 storedBench = -1;
    qint64 storedShown = -1;
    qint64 storedIncidents = -1;
    qint64 inScope = -1;
    qint64 newestInScope = -1;
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(qPrintable(dbPath), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        storedBench = countRows(db, "SELECT COUNT(*) FROM events WHERE incident_id >= 1000000", &queriesOk);
        storedShown = countRows(db, "SELECT COUNT(*) FROM events WHERE incident_id = 1000000", &queriesOk);
        storedIncidents = countRows(db, "SELECT COUNT(*) FROM incidents WHERE id >= 1000000", &queriesOk);
        const QByteArray scope
            = QStringLiteral("FROM events WHERE incident_id = %1 OR (incident_id = 0 AND time_ms >= %2)")
                  .arg(ShownIncidentId)
                  .arg(startMs - 60'000 - TimelineView::ContextBeforeMs)
                  .toUtf8();
        const QByteArray countScope = "SELECT COUNT(*) " + scope;
        const QByteArray newestScope = "SELECT id " + scope + " ORDER BY time_ms DESC, id DESC LIMIT 1";
        inScope = countRows(db, countScope.constData(), &queriesOk);
        newestInScope = countRows(db, newestScope.constData(), &queriesOk);
    } else {
        fail(QStringLiteral("cannot open %1 to check it: %2").arg(dbPath, QString::fromUtf8(sqlite3_errmsg(db))));
    }
    sqlite3_close(db);
    if (!queriesOk)
        fail(QStringLiteral("could not count the stored rows"));
    if (!drained)
        fail(QStringLiteral("the writer had committed only %1 of %2 events 30 s after the stream ended")
                 .arg(committedBench.load())
                 .arg(expectedBench));
    if (storedBench != expectedBench)
        fail(QStringLiteral("the store holds %1 benchmark events, %2 were sent").arg(storedBench).arg(expectedBench));
    if (storedShown != counts.shownEvents + SeedEvents)
        fail(QStringLiteral("the store holds %1 events of the shown incident, %2 were sent")
                 .arg(storedShown)
                 .arg(counts.shownEvents + SeedEvents));
    const qint64 incidentsSent = 1 + OtherIncidentsAtStart + counts.newIncidents;
    if (storedIncidents != incidentsSent)
        fail(QStringLiteral("the store holds %1 benchmark incidents, %2 were sent")
                 .arg(storedIncidents)
                 .arg(incidentsSent));
    const qint64 expectedRows = std::min<qint64>(timelineMaxRows, inScope);
    if (timelineRows != expectedRows)
        fail(QStringLiteral("the timeline shows %1 rows; the store holds %2 in scope (the model keeps %3)")
                 .arg(timelineRows)
                 .arg(inScope)
                 .arg(timelineMaxRows));
    if (timelineRows > 0 && timeline.eventAt(0).id != newestInScope)
        fail(QStringLiteral("the timeline's top row is event %1, the newest in scope is %2")
                 .arg(timeline.eventAt(0).id)
                 .arg(newestInScope));
    if (resets != 0)
        fail(QStringLiteral("the timeline was reset %1 times during live work").arg(resets));
    if (window->timelineView()->incidentId() != ShownIncidentId)
        fail(QStringLiteral("the timeline moved off the selected incident"));
    if (!plan.plainMix && chartsWithData < int(std::size(StormRules)))
        fail(QStringLiteral("the shown incident's %1 alert rules gave %2 charts, %3 with data")
                 .arg(std::size(StormRules))
                 .arg(charts)
                 .arg(chartsWithData));
    for (qint64 id : counts.incidentIds) {
        if (incidentModel.rowOfIncident(id) < 0)
            fail(QStringLiteral("incident #%1 never reached the incident list").arg(id));
    }

    std::printf("\nStream: %lld events in %lld batches over %.1f s (%.0f events/s), %lld to the shown incident; "
                "%lld incident upserts (%lld new); %lld batches sent late\n",
        static_cast<long long>(counts.events), static_cast<long long>(counts.batches), counts.wallSeconds,
        double(counts.events) / counts.wallSeconds, static_cast<long long>(counts.shownEvents),
        static_cast<long long>(counts.incidentUpserts), static_cast<long long>(counts.newIncidents),
        static_cast<long long>(counts.lateBatches));
    std::printf("Store: %lld of %lld events committed when the stream ended, all %s %.1f s later; %lld transactions; "
                "stored: %lld benchmark events, %lld incidents\n",
        static_cast<long long>(committedAtEnd), static_cast<long long>(expectedBench),
        drained ? "within" : "NOT within", drainSeconds, static_cast<long long>(transactions.load()),
        static_cast<long long>(storedBench), static_cast<long long>(storedIncidents));
    std::printf("Timeline: %d rows at the end (store: %lld in scope, model keeps %d); %lld ranged inserts "
                "(%lld rows, %.1f a second), %lld trims, %lld resets, %lld older pages fetched; incident list %d "
                "rows\n",
        timelineRows, static_cast<long long>(inScope), timelineMaxRows, static_cast<long long>(insertSignals),
        static_cast<long long>(rowsInserted), double(insertSignals) / counts.wallSeconds,
        static_cast<long long>(removeSignals), static_cast<long long>(resets), static_cast<long long>(pageFetches),
        incidentModel.rowCount());
    if (rowsInserted > inScope)
        std::printf(
            "  %lld rows were inserted beyond the %lld events in scope: pages fetched only to be trimmed again\n",
            static_cast<long long>(rowsInserted - inScope), static_cast<long long>(inScope));
    std::printf("Charts: %d on the shown incident, %d with data\n", charts, chartsWithData);
    std::printf(
        "GUI-thread probe (%d ms PreciseTimer; stall = tick lateness beyond the interval); load average now %s:\n",
        probeMs, qPrintable(loadAverage()));
    idle.print("idle 3 s", 3000 / probeMs);
    storm.print("storm", int(counts.wallSeconds * 1000) / probeMs);
    std::printf(
        "  %lld event deliveries on the GUI thread took > 16.7 ms during the storm; the slowest (wall / CPU):\n",
        static_cast<long long>(app.slowCount()));
    for (const TimedApplication::Slow& slow : app.slowest(8))
        std::printf("    %7.1f / %6.1f ms  %s\n", slow.wallMs, slow.cpuMs, qPrintable(slow.what));
    std::printf(
        "  GUI-thread CPU time by receiver during the storm (count, total CPU, max wall / max CPU per delivery):\n");
    for (const TimedApplication::Delivery& d : app.busiest(10))
        std::printf("    %6lld  %8.1f ms  %6.1f / %6.1f ms  %s\n", static_cast<long long>(d.count), d.cpuMs,
            d.maxWallMs, d.maxCpuMs, qPrintable(d.what));
    std::printf("\n");

    const double p99 = storm.rank(0.99);
    const double worst = storm.rank(1.0);
    std::printf("FIGURE gui_stall_ms_p99=%.2f target<%.1f %s\n", p99, P99TargetMs, p99 < P99TargetMs ? "PASS" : "MISS");
    std::printf(
        "FIGURE gui_stall_ms_max=%.2f target<%.0f %s\n", worst, MaxTargetMs, worst < MaxTargetMs ? "PASS" : "MISS");
    return functionalOk ? 0 : 1;
}
