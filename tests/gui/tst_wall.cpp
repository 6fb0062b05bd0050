#include "domain/metatypes.h"
#include "interfaces/clock.h"
#include "itemmodels/incidentlistmodel.h"
#include "metrics/alertexpression.h"
#include "store/writebatch.h"
#include "style/theme.h"
#include "wall/wallsparkline.h"
#include "wall/walltile.h"
#include "wall/wallwindow.h"

#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QLabel>
#include <QMenu>
#include <QSignalSpy>
#include <QTest>
#include <cmath>

using namespace firebreak;

namespace {

const qint64 T0 = QDateTime(QDate(2026, 11, 21), QTime(3, 12, 4), Qt::UTC).toMSecsSinceEpoch();
constexpr qint64 Minute = 60'000;

class ManualClock final : public Clock {
public:
    qint64 nowMs() const override { return m_now; }
    qint64 m_now = T0;
};

Incident incident(qint64 id, const QString& title, int severity, IncidentStatus status, qint64 detectedMs,
    const QString& commander = {})
{
    Incident i;
    i.id = id;
    i.title = title;
    i.severity = severity;
    i.status = status;
    i.detectedMs = detectedMs;
    i.updatedMs = detectedMs;
    i.commander = commander;
    if (status >= IncidentStatus::Resolved)
        i.resolvedMs = detectedMs + 20 * Minute;
    return i;
}

Alert alert(qint64 incidentId, const QString& name, const QString& expression, qint64 startsAtMs)
{
    Alert a;
    a.fingerprint = QStringLiteral("fp-%1-%2").arg(name).arg(incidentId);
    a.labels = { { QStringLiteral("alertname"), name }, { QStringLiteral("instance"), QStringLiteral("db-eu-1") } };
    a.startsAtMs = startsAtMs;
    a.incidentId = incidentId;
    a.generatorUrl = AlertExpression::toGeneratorUrl(QStringLiteral("http://prometheus:9090"), expression);
    return a;
}

Event makeEvent(qint64 id, qint64 incidentId, qint64 timeMs, const QString& title)
{
    Event e;
    e.id = id;
    e.incidentId = incidentId;
    e.timeMs = timeMs;
    e.kind = QStringLiteral("note");
    e.title = title;
    return e;
}

// The store and Prometheus as the wall sees them: answers by queued call, like the real threads.
struct Backend {
    QVector<Incident> incidents;
    QHash<qint64, QVector<Alert>> alerts;
    QHash<qint64, QVector<Event>> events;
    QVector<std::tuple<QString, qint64, qint64>> ranges; // query, start, end
    bool metricsDown = false;

    void connectTo(IncidentListModel& model, WallWindow& wall)
    {
        QObject::connect(&model, &IncidentListModel::fetchRequested, &model, [this, &model](quint64 id) {
            const QVector<Incident> answer = incidents;
            QMetaObject::invokeMethod(
                &model, [&model, id, answer] { model.onIncidentsFetched(id, answer); }, Qt::QueuedConnection);
        });
        QObject::connect(&wall, &WallWindow::alertsRequested, &wall, [this, &wall](quint64 id, qint64 incidentId) {
            const QVector<Alert> answer = alerts.value(incidentId);
            QMetaObject::invokeMethod(
                &wall, [&wall, id, answer] { wall.onAlertsFetched(id, answer); }, Qt::QueuedConnection);
        });
        QObject::connect(&wall, &WallWindow::eventsRequested, &wall, [this, &wall](quint64 id, const EventQuery& q) {
            QVector<Event> answer = events.value(q.incidentId);
            std::sort(answer.begin(), answer.end(), [](const Event& a, const Event& b) { return a.timeMs > b.timeMs; });
            answer = answer.mid(0, q.limit);
            QMetaObject::invokeMethod(
                &wall, [&wall, id, answer] { wall.onEventsFetched(id, answer, false); }, Qt::QueuedConnection);
        });
        QObject::connect(&wall, &WallWindow::rangeRequested, &wall,
            [this, &wall](quint64 id, const QString& query, qint64 start, qint64 end, qint64 step) {
                ranges.append({ query, start, end });
                QueryResult result;
                if (metricsDown) {
                    result.error = QStringLiteral("connection refused");
                    result.unavailable = true;
                } else {
                    Series series;
                    series.labels = { { QStringLiteral("__name__"), query.section(QLatin1Char('{'), 0, 0) },
                        { QStringLiteral("instance"), QStringLiteral("db-eu-1") } };
                    const bool disk = query.startsWith(QLatin1String("disk"));
                    for (qint64 t = start; t <= end; t += step) {
                        const double m = double(t - start) / Minute;
                        series.samples.append({ t,
                            disk ? 80 + m * 0.5 + std::sin(m) : 0.12 + 0.01 * std::sin(m * 3) + (m > 25 ? 0.2 : 0) });
                    }
                    result.series = { series };
                }
                QMetaObject::invokeMethod(
                    &wall, [&wall, id, result] { wall.onRangeReady(id, result); }, Qt::QueuedConnection);
            });
    }
};

// A model loaded with the backend's incidents and a wall over it.
struct Fixture {
    ManualClock clock;
    Theme theme = Theme::darkTheme();
    Backend backend;
    IncidentListModel model { clock };
    QAbstractItemModelTester tester { &model, QAbstractItemModelTester::FailureReportingMode::QtTest };
    std::unique_ptr<WallWindow> wall;

