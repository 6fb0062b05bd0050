#include "domain/metatypes.h"
#include "interfaces/clock.h"
#include "itemmodels/incidentlistmodel.h"
#include "itemmodels/timelinemodel.h"
#include "store/writebatch.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <algorithm>
#include <random>

using namespace firebreak;

namespace {

constexpr qint64 T0 = 1'790'000'000'000; // some time in 2026

Event makeEvent(qint64 id, qint64 timeMs, qint64 incidentId = 1, const QString& kind = QStringLiteral("alert.firing"),
    Severity severity = Severity::Warning, const QString& source = QStringLiteral("sandbox"))
{
    Event e;
    e.id = id;
    e.timeMs = timeMs;
    e.incidentId = incidentId;
    e.kind = kind;
    e.severity = severity;
    e.source = source;
    e.title = QStringLiteral("event %1").arg(id);
    e.actor = QStringLiteral("tester");
    return e;
}

CommittedBatch batchOf(const QVector<Event>& events)
{
    CommittedBatch b;
    b.events = events;
    return b;
}

QVector<qint64> idsInRows(const TimelineModel& model)
{
    QVector<qint64> ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids.append(model.index(row, 0).data(TimelineModel::EventIdRole).toLongLong());
    return ids;
}

bool sortedNewestFirst(const TimelineModel& model)
{
    for (int row = 1; row < model.rowCount(); ++row) {
        const Event& a = model.eventAt(row - 1);
        const Event& b = model.eventAt(row);
        if (a.timeMs < b.timeMs || (a.timeMs == b.timeMs && a.id < b.id))
            return false;
    }
    return true;
}

class ManualClock final : public Clock {
public:
    qint64 nowMs() const override { return m_now; }
    qint64 m_now = T0;
};

Incident makeIncident(qint64 id, qint64 detectedMs, int severity = 2)
{
    Incident i;
    i.id = id;
    i.title = QStringLiteral("incident %1").arg(id);
    i.severity = severity;
    i.detectedMs = detectedMs;
    i.updatedMs = detectedMs;
    i.alertCount = 3;
    i.firingCount = 2;
    return i;
}

// Answers the model's fetch requests from a fixed, sorted list of events, like the store would.
struct FakeStore {
    QVector<Event> events; // any order

    QVector<Event> page(const EventQuery& q, bool* more) const
    {
        QVector<Event> sorted = events;
        std::sort(sorted.begin(), sorted.end(),
            [](const Event& a, const Event& b) { return a.timeMs != b.timeMs ? a.timeMs > b.timeMs : a.id > b.id; });
        QVector<Event> out;
        for (const Event& e : sorted) {
            if (q.beforeTimeMs != 0
                && !(e.timeMs < q.beforeTimeMs || (e.timeMs == q.beforeTimeMs && e.id < q.beforeId)))
                continue;
            if (q.incidentId != 0 && e.incidentId != q.incidentId)
                continue;
            if (!q.text.isEmpty() && !e.title.contains(q.text, Qt::CaseInsensitive))
                continue;
            if (out.size() == q.limit) {
                *more = true;
                return out;
            }
            out.append(e);
        }
        *more = false;
        return out;
    }
};

} // namespace

