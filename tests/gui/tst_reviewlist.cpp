// The list of all reviews against a real store: searching finds a review by a word in its lessons
// (debounced, with the match shown), the status filters narrow it, Enter and a double-click open the
// right incident's review, and a review saved elsewhere appears without a refresh. With
// FIREBREAK_GRAB_DIR set, the list is saved as PNGs (light and dark) to look at.
#include "domain/metatypes.h"
#include "itemmodels/reviewlistmodel.h"
#include "reviewlistfixture.h"
#include "reviews/reviewlistview.h"
#include "store/storewriter.h"
#include "style/theme.h"
#include "threadedstore.h"

#include <QApplication>
#include <QComboBox>
#include <QDateTime>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace firebreak;

namespace {

QList<qint64> shownIncidents(const ReviewListView& view)
{
    QList<qint64> ids;
    const QAbstractItemModel* model = view.treeView()->model();
    for (int row = 0; row < model->rowCount(); ++row)
        ids.append(model->index(row, 0).data(ReviewListModel::IncidentIdRole).toLongLong());
    return ids;
}

void grab(QWidget* widget, const QString& name)
{
    const QString dir = qEnvironmentVariable("FIREBREAK_GRAB_DIR");
    if (dir.isEmpty())
        return;
    QCoreApplication::processEvents();
    QVERIFY(widget->grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png")));
}

} // namespace

class TstReviewList : public QObject {
    Q_OBJECT
private:
    Theme m_theme = Theme::lightTheme();
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ThreadedStore> m_store;
    qint64 m_now = 0;

private Q_SLOTS:
    void initTestCase()
    {
        registerMetaTypes();
        m_theme.applyTo(*qApp);
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_store = std::make_unique<ThreadedStore>(m_dir->filePath(QStringLiteral("firebreak.db")));
        QVERIFY(m_store->isOpen());
        m_now = QDateTime::currentMSecsSinceEpoch();
        QVERIFY(!m_store->commit(ReviewListFixture::batch(m_now)).reviews.isEmpty());
    }

    void cleanup()
    {
        m_store.reset();
        m_dir.reset();
    }

    void searchFindsAReviewByAWordInItsLessons()
    {
        ReviewListView view(m_store->reader(), m_theme);
        view.resize(1000, 320);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QTRY_VERIFY(view.model()->isLoaded());
        QCOMPARE(shownIncidents(view), (QList<qint64> { 6, 1, 2 }));
        QCOMPARE(view.countLabel()->text(), QStringLiteral("3 reviews"));
        QVERIFY(view.treeView()->isColumnHidden(ReviewListModel::MatchColumn));
        QCOMPARE(view.model()->index(1, ReviewListModel::ActionItemsColumn).data().toString(),
            QStringLiteral("2 open · 1 overdue"));
        QCOMPARE(view.model()->index(1, ReviewListModel::ReviewColumn).data().toString(), QStringLiteral("draft"));
        QCOMPARE(view.model()->index(0, ReviewListModel::ReviewColumn).data().toString(), QStringLiteral("no review"));
        grab(&view, QStringLiteral("reviewlist"));

        QSignalSpy requested(view.model(), &ReviewListModel::fetchRequested);
        view.searchField()->setFocus();
        QTest::keyClicks(view.searchField(), QStringLiteral("stor*"));
        // Typing five characters asks once, after the pause.
        QTRY_COMPARE(shownIncidents(view), QList<qint64> { 1 });
        QCOMPARE(requested.size(), 1);
        QCOMPARE(requested.first().at(1).toString(), QStringLiteral("stor*"));
        QCOMPARE(view.countLabel()->text(), QStringLiteral("1 review matches 'stor*'"));
        QVERIFY(!view.treeView()->isColumnHidden(ReviewListModel::MatchColumn));
        const QString snippet = view.model()->index(0, ReviewListModel::MatchColumn).data().toString();
        QVERIFY2(snippet.contains(QStringLiteral("«storage»")), qPrintable(snippet));
        grab(&view, QStringLiteral("reviewlist-search"));

        view.searchField()->setText(QStringLiteral("kubernetes"));
        QTRY_VERIFY(view.placeholder()->isVisible());
        QVERIFY(view.placeholder()->text().contains(QStringLiteral("No review matches 'kubernetes'")));
        QCOMPARE(view.countLabel()->text(), QStringLiteral("0 reviews match 'kubernetes'"));
    }