    explicit Fixture(const QVector<Incident>& incidents)
    {
        model.setSeverityPalette(theme.severity);
        backend.incidents = incidents;
        wall = std::make_unique<WallWindow>(model, clock, theme);
        wall->resize(1920, 1080);
        backend.connectTo(model, *wall);
        model.refresh();
        wall->show();
    }

    QStringList titles() const
    {
        QStringList out;
        for (WallTile* tile : wall->tiles())
            out.append(tile->titleText());
        return out;
    }

    WallTile* tile(qint64 id) const
    {
        for (WallTile* t : wall->tiles()) {
            if (t->incidentId() == id)
                return t;
        }
        return nullptr;
    }
};

QVector<Incident> fourIncidents()
{
    return { incident(1, QStringLiteral("Nightly batch slowed database writes"), 1, IncidentStatus::Resolved,
                 T0 - 5 * 60 * Minute, QStringLiteral("ana")),
        incident(2, QStringLiteral("Disk almost full on db-eu-1"), 2, IncidentStatus::Open, T0 - 12 * Minute),
        incident(3, QStringLiteral("Checkout latency and errors across eu and us"), 1, IncidentStatus::Acknowledged,
            T0 - 47 * Minute, QStringLiteral("ana")),
        incident(4, QStringLiteral("Web pods crash-looping after v2.14.1"), 2, IncidentStatus::Mitigated,
            T0 - 6 * Minute, QStringLiteral("bo")) };
}

} // namespace

