#include "charts/chartpanel.h"
#include "charts/metricchartview.h"
#include "domain/metatypes.h"
#include "incidents/incidentlistview.h"
#include "interfaces/clock.h"
#include "itemmodels/incidentlistmodel.h"
#include "itemmodels/timelinemodel.h"
#include "mainwindow/mainwindow.h"
#include "metrics/alertexpression.h"
#include "status/bannerbar.h"
#include "status/sourcestatusbar.h"
#include "store/writebatch.h"
#include "style/iconprovider.h"
#include "timeline/timelinefilterbar.h"
#include "timeline/timelineview.h"

#include <QApplication>
#include <QDateTimeAxis>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QLineSeries>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSplitter>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <cmath>

using namespace firebreak;

namespace {

const qint64 T0 = QDateTime(QDate(2026, 11, 21), QTime(3, 4, 5)).toMSecsSinceEpoch();
constexpr qint64 Minute = 60'000;

class ManualClock final : public Clock {
public:
    qint64 nowMs() const override { return m_now; }
    qint64 m_now = T0;
};

// The body the correlator writes for alert.firing. The GUI must never read it: the World gives its
// events broken bodies, and the decoy test gives valid bodies that name a different expression.
QByteArray alertBody(const QString& expression, const LabelSet& labels)
{
    QJsonObject labelObject;
    for (auto it = labels.cbegin(); it != labels.cend(); ++it)
        labelObject.insert(it.key(), it.value());
    QJsonObject body;
    body.insert(
        QStringLiteral("fingerprint"), QString(QStringLiteral("fp-") + labels.value(QStringLiteral("instance"))));
    body.insert(QStringLiteral("labels"), labelObject);
    body.insert(QStringLiteral("annotations"), QJsonObject());
    body.insert(QStringLiteral("generatorURL"),
        AlertExpression::toGeneratorUrl(QStringLiteral("http://prometheus:9090"), expression));
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

// Deliberately not JSON: a panel that parsed event bodies would find nothing to chart in them.
const QByteArray BrokenBody("{\"generatorURL\": \"http://prometheus:9090/graph?g0.expr=");

Alert makeAlert(qint64 incidentId, const QString& expression, const LabelSet& labels, qint64 startsAtMs)
{
    Alert a;
    a.fingerprint = QStringLiteral("fp-%1-%2")
                        .arg(labels.value(QStringLiteral("alertname")), labels.value(QStringLiteral("instance")));
    a.labels = labels;
    a.startsAtMs = startsAtMs;
    a.source = QStringLiteral("alertmanager");
    if (!expression.isEmpty())
        a.generatorUrl = AlertExpression::toGeneratorUrl(QStringLiteral("http://prometheus:9090"), expression);
    a.incidentId = incidentId;
    return a;
}

Incident incident(qint64 id, const QString& title, int severity, IncidentStatus status, qint64 detectedMs)
{
    Incident i;
    i.id = id;
    i.title = title;
    i.severity = severity;
    i.status = status;
    i.detectedMs = detectedMs;
    i.updatedMs = detectedMs;
    i.alertCount = 3;
    i.firingCount = status < IncidentStatus::Resolved ? 2 : 0;
    if (status >= IncidentStatus::Acknowledged) {
        i.acknowledgedMs = detectedMs + 2 * Minute;
        i.commander = QStringLiteral("ana");
    }
    if (status >= IncidentStatus::Resolved)
        i.resolvedMs = detectedMs + 25 * Minute;
    return i;
}

// The synthetic world the window is shown: three incidents, the newest with a realistic timeline.
struct World {
    QVector<Incident> incidents;
    QVector<Alert> alerts; // as the store holds them, decoded
    QVector<Event> events;
    qint64 nextId = 1;

    void add(qint64 incidentId, qint64 timeMs, const char* kind, Severity severity, const QString& source,
        const QString& title, const QString& actor, const QByteArray& body = {})
    {
        Event e;
        e.id = nextId++;
        e.incidentId = incidentId;
        e.timeMs = timeMs;
        e.kind = QString::fromLatin1(kind);
        e.severity = severity;
        e.source = source;
        e.title = title;
        e.actor = actor;
        e.body = body;
        events.append(e);
    }

    World()
    {
        const qint64 detected = T0 - 12 * Minute;
        incidents = { incident(1, QStringLiteral("Nightly batch slowed database writes"), 3, IncidentStatus::Resolved,
                          T0 - 5 * 60 * Minute),
            incident(2, QStringLiteral("Checkout latency and errors across eu and us"), 1, IncidentStatus::Acknowledged,
                T0 - 47 * Minute),
            incident(3, QStringLiteral("Disk almost full on db-eu-1"), 2, IncidentStatus::Open, detected) };
        const LabelSet eu1 { { QStringLiteral("alertname"), QStringLiteral("DiskSpaceHigh") },
            { QStringLiteral("instance"), QStringLiteral("db-eu-1") },
            { QStringLiteral("service"), QStringLiteral("db") },
            { QStringLiteral("severity"), QStringLiteral("critical") } };
        LabelSet us1 = eu1;
        us1.insert(QStringLiteral("instance"), QStringLiteral("db-us-1"));
        const LabelSet latency { { QStringLiteral("alertname"), QStringLiteral("DbWriteLatencyHigh") },
            { QStringLiteral("instance"), QStringLiteral("db-eu-1") } };
        const LabelSet lag { { QStringLiteral("alertname"), QStringLiteral("ReplicaLagHigh") } };
        const QString sb = QStringLiteral("sandbox");
        add(0, T0 - 40 * Minute, "change.deploy", Severity::Info, QStringLiteral("deploys"),
            QStringLiteral("web v2.14.1 rolled out in eu"), QStringLiteral("ci"));
        add(0, T0 - 33 * Minute, "change.cron", Severity::Info, sb, QStringLiteral("nightly-batch started on db-eu-1"),
            QStringLiteral("cron"));
        add(3, detected, "alert.firing", Severity::Critical, QStringLiteral("alertmanager"),
            QStringLiteral("DiskSpaceHigh on db-eu-1: disk used 91%"), QStringLiteral("alertmanager"), BrokenBody);
        add(3, detected + 1000, "incident.opened", Severity::Critical, QStringLiteral("correlator"),
            QStringLiteral("Incident opened: Disk almost full on db-eu-1"), QStringLiteral("correlator"));
        add(3, detected + 40'000, "alert.firing", Severity::Warning, QStringLiteral("alertmanager"),
            QStringLiteral("DbWriteLatencyHigh on db-eu-1: p99 0.31 s"), QStringLiteral("alertmanager"), BrokenBody);
        add(3, detected + 3 * Minute, "alert.firing", Severity::Critical, QStringLiteral("alertmanager"),
            QStringLiteral("DiskSpaceHigh on db-us-1: disk used 90.4%"), QStringLiteral("alertmanager"), BrokenBody);
        add(3, detected + 4 * Minute, "alert.firing", Severity::Warning, QStringLiteral("alertmanager"),
            QStringLiteral("ReplicaLagHigh: replica 42 s behind"), QStringLiteral("alertmanager"), BrokenBody);
        add(3, detected + 5 * Minute, "incident.status", Severity::Info, QStringLiteral("operator"),
            QStringLiteral("Acknowledged by ana"), QStringLiteral("ana"));
        add(3, detected + 6 * Minute, "note", Severity::Info, QStringLiteral("operator"),
            QStringLiteral("Logs under /var/log/postgresql grew 40 GB since the batch started"), QStringLiteral("ana"));
        add(0, detected + 7 * Minute, "chaos.injected", Severity::Warning, sb,
            QStringLiteral("Chaos: 200 ms latency injected on cache-eu"), QStringLiteral("chaos-monkey"));
        add(3, detected + 8 * Minute, "action.executed", Severity::Info, sb,
            QStringLiteral("cleanup-logs on db-eu-1: archived 38 GB"), QStringLiteral("ana"));
        add(3, detected + 10 * Minute, "alert.resolved", Severity::Info, QStringLiteral("alertmanager"),
            QStringLiteral("DbWriteLatencyHigh on db-eu-1 resolved"), QStringLiteral("alertmanager"));
        add(3, detected + 11 * Minute, "step.failed", Severity::Error, sb,
            QStringLiteral("verify: disk_used_percent still above 80 on db-us-1"), QStringLiteral("engine"));
        add(2, T0 - 47 * Minute, "alert.firing", Severity::Critical, QStringLiteral("alertmanager"),
            QStringLiteral("CheckoutLatencyHigh"), QStringLiteral("alertmanager"));

        // Newest first, as a store would not promise: the panel orders charts by when alerts fired.
        alerts = { makeAlert(3, QStringLiteral("db_replica_lag_seconds > 30"), lag, detected + 4 * Minute),
            makeAlert(3, QStringLiteral("disk_used_percent > 90"), us1, detected + 3 * Minute),
            makeAlert(3, QStringLiteral("db_write_latency_p99_seconds{instance=\"db-eu-1\"} > 0.2"), latency,
                detected + 40'000),
            makeAlert(3, QStringLiteral("disk_used_percent > 90"), eu1, detected),
            makeAlert(2, QString(), LabelSet { { QStringLiteral("alertname"), QStringLiteral("CheckoutLatencyHigh") } },
                T0 - 47 * Minute) };
    }

    QVector<Alert> alertsOf(qint64 incidentId) const
    {
        QVector<Alert> out;
        for (const Alert& a : alerts) {
            if (a.incidentId == incidentId)
                out.append(a);
        }
        return out;
    }

    QVector<Event> page(const EventQuery& q, bool* more) const
    {
        QVector<Event> sorted = events;
        std::sort(sorted.begin(), sorted.end(),
            [](const Event& a, const Event& b) { return a.timeMs != b.timeMs ? a.timeMs > b.timeMs : a.id > b.id; });
        QVector<Event> out;
        *more = false;
        for (const Event& e : sorted) {
            if (q.beforeTimeMs != 0
                && !(e.timeMs < q.beforeTimeMs || (e.timeMs == q.beforeTimeMs && e.id < q.beforeId)))
                continue;
            const bool inScope = q.incidentId == 0 || e.incidentId == q.incidentId
                || (e.incidentId == 0 && q.contextFromMs > 0 && e.timeMs >= q.contextFromMs);
            if (!inScope || (!q.kinds.isEmpty() && !q.kinds.contains(e.kind))
                || (!q.severities.isEmpty() && !q.severities.contains(e.severity))
                || (!q.sources.isEmpty() && !q.sources.contains(e.source))
                || (!q.text.isEmpty() && !e.title.contains(q.text, Qt::CaseInsensitive)))
                continue;
            if (out.size() == q.limit) {
                *more = true;
                break;
            }
            out.append(e);
        }
        return out;
    }

    static QueryResult range(const QString& query, qint64 startMs, qint64 endMs, qint64 stepMs)
    {
        QueryResult result;
        if (query.startsWith(QLatin1String("db_replica_lag_seconds"))) {
            result.error = QStringLiteral("prometheus:9090: connection refused");
            return result;
        }
        auto series = [&](const LabelSet& labels, auto value) {
            Series s;
            s.labels = labels;
            for (qint64 t = startMs; t <= endMs; t += stepMs)
                s.samples.append({ t, value(double(t - (T0 - 12 * Minute)) / Minute, t) });
            return s;
        };
        auto noise = [](qint64 t) { return std::sin(double(t) / 7919.0) * 0.6 + std::sin(double(t) / 1201.0) * 0.3; };
        if (query.startsWith(QLatin1String("disk_used_percent"))) {
            auto labels = [](const char* instance) {
                return LabelSet { { QStringLiteral("__name__"), QStringLiteral("disk_used_percent") },
                    { QStringLiteral("instance"), QString::fromLatin1(instance) } };
            };
            result.series.append(series(labels("db-eu-1"), [&](double m, qint64 t) {
                // Fills with the batch's logs, crosses 90% at detection, drops after the cleanup.
                const double fill = m < 8 ? 90 + m * 0.8 : 62;
                return std::min(97.0, fill) + noise(t);
            }));
            result.series.append(series(labels("db-us-1"),
                [&](double m, qint64 t) { return 84 + std::max(0.0, m + 6) * 0.4 + noise(t + 5000); }));
            result.series.append(series(labels("db-eu-2"), [&](double, qint64 t) { return 55 + noise(t); }));
        } else if (query.startsWith(QLatin1String("db_write_latency_p99_seconds"))) {
            result.series.append(
                series(LabelSet { { QStringLiteral("__name__"), QStringLiteral("db_write_latency_p99_seconds") },
                           { QStringLiteral("instance"), QStringLiteral("db-eu-1") } },
                    [&](double m, qint64 t) {
                        const double base = (m > -1 && m < 10) ? 0.28 : 0.06;
                        return base + std::abs(noise(t)) * 0.05;
                    }));
        }
        return result;
    }
};

// Answers every request of the window's parts from the World, asynchronously like the real store.
struct FakeBackend {
    World world;
    int rangeRequests = 0;
    int eventRequests = 0;
    int alertRequests = 0;

    void connectTo(IncidentListModel& incidents, TimelineModel& timeline, ChartPanel& charts)
    {
        QObject::connect(&incidents, &IncidentListModel::fetchRequested, &incidents, [this, &incidents](quint64 id) {
            const QVector<Incident> answer = world.incidents;
            QMetaObject::invokeMethod(
                &incidents, [&incidents, id, answer] { incidents.onIncidentsFetched(id, answer); },
                Qt::QueuedConnection);
        });
        auto answerEvents = [this](QObject* target, auto deliver) {
            return [this, target, deliver](quint64 id, const EventQuery& q) {
                ++eventRequests;
                bool more = false;
                const QVector<Event> page = world.page(q, &more);
                QMetaObject::invokeMethod(
                    target, [deliver, id, page, more] { deliver(id, page, more); }, Qt::QueuedConnection);
            };
        };
        QObject::connect(&timeline, &TimelineModel::fetchRequested, &timeline,
            answerEvents(&timeline, [&timeline](quint64 id, const QVector<Event>& page, bool more) {
                timeline.onEventsFetched(id, page, more);
            }));
        QObject::connect(&charts, &ChartPanel::eventsRequested, &charts,
            answerEvents(&charts, [&charts](quint64 id, const QVector<Event>& page, bool more) {
                charts.onEventsFetched(id, page, more);
            }));
        QObject::connect(&charts, &ChartPanel::alertsRequested, &charts, [this, &charts](quint64 id, qint64 incident) {
            ++alertRequests;
            const QVector<Alert> answer = world.alertsOf(incident);
            QMetaObject::invokeMethod(
                &charts, [&charts, id, answer] { charts.onAlertsFetched(id, answer); }, Qt::QueuedConnection);
        });
        QObject::connect(&charts, &ChartPanel::rangeRequested, &charts,
            [this, &charts](quint64 id, const QString& query, qint64 start, qint64 end, qint64 step) {
                ++rangeRequests;
                const QueryResult result = World::range(query, start, end, step);
                QMetaObject::invokeMethod(
                    &charts, [&charts, id, result] { charts.onRangeReady(id, result); }, Qt::QueuedConnection);
            });
    }
};

QString screenshotDir()
{
    const QString dir = QDir::temp().filePath(QStringLiteral("firebreak-tst_widgets"));
    QDir().mkpath(dir);
    return dir;
}

} // namespace

class TestWidgets : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { registerMetaTypes(); }

    void showsIncidentsTimelineAndCharts_data()
    {
        QTest::addColumn<bool>("dark");
        QTest::newRow("dark") << true;
        QTest::newRow("light") << false;
    }

    void showsIncidentsTimelineAndCharts()
    {
        QFETCH(bool, dark);
        const Theme theme = dark ? Theme::darkTheme() : Theme::lightTheme();
        theme.applyTo(*qApp);
        ManualClock clock;
        IncidentListModel incidents(clock);
        TimelineModel timeline;
        MainWindowDependencies deps;
        deps.incidents = &incidents;
        deps.timeline = &timeline;
        deps.clock = &clock;
        deps.theme = theme;
        MainWindow window(deps);
        FakeBackend backend;
        backend.connectTo(incidents, timeline, *window.chartPanel());
        QSignalSpy timelineRequests(&timeline, &TimelineModel::fetchRequested);
        QSignalSpy rangeRequests(window.chartPanel(), &ChartPanel::rangeRequested);

        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.showStoreStatus({ true, true, QStringLiteral("/var/lib/firebreak/firebreak.db"),
            QStringLiteral("integrity_check failed: page 1043 is never used"), 2, 0, {} });
        window.updateSourceHealth(
            { QStringLiteral("sandbox"), SourceHealth::State::Up, QStringLiteral("speed 60x"), T0 });
        window.updateSourceHealth({ QStringLiteral("prometheus"), SourceHealth::State::Degraded,
            QStringLiteral("2 of the last 10 queries timed out"), T0 - Minute });
        window.updateSourceHealth({ QStringLiteral("alertmanager-b"), SourceHealth::State::Down,
            QStringLiteral("connection refused at http://am-b:9093"), T0 - 3 * Minute });
        incidents.refresh();

        // The incident list shows every incident, newest first, and the newest is selected.
        QTreeView* list = window.incidentListView()->tree();
        QTRY_COMPARE(list->model()->rowCount(), 3);
        QCOMPARE(list->model()->index(0, IncidentListModel::TitleColumn).data().toString(),
            QStringLiteral("Disk almost full on db-eu-1"));
        QVERIFY(list->visualRect(list->model()->index(2, 0)).isValid());
        QTRY_COMPARE(window.incidentListView()->selectedIncidentId(), 3);

        // Selecting it asked for its timeline, with 30 minutes of context before detection.
        QVERIFY(!timelineRequests.isEmpty());
        const auto query = timelineRequests.last().at(1).value<EventQuery>();
        QCOMPARE(query.incidentId, 3);
        QCOMPARE(query.contextFromMs, T0 - 12 * Minute - 30 * Minute);
        QTRY_COMPARE(timeline.rowCount(), 13);
        QCOMPARE(timeline.eventAt(0).kind, QStringLiteral("step.failed"));

        // The charts: one per distinct alert expression, each asking for its selector's range.
        ChartPanel* charts = window.chartPanel();
        QTRY_COMPARE(charts->chartViews().size(), 3);
        QTRY_VERIFY(rangeRequests.size() >= 3);
        QStringList selectors;
        for (const auto& request : rangeRequests)
            selectors.append(request.at(1).toString());
        QVERIFY(selectors.contains(QStringLiteral("disk_used_percent")));
        QVERIFY(selectors.contains(QStringLiteral("db_write_latency_p99_seconds{instance=\"db-eu-1\"}")));
        QCOMPARE(rangeRequests.first().at(2).toLongLong(), T0 - 42 * Minute);
        QCOMPARE(rangeRequests.first().at(3).toLongLong(), T0);

        MetricChartView* disk = nullptr;
        MetricChartView* lag = nullptr;
        for (MetricChartView* view : charts->chartViews()) {
            if (view->toolTip().startsWith(QLatin1String("disk_used_percent")))
                disk = view;
            if (view->toolTip().startsWith(QLatin1String("db_replica_lag")))
                lag = view;
        }
        QVERIFY(disk && lag);
        // Both alerting hosts are drawn, the healthy third host of the same metric is not.
        QTRY_VERIFY(disk->lineSeries().at(0)->isVisible());
        QVERIFY(disk->lineSeries().at(1)->isVisible());
        QVERIFY(!disk->lineSeries().at(2)->isVisible());
        QCOMPARE(disk->lineSeries().at(0)->name(), QStringLiteral("instance=db-eu-1"));
        // Decimated: 42 minutes at a 1 s step is 2,521 samples; the chart gets a few per pixel column.
        const int plotWidth = int(disk->chart()->plotArea().width());
        const int drawn = int(disk->lineSeries().at(0)->count());
        QVERIFY2(drawn > 10 && drawn <= 2 * plotWidth + 4,
            qPrintable(QStringLiteral("%1 points for a %2 px plot").arg(drawn).arg(plotWidth)));
        QVERIFY(drawn < 2521);
        // The threshold as a line across the whole range.
        QVERIFY(disk->thresholdSeries()->isVisible());
        QCOMPARE(disk->thresholdSeries()->count(), 2);
        QCOMPARE(disk->thresholdSeries()->at(0).y(), 90.0);
        // One time axis for all charts.
        for (MetricChartView* view : charts->chartViews()) {
            QCOMPARE(view->timeAxis()->min(), disk->timeAxis()->min());
            QCOMPARE(view->timeAxis()->max(), disk->timeAxis()->max());
        }
        // A failed query says so on its chart.
        QTRY_VERIFY(lag->problem().contains(QLatin1String("connection refused")));
        QVERIFY(disk->problem().isEmpty());

        // Picking a timeline row marks it on every chart.
        QTreeView* rows = window.timelineView()->tree();
        const int deployRow = [&] {
            for (int r = 0; r < timeline.rowCount(); ++r) {
                if (timeline.eventAt(r).kind == QLatin1String("action.executed"))
                    return r;
            }
            return -1;
        }();
        QVERIFY(deployRow >= 0);
        rows->setCurrentIndex(timeline.index(deployRow, TimelineModel::TitleColumn));
        for (MetricChartView* view : charts->chartViews())
            QCOMPARE(view->highlightedEventId(), timeline.eventAt(deployRow).id);

        // The store warning is prominent, and every source has its indicator.
        QVERIFY(window.bannerBar()->isVisible());
        QVERIFY(window.bannerBar()->bannerText(QStringLiteral("store")).contains(QLatin1String("READ-ONLY")));
        QVERIFY(window.bannerBar()->bannerText(QStringLiteral("store")).contains(QLatin1String("page 1043")));
        QCOMPARE(window.sourceStatusBar()->sourceNames().size(), 4);
        QVERIFY(
            window.sourceStatusBar()->toolTipFor(QStringLiteral("alertmanager-b")).contains(QLatin1String("refused")));

        QTest::qWait(50);
        const QString file
            = QDir(screenshotDir()).filePath(QStringLiteral("mainwindow-%1.png").arg(dark ? "dark" : "light"));
        QVERIFY(window.grab().save(file));
        qInfo("screenshot: %s", qPrintable(file));
    }

    void filtersAndLiveUpdatesReachTheModels()
    {
        ManualClock clock;
        IncidentListModel incidents(clock);
        TimelineModel timeline;
        MainWindowDependencies deps;
        deps.incidents = &incidents;
        deps.timeline = &timeline;
        deps.clock = &clock;
        deps.theme = Theme::darkTheme();
        MainWindow window(deps);
        FakeBackend backend;
        backend.connectTo(incidents, timeline, *window.chartPanel());
        QSignalSpy timelineRequests(&timeline, &TimelineModel::fetchRequested);
        window.show();
        incidents.refresh();
        QTRY_COMPARE(timeline.rowCount(), 13);

        // Typing in the search box runs one search after the pause, not one per key.
        TimelineFilterBar* filters = window.timelineView()->filterBar();
        const qsizetype before = timelineRequests.size();
        QTest::keyClicks(filters->searchBox(), QStringLiteral("disk"));
        QCOMPARE(timelineRequests.size(), before);
        QTRY_COMPARE(timelineRequests.size(), before + 1);
        QTest::qWait(TimelineFilterBar::SearchDebounceMs + 100);
        QCOMPARE(timelineRequests.size(), before + 1);
        QCOMPARE(timelineRequests.last().at(1).value<EventQuery>().text, QStringLiteral("disk"));
        QCOMPARE(timelineRequests.last().at(1).value<EventQuery>().incidentId, 3);
        QTRY_COMPARE(timeline.rowCount(), 4);

        // Choosing a kind in the menu narrows the query at once.
        filters->searchBox()->clear();
        QAction* firing = nullptr;
        for (QAction* action : filters->kindButton()->menu()->actions()) {
            if (action->data().toString() == QLatin1String("alert.firing"))
                firing = action;
        }
        QVERIFY(firing);
        firing->trigger();
        QCOMPARE(
            timelineRequests.last().at(1).value<EventQuery>().kinds, QStringList { QStringLiteral("alert.firing") });
        QVERIFY(filters->kindButton()->text().contains(QLatin1String("alert.firing")));
        QTRY_COMPARE(timeline.rowCount(), 4);

        // Live: a new alert of the selected incident appears in the timeline; a new incident in the list.
        CommittedBatch batch;
        Event live;
        live.id = 500;
        live.incidentId = 3;
        live.timeMs = T0 + 1000;
        live.kind = QStringLiteral("alert.firing");
        live.severity = Severity::Critical;
        live.source = QStringLiteral("alertmanager");
        live.title = QStringLiteral("DiskSpaceHigh on db-eu-3");
        batch.events = { live };
        batch.incidents = { incident(4, QStringLiteral("Cache failure in us"), 2, IncidentStatus::Open, T0 + 500) };
        timeline.onCommitted(batch);
        incidents.onCommitted(batch);
        window.chartPanel()->onCommitted(batch);
        QTRY_COMPARE(timeline.rowCount(), 5);
        QCOMPARE(timeline.eventAt(0).id, 500);
        QTRY_COMPARE(incidents.rowCount(), 4);
        QCOMPARE(window.incidentListView()->selectedIncidentId(), 3); // the operator's choice stays

        // Picking another incident retargets the timeline and the charts.
        window.incidentListView()->selectIncident(2);
        QCOMPARE(timelineRequests.last().at(1).value<EventQuery>().incidentId, 2);
        QCOMPARE(window.chartPanel()->incidentId(), 2);
    }

    void timelineKeepsTheReadingPositionWhileLiveRowsArrive()
    {
        const Theme theme = Theme::darkTheme();
        const IconProvider icons(theme);
        TimelineModel model;
        TimelineView view(model, theme, icons);
        view.resize(900, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy requests(&model, &TimelineModel::fetchRequested);
        view.setIncident(incident(3, QStringLiteral("Disk almost full"), 2, IncidentStatus::Open, T0));
        QVector<Event> page;
        for (int i = 200; i >= 1; --i) {
            Event e;
            e.id = i;
            e.incidentId = 3;
            e.timeMs = T0 + i * 1000;
            e.kind = QStringLiteral("note");
            e.title = QStringLiteral("row %1").arg(i);
            page.append(e);
        }
        model.onEventsFetched(requests.last().at(0).toULongLong(), page, false);
        auto liveBatch = [](qint64 firstId, int count) {
            CommittedBatch batch;
            for (int i = 0; i < count; ++i) {
                Event e;
                e.id = firstId + i;
                e.incidentId = 3;
                e.timeMs = T0 + (firstId + i) * 1000;
                e.kind = QStringLiteral("alert.firing");
                e.title = QStringLiteral("live %1").arg(firstId + i);
                batch.events.append(e);
            }
            return batch;
        };

        // At the top, the view follows: the newest live row is visible.
        QTreeView* tree = view.tree();
        model.onCommitted(liveBatch(1000, 3));
        QTRY_COMPARE(model.rowCount(), 203);
        QCOMPARE(tree->indexAt(QPoint(1, 1)).row(), 0);
        QCOMPARE(tree->indexAt(QPoint(1, 1)).data(TimelineModel::EventIdRole).toLongLong(), 1002);

        // Scrolled down to read older rows, they stay put while live rows arrive above.
        tree->scrollTo(model.index(120, 0), QAbstractItemView::PositionAtTop);
        const qint64 reading = tree->indexAt(QPoint(1, 1)).data(TimelineModel::EventIdRole).toLongLong();
        QVERIFY(reading != 1002);
        model.onCommitted(liveBatch(2000, 25));
        QTRY_COMPARE(model.rowCount(), 228);
        QCOMPARE(tree->indexAt(QPoint(1, 1)).data(TimelineModel::EventIdRole).toLongLong(), reading);
    }

    void chartsRefreshWhileActiveAndKeepDataWhenAQueryFails()
    {
        const Theme theme = Theme::lightTheme();
        ManualClock clock;
        ChartPanel panel(clock, theme);
        panel.resize(800, 500);
        panel.show();
        World world;
        QSignalSpy alertRequests(&panel, &ChartPanel::alertsRequested);
        QSignalSpy eventRequests(&panel, &ChartPanel::eventsRequested);
        QSignalSpy ranges(&panel, &ChartPanel::rangeRequested);
        Incident open = world.incidents.at(2);
        panel.setIncident(open);
        QCOMPARE(alertRequests.size(), 1);
        QCOMPARE(alertRequests.at(0).at(1).toLongLong(), open.id);
        QCOMPARE(eventRequests.size(), 1);
        const auto query = eventRequests.at(0).at(1).value<EventQuery>();
        QCOMPARE(query.incidentId, open.id);
        QVERIFY(query.kinds.contains(QStringLiteral("alert.firing")));
        QVERIFY(query.kinds.contains(QStringLiteral("change.deploy")));
        const quint64 alertsId = alertRequests.at(0).at(0).toULongLong();
        panel.onAlertsFetched(alertsId + 7, world.alertsOf(open.id)); // not ours
        QCOMPARE(panel.chartViews().size(), 0);
        panel.onAlertsFetched(alertsId, world.alertsOf(open.id));
        QCOMPARE(panel.chartViews().size(), 3);
        // In the order the alerts fired.
        QVERIFY(panel.chartViews().at(0)->toolTip().startsWith(QLatin1String("disk_used_percent")));
        QCOMPARE(ranges.size(), 3);

        auto answerAll = [&](qsizetype from, bool fail) {
            for (qsizetype i = from; i < ranges.size(); ++i) {
                const auto& r = ranges.at(i);
                QueryResult result = World::range(
                    r.at(1).toString(), r.at(2).toLongLong(), r.at(3).toLongLong(), r.at(4).toLongLong());
                if (fail) {
                    result = QueryResult {};
                    result.error = QStringLiteral("timeout after 10s");
                }
                panel.onRangeReady(r.at(0).toULongLong(), result);
            }
        };
        answerAll(0, false);
        MetricChartView* disk = panel.chartViews().at(0);
        QVERIFY(disk->lineSeries().at(0)->count() > 0);
        QVERIFY(disk->problem().isEmpty());
        const qint64 firstGood = clock.m_now;

        // Two seconds later (and the world's clock moved on), every chart asks again up to "now".
        clock.m_now += 90'000;
        QTRY_VERIFY_WITH_TIMEOUT(ranges.size() >= 6, 3000);
        QCOMPARE(ranges.at(3).at(3).toLongLong(), clock.m_now);
        QCOMPARE(disk->timeAxis()->max().toMSecsSinceEpoch(), clock.m_now);
        // The query fails this time: the last good data stays, with a banner that says how old it is.
        const qsizetype drawn = disk->lineSeries().at(0)->count();
        answerAll(3, true);
        QVERIFY(disk->problem().contains(QLatin1String("timeout after 10s")));
        QVERIFY(
            disk->problem().contains(QDateTime::fromMSecsSinceEpoch(firstGood).toString(QStringLiteral("HH:mm:ss"))));
        QCOMPARE(disk->lineSeries().at(0)->count(), drawn);
        // A late answer to the first round is not taken for the current one.
        panel.onRangeReady(ranges.at(0).at(0).toULongLong(), QueryResult {});
        QVERIFY(disk->problem().contains(QLatin1String("timeout")));

        // Resolved: one last look, then no more polling.
        CommittedBatch batch;
        Incident resolved = open;
        resolved.transitionTo(IncidentStatus::Resolved, clock.m_now);
        batch.incidents = { resolved };
        panel.onCommitted(batch);
        const qsizetype afterResolve = ranges.size();
        QTest::qWait(ChartPanel::RefreshIntervalMs + 300);
        QCOMPARE(ranges.size(), afterResolve);
    }

    // "The GUI thread never parses payloads", made checkable: every event body the panel is given is
    // either not JSON or valid JSON naming a decoy expression. The charts must follow the alerts
    // alone (fetched and live), and markers need nothing but an event's id, kind, time and title.
    void chartsComeFromAlertsNeverFromEventBodies()
    {
        const Theme theme = Theme::darkTheme();
        ManualClock clock;
        ChartPanel panel(clock, theme);
        panel.resize(800, 900);
        panel.show();
        World world;
        const QString decoy = QStringLiteral("decoy_metric_from_a_body > 1");
        const LabelSet decoyLabels { { QStringLiteral("alertname"), QStringLiteral("DecoyFromBody") } };
        auto chartKeys = [&panel] {
            QStringList keys;
            for (MetricChartView* view : panel.chartViews())
                keys.append(view->toolTip());
            return keys;
        };
        QSignalSpy alertRequests(&panel, &ChartPanel::alertsRequested);
        QSignalSpy eventRequests(&panel, &ChartPanel::eventsRequested);
        QSignalSpy ranges(&panel, &ChartPanel::rangeRequested);
        panel.setIncident(world.incidents.at(2));
        QCOMPARE(alertRequests.size(), 1);
        QCOMPARE(eventRequests.size(), 1);

        // The marker events come first; every other alert.firing body is a decoy, the rest are broken.
        bool more = false;
        QVector<Event> markerEvents = world.page(eventRequests.at(0).at(1).value<EventQuery>(), &more);
        int firing = 0;
        for (Event& event : markerEvents) {
            if (event.kind == QLatin1String("alert.firing") && firing++ % 2 == 0)
                event.body = alertBody(decoy, decoyLabels);
        }
        QCOMPARE(firing, 4);
        panel.onEventsFetched(eventRequests.at(0).at(0).toULongLong(), markerEvents, more);
        QCOMPARE(panel.chartViews().size(), 0); // events make markers, never charts
        QCOMPARE(ranges.size(), 0);

        panel.onAlertsFetched(alertRequests.at(0).at(0).toULongLong(), world.alertsOf(3));
        const QString disk = QStringLiteral("disk_used_percent > 90");
        const QString latency = QStringLiteral("db_write_latency_p99_seconds{instance=\"db-eu-1\"} > 0.2");
        const QString lag = QStringLiteral("db_replica_lag_seconds > 30");
        QCOMPARE(chartKeys(), (QStringList { disk, latency, lag })); // in the order the alerts fired
        for (MetricChartView* view : panel.chartViews())
            QCOMPARE(view->markers().size(), markerEvents.size());
        QCOMPARE(ranges.size(), 3);
        for (const auto& r : std::as_const(ranges)) {
            panel.onRangeReady(r.at(0).toULongLong(),
                World::range(r.at(1).toString(), r.at(2).toLongLong(), r.at(3).toLongLong(), r.at(4).toLongLong()));
        }
        MetricChartView* diskView = panel.chartViews().at(0);
        auto shownHosts = [diskView] {
            QStringList names;
            for (QLineSeries* line : diskView->lineSeries()) {
                if (line->isVisible() && line->count() > 0)
                    names.append(line->name());
            }
            names.sort();
            return names;
        };
        // The healthy db-eu-2 is not shown: no alert is about it yet.
        QCOMPARE(
            shownHosts(), (QStringList { QStringLiteral("instance=db-eu-1"), QStringLiteral("instance=db-us-1") }));

        // Live: the committed batch's alerts drive the charts; its events' bodies are broken or decoys.
        const qint64 detected = world.incidents.at(2).detectedMs;
        auto liveEvent = [&](qint64 id, qint64 incidentId, const QByteArray& body) {
            Event e;
            e.id = id;
            e.incidentId = incidentId;
            e.timeMs = T0 + id;
            e.kind = QStringLiteral("alert.firing");
            e.severity = Severity::Warning;
            e.source = QStringLiteral("alertmanager");
            e.title = QStringLiteral("live %1").arg(id);
            e.body = body;
            return e;
        };
        CommittedBatch batch;
        batch.events = { liveEvent(900, 3, BrokenBody), liveEvent(901, 3, alertBody(decoy, decoyLabels)),
            liveEvent(902, 2, alertBody(decoy, decoyLabels)) };
        LabelSet eu2 = world.alertsOf(3).last().labels;
        eu2.insert(QStringLiteral("instance"), QStringLiteral("db-eu-2"));
        const QString cache = QStringLiteral("cache_hit_ratio < 0.5");
        batch.alerts = {
            makeAlert(3, disk, eu2, T0), // another host of a charted rule
            makeAlert(3, cache,
                LabelSet { { QStringLiteral("alertname"), QStringLiteral("CacheHitRatioLow") },
                    { QStringLiteral("instance"), QStringLiteral("cache-eu") } },
                detected - Minute), // fired before the others: its chart goes on top
            makeAlert(2, QStringLiteral("checkout_errors_ratio > 0.05"),
                LabelSet { { QStringLiteral("alertname"), QStringLiteral("CheckoutErrors") } }, T0), // not ours
            makeAlert(3, QString(), LabelSet { { QStringLiteral("alertname"), QStringLiteral("ManualPage") } },
                T0), // nothing to chart
        };
        const qsizetype before = ranges.size();
        panel.onCommitted(batch);
        QCOMPARE(chartKeys(), (QStringList { cache, disk, latency, lag }));
        // Live markers are redrawn at most every ChartPanel::MarkerUpdateIntervalMs.
        for (MetricChartView* view : panel.chartViews())
            QTRY_COMPARE(view->markers().size(), markerEvents.size() + 2); // 902 belongs to another incident
        // The new chart asks for its range, and the disk chart asks again because a host joined it.
        QStringList asked;
        for (qsizetype i = before; i < ranges.size(); ++i) {
            asked.append(ranges.at(i).at(1).toString());
            panel.onRangeReady(ranges.at(i).at(0).toULongLong(),
                World::range(ranges.at(i).at(1).toString(), ranges.at(i).at(2).toLongLong(),
                    ranges.at(i).at(3).toLongLong(), ranges.at(i).at(4).toLongLong()));
        }
        asked.sort();
        QCOMPARE(asked, (QStringList { QStringLiteral("cache_hit_ratio"), QStringLiteral("disk_used_percent") }));
        QCOMPARE(shownHosts(),
            (QStringList { QStringLiteral("instance=db-eu-1"), QStringLiteral("instance=db-eu-2"),
                QStringLiteral("instance=db-us-1") }));
    }

    void keepsGeometryAndSplittersInSettings()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("firebreak.ini")), QSettings::IniFormat);
        ManualClock clock;
        IncidentListModel incidents(clock);
        TimelineModel timeline;
        MainWindowDependencies deps;
        deps.incidents = &incidents;
        deps.timeline = &timeline;
        deps.clock = &clock;
        deps.settings = &settings;
        QList<int> sizes;
        {
            MainWindow window(deps);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            auto* splitter = window.findChild<QSplitter*>(QStringLiteral("mainSplitter"));
            QVERIFY(splitter);
            splitter->setSizes({ 300, 1140 });
            sizes = splitter->sizes();
            window.close();
        }
        QVERIFY(settings.contains(QStringLiteral("mainWindow/mainSplitter")));
        MainWindow again(deps);
        again.show();
        QVERIFY(QTest::qWaitForWindowExposed(&again));
        QCOMPARE(again.findChild<QSplitter*>(QStringLiteral("mainSplitter"))->sizes(), sizes);
    }
};

QTEST_MAIN(TestWidgets)
#include "tst_widgets.moc"
