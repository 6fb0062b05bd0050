// Curating the timeline as the signed-in person: pins in the model (checked by
// QAbstractItemModelTester) and the "pinned only" filter; Ctrl+C copies the selected rows as an exact
// Markdown table; Ctrl+G / jumpToTime selects the nearest event (and tells the charts); status
// buttons follow the incident's status and Resolve asks first, Cancel by default; nothing can be done
// by nobody or by a viewer; each person's filters come back when they sign in again.
#include "domain/metatypes.h"
#include "itemmodels/timelinemodel.h"
#include "roster/operatorsession.h"
#include "store/writebatch.h"
#include "style/iconprovider.h"
#include "style/theme.h"
#include "timeline/incidentactionbar.h"
#include "timeline/timelinedelegate.h"
#include "timeline/timelinefilterbar.h"
#include "timeline/timelineview.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDateTimeEdit>
#include <QDialog>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeView>
#include <functional>
#include <memory>

using namespace firebreak;

namespace {

constexpr qint64 T0 = 1772359500000; // 2026-03-01T10:05:00Z
constexpr qint64 Minute = 60'000;

Event makeEvent(qint64 id, qint64 timeMs, const char* kind, Severity severity, const QString& title,
    const QString& actor, qint64 incidentId = 7)
{
    Event e;
    e.id = id;
    e.incidentId = incidentId;
    e.timeMs = timeMs;
    e.source = QStringLiteral("alertmanager");
    e.kind = QString::fromLatin1(kind);
    e.severity = severity;
    e.title = title;
    e.actor = actor;
    return e;
}

// The store as the model sees it: pages filtered like the SQL does (incident, kinds, pinned only),
// answered asynchronously, and the pins of the incident.
struct FakeStore {
    QVector<Event> events; // any order
    QSet<qint64> pins;
    int pageRequests = 0;
    int pinRequests = 0;
    EventQuery lastQuery;

    void connectTo(TimelineModel& model)
    {
        QObject::connect(
            &model, &TimelineModel::fetchRequested, &model, [this, &model](quint64 id, const EventQuery& q) {
                ++pageRequests;
                lastQuery = q;
                QVector<Event> page;
                for (const Event& e : std::as_const(events)) {
                    if (q.incidentId != 0 && e.incidentId != q.incidentId)
                        continue;
                    if (!q.kinds.isEmpty() && !q.kinds.contains(e.kind))
                        continue;
                    if (q.pinnedOnly && !pins.contains(e.id))
                        continue;
                    page.append(e);
                }
                std::sort(page.begin(), page.end(), [](const Event& a, const Event& b) {
                    return a.timeMs != b.timeMs ? a.timeMs > b.timeMs : a.id > b.id;
                });
                QMetaObject::invokeMethod(
                    &model, [&model, id, page] { model.onEventsFetched(id, page, false); }, Qt::QueuedConnection);
            });
        QObject::connect(&model, &TimelineModel::pinsRequested, &model, [this, &model](quint64 id, qint64 incident) {
            ++pinRequests;
            QVector<qint64> ids(pins.cbegin(), pins.cend());
            std::sort(ids.begin(), ids.end());
            QMetaObject::invokeMethod(
                &model, [&model, id, incident, ids] { model.onPinsFetched(id, incident, ids); }, Qt::QueuedConnection);
        });
    }
};

QVector<Event> story()
{
    return {
        makeEvent(1, T0, "alert.firing", Severity::Critical, QStringLiteral("Disk | full on db-eu-1"),
            QStringLiteral("alertmanager")),
        makeEvent(2, T0 + 2 * Minute, "incident.status", Severity::Info, QStringLiteral("Acknowledged by alice"),
            QStringLiteral("alice")),
        makeEvent(3, T0 + 5 * Minute, "note", Severity::Info, QStringLiteral("Failing over to the replica"),
            QStringLiteral("alice")),
        makeEvent(4, T0 + 9 * Minute, "alert.resolved", Severity::Info, QStringLiteral("Disk full resolved"),
            QStringLiteral("alertmanager")),
    };
}

Incident incident(IncidentStatus status = IncidentStatus::Open)
{
    Incident i;
    i.id = 7;
    i.title = QStringLiteral("Disk almost full on db-eu-1");
    i.status = status;
    i.detectedMs = T0;
    return i;
}

QVector<OperatorIdentity> people()
{
    return { { QStringLiteral("alice"), QStringLiteral("Alice A."), Role::Commander },
        { QStringLiteral("bob"), QStringLiteral("bob"), Role::Responder },
        { QStringLiteral("vic"), QStringLiteral("Vic"), Role::Viewer } };
}

// Runs `act` once the next modal dialog is up (exec() blocks the test until it closes).
void whenModal(std::function<void(QWidget*)> act)
{
    auto* timer = new QTimer;
    timer->setInterval(10);
    QObject::connect(timer, &QTimer::timeout, [timer, act] {
        if (QWidget* modal = QApplication::activeModalWidget()) {
            timer->stop();
            timer->deleteLater();
            act(modal);
        }
    });
    timer->start();
}

struct Console {
    Console()
        : theme(Theme::lightTheme())
        , icons(theme)
        , session(people())
        , view(model, theme, icons)
        , commands(&view, &TimelineView::commandRequested)
    {
        store.events = story();
        store.connectTo(model);
        view.setOperatorSession(&session);
        view.resize(1000, 500);
    }
    bool load(IncidentStatus status = IncidentStatus::Open)
    {
        view.setIncident(incident(status));
        return QTest::qWaitFor([this] { return model.rowCount() == 4 && !model.isLoading(); });
    }
    IncidentCommand lastCommand() const { return commands.last().first().value<IncidentCommand>(); }

