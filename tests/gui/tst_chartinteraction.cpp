#include "charts/chartpanel.h"
#include "charts/markerfamilies.h"
#include "charts/metricchartview.h"
#include "domain/metatypes.h"
#include "interfaces/clock.h"
#include "metrics/alertexpression.h"
#include "store/writebatch.h"
#include "style/theme.h"

#include <QApplication>
#include <QDateTimeAxis>
#include <QKeyEvent>
#include <QLineSeries>
#include <QMouseEvent>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QWheelEvent>

using namespace firebreak;

namespace {

const qint64 T0 = QDateTime(QDate(2026, 11, 21), QTime(3, 12, 4), Qt::UTC).toMSecsSinceEpoch();
constexpr qint64 Minute = 60'000;

class ManualClock final : public Clock {
public:
    qint64 nowMs() const override { return m_now; }
    qint64 m_now = T0;
};

// A sawtooth that repeats every minute with one distinct value per second: the sample nearest a
// time is known exactly, and a readout built from decimated min/max points would read 50 or 109.
double sawtooth(qint64 ms)
{
    return 50 + double((ms / 1000) % 60);
}

Alert alertFor(qint64 incidentId, const QString& name, const QString& expression, qint64 startsAtMs)
{
    Alert a;
    a.fingerprint = QStringLiteral("fp-") + name;
    a.labels = { { QStringLiteral("alertname"), name }, { QStringLiteral("instance"), QStringLiteral("db-eu-1") } };
    a.startsAtMs = startsAtMs;
    a.incidentId = incidentId;
    a.generatorUrl = AlertExpression::toGeneratorUrl(QStringLiteral("http://prometheus:9090"), expression);
    return a;
}

Event makeEvent(qint64 id, qint64 timeMs, const char* kind, const QString& title)
{
    Event e;
    e.id = id;
    e.incidentId = 7;
    e.timeMs = timeMs;
    e.kind = QString::fromLatin1(kind);
    e.title = title;
    return e;
}

// A panel showing one open incident with two charts, every range answered at once from the sawtooth.
struct Fixture {
    ManualClock clock;
    Theme theme;
    ChartPanel panel;
    Incident incident;
    QVector<std::tuple<QString, qint64, qint64>> asked; // query, start, end

    explicit Fixture(const Theme& chosen = Theme::lightTheme())
        : theme(chosen)
        , panel(clock, theme)
    {
        panel.resize(900, 640);
        QObject::connect(&panel, &ChartPanel::rangeRequested, &panel,
            [this](quint64 id, const QString& query, qint64 start, qint64 end, qint64 step) {
                asked.append({ query, start, end });
                QueryResult result;
                Series series;
                series.labels = { { QStringLiteral("__name__"), query.section(QLatin1Char('{'), 0, 0) },
                    { QStringLiteral("instance"), QStringLiteral("db-eu-1") } };
                for (qint64 t = start / 1000 * 1000; t <= end; t += std::min<qint64>(step, 1000))
                    series.samples.append({ t, sawtooth(t) });
                result.series = { series };
                panel.onRangeReady(id, result);
            });
        QSignalSpy alertsAsked(&panel, &ChartPanel::alertsRequested);
        QSignalSpy eventsAsked(&panel, &ChartPanel::eventsRequested);
        incident.id = 7;
        incident.title = QStringLiteral("Disk almost full on db-eu-1");
        incident.severity = 2;
        incident.detectedMs = T0 - 12 * Minute;
        incident.updatedMs = incident.detectedMs;
        panel.setIncident(incident);
        panel.onAlertsFetched(alertsAsked.at(0).at(0).toULongLong(),
            { alertFor(
                  7, QStringLiteral("DiskSpaceHigh"), QStringLiteral("disk_used_percent > 90"), incident.detectedMs),
                alertFor(7, QStringLiteral("DbWriteLatencyHigh"), QStringLiteral("db_write_latency_seconds > 0.2"),
                    incident.detectedMs + Minute) });
        panel.onEventsFetched(eventsAsked.at(0).at(0).toULongLong(),
            { makeEvent(1, T0 - 20 * Minute, "change.deploy", QStringLiteral("web v2.14.1 rolled out in eu")),
                makeEvent(2, T0 - 5 * Minute, "approval.granted", QStringLiteral("cleanup-logs approved by ana")) },
            false);
        panel.show();
    }