    void statusFiltersNarrowTheList()
    {
        ReviewListView view(m_store->reader(), m_theme);
        view.resize(1000, 320);
        view.show();
        QTRY_VERIFY(view.model()->isLoaded());
        const QList<std::pair<QString, QList<qint64>>> cases {
            { QStringLiteral("draft"), { 1 } },
            { QStringLiteral("final"), { 2 } },
            { QStringLiteral("overdue"), { 1 } },
            { QStringLiteral("missing"), { 6, 5, 3 } },
            { QString(), { 6, 1, 2 } },
        };
        QStringList labels;
        for (const auto& [code, expected] : cases) {
            view.setStatusFilter(code);
            QCOMPARE(view.statusFilter()->currentData().toString(), code);
            QTRY_COMPARE(view.model()->statusFilter(), code);
            QTRY_COMPARE(shownIncidents(view), expected);
            labels.append(view.countLabel()->text());
        }
        QCOMPARE(labels,
            QStringList({ QStringLiteral("1 draft"), QStringLiteral("1 final review"),
                QStringLiteral("1 review with overdue action items"),
                QStringLiteral("3 closed incidents without a review"), QStringLiteral("3 reviews") }));
        // A filter and a search together.
        view.setStatusFilter(QStringLiteral("final"));
        view.searchField()->setText(QStringLiteral("storage"));
        QTRY_COMPARE(view.model()->text(), QStringLiteral("storage"));
        QTRY_VERIFY(shownIncidents(view).isEmpty());
        QVERIFY(view.placeholder()->isVisible());
    }

    void enterAndDoubleClickOpenTheReview()
    {
        ReviewListView view(m_store->reader(), m_theme);
        view.resize(1000, 320);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QTRY_VERIFY(view.model()->isLoaded());
        QSignalSpy open(&view, &ReviewListView::openReview);
        QTreeView* tree = view.treeView();
        tree->setFocus();
        tree->setCurrentIndex(tree->model()->index(2, 0));
        QTest::keyClick(tree, Qt::Key_Return);
        QCOMPARE(open.size(), 1);
        QCOMPARE(open.first().first().toLongLong(), 2);
        const QPoint centre = tree->visualRect(tree->model()->index(1, ReviewListModel::IncidentColumn)).center();
        QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, centre);
        QCOMPARE(open.size(), 1); // a click only selects
        QTest::mouseDClick(tree->viewport(), Qt::LeftButton, {}, centre);
        QCOMPARE(open.size(), 2);
        QCOMPARE(open.last().first().toLongLong(), 1);
    }

    void aReviewSavedElsewhereAppearsLive()
    {
        ReviewListView view(m_store->reader(), m_theme);
        QObject::connect(m_store->writer(), &StoreWriter::committed, &view, &ReviewListView::onCommitted);
        view.resize(1000, 320);
        view.show();
        QTRY_VERIFY(view.model()->isLoaded());
        view.setStatusFilter(QStringLiteral("missing"));
        QTRY_COMPARE(shownIncidents(view), (QList<qint64> { 6, 5, 3 }));
        view.treeView()->setCurrentIndex(view.treeView()->model()->index(0, 0));

        Review review;
        review.incidentId = 3;
        review.author = QStringLiteral("carol");
        review.updatedMs = m_now;
        review.lessons = QStringLiteral("Renew certificates a month ahead.");
        m_store->commit(WriteBatch { .reviews = { review } });
        // Incident #3 has a review now: it leaves the "missing" list...
        QTRY_COMPARE(shownIncidents(view), (QList<qint64> { 6, 5 }));
        QCOMPARE(view.treeView()->currentIndex().data(ReviewListModel::IncidentIdRole).toLongLong(), 6);
        // ...and is first among all reviews, as the latest saved.
        view.setStatusFilter(QString());
        QTRY_COMPARE(shownIncidents(view), (QList<qint64> { 3, 6, 1, 2 }));
        QCOMPARE(view.model()->index(0, ReviewListModel::AuthorColumn).data().toString(), QStringLiteral("carol"));
        QCOMPARE(view.model()->index(0, ReviewListModel::VersionColumn).data().toString(), QStringLiteral("v1"));

        // A new action item that is overdue changes the row in place.
        ActionItem late;
        late.incidentId = 3;
        late.title = QStringLiteral("Alert 30 days before expiry");
        late.dueMs = m_now - ReviewListFixture::DayMs;
        late.updatedMs = m_now - 1;
        late.author = QStringLiteral("carol");
        QSignalSpy reset(view.model(), &QAbstractItemModel::modelReset);
        m_store->commit(WriteBatch { .actionItems = { late } });
        QTRY_COMPARE(view.model()->index(0, ReviewListModel::ActionItemsColumn).data().toString(),
            QStringLiteral("1 open · 1 overdue"));
        QCOMPARE(reset.size(), 0);
    }

    void darkThemeLooksRight()
    {
        if (qEnvironmentVariable("FIREBREAK_GRAB_DIR").isEmpty())
            QSKIP("only grabs the dark list for a person to look at (FIREBREAK_GRAB_DIR)");
        const Theme dark = Theme::darkTheme();
        dark.applyTo(*qApp);
        ReviewListView view(m_store->reader(), dark);
        view.resize(1000, 320);
        view.show();
        QTRY_VERIFY(view.model()->isLoaded());
        view.treeView()->setCurrentIndex(view.treeView()->model()->index(2, 0));
        grab(&view, QStringLiteral("reviewlist-dark"));
        m_theme.applyTo(*qApp);
    }
};

QTEST_MAIN(TstReviewList)
#include "tst_reviewlist.moc"
