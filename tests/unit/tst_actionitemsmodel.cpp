// The action items table, the review timeline table, the review list and the import candidates under
// QAbstractItemModelTester; overdue judged by a test clock (due at the end of the due day, UTC);
// edits asked for, not applied, until the store has them; bad titles and links refused with a reason.
#include "domain/metatypes.h"
#include "interfaces/clock.h"
#include "itemmodels/actionitemsmodel.h"
#include "itemmodels/reviewimportcandidatesmodel.h"
#include "itemmodels/reviewimportfilter.h"
#include "itemmodels/reviewlistmodel.h"
#include "itemmodels/reviewtimelinemodel.h"
#include "store/writebatch.h"

#include <QAbstractItemModelTester>
#include <QColor>
#include <QSignalSpy>
#include <QTest>

using namespace firebreak;

namespace {

constexpr qint64 HourMs = 3'600'000;
constexpr qint64 DayMs = 24 * HourMs;

class TestClock final : public Clock {
public:
    qint64 nowMs() const override { return now; }
    qint64 now = 0;
};

ActionItem item(qint64 id, const QString& title, qint64 dueMs, ActionItemStatus status = ActionItemStatus::Open)
{
    ActionItem out;
    out.id = id;
    out.incidentId = 7;
    out.title = title;
    out.owner = QStringLiteral("bob");
    out.dueMs = dueMs;
    out.status = status;
    return out;
}

const QDate DueDay(2026, 9, 21);

} // namespace

class TstActionItemsModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { registerMetaTypes(); }

    void dueDateIsTheEndOfTheDayInUtc()
    {
        const qint64 due = ActionItemsModel::dueMsOf(DueDay);
        QCOMPARE(QDateTime::fromMSecsSinceEpoch(due, Qt::UTC), QDateTime(DueDay, QTime(23, 59, 59, 999), Qt::UTC));
        QCOMPARE(ActionItemsModel::dueDate(due), DueDay);
        QCOMPARE(ActionItemsModel::dueMsOf(QDate()), 0);
        QVERIFY(!ActionItemsModel::dueDate(0).isValid());
        QCOMPARE(ActionItemsModel::overdueText(3 * DayMs + 5 * HourMs), QStringLiteral("overdue 3 d"));
        QCOMPARE(ActionItemsModel::overdueText(5 * HourMs + 1), QStringLiteral("overdue 5 h"));
        QCOMPARE(ActionItemsModel::overdueText(10), QStringLiteral("overdue 1 h"));
    }

    void overdueFollowsTheClock()
    {
        TestClock clock;
        const qint64 due = ActionItemsModel::dueMsOf(DueDay);
        clock.now = due - HourMs; // late on the due day: not overdue yet
        ActionItemsModel model(clock);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QColor danger(0xaa, 0x11, 0x22);
        const QColor muted(0x55, 0x55, 0x55);
        model.setColors(danger, muted);
        model.setItems(7,
            { item(1, QStringLiteral("Alert at 80%"), due), item(2, QStringLiteral("No date"), 0),
                item(3, QStringLiteral("Done late"), due, ActionItemStatus::Done) });
        QCOMPARE(model.rowCount(), 3);
        const QModelIndex dueCell = model.index(0, ActionItemsModel::DueColumn);
        QCOMPARE(dueCell.data().toString(), QStringLiteral("2026-09-21"));
        QVERIFY(!dueCell.data(ActionItemsModel::OverdueRole).toBool());
        QVERIFY(!dueCell.data(Qt::ForegroundRole).isValid());
        QCOMPARE(model.overdueCount(), 0);

        clock.now = due + 3 * DayMs + HourMs;
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.refreshOverdue();
        QCOMPARE(changed.size(), 1);
        QVERIFY(dueCell.data(ActionItemsModel::OverdueRole).toBool());
        QCOMPARE(dueCell.data().toString(), QStringLiteral("2026-09-21 · overdue 3 d"));
        QCOMPARE(dueCell.data(Qt::ForegroundRole).value<QColor>(), danger);
        QCOMPARE(model.index(0, ActionItemsModel::TitleColumn).data(Qt::ForegroundRole).value<QColor>(), danger);
        QVERIFY(dueCell.data(Qt::ToolTipRole).toString().contains(QStringLiteral("overdue 3 d and still open")));
        // No due date is never overdue; a done item is not overdue, only muted.
        QVERIFY(!model.index(1, ActionItemsModel::DueColumn).data(ActionItemsModel::OverdueRole).toBool());
        QVERIFY(!model.index(2, ActionItemsModel::DueColumn).data(ActionItemsModel::OverdueRole).toBool());
        QCOMPARE(model.index(2, ActionItemsModel::TitleColumn).data(Qt::ForegroundRole).value<QColor>(), muted);
        QCOMPARE(model.openCount(), 2);
        QCOMPARE(model.overdueCount(), 1);
    }

    void editsAreAskedForAndAppliedOnlyWhenStored()
    {
        TestClock clock;
        ActionItemsModel model(clock);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setItems(7, { item(1, QStringLiteral("Alert at 80%"), 0) });
        const QModelIndex owner = model.index(0, ActionItemsModel::OwnerColumn);
        QVERIFY(!(model.flags(owner) & Qt::ItemIsEditable));
        QVERIFY(!model.setData(owner, QStringLiteral("carol"))); // read only until told otherwise
        model.setEditable(true);
        QVERIFY(model.flags(owner) & Qt::ItemIsEditable);

        QSignalSpy requested(&model, &ActionItemsModel::editRequested);
        QSignalSpy rejected(&model, &ActionItemsModel::editRejected);
        QVERIFY(model.setData(owner, QStringLiteral("  carol ")));
        QCOMPARE(requested.size(), 1);
        const auto before = requested.first().at(0).value<ActionItem>();
        const auto after = requested.first().at(1).value<ActionItem>();
        QCOMPARE(before.owner, QStringLiteral("bob"));
        QCOMPARE(after.owner, QStringLiteral("carol"));
        QCOMPARE(owner.data().toString(), QStringLiteral("bob")); // not stored yet

        QVERIFY(model.setData(model.index(0, ActionItemsModel::DueColumn), DueDay));
        QCOMPARE(requested.last().at(1).value<ActionItem>().dueMs, ActionItemsModel::dueMsOf(DueDay));
        QVERIFY(model.setData(model.index(0, ActionItemsModel::StatusColumn), QStringLiteral("done")));
        QCOMPARE(requested.last().at(1).value<ActionItem>().status, ActionItemStatus::Done);
        QVERIFY(model.setData(
            model.index(0, ActionItemsModel::LinkColumn), QStringLiteral("https://tickets.example/OPS-1")));
        QCOMPARE(requested.size(), 4);
        QVERIFY(!model.setData(owner, QStringLiteral("bob"))); // unchanged: nothing to ask

        QVERIFY(!model.setData(model.index(0, ActionItemsModel::TitleColumn), QStringLiteral("   ")));
        QVERIFY(!model.setData(model.index(0, ActionItemsModel::LinkColumn), QStringLiteral("javascript:alert(1)")));
        QVERIFY(!model.setData(model.index(0, ActionItemsModel::LinkColumn), QStringLiteral("file:///etc/passwd")));
        QVERIFY(!model.setData(model.index(0, ActionItemsModel::StatusColumn), QStringLiteral("finished")));
        QCOMPARE(requested.size(), 4);
        QCOMPARE(rejected.size(), 4);
        QVERIFY(rejected.at(0).at(0).toString().contains(QStringLiteral("needs a title")));
        QVERIFY(rejected.at(1).at(0).toString().contains(QStringLiteral("http:// or https://")));

        // The store answers: the row changes, new rows of this incident arrive in id order, others are ignored.
        ActionItem stored = after;
        stored.author = QStringLiteral("carol");
        ActionItem other = item(9, QStringLiteral("Elsewhere"), 0);
        other.incidentId = 8;
        model.apply({ stored, item(5, QStringLiteral("Later"), 0), item(3, QStringLiteral("Between"), 0), other });
        QCOMPARE(owner.data().toString(), QStringLiteral("carol"));
        QCOMPARE(model.itemAt(0).author, QString()); // as a read shows it
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.itemAt(1).id, 3);
        QCOMPARE(model.itemAt(2).id, 5);
        ActionItem removed = model.itemAt(1);
        removed.removed = true;
        model.apply({ removed });
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.rowOfItem(3), -1);
        QCOMPARE(model.rowOfItem(5), 1);
    }

    void linksMustBeWebAddresses_data()
    {
        QTest::addColumn<QString>("link");
        QTest::addColumn<bool>("acceptable");
        QTest::newRow("empty") << QString() << true;
        QTest::newRow("https") << QStringLiteral("https://tickets.example/OPS-1") << true;
        QTest::newRow("http") << QStringLiteral("http://wiki.local/page?x=1") << true;
        QTest::newRow("no scheme") << QStringLiteral("tickets.example/OPS-1") << false;
        QTest::newRow("javascript") << QStringLiteral("javascript:alert(1)") << false;
        QTest::newRow("file") << QStringLiteral("file:///etc/passwd") << false;
        QTest::newRow("no host") << QStringLiteral("https://") << false;
    }
    void linksMustBeWebAddresses()
    {
        QFETCH(QString, link);
        QFETCH(bool, acceptable);
        QCOMPARE(ActionItemsModel::isAcceptableLink(link), acceptable);
    }

    void timelineRowsStaySortedAndOnlyTheTextIsEditable()
    {
        ReviewTimelineModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setEntries(7,
            { ReviewTimelineEntry { 2, 7, 2000, QStringLiteral("alert fired"), 41 },
                ReviewTimelineEntry { 1, 7, 1000, QStringLiteral("deploy"), 0 } });
        QCOMPARE(model.entryAt(0).id, 1);
        QCOMPARE(
            model.index(0, ReviewTimelineModel::TimeColumn).data().toString(), QStringLiteral("1970-01-01 00:00:01"));
        QCOMPARE(model.index(1, ReviewTimelineModel::SourceColumn).data().toString(), QStringLiteral("event #41"));
        QCOMPARE(model.index(0, ReviewTimelineModel::SourceColumn).data().toString(), QStringLiteral("typed"));
        QCOMPARE(model.importedEventIds(), QSet<qint64> { 41 });
        model.setEditable(true);
        QVERIFY(model.flags(model.index(0, ReviewTimelineModel::TextColumn)) & Qt::ItemIsEditable);
        QVERIFY(!(model.flags(model.index(0, ReviewTimelineModel::TimeColumn)) & Qt::ItemIsEditable));
        QSignalSpy requested(&model, &ReviewTimelineModel::editRequested);
        QVERIFY(model.setData(model.index(1, ReviewTimelineModel::TextColumn), QStringLiteral("alert fired at 80%")));
        QCOMPARE(requested.first().at(1).value<ReviewTimelineEntry>().text, QStringLiteral("alert fired at 80%"));
        QVERIFY(!model.setData(model.index(1, ReviewTimelineModel::TextColumn), QString()));

        // A stored row moved in time is moved in the table; a new one lands in order; a removed one goes.
        model.apply({ ReviewTimelineEntry { 1, 7, 3000, QStringLiteral("deploy"), 0 },
            ReviewTimelineEntry { 5, 7, 1500, QStringLiteral("typed note"), 0 } });
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.entryAt(0).id, 5);
        QCOMPARE(model.entryAt(1).id, 2);
        QCOMPARE(model.entryAt(2).id, 1);
        model.apply({ ReviewTimelineEntry { 2, 7, 2000, QString(), 41, true } });
        QCOMPARE(model.rowCount(), 2);
        QVERIFY(model.importedEventIds().isEmpty());
    }

    void importCandidatesStartWithThePinnedOnesAndNeverTheImported()
    {
        ReviewImportCandidatesModel model;
        ReviewImportFilter filter;
        filter.setSourceModel(&model);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester filterTester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const auto candidate = [](qint64 eventId, const QString& kind, const QString& text, bool pinned) {
            return ReviewTimelineCandidate { ReviewTimelineEntry { 0, 7, eventId * 1000, text, eventId }, pinned,
                kind };
        };
        model.setCandidates({ candidate(1, QStringLiteral("alert.firing"), QStringLiteral("DiskFull fired"), true),
                                candidate(2, QStringLiteral("change.deploy"), QStringLiteral("deploy 42"), false),
                                candidate(3, QStringLiteral("note"), QStringLiteral("looked at disk"), true) },
            { 3 });
        QCOMPARE(model.index(0, 0).data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
        QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("★"));
        QCOMPARE(model.index(1, 0).data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
        QVERIFY(!model.index(2, 0).data(Qt::CheckStateRole).isValid()); // already imported: no checkbox
        QVERIFY(!(model.flags(model.index(2, 0)) & Qt::ItemIsUserCheckable));
        QVERIFY(!model.setData(model.index(2, 0), Qt::Checked, Qt::CheckStateRole));
        QCOMPARE(model.checkedCount(), 1);
        QVERIFY(model.setData(model.index(1, 0), Qt::Checked, Qt::CheckStateRole));
        QCOMPARE(model.checkedEntries().size(), 2);
        QCOMPARE(model.checkedEntries().at(1).sourceEventId, 2);

        filter.setKinds({ QStringLiteral("change.deploy") });
        QCOMPARE(filter.rowCount(), 1);
        filter.setKinds({});
        filter.setText(QStringLiteral("disk"));
        QCOMPARE(filter.rowCount(), 2);
        filter.setText(QStringLiteral("disk fired"));
        QCOMPARE(filter.rowCount(), 1);
    }

    void reviewListUpdatesInPlaceWhenTheSameReviewsComeBack()
    {
        ReviewListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy requested(&model, &ReviewListModel::fetchRequested);
        model.setQuery(QStringLiteral("disk*"), QStringLiteral("draft"));
        QCOMPARE(requested.size(), 1);
        QCOMPARE(requested.first().at(1).toString(), QStringLiteral("disk*"));
        QCOMPARE(requested.first().at(2).toString(), QStringLiteral("draft"));
        const quint64 id = requested.first().at(0).toULongLong();
        ReviewListEntry entry;
        entry.incidentId = 1;
        entry.incidentTitle = QStringLiteral("Disk full");
        entry.hasReview = true;
        entry.version = 2;
        entry.openActionItems = 2;
        entry.overdueActionItems = 1;
        model.onReviewListFetched(id + 1, { entry }); // someone else's answer
        QCOMPARE(model.rowCount(), 0);
        model.onReviewListFetched(id, { entry });
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(
            model.index(0, ReviewListModel::ActionItemsColumn).data().toString(), QStringLiteral("2 open · 1 overdue"));
        QCOMPARE(model.index(0, ReviewListModel::VersionColumn).data().toString(), QStringLiteral("v2"));

        // A committed review asks again (after a short delay); the same row comes back changed.
        CommittedBatch saved;
        saved.reviews = { Review {} };
        model.onCommitted(saved);
        QTRY_COMPARE(requested.size(), 2);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        entry.version = 3;
        model.onReviewListFetched(requested.last().at(0).toULongLong(), { entry });
        QCOMPARE(reset.size(), 0);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(model.index(0, ReviewListModel::VersionColumn).data().toString(), QStringLiteral("v3"));
        QCOMPARE(ReviewListModel::actionItemsText(0, 0), QString());
        QCOMPARE(ReviewListModel::actionItemsText(3, 0), QStringLiteral("3 open"));
    }
};

QTEST_GUILESS_MAIN(TstActionItemsModel)
#include "tst_actionitemsmodel.moc"