    MetricChartView* chart(int i) const { return panel.chartViews().at(i); }
};

void sendMouse(QWidget* target, QEvent::Type type, QPoint pos, Qt::MouseButton button = Qt::NoButton,
    Qt::KeyboardModifiers modifiers = Qt::NoModifier)
{
    const Qt::MouseButtons buttons = type == QEvent::MouseButtonRelease ? Qt::NoButton : Qt::MouseButtons(button);
    QMouseEvent e(type, QPointF(pos), QPointF(target->mapToGlobal(pos)), button, buttons, modifiers);
    QApplication::sendEvent(target, &e);
}

void sendWheel(QWidget* target, QPoint pos, int delta)
{
    QWheelEvent e(QPointF(pos), QPointF(target->mapToGlobal(pos)), QPoint(), QPoint(0, delta), Qt::NoButton,
        Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(target, &e);
}

qint64 axisStart(const MetricChartView* view)
{
    return view->timeAxis()->min().toMSecsSinceEpoch();
}

qint64 axisEnd(const MetricChartView* view)
{
    return view->timeAxis()->max().toMSecsSinceEpoch();
}

QString utcTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(QStringLiteral("HH:mm:ss"));
}

} // namespace

class TestChartInteraction : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { registerMetaTypes(); }

    // The readout under the mouse gives the time and the raw sample nearest to it, not a decimated
    // point, and names a marker the mouse is on.
    void hoverReadoutShowsNearestRawSampleAndMarker()
    {
        Fixture f;
        MetricChartView* disk = f.chart(0);
        QTRY_VERIFY(disk->lineSeries().at(0)->count() > 0);
        QVERIFY(disk->readoutText().isEmpty());

        const QPoint pos = disk->positionOfTime(T0 - 7 * Minute);
        sendMouse(disk->viewport(), QEvent::MouseMove, pos);
        const qint64 at = disk->timeAtX(pos.x());
        QVERIFY(std::abs(at - (T0 - 7 * Minute)) < 10'000);
        const QStringList readout = disk->readoutText();
        QCOMPARE(readout.size(), 2);
        QCOMPARE(readout.at(0), utcTime(at) + QStringLiteral(" UTC"));
        // Samples every second: the nearest is `at` rounded to the second.
        const qint64 nearest = (at + 500) / 1000 * 1000;
        QVERIFY2(readout.at(1).endsWith(QStringLiteral("  %1").arg(sawtooth(nearest))), qPrintable(readout.at(1)));
        QVERIFY(readout.at(1).startsWith(QLatin1String("instance=db-eu-1"))); // the line's legend name

        // The same question asked directly, at a time between two samples.
        const QStringList direct = disk->readoutAt(T0 - 7 * Minute + 12'400);
        QCOMPARE(direct.at(0), utcTime(T0 - 7 * Minute + 12'400) + QStringLiteral(" UTC"));
        QVERIFY2(direct.at(1).endsWith(QStringLiteral("  %1").arg(sawtooth(T0 - 7 * Minute + 12'000))),
            qPrintable(direct.at(1)));

        // On the approval's marker: its title is in the readout.
        sendMouse(disk->viewport(), QEvent::MouseMove, disk->positionOfTime(T0 - 5 * Minute));
        QVERIFY2(disk->readoutText().contains(QStringLiteral("cleanup-logs approved by ana")),
            qPrintable(disk->readoutText().join(QLatin1Char('|'))));
        QVERIFY(!disk->readoutText().contains(QStringLiteral("web v2.14.1 rolled out in eu")));

        QEvent leave(QEvent::Leave);
        QApplication::sendEvent(disk, &leave);
        QVERIFY(disk->readoutText().isEmpty());
    }

    // Zooming one chart moves every chart to the same range; panning and rubber-band zoom too.
    void zoomAndPanAreLinkedAcrossCharts()
    {
        Fixture f;
        QCOMPARE(f.panel.chartViews().size(), 2);
        MetricChartView* disk = f.chart(0);
        MetricChartView* latency = f.chart(1);
        QTRY_VERIFY(latency->lineSeries().at(0)->count() > 0);
        const qint64 liveStart = f.incident.detectedMs - ChartPanel::ContextBeforeMs;
        QCOMPARE(axisStart(disk), liveStart);
        QCOMPARE(axisEnd(latency), T0);
        QVERIFY(!f.panel.isZoomed());

        // Wheel in over the disk chart, at 03:00: the time under the mouse stays where it was.
        const QPoint pos = disk->positionOfTime(T0 - 12 * Minute);
        const qint64 anchor = disk->timeAtX(pos.x());
        sendWheel(disk->viewport(), pos, 240);
        QVERIFY(f.panel.isZoomed());
        const qint64 span = axisEnd(disk) - axisStart(disk);
        QVERIFY2(span < (T0 - liveStart) * 2 / 3, qPrintable(QString::number(span)));
        QVERIFY(std::abs(disk->timeAtX(pos.x()) - anchor) < 2000);
        QCOMPARE(axisStart(latency), axisStart(disk));
        QCOMPARE(axisEnd(latency), axisEnd(disk));
        QCOMPARE(f.panel.viewStartMs(), axisStart(disk));

        // Drag the latency chart to the right by 100 px: both show earlier times.
        const qint64 before = axisStart(latency);
        const QPoint from = latency->positionOfTime(T0 - 10 * Minute);
        sendMouse(latency->viewport(), QEvent::MouseButtonPress, from, Qt::LeftButton);
        sendMouse(latency->viewport(), QEvent::MouseMove, from + QPoint(50, 0), Qt::LeftButton);
        sendMouse(latency->viewport(), QEvent::MouseMove, from + QPoint(100, 0), Qt::LeftButton);
        sendMouse(latency->viewport(), QEvent::MouseButtonRelease, from + QPoint(100, 0), Qt::LeftButton);
        const double msPerPx = double(span) / latency->chart()->plotArea().width();
        QVERIFY(std::abs(double(before - axisStart(latency)) - 100 * msPerPx) < 2 * msPerPx);
        QCOMPARE(axisEnd(latency) - axisStart(latency), span);
        QCOMPARE(axisStart(disk), axisStart(latency));

        // Shift-drag a band on the disk chart: both charts show exactly the band.
        const QPoint a = disk->positionOfTime(axisStart(disk) + span / 4);
        const QPoint b = disk->positionOfTime(axisStart(disk) + span / 2);
        const qint64 bandStart = disk->timeAtX(a.x());
        const qint64 bandEnd = disk->timeAtX(b.x());
        sendMouse(disk->viewport(), QEvent::MouseButtonPress, a, Qt::LeftButton, Qt::ShiftModifier);
        sendMouse(disk->viewport(), QEvent::MouseMove, b, Qt::LeftButton, Qt::ShiftModifier);
        sendMouse(disk->viewport(), QEvent::MouseButtonRelease, b, Qt::LeftButton, Qt::ShiftModifier);
        QCOMPARE(axisStart(disk), bandStart);
        QCOMPARE(axisEnd(disk), bandEnd);
        QCOMPARE(axisStart(latency), bandStart);
        QCOMPARE(axisEnd(latency), bandEnd);
    }

    // While zoomed, the two-second refresh still fetches live data but keeps the user's range, and
    // the header says so with a way back; reset (button, Esc, double-click) returns to following live.
    void liveRefreshKeepsTheZoomUntilReset()
    {
        Fixture f;
        MetricChartView* disk = f.chart(0);
        f.panel.zoomTo(T0 - 9 * Minute, T0 - 4 * Minute);
        QVERIFY(f.panel.isZoomed());
        const QString zoomedHeader = f.panel.headerText();
        QVERIFY2(zoomedHeader.contains(QStringLiteral("Zoomed  ·  03:03–03:08 UTC")), qPrintable(zoomedHeader));
        QVERIFY(zoomedHeader.endsWith(QLatin1String("Reset")));
        QVERIFY(f.panel.resetZoomButton()->isVisible());

        f.asked.clear();
        f.clock.m_now = T0 + 2 * Minute;
        f.panel.refresh();
        QCOMPARE(f.panel.rangeEndMs(), T0 + 2 * Minute); // live range moved on ...
        QCOMPARE(axisStart(disk), T0 - 9 * Minute); // ... the charts did not
        QCOMPARE(axisEnd(disk), T0 - 4 * Minute);
        QCOMPARE(axisEnd(f.chart(1)), T0 - 4 * Minute);
        QCOMPARE(f.asked.size(), 2); // and new data was asked for up to now
        QCOMPARE(std::get<2>(f.asked.at(0)), T0 + 2 * Minute);

        QTest::mouseClick(f.panel.resetZoomButton(), Qt::LeftButton);
        QVERIFY(!f.panel.isZoomed());
        QVERIFY(!f.panel.resetZoomButton()->isVisible());
        QVERIFY(!f.panel.headerText().contains(QLatin1String("Zoomed")));
        QVERIFY(f.panel.headerText().contains(QLatin1String("live")));
        QCOMPARE(axisStart(disk), f.incident.detectedMs - ChartPanel::ContextBeforeMs);
        QCOMPARE(axisEnd(disk), T0 + 2 * Minute);

        // Esc and a double-click on a chart reset too.
        f.panel.zoomTo(T0 - 9 * Minute, T0 - 4 * Minute);
        QTest::keyClick(f.chart(1), Qt::Key_Escape);
        QVERIFY(!f.panel.isZoomed());
        QCOMPARE(axisEnd(f.chart(1)), T0 + 2 * Minute);
        f.panel.zoomTo(T0 - 9 * Minute, T0 - 4 * Minute);
        sendMouse(disk->viewport(), QEvent::MouseButtonDblClick, disk->positionOfTime(T0 - 6 * Minute), Qt::LeftButton);
        QVERIFY(!f.panel.isZoomed());
    }

    void markerColourPerFamily_data()
    {
        QTest::addColumn<bool>("dark");
        QTest::newRow("light") << false;
        QTest::newRow("dark") << true;
    }

    // Each family has its own colour (the legend's), distinct from the others, in both palettes.
    void markerColourPerFamily()
    {
        QFETCH(bool, dark);
        Fixture f(dark ? Theme::darkTheme() : Theme::lightTheme());
        using F = Theme::MarkerFamily;
        const QVector<std::pair<const char*, F>> kinds { { "change.deploy", F::Changes },
            { "chaos.injected", F::Changes }, { "alert.firing", F::Alerts }, { "gate.blocked", F::GatesApprovals },
            { "approval.requested", F::GatesApprovals }, { "step.started", F::Steps }, { "action.executed", F::Steps },
            { "verify.failed", F::Verification }, { "rollback.started", F::Rollback }, { "note", F::NotesStatus },
            { "incident.status", F::NotesStatus } };
        CommittedBatch batch;
        qint64 id = 100;
        for (const auto& entry : kinds) {
            batch.events.append(
                makeEvent(id, T0 - 3 * Minute + id * 1000, entry.first, QString::fromLatin1(entry.first)));
            ++id;
        }
        f.panel.onCommitted(batch);
        MetricChartView* disk = f.chart(0);
        QTRY_COMPARE(disk->markers().size(), 2 + kinds.size());
        for (const ChartMarker& marker : disk->markers()) {
            if (marker.eventId < 100)
                continue;
            const F family = kinds.at(marker.eventId - 100).second;
            QCOMPARE(marker.color, f.theme.markerColor(family));
        }
        QSet<QRgb> colours;
        for (F family : MarkerFamilies::all())
            colours.insert(f.theme.markerColor(family).rgb());
        QCOMPARE(colours.size(), 7);
        for (F family : MarkerFamilies::all())
            QVERIFY(f.panel.legendText().contains(MarkerFamilies::name(family)));
        // Events the charts do not mark stay off them.
        QVERIFY(!MarkerFamilies::of(QStringLiteral("ingest.quarantined")));
    }

    // Selecting an event that lies outside the zoomed range pans the charts to it, keeping the span.
    void highlightOutsideTheZoomPansToIt()
    {
        Fixture f;
        f.panel.zoomTo(T0 - 11 * Minute, T0 - 9 * Minute);
        const Event deploy
            = makeEvent(1, T0 - 20 * Minute, "change.deploy", QStringLiteral("web v2.14.1 rolled out in eu"));
        f.panel.highlightEvent(deploy);
        QVERIFY(f.panel.isZoomed());
        for (MetricChartView* view : f.panel.chartViews()) {
            QCOMPARE(view->highlightedEventId(), deploy.id);
            QCOMPARE(axisEnd(view) - axisStart(view), 2 * Minute);
            QVERIFY(axisStart(view) < deploy.timeMs && deploy.timeMs < axisEnd(view));
        }
        // One inside the range leaves it alone.
        const qint64 start = f.panel.viewStartMs();
        f.panel.highlightEvent(makeEvent(9, start + 30'000, "note", QStringLiteral("look here")));
        QCOMPARE(f.panel.viewStartMs(), start);
    }

    // Not a check: a picture of a zoomed panel with the readout, for a human to look at.
    void grabForReview()
    {
        Fixture f(Theme::darkTheme());
        f.panel.setPalette(f.theme.palette()); // as the application applies it
        f.panel.setAutoFillBackground(true);
        f.panel.resize(1000, 620);
        QTRY_VERIFY(f.chart(1)->lineSeries().at(0)->count() > 0);
        f.panel.zoomTo(T0 - 10 * Minute, T0 - 2 * Minute);
        sendMouse(f.chart(0)->viewport(), QEvent::MouseMove, f.chart(0)->positionOfTime(T0 - 5 * Minute));
        QApplication::processEvents();
        const QString path = qEnvironmentVariable("FIREBREAK_CHARTS_GRAB");
        if (!path.isEmpty())
            QVERIFY(f.panel.grab().save(path));
    }
};

QTEST_MAIN(TestChartInteraction)
#include "tst_chartinteraction.moc"