class TestItemModels : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { registerMetaTypes(); }

    // ---- TimelineModel ----

    void timelineLoadsNewestPageFirst()
    {
        TimelineModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QSignalSpy requests(&model, &TimelineModel::fetchRequested);
        EventQuery filter;
        filter.incidentId = 7;
        filter.contextFromMs = T0 - 1'800'000;
        filter.kinds = { QStringLiteral("alert.firing") };
        model.setFilter(filter);
        QCOMPARE(requests.size(), 1);
        const auto query = requests.at(0).at(1).value<EventQuery>();
        QCOMPARE(query.incidentId, 7);
        QCOMPARE(query.contextFromMs, T0 - 1'800'000);
        QCOMPARE(query.kinds, QStringList { QStringLiteral("alert.firing") });
        QCOMPARE(query.beforeTimeMs, 0);
        QCOMPARE(query.limit, TimelineModel::DefaultPageSize);
        QVERIFY(model.isLoading());

        const quint64 id = requests.at(0).at(0).toULongLong();
        model.onEventsFetched(
            id, { makeEvent(3, T0 + 30, 7), makeEvent(2, T0 + 20, 7), makeEvent(1, T0 + 10, 7) }, false);
        QVERIFY(!model.isLoading());
        QCOMPARE(idsInRows(model), (QVector<qint64> { 3, 2, 1 }));
        QCOMPARE(model.index(0, TimelineModel::TitleColumn).data().toString(), QStringLiteral("event 3"));
        QCOMPARE(model.index(0, TimelineModel::KindColumn).data().toString(), QStringLiteral("alert.firing"));
        QCOMPARE(model.index(0, TimelineModel::SeverityColumn).data().toString(), QStringLiteral("warning"));
        QCOMPARE(model.index(0, 0).data(TimelineModel::TimeMsRole).toLongLong(), T0 + 30);
        QVERIFY(model.index(0, 0).data(TimelineModel::SeverityColorRole).value<QColor>().isValid());
        QVERIFY(!model.canFetchMore({}));
    }

    void timelinePagesOlderRowsWithKeyset()
    {
        TimelineModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        model.setPageSize(3);
        FakeStore store;
        for (int i = 1; i <= 8; ++i)
            store.events.append(makeEvent(i, T0 + (i / 2) * 1000)); // pairs share a millisecond
        QSignalSpy requests(&model, &TimelineModel::fetchRequested);
        connect(&model, &TimelineModel::fetchRequested, &model, [&](quint64 id, const EventQuery& q) {
            bool more = false;
            const auto page = store.page(q, &more);
            QMetaObject::invokeMethod(
                &model, [&model, id, page, more] { model.onEventsFetched(id, page, more); }, Qt::QueuedConnection);
        });
        model.setFilter({});
        // The tester, like a view, asks for more while the model says there is more.
        QTRY_COMPARE(model.rowCount(), 8);
        QVERIFY(!model.canFetchMore({}));
        QCOMPARE(requests.size(), 3);
        // Each older page starts right after the oldest row of the previous one, ties included.
        const auto second = requests.at(1).at(1).value<EventQuery>();
        QCOMPARE(second.beforeTimeMs, T0 + 3000);
        QCOMPARE(second.beforeId, 6);
        const auto third = requests.at(2).at(1).value<EventQuery>();
        QCOMPARE(third.beforeTimeMs, T0 + 1000);
        QCOMPARE(third.beforeId, 3);
        QCOMPARE(idsInRows(model), (QVector<qint64> { 8, 7, 6, 5, 4, 3, 2, 1 }));
    }

    void timelineDropsStaleAnswers()
    {
        TimelineModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QSignalSpy requests(&model, &TimelineModel::fetchRequested);
        EventQuery first;
        first.incidentId = 1;
        model.setFilter(first);
        EventQuery second;
        second.incidentId = 2;
        model.setFilter(second);
        QCOMPARE(requests.size(), 2);
        const quint64 oldId = requests.at(0).at(0).toULongLong();
        const quint64 newId = requests.at(1).at(0).toULongLong();
        QVERIFY(oldId != newId);

        model.onEventsFetched(oldId, { makeEvent(1, T0, 1) }, false);
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(model.isLoading());
        model.onEventsFetched(newId + 1000, { makeEvent(9, T0, 2) }, false); // someone else's
        QCOMPARE(model.rowCount(), 0);
        model.onEventsFetched(newId, { makeEvent(2, T0, 2) }, false);
        QCOMPARE(idsInRows(model), QVector<qint64> { 2 });
        model.onEventsFetched(newId, { makeEvent(5, T0, 2) }, false); // answered twice
        QCOMPARE(idsInRows(model), QVector<qint64> { 2 });
    }

    void timelineInsertsLiveEventsInOrder()
    {
        TimelineModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QSignalSpy requests(&model, &TimelineModel::fetchRequested);
        model.setFilter({});
        model.onEventsFetched(
            requests.at(0).at(0).toULongLong(), { makeEvent(2, T0 + 2), makeEvent(1, T0 + 1) }, false);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.onCommitted(batchOf({ makeEvent(3, T0 + 3), makeEvent(4, T0 + 4), makeEvent(5, T0 + 5) }));
        QCOMPARE(model.rowCount(), 2); // not yet: applied by the batching timer
        QTRY_COMPARE(model.rowCount(), 5);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(inserted.at(0).at(1).toInt(), 0);
        QCOMPARE(inserted.at(0).at(2).toInt(), 2);
        QCOMPARE(idsInRows(model), (QVector<qint64> { 5, 4, 3, 2, 1 }));
        QCOMPARE(reset.size(), 0);
    }

    void timelinePlacesOutOfOrderEventsWhereTheyBelong()
    {
        TimelineModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QSignalSpy requests(&model, &TimelineModel::fetchRequested);
        model.setFilter({});
        model.onEventsFetched(requests.at(0).at(0).toULongLong(),
            { makeEvent(100, T0 + 1000), makeEvent(50, T0 + 500), makeEvent(10, T0 + 100) }, false);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

        // Late arrivals from a second Alertmanager peer, same-millisecond ties, and duplicates.
        QVector<Event> late;
        std::mt19937 rng(42);
        for (int i = 0; i < 60; ++i)
            late.append(makeEvent(200 + i, T0 + std::uniform_int_distribution<int>(0, 1200)(rng)));
        late.append(makeEvent(201, late.at(1).timeMs)); // duplicate id
        late.append(makeEvent(300, T0 + 500)); // ties with id 50 on time
        std::shuffle(late.begin(), late.end(), rng);
        for (int i = 0; i < late.size(); i += 7)
            model.onCommitted(batchOf(late.mid(i, 7)));
        QTRY_COMPARE(model.rowCount(), 3 + 61);
        QVERIFY(sortedNewestFirst(model));
        QCOMPARE(model.rowOfEvent(300) + 1, model.rowOfEvent(50)); // same ms: higher id first
        QCOMPARE(reset.size(), 0);
    }

    void timelineAppliesTheFilterToLiveEvents()
    {
        TimelineModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QSignalSpy requests(&model, &TimelineModel::fetchRequested);
        EventQuery filter;
        filter.incidentId = 4;
        filter.contextFromMs = T0;
        filter.kinds = { QStringLiteral("alert.firing"), QStringLiteral("change.deploy") };
        filter.severities = { Severity::Warning, Severity::Critical };
        filter.sources = { QStringLiteral("sandbox") };
        model.setFilter(filter);
        model.onEventsFetched(requests.at(0).at(0).toULongLong(), {}, false);

        model.onCommitted(batchOf({
            makeEvent(1, T0 + 1, 4), // matches
            makeEvent(2, T0 + 2, 5), // other incident
            makeEvent(3, T0 + 3, 0, QStringLiteral("change.deploy")), // unassigned, in context: matches
            makeEvent(4, T0 - 1, 0, QStringLiteral("change.deploy")), // unassigned, before context
            makeEvent(5, T0 + 5, 4, QStringLiteral("note")), // kind not selected
            makeEvent(6, T0 + 6, 4, QStringLiteral("alert.firing"), Severity::Info), // severity not selected
            makeEvent(7, T0 + 7, 4, QStringLiteral("alert.firing"), Severity::Critical,
                QStringLiteral("alertmanager")), // source not selected
            makeEvent(8, T0 + 8, 4, QStringLiteral("alert.firing"), Severity::Critical), // matches
        }));
        QTRY_COMPARE(model.rowCount(), 3);
        QCOMPARE(idsInRows(model), (QVector<qint64> { 8, 3, 1 }));
        // Sources are learnt from everything in the incident's scope, for the filter bar.
        QCOMPARE(model.knownSources(), (QStringList { QStringLiteral("alertmanager"), QStringLiteral("sandbox") }));
    }

    void timelineKeepsLiveEventsBehindTheWindowForPaging()
    {
        TimelineModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        model.setPageSize(2);
        QSignalSpy requests(&model, &TimelineModel::fetchRequested);
        model.setFilter({});
        model.onEventsFetched(
            requests.at(0).at(0).toULongLong(), { makeEvent(20, T0 + 20), makeEvent(15, T0 + 15) }, true);
        // Older than the oldest loaded row while older pages exist: showing it now would leave a
        // hole (events 11..14 would be missing between it and row 15).
        model.onCommitted(batchOf({ makeEvent(12, T0 + 12), makeEvent(30, T0 + 30) }));
        QTRY_COMPARE(model.rowCount(), 3);
        QCOMPARE(idsInRows(model), (QVector<qint64> { 30, 20, 15 }));
        model.fetchMore({});
        const qsizetype asked = requests.size();
        QVERIFY(!model.canFetchMore({})); // one page at a time
        model.fetchMore({});
        QCOMPARE(requests.size(), asked);
        QCOMPARE(requests.last().at(1).value<EventQuery>().beforeId, 15);
        model.onEventsFetched(
            requests.last().at(0).toULongLong(), { makeEvent(14, T0 + 14), makeEvent(12, T0 + 12) }, false);
        QCOMPARE(idsInRows(model), (QVector<qint64> { 30, 20, 15, 14, 12 }));
        // With everything loaded, a late old event goes straight to its place.
        model.onCommitted(batchOf({ makeEvent(13, T0 + 13) }));
        QTRY_COMPARE(model.rowCount(), 6);
        QCOMPARE(idsInRows(model), (QVector<qint64> { 30, 20, 15, 14, 13, 12 }));
    }

    void timelineMergesLiveEventsThatArriveDuringTheFirstLoad()
    {
        TimelineModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QSignalSpy requests(&model, &TimelineModel::fetchRequested);
        model.setFilter({});
        model.onCommitted(batchOf({ makeEvent(5, T0 + 5), makeEvent(6, T0 + 6) }));
        QTest::qWait(100);
        QCOMPARE(model.rowCount(), 0); // waits for the first page
        // The store's answer already contains event 5 (committed before the query ran).
        model.onEventsFetched(
            requests.at(0).at(0).toULongLong(), { makeEvent(5, T0 + 5), makeEvent(4, T0 + 4) }, false);
        QTRY_COMPARE(model.rowCount(), 3);
        QCOMPARE(idsInRows(model), (QVector<qint64> { 6, 5, 4 }));
    }

    void timelineBatchesLiveInsertsAtMost30PerSecond()
    {
        TimelineModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QSignalSpy requests(&model, &TimelineModel::fetchRequested);
        model.setFilter({});
        model.onEventsFetched(requests.at(0).at(0).toULongLong(), {}, false);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);

        // A burst: 500 commits without returning to the event loop become one insert.
        for (int i = 1; i <= 500; ++i)
            model.onCommitted(batchOf({ makeEvent(i, T0 + i) }));
        QTRY_COMPARE(model.rowCount(), 500);
        QCOMPARE(inserted.size(), 1);

        // A stream: a commit every 5 ms for about 600 ms.
        inserted.clear();
        QElapsedTimer elapsed;
        elapsed.start();
        int id = 1000;
        while (elapsed.elapsed() < 600) {
            model.onCommitted(batchOf({ makeEvent(id, T0 + id) }));
            ++id;
            QTest::qWait(5);
        }
        QTRY_COMPARE(model.rowCount(), 500 + (id - 1000));
        const qint64 ms = elapsed.elapsed();
        QVERIFY2(inserted.size() <= ms / TimelineModel::ApplyIntervalMs + 2,
            qPrintable(
                QStringLiteral("%1 inserts for %2 commits in %3 ms").arg(inserted.size()).arg(id - 1000).arg(ms)));
        QVERIFY(inserted.size() < id - 1000);
    }

    void timelineRefreshesTheHeadForTextSearch()
    {
        TimelineModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QSignalSpy requests(&model, &TimelineModel::fetchRequested);
        EventQuery filter;
        filter.incidentId = 1;
        filter.text = QStringLiteral("disk");
        model.setFilter(filter);
        Event old = makeEvent(1, T0 + 1);
        old.title = QStringLiteral("Disk 91% on db-eu-1");
        model.onEventsFetched(requests.at(0).at(0).toULongLong(), { old }, false);
        QCOMPARE(requests.size(), 1);

        Event hit = makeEvent(2, T0 + 2);
        hit.title = QStringLiteral("Disk 95% on db-eu-1");
        Event miss = makeEvent(3, T0 + 3);
        miss.title = QStringLiteral("CPU high");
        model.onCommitted(batchOf({ hit, miss }));
        model.onCommitted(batchOf({ makeEvent(4, T0 + 4, 2) })); // other incident: no refresh needed
        // The model does not guess FTS matches: it re-reads the newest page with the same query.
        QTRY_COMPARE(requests.size(), 2);
        const auto head = requests.at(1).at(1).value<EventQuery>();
        QCOMPARE(head.text, QStringLiteral("disk"));
        QCOMPARE(head.beforeTimeMs, 0);
        QCOMPARE(model.rowCount(), 1);
        model.onEventsFetched(requests.at(1).at(0).toULongLong(), { hit, old }, false);
        QTRY_COMPARE(model.rowCount(), 2);
        QCOMPARE(idsInRows(model), (QVector<qint64> { 2, 1 }));
    }

    void timelineHeadRefreshReadsDownToKnownRows()
    {
        TimelineModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        model.setPageSize(2);
        FakeStore store;
        store.events = { makeEvent(1, T0 + 1) };
        connect(&model, &TimelineModel::fetchRequested, &model, [&](quint64 id, const EventQuery& q) {
            bool more = false;
            const auto page = store.page(q, &more);
            QMetaObject::invokeMethod(
                &model, [&model, id, page, more] { model.onEventsFetched(id, page, more); }, Qt::QueuedConnection);
        });
        EventQuery filter;
        filter.text = QStringLiteral("event");
        model.setFilter(filter);
        QTRY_COMPARE(model.rowCount(), 1);
        // Five matching events arrive at once: more than one page of the head refresh.
        QVector<Event> burst;
        for (int i = 2; i <= 6; ++i)
            burst.append(makeEvent(i, T0 + i));
        store.events += burst;
        model.onCommitted(batchOf(burst));
        QTRY_COMPARE(model.rowCount(), 6);
        QCOMPARE(idsInRows(model), (QVector<qint64> { 6, 5, 4, 3, 2, 1 }));
    }

    void timelineTrimsToItsWindow()
    {
        TimelineModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        model.setPageSize(5);
        model.setMaxRows(10);
        QSignalSpy requests(&model, &TimelineModel::fetchRequested);
        model.setFilter({});
        model.onEventsFetched(requests.at(0).at(0).toULongLong(), {}, false);
        QVector<Event> many;
        for (int i = 1; i <= 25; ++i)
            many.append(makeEvent(i, T0 + i));
        model.onCommitted(batchOf(many));
        QTRY_COMPARE(model.rowCount(), 10);
        QCOMPARE(model.eventAt(0).id, 25);
        QCOMPARE(model.eventAt(9).id, 16);
        // A full window asks for nothing older: whatever came back would be trimmed at once.
        const qsizetype asked = requests.size();
        QVERIFY(!model.canFetchMore({}));
        model.fetchMore({});
        QCOMPARE(requests.size(), asked);
    }

    void timelineReportsFailedFetches()
    {
        TimelineModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QSignalSpy requests(&model, &TimelineModel::fetchRequested);
        QSignalSpy failed(&model, &TimelineModel::fetchFailed);
        model.setFilter({});
        model.onFetchFailed(requests.at(0).at(0).toULongLong() + 99, QStringLiteral("not ours"));
        QCOMPARE(failed.size(), 0);
        model.onFetchFailed(requests.at(0).at(0).toULongLong(), QStringLiteral("database is locked"));
        QCOMPARE(failed.size(), 1);
        QCOMPARE(failed.at(0).at(0).toString(), QStringLiteral("database is locked"));
        QVERIFY(!model.isLoading());
        model.onCommitted(batchOf({ makeEvent(1, T0) })); // live events still show
        QTRY_COMPARE(model.rowCount(), 1);
    }

    // ---- IncidentListModel ----

    void incidentsLoadNewestFirst()
    {
        ManualClock clock;
        IncidentListModel model(clock);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QSignalSpy requests(&model, &IncidentListModel::fetchRequested);
        QSignalSpy loaded(&model, &IncidentListModel::loaded);
        model.refresh();
        QCOMPARE(requests.size(), 1);
        model.onIncidentsFetched(requests.at(0).at(0).toULongLong() + 1, { makeIncident(9, T0) }); // stale
        QCOMPARE(model.rowCount(), 0);
        Incident resolved = makeIncident(1, T0 - 3'600'000, 3);
        resolved.status = IncidentStatus::Resolved;
        resolved.commander = QStringLiteral("ana");
        model.onIncidentsFetched(requests.at(0).at(0).toULongLong(),
            { resolved, makeIncident(3, T0 - 90'000, 1), makeIncident(2, T0 - 600'000) });
        QCOMPARE(loaded.size(), 1);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.incidentAt(0).id, 3);
        QCOMPARE(model.incidentAt(2).id, 1);
        QCOMPARE(model.index(0, IncidentListModel::SeverityColumn).data().toString(), QStringLiteral("SEV1"));
        QCOMPARE(model.index(0, IncidentListModel::StatusColumn).data().toString(), QStringLiteral("open"));
        QCOMPARE(model.index(0, IncidentListModel::AgeColumn).data().toString(), QStringLiteral("1m"));
        QCOMPARE(model.index(0, IncidentListModel::AlertsColumn).data().toString(), QStringLiteral("2/3"));
        QCOMPARE(model.index(0, IncidentListModel::CommanderColumn).data().toString(), QStringLiteral("—"));
        QCOMPARE(model.index(2, IncidentListModel::StatusColumn).data().toString(), QStringLiteral("resolved"));
        QCOMPARE(model.index(2, IncidentListModel::AgeColumn).data().toString(), QStringLiteral("1h 00m"));
        QCOMPARE(model.index(2, IncidentListModel::CommanderColumn).data().toString(), QStringLiteral("ana"));
        QCOMPARE(model.index(2, 0).data(IncidentListModel::ActiveRole).toBool(), false);
    }

    void incidentsShowTruncationAndHypothesis()
    {
        ManualClock clock;
        IncidentListModel model(clock);
        QSignalSpy requests(&model, &IncidentListModel::fetchRequested);
        model.refresh();
        Incident cut = makeIncident(4, T0);
        cut.truncatedAlerts = 12;
        cut.hypothesis = QStringLiteral("database primary degraded");
        model.onIncidentsFetched(requests.at(0).at(0).toULongLong(), { cut, makeIncident(2, T0 - 1000) });
        const QString title = model.index(0, IncidentListModel::TitleColumn).data().toString();
        QVERIFY2(title.startsWith(cut.title), qPrintable(title));
        QVERIFY2(title.contains(QStringLiteral("12 more alerts not delivered")), qPrintable(title));
        QVERIFY(model.index(0, 0)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("hypothesis: database primary degraded")));
        // A complete incident reads as its title alone.
        QCOMPARE(model.index(1, IncidentListModel::TitleColumn).data().toString(), makeIncident(2, T0).title);
    }

    void incidentsInsertAndUpdateLive()
    {
        ManualClock clock;
        IncidentListModel model(clock);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QSignalSpy requests(&model, &IncidentListModel::fetchRequested);
        model.refresh();
        model.onIncidentsFetched(
            requests.at(0).at(0).toULongLong(), { makeIncident(3, T0 - 1000), makeIncident(1, T0 - 3000) });
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

        CommittedBatch batch;
        Incident updated = makeIncident(1, T0 - 3000);
        updated.status = IncidentStatus::Acknowledged;
        updated.commander = QStringLiteral("ana");
        updated.updatedMs = T0;
        batch.incidents = { makeIncident(4, T0), makeIncident(2, T0 - 2000), updated };
        model.onCommitted(batch);
        QTRY_COMPARE(model.rowCount(), 4);
        QCOMPARE(model.incidentAt(0).id, 4);
        QCOMPARE(model.incidentAt(2).id, 2); // between 3 and 1
        QCOMPARE(inserted.size(), 2);
        QCOMPARE(reset.size(), 0);
        const int row = model.rowOfIncident(1);
        QCOMPARE(model.index(row, IncidentListModel::StatusColumn).data().toString(), QStringLiteral("acknowledged"));
        QCOMPARE(model.index(row, IncidentListModel::CommanderColumn).data().toString(), QStringLiteral("ana"));
        QCOMPARE(changed.size(), 1);

        // A refresh answer that is older than what live updates already showed must not win.
        model.refresh();
        model.onIncidentsFetched(requests.last().at(0).toULongLong(), { makeIncident(1, T0 - 3000) });
        QCOMPARE(model.index(model.rowOfIncident(1), IncidentListModel::StatusColumn).data().toString(),
            QStringLiteral("acknowledged"));
    }

    void incidentsBatchLiveUpdates()
    {
        ManualClock clock;
        IncidentListModel model(clock);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QSignalSpy requests(&model, &IncidentListModel::fetchRequested);
        model.refresh();
        // Live changes before the first answer wait for it.
        CommittedBatch early;
        early.incidents = { makeIncident(50, T0 + 50) };
        model.onCommitted(early);
        QTest::qWait(80);
        QCOMPARE(model.rowCount(), 0);
        model.onIncidentsFetched(requests.at(0).at(0).toULongLong(), { makeIncident(1, T0) });
        QTRY_COMPARE(model.rowCount(), 2);

        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        for (int i = 0; i < 200; ++i) {
            CommittedBatch b;
            Incident incident = makeIncident(100 + i, T0 + 100 + i);
            b.incidents.append(incident);
            Incident again = makeIncident(1, T0);
            again.firingCount = i % 3;
            again.updatedMs = T0 + i + 1;
            b.incidents.append(again);
            model.onCommitted(b);
        }
        QTRY_COMPARE(model.rowCount(), 202);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(model.index(model.rowOfIncident(1), 0).data(IncidentListModel::FiringCountRole).toInt(), 199 % 3);
    }

    void incidentAgeTicksFromTheClock()
    {
        ManualClock clock;
        IncidentListModel model(clock);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QSignalSpy requests(&model, &IncidentListModel::fetchRequested);
        model.refresh();
        model.onIncidentsFetched(
            requests.at(0).at(0).toULongLong(), { makeIncident(2, T0 - 30'000), makeIncident(1, T0 - 60'000) });
        QCOMPARE(model.index(0, IncidentListModel::AgeColumn).data().toString(), QStringLiteral("30s"));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        clock.m_now += 2 * 3'600'000;
        QVERIFY(changed.wait(1500));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).toModelIndex(), model.index(0, IncidentListModel::AgeColumn));
        QCOMPARE(changed.at(0).at(1).toModelIndex(), model.index(1, IncidentListModel::AgeColumn));
        QCOMPARE(model.index(0, IncidentListModel::AgeColumn).data().toString(), QStringLiteral("2h 00m"));
        QCOMPARE(IncidentListModel::formatAge(3 * 86'400'000LL + 5 * 3'600'000LL), QStringLiteral("3d 05h"));
    }
};

QTEST_GUILESS_MAIN(TestItemModels)
#include "tst_itemmodels.moc"