class TestWall : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { registerMetaTypes(); }

    // Only open incidents get a tile, the worst first and then the newest, each saying what it is.
    void tilesForActiveIncidentsBySeverity()
    {
        Fixture f(fourIncidents());
        QTRY_COMPARE(f.wall->tiles().size(), 3);
        QCOMPARE(f.titles(),
            QStringList({ QStringLiteral("Checkout latency and errors across eu and us"),
                QStringLiteral("Web pods crash-looping after v2.14.1"),
                QStringLiteral("Disk almost full on db-eu-1") }));
        WallTile* checkout = f.wall->tiles().at(0);
        QCOMPARE(checkout->severityText(), QStringLiteral("SEV1"));
        QCOMPARE(checkout->statusText(), QStringLiteral("ACKNOWLEDGED"));
        QCOMPARE(checkout->ageText(), QStringLiteral("47m"));
        QCOMPARE(checkout->commanderText(), QStringLiteral("Commander: ana"));
        QCOMPARE(f.tile(2)->commanderText(), QStringLiteral("no commander"));
        QCOMPARE(f.tile(2)->statusText(), QStringLiteral("OPEN"));
        QCOMPARE(f.wall->headerText(), QStringLiteral("FIREBREAK  ·  3 open incidents  ·  03:12 UTC"));
        QVERIFY(!f.wall->isEmptyStateShown());

        // Readable from five metres: the title is at least 28 px on a 1920x1080 wall.
        QVERIFY(checkout->findChildren<QWidget*>().size() > 0);
        auto* title = checkout->findChild<QLabel*>(QStringLiteral("wallTileTitle"));
        QVERIFY(title);
        // The incident's title, elided on one line when the tile is too narrow for it.
        const QString shown = title->text();
        QVERIFY2(shown == checkout->titleText()
                || (shown.endsWith(QChar(0x2026)) && checkout->titleText().startsWith(shown.chopped(1))),
            qPrintable(shown));
        QVERIFY2(title->font().pixelSize() >= 28, qPrintable(QString::number(title->font().pixelSize())));

        // The age runs on.
        f.clock.m_now = T0 + 14 * Minute;
        QTRY_COMPARE(checkout->ageText(), QStringLiteral("1h 01m"));
    }

    // Commits change the wall while it is up: a status change, a new incident in its place, a
    // resolved one gone, new events on top.
    void updatesLiveFromCommits()
    {
        Fixture f(fourIncidents());
        QTRY_COMPARE(f.wall->tiles().size(), 3);
        WallTile* disk = f.tile(2);

        CommittedBatch batch;
        Incident acknowledged = f.backend.incidents.at(1);
        acknowledged.transitionTo(IncidentStatus::Acknowledged, T0);
        acknowledged.commander = QStringLiteral("cy");
        acknowledged.updatedMs = T0;
        Incident fresh = incident(5, QStringLiteral("Primary database unreachable in eu"), 1, IncidentStatus::Open, T0);
        Incident resolved = f.backend.incidents.at(2);
        resolved.transitionTo(IncidentStatus::Resolved, T0);
        resolved.updatedMs = T0;
        batch.incidents = { acknowledged, fresh, resolved };
        batch.events = { makeEvent(50, 2, T0 - 30'000, QStringLiteral("Acknowledged by cy")) };
        f.model.onCommitted(batch);
        f.wall->onCommitted(batch);

        QTRY_COMPARE(f.titles(),
            QStringList({ QStringLiteral("Primary database unreachable in eu"),
                QStringLiteral("Web pods crash-looping after v2.14.1"),
                QStringLiteral("Disk almost full on db-eu-1") }));
        QCOMPARE(f.tile(2), disk); // the same tile, updated in place
        QCOMPARE(disk->statusText(), QStringLiteral("ACKNOWLEDGED"));
        QCOMPARE(disk->commanderText(), QStringLiteral("Commander: cy"));
        QVERIFY(!disk->eventTexts().isEmpty());
        QCOMPARE(disk->eventTexts().at(0), QStringLiteral("03:11  Acknowledged by cy"));
        QVERIFY(f.wall->headerText().contains(QLatin1String("3 open incidents")));
    }

    // The last few events come from the store at first, newest first.
    void showsTheLastEvents()
    {
        Fixture f(fourIncidents());
        for (int i = 0; i < 7; ++i)
            f.backend.events[2].append(makeEvent(10 + i, 2, T0 - (10 - i) * Minute, QStringLiteral("event %1").arg(i)));
        QTRY_COMPARE(f.wall->tiles().size(), 3);
        QTRY_COMPARE(f.tile(2)->eventTexts().size(), WallTile::MaxEvents);
        QCOMPARE(f.tile(2)->eventTexts().at(0), QStringLiteral("03:08  event 6"));
        QCOMPARE(f.tile(2)->eventTexts().at(3), QStringLiteral("03:05  event 3"));
    }

    void showsApprovalsWaiting()
    {
        Fixture f(fourIncidents());
        QTRY_COMPARE(f.wall->tiles().size(), 3);
        QVERIFY(f.tile(2)->approvalsText().isEmpty());
        f.wall->setAwaitingApprovals({ { 2, 2 }, { 3, 1 } });
        QCOMPARE(f.tile(2)->approvalsText(), QStringLiteral("2 approvals waiting"));
        QCOMPARE(f.tile(3)->approvalsText(), QStringLiteral("1 approval waiting"));
        QVERIFY(f.tile(4)->approvalsText().isEmpty());
        f.wall->setAwaitingApprovals({});
        QVERIFY(f.tile(2)->approvalsText().isEmpty());
    }

    // A source down puts a banner across the top naming it and since when; back up, it goes.
    void staleBannerAppearsAndClears()
    {
        Fixture f(fourIncidents());
        QVERIFY(!f.wall->isBannerShown());
        MetricStaleness stale;
        stale.stale = true;
        stale.source = QStringLiteral("prometheus");
        stale.failingSinceMs = T0 - 2 * Minute;
        stale.lastGoodMs = T0 - 3 * Minute;
        f.wall->onStalenessChanged(stale);
        QVERIFY(f.wall->isBannerShown());
        QVERIFY2(f.wall->bannerText().startsWith(QLatin1String("PROMETHEUS UNREACHABLE since 03:10 UTC")),
            qPrintable(f.wall->bannerText()));

        SourceHealth peer;
        peer.name = QStringLiteral("alertmanager-a");
        peer.state = SourceHealth::State::Down;
        peer.sinceMs = T0 - Minute;
        peer.detail = QStringLiteral("connection refused");
        f.wall->updateSourceHealth(peer);
        QVERIFY(
            f.wall->bannerText().contains(QStringLiteral("ALERTMANAGER-A DOWN since 03:11 UTC — connection refused")));

        f.wall->onStalenessChanged(MetricStaleness {});
        QVERIFY(f.wall->isBannerShown());
        QVERIFY(!f.wall->bannerText().contains(QLatin1String("PROMETHEUS")));
        peer.state = SourceHealth::State::Up;
        f.wall->updateSourceHealth(peer);
        QVERIFY(!f.wall->isBannerShown());
        QVERIFY(f.wall->bannerText().isEmpty());
    }

    // Key metrics come from the incident's alerts: a range over the last 30 minutes for each, drawn
    // with its current value, refreshed on the timer.
    void sparklinesFilledFromRanges()
    {
        Fixture f(fourIncidents());
        f.backend.alerts[2] = {
            alert(2, QStringLiteral("DiskSpaceHigh"), QStringLiteral("disk_used_percent > 90"), T0 - 12 * Minute),
            alert(2, QStringLiteral("DbWriteLatencyHigh"), QStringLiteral("db_write_latency_p99_seconds > 0.2"),
                T0 - 11 * Minute),
            alert(2, QStringLiteral("ReplicaLagHigh"), QStringLiteral("db_replica_lag_seconds > 30"), T0 - 10 * Minute)
        };
        QTRY_COMPARE(f.wall->tiles().size(), 3);
        WallTile* disk = f.tile(2);
        QTRY_COMPARE(disk->sparklines().at(1)->title(), QStringLiteral("DbWriteLatencyHigh"));
        QCOMPARE(disk->sparklines().at(0)->title(), QStringLiteral("DiskSpaceHigh"));
        QCOMPARE(f.backend.ranges.size(), 2); // two key metrics, not three
        QCOMPARE(std::get<0>(f.backend.ranges.at(0)), QStringLiteral("disk_used_percent"));
        QCOMPARE(std::get<2>(f.backend.ranges.at(0)) - std::get<1>(f.backend.ranges.at(0)), 30 * Minute);
        QTRY_VERIFY(disk->sparklines().at(0)->sampleCount() > 100);
        QCOMPARE(disk->sparklines().at(0)->currentValueText(), QStringLiteral("94")); // 80 + 15 + sin(30) = 94.01
        QVERIFY(disk->sparklines().at(0)->isBreaching());
        QTRY_COMPARE(disk->sparklines().at(1)->currentValueText(), QStringLiteral("0.329")); // 0.32 + 0.01 sin(90)
        QVERIFY(disk->sparklines().at(1)->isBreaching());

        // The refresh asks again up to the new "now"; a failure keeps the line.
        f.clock.m_now = T0 + 5000;
        f.backend.metricsDown = true;
        f.wall->refreshSparklines();
        QCOMPARE(f.backend.ranges.size(), 4);
        QCOMPARE(std::get<2>(f.backend.ranges.at(3)), T0 + 5000);
        QTest::qWait(50);
        QVERIFY(disk->sparklines().at(0)->sampleCount() > 100);
        QVERIFY(disk->sparklines().at(0)->problem().isEmpty());
    }

    // Read-only: nothing on the wall can be pressed or opened.
    void exposesNoActions()
    {
        Fixture f(fourIncidents());
        QTRY_COMPARE(f.wall->tiles().size(), 3);
        f.wall->setAwaitingApprovals({ { 2, 2 } });
        QVERIFY(f.wall->findChildren<QAbstractButton*>().isEmpty());
        QVERIFY(f.wall->findChildren<QMenu*>().isEmpty());
        QCOMPARE(f.wall->contextMenuPolicy(), Qt::NoContextMenu);
        for (WallTile* tile : f.wall->tiles()) {
            QCOMPARE(tile->contextMenuPolicy(), Qt::NoContextMenu);
            QCOMPARE(tile->focusPolicy(), Qt::NoFocus);
            QVERIFY(tile->actions().isEmpty());
        }
    }

    void calmWhenNothingIsOpen()
    {
        Fixture f({ incident(1, QStringLiteral("Nightly batch slowed database writes"), 3, IncidentStatus::Resolved,
            T0 - 5 * 60 * Minute) });
        QTRY_VERIFY(f.model.isLoaded());
        QVERIFY(f.wall->tiles().isEmpty());
        QVERIFY(f.wall->isEmptyStateShown());
        QCOMPARE(f.wall->emptyText(), QStringLiteral("No open incidents\n03:12 UTC"));
        QCOMPARE(f.wall->headerText(), QStringLiteral("FIREBREAK  ·  0 open incidents  ·  03:12 UTC"));
    }
};

QTEST_MAIN(TestWall)
#include "tst_wall.moc"