    Theme theme;
    IconProvider icons;
    FakeStore store;
    TimelineModel model;
    OperatorSession session;
    TimelineView view;
    QSignalSpy commands;
};

} // namespace

class TestTimelineCuration : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { registerMetaTypes(); }

    void pinsInTheModel()
    {
        FakeStore store;
        store.events = story();
        store.pins = { 3 };
        TimelineModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        store.connectTo(model);
        QSignalSpy pinRequests(&model, &TimelineModel::pinsRequested);

        EventQuery query;
        query.incidentId = 7;
        model.setFilter(query);
        QCOMPARE(pinRequests.size(), 1);
        QCOMPARE(pinRequests.first().at(1).value<qint64>(), qint64(7));
        QTRY_COMPARE(model.rowCount(), 4);
        QTRY_VERIFY(model.isPinned(3));
        const auto pinnedAt = [&](int row) { return model.index(row, 0).data(TimelineModel::PinnedRole).toBool(); };
        QCOMPARE(model.rowOfEvent(3), 1);
        QVERIFY(pinnedAt(1));
        QVERIFY(!pinnedAt(0));
        QVERIFY(model.index(1, TimelineModel::TitleColumn)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("Pinned")));

        // Live: a pin and an unpin of this incident arrive; a pin in another incident does not count.
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        CommittedBatch batch;
        batch.pins = { EventPin { 1, 7, true, QStringLiteral("bob"), T0 },
            EventPin { 3, 7, false, QStringLiteral("bob"), T0 }, EventPin { 2, 8, true, QStringLiteral("bob"), T0 } };
        model.onCommitted(batch);
        QVERIFY(model.isPinned(1));
        QVERIFY(!model.isPinned(3));
        QVERIFY(!model.isPinned(2));
        QCOMPARE(changed.size(), 2);
        QVERIFY(changed.first().at(2).value<QList<int>>().contains(TimelineModel::PinnedRole));

        // A pins answer that is not the latest is dropped; live changes made while one is in flight
        // survive its (older) answer.
        model.onPinsFetched(12345, 7, { 2, 4 });
        QVERIFY(!model.isPinned(4));
        store.pins = { 1 }; // what the store says before the pin of 4 is committed
        model.refresh();
        CommittedBatch during;
        during.pins = { EventPin { 4, 7, true, QStringLiteral("alice"), T0 } };
        model.onCommitted(during);
        QTRY_COMPARE(model.rowCount(), 4);
        QTRY_VERIFY(!model.isLoading());
        QTest::qWait(20);
        QVERIFY(model.isPinned(1));
        QVERIFY(model.isPinned(4));

        // Pinned only: the store's page holds the pinned rows; an unpin removes its row, a pin of an
        // event not loaded reloads.
        store.pins = { 1, 4 };
        query.pinnedOnly = true;
        model.setFilter(query);
        QTRY_COMPARE(model.rowCount(), 2);
        CommittedBatch unpin;
        unpin.pins = { EventPin { 4, 7, false, QStringLiteral("alice"), T0 } };
        model.onCommitted(unpin);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.eventAt(0).id, qint64(1));
        // New events are not pinned: they stay out.
        CommittedBatch live;
        live.events = { makeEvent(
            9, T0 + 20 * Minute, "note", Severity::Info, QStringLiteral("later"), QStringLiteral("bob")) };
        model.onCommitted(live);
        QTest::qWait(TimelineModel::ApplyIntervalMs * 3);
        QCOMPARE(model.rowCount(), 1);
        const int pagesBefore = store.pageRequests;
        store.pins = { 1, 2 };
        CommittedBatch pin;
        pin.pins = { EventPin { 2, 7, true, QStringLiteral("alice"), T0 } };
        model.onCommitted(pin);
        QCOMPARE(store.pageRequests, pagesBefore + 1);
        QTRY_COMPARE(model.rowCount(), 2);
    }

    void copyAsMarkdownGivesTheExactTable()
    {
        Console c;
        c.view.show();
        QVERIFY(QTest::qWaitForWindowActive(&c.view));
        QVERIFY(c.load());
        QTreeView* tree = c.view.tree();
        tree->setFocus();
        // Rows 0 (newest, 10:14) and 3 (10:05, the title with a pipe) selected; the two between not.
        QItemSelectionModel* selection = tree->selectionModel();
        selection->select(c.model.index(0, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        selection->select(c.model.index(3, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        QApplication::clipboard()->clear();
        QTest::keyClick(tree, Qt::Key_C, Qt::ControlModifier);
        const QString expected = QStringLiteral("| Time (UTC) | Kind | Severity | Source | Title | Actor |\n"
                                                "|---|---|---|---|---|---|\n"
                                                "| 2026-03-01 10:05:00 | alert.firing | critical | alertmanager | "
                                                "Disk \\| full on db-eu-1 | alertmanager |\n"
                                                "| 2026-03-01 10:14:00 | alert.resolved | info | alertmanager | "
                                                "Disk full resolved | alertmanager |\n");
        QCOMPARE(QApplication::clipboard()->text(), expected);
    }

    void jumpToTimeSelectsTheNearestEvent()
    {
        Console c;
        c.view.show();
        QVERIFY(QTest::qWaitForWindowActive(&c.view));
        QVERIFY(c.load());
        QSignalSpy selected(&c.view, &TimelineView::eventSelected);
        // 10:11 is a minute after the note (10:10) and three before the resolution (10:14).
        QCOMPARE(c.view.jumpToTime(T0 + 6 * Minute), c.model.rowOfEvent(3));
        QCOMPARE(c.view.tree()->currentIndex().row(), c.model.rowOfEvent(3));
        QCOMPARE(selected.last().first().value<Event>().id, qint64(3)); // what the charts mark

        // Through Ctrl+G and its dialog: 10:06:10 is nearest the acknowledgement at 10:07.
        c.view.tree()->setFocus();
        whenModal([](QWidget* dialog) {
            auto* edit = dialog->findChild<QDateTimeEdit*>(QStringLiteral("jumpTime"));
            QVERIFY(edit);
            edit->setDateTime(QDateTime::fromMSecsSinceEpoch(T0 + Minute + 10'000, Qt::UTC));
            qobject_cast<QDialog*>(dialog)->accept();
        });
        QTest::keyClick(c.view.tree(), Qt::Key_G, Qt::ControlModifier);
        QCOMPARE(c.view.tree()->currentIndex().row(), c.model.rowOfEvent(2));
        QCOMPARE(selected.last().first().value<Event>().id, qint64(2));
    }

    void statusButtonsFollowTheStatus_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("acknowledge");
        QTest::addColumn<bool>("mitigated");
        QTest::addColumn<bool>("resolve");
        QTest::addColumn<bool>("commander");
        QTest::newRow("open") << int(IncidentStatus::Open) << true << true << true << true;
        QTest::newRow("acknowledged") << int(IncidentStatus::Acknowledged) << false << true << true << true;
        QTest::newRow("mitigated") << int(IncidentStatus::Mitigated) << false << false << true << true;
        QTest::newRow("resolved") << int(IncidentStatus::Resolved) << false << false << false << false;
    }

    void statusButtonsFollowTheStatus()
    {
        QFETCH(int, status);
        Console c;
        c.session.signIn(QStringLiteral("alice"));
        QVERIFY(c.load(static_cast<IncidentStatus>(status)));
        IncidentActionBar* bar = c.view.actionBar();
        QTEST(bar->acknowledgeButton()->isEnabled(), "acknowledge");
        QTEST(bar->mitigatedButton()->isEnabled(), "mitigated");
        QTEST(bar->resolveButton()->isEnabled(), "resolve");
        QTEST(bar->commanderButton()->isEnabled(), "commander");
        QVERIFY(bar->noteButton()->isEnabled());
    }

    void buttonsAskTheEngineInTheSignedInName()
    {
        Console c;
        c.session.signIn(QStringLiteral("alice"));
        c.view.show();
        QVERIFY(QTest::qWaitForWindowActive(&c.view));
        QVERIFY(c.load());
        IncidentActionBar* bar = c.view.actionBar();

        bar->acknowledgeButton()->click();
        QCOMPARE(c.commands.size(), 1);
        IncidentCommand ack = c.lastCommand();
        QCOMPARE(ack.kind, IncidentCommand::Kind::Status);
        QCOMPARE(ack.status, IncidentStatus::Acknowledged);
        QCOMPARE(ack.actor, QStringLiteral("alice"));
        QCOMPARE(ack.incidentId, qint64(7));
        QCOMPARE(ack.incident, incident());

        // Resolve asks first; Cancel is the default and Escape answers it: nothing is asked for.
        QString defaultButton;
        whenModal([&defaultButton](QWidget* modal) {
            auto* box = qobject_cast<QMessageBox*>(modal);
            QVERIFY(box);
            defaultButton = box->defaultButton()->text();
            QTest::keyClick(box, Qt::Key_Escape);
        });
        bar->resolveButton()->click();
        QCOMPARE(defaultButton, QStringLiteral("Cancel"));
        QCOMPARE(c.commands.size(), 1);
        whenModal([](QWidget* modal) {
            auto* box = qobject_cast<QMessageBox*>(modal);
            QVERIFY(box);
            QTest::keyClick(box, Qt::Key_Return); // Enter takes the default: still Cancel
        });
        bar->resolveButton()->click();
        QCOMPARE(c.commands.size(), 1);
        whenModal([](QWidget* modal) {
            auto* box = qobject_cast<QMessageBox*>(modal);
            for (QAbstractButton* button : box->buttons()) {
                if (button->text() == QStringLiteral("Resolve"))
                    button->click();
            }
        });
        bar->resolveButton()->click();
        QCOMPARE(c.commands.size(), 2);
        QCOMPARE(c.lastCommand().status, IncidentStatus::Resolved);

        // Commander: take command, or hand it to someone on the roster.
        QMenu* menu = bar->commanderMenu();
        QMetaObject::invokeMethod(menu, "aboutToShow");
        QStringList labels;
        for (QAction* action : menu->actions()) {
            if (!action->isSeparator())
                labels << action->text();
        }
        QCOMPARE(labels,
            (QStringList { QStringLiteral("Take command (alice)"), QStringLiteral("Assign to Alice A. (alice)"),
                QStringLiteral("Assign to bob") }));
        menu->actions().constLast()->trigger();
        QCOMPARE(c.lastCommand().kind, IncidentCommand::Kind::Commander);
        QCOMPARE(c.lastCommand().text, QStringLiteral("bob"));
        QCOMPARE(c.lastCommand().actor, QStringLiteral("alice"));

        // N opens the note dialog; the whole multi-line text is sent.
        c.view.activateWindow(); // after the confirmations above (offscreen does not give it back)
        QVERIFY(QTest::qWaitForWindowActive(&c.view));
        QVERIFY(c.view.noteAction()->isEnabled());
        c.view.tree()->setFocus();
        whenModal([](QWidget* modal) {
            auto* text = modal->findChild<QPlainTextEdit*>(QStringLiteral("noteText"));
            QVERIFY(text);
            text->setPlainText(QStringLiteral("Failing over\nbecause the disk is full"));
            QTest::keyClick(text, Qt::Key_Return, Qt::ControlModifier);
        });
        QTest::keyClick(c.view.tree(), Qt::Key_N);
        QCOMPARE(c.lastCommand().kind, IncidentCommand::Kind::Note);
        QCOMPARE(c.lastCommand().text, QStringLiteral("Failing over\nbecause the disk is full"));

        // P pins the selected rows; with all of them pinned it unpins. (Offscreen, a closed dialog
        // does not hand activation back to the window by itself.)
        c.view.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&c.view));
        c.view.tree()->setCurrentIndex(c.model.index(c.model.rowOfEvent(3), 0));
        QTest::keyClick(c.view.tree(), Qt::Key_P);
        QCOMPARE(c.lastCommand().kind, IncidentCommand::Kind::Pin);
        QCOMPARE(c.lastCommand().eventId, qint64(3));
        CommittedBatch pinned;
        pinned.pins = { EventPin { 3, 7, true, QStringLiteral("alice"), T0 } };
        c.model.onCommitted(pinned);
        QTest::keyClick(c.view.tree(), Qt::Key_P);
        QCOMPARE(c.lastCommand().kind, IncidentCommand::Kind::Unpin);

        // Clicking the star of a row toggles its pin too.
        const int count = int(c.commands.size());
        const QRect cell = c.view.tree()->visualRect(c.model.index(c.model.rowOfEvent(1), TimelineModel::TimeColumn));
        QTest::mouseClick(c.view.tree()->viewport(), Qt::LeftButton, {}, TimelineDelegate::starRect(cell).center());
        QCOMPARE(c.commands.size(), count + 1);
        QCOMPARE(c.lastCommand().kind, IncidentCommand::Kind::Pin);
        QCOMPARE(c.lastCommand().eventId, qint64(1));
    }

    void nobodySignedInCanDoNothing()
    {
        Console c;
        c.view.show();
        QVERIFY(QTest::qWaitForWindowActive(&c.view));
        QVERIFY(c.load());
        IncidentActionBar* bar = c.view.actionBar();
        for (QPushButton* button : { bar->acknowledgeButton(), bar->mitigatedButton(), bar->resolveButton(),
                 bar->commanderButton(), bar->noteButton() }) {
            QVERIFY(!button->isEnabled());
            QCOMPARE(button->toolTip(), QStringLiteral("Sign in to act"));
        }
        c.view.tree()->setCurrentIndex(c.model.index(0, 0));
        QVERIFY(!c.view.pinAction()->isEnabled());
        QVERIFY(!c.view.noteAction()->isEnabled());
        QVERIFY(c.view.copyAction()->isEnabled()); // reading is for everyone
        QTest::keyClick(c.view.tree(), Qt::Key_P);
        QTest::keyClick(c.view.tree(), Qt::Key_N);
        const QRect cell = c.view.tree()->visualRect(c.model.index(0, TimelineModel::TimeColumn));
        QTest::mouseClick(c.view.tree()->viewport(), Qt::LeftButton, {}, TimelineDelegate::starRect(cell).center());
        bar->acknowledgeButton()->click();
        QCOMPARE(c.commands.size(), 0);

        // A viewer may look, not change.
        c.session.signIn(QStringLiteral("vic"));
        QVERIFY(!bar->acknowledgeButton()->isEnabled());
        QCOMPARE(bar->acknowledgeButton()->toolTip(),
            QStringLiteral("vic is a viewer: responders and commanders curate incidents"));
        c.session.signIn(QStringLiteral("bob"));
        QVERIFY(bar->acknowledgeButton()->isEnabled());
        QVERIFY(c.view.pinAction()->isEnabled());
        c.session.signOut();
        QVERIFY(!bar->acknowledgeButton()->isEnabled());
        QVERIFY(!c.view.pinAction()->isEnabled());
    }

    void filtersAreKeptPerUser()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("firebreak.ini")), QSettings::IniFormat);
        Console c;
        c.view.setSettings(&settings);
        QVERIFY(c.load());
        TimelineFilterBar* bar = c.view.filterBar();
        const auto check = [](QPushButton* button, const QString& value) {
            for (QAction* action : button->menu()->actions()) {
                if (action->isCheckable() && action->data().toString() == value) {
                    action->trigger();
                    return true;
                }
            }
            return false;
        };

        c.session.signIn(QStringLiteral("alice"));
        QVERIFY(check(bar->kindButton(), QStringLiteral("alert.firing")));
        bar->pinnedButton()->click();
        bar->searchBox()->setText(QStringLiteral("disk"));
        QTest::keyClick(bar->searchBox(), Qt::Key_Return);
        QCOMPARE(c.model.filter().kinds, QStringList { QStringLiteral("alert.firing") });
        QVERIFY(c.model.filter().pinnedOnly);
        QCOMPARE(c.model.filter().text, QStringLiteral("disk"));

        // Bob starts from no filters, and sets his own.
        c.session.signIn(QStringLiteral("bob"));
        QCOMPARE(bar->criteria().kinds, QStringList {});
        QVERIFY(!bar->criteria().pinnedOnly);
        QCOMPARE(bar->searchBox()->text(), QString());
        QCOMPARE(c.model.filter().kinds, QStringList {});
        QVERIFY(check(bar->severityButton(), QStringLiteral("critical")));
        QCOMPARE(c.model.filter().severities, QVector<Severity> { Severity::Critical });

        // Alice again: hers are back, on screen and in the model's query.
        c.session.signIn(QStringLiteral("alice"));
        QCOMPARE(bar->criteria().kinds, QStringList { QStringLiteral("alert.firing") });
        QVERIFY(bar->pinnedButton()->isChecked());
        QCOMPARE(bar->searchBox()->text(), QStringLiteral("disk"));
        QCOMPARE(bar->criteria().severities, QVector<Severity> {});
        QCOMPARE(c.model.filter().kinds, QStringList { QStringLiteral("alert.firing") });
        QVERIFY(c.model.filter().pinnedOnly);
        QCOMPARE(c.store.lastQuery.text, QStringLiteral("disk"));

        // Nobody signed in has a key of their own; the file holds each person's filters.
        c.session.signOut();
        QCOMPARE(bar->criteria().kinds, QStringList {});
        QVERIFY(check(bar->kindButton(), QStringLiteral("note")));
        settings.sync();
        QSettings reread(dir.filePath(QStringLiteral("firebreak.ini")), QSettings::IniFormat);
        QCOMPARE(reread.value(QStringLiteral("timeline/filters/alice/kinds")).toStringList(),
            QStringList { QStringLiteral("alert.firing") });
        QCOMPARE(reread.value(QStringLiteral("timeline/filters/bob/severities")).toStringList(),
            QStringList { QStringLiteral("critical") });
        QCOMPARE(reread.value(QStringLiteral("timeline/filters/_anonymous/kinds")).toStringList(),
            QStringList { QStringLiteral("note") });
    }
};

QTEST_MAIN(TestTimelineCuration)
#include "tst_timelinecuration.moc"
