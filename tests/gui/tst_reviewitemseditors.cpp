// The review's action items, timeline and verdicts editors against a real store (writer and reader
// each on their own thread, as in the console): an added action item is stored under the signed-in
// person and audited; the clock makes it overdue and it turns the danger colour; Ctrl+Z stores the
// previous value again; the import dialog starts with the pinned events and never duplicates a row;
// a verdict click is stored; nobody signed in means read only. With FIREBREAK_GRAB_DIR set, each
// editor is also saved as a PNG to look at.
#include "audit/auditchain.h"
#include "domain/metatypes.h"
#include "interfaces/clock.h"
#include "itemmodels/actionitemsmodel.h"
#include "itemmodels/reviewimportcandidatesmodel.h"
#include "itemmodels/reviewtimelinemodel.h"
#include "reviewlistfixture.h"
#include "reviews/actionitemdelegate.h"
#include "reviews/actionitemseditor.h"
#include "reviews/reviewtimelineeditor.h"
#include "reviews/reviewtimelineimportdialog.h"
#include "reviews/verdictseditor.h"
#include "roster/operatorsession.h"
#include "store/database.h"
#include "store/reviewqueries.h"
#include "store/storequeries.h"
#include "style/theme.h"
#include "threadedstore.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDesktopServices>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace firebreak;

namespace {

class TestClock final : public Clock {
public:
    qint64 nowMs() const override { return now; }
    qint64 now = 0;
};

// Reads the store on the test's thread, as a person checking the file would.
class Probe {
public:
    explicit Probe(const QString& path) { Database::open(QStringLiteral("probe"), path, Database::Mode::ReadOnly); }
    ~Probe() { Database::close(QStringLiteral("probe")); }
    QVector<ActionItem> items(qint64 incidentId) const
    {
        QSqlDatabase db = Database::connection(QStringLiteral("probe"));
        QString error;
        return ReviewQueries::actionItems(db, incidentId, &error);
    }
    QVector<ReviewTimelineEntry> timeline(qint64 incidentId) const
    {
        QSqlDatabase db = Database::connection(QStringLiteral("probe"));
        QString error;
        return ReviewQueries::timeline(db, incidentId, &error);
    }
    QVector<ReviewVerdict> verdicts(qint64 incidentId) const
    {
        QSqlDatabase db = Database::connection(QStringLiteral("probe"));
        QString error;
        return ReviewQueries::verdicts(db, incidentId, &error);
    }
    QVector<AuditEntry> audit() const
    {
        QSqlDatabase db = Database::connection(QStringLiteral("probe"));
        QString error;
        return StoreQueries::auditEntries(db, &error);
    }
};

std::optional<ActionItem> itemTitled(const QVector<ActionItem>& items, const QString& title)
{
    for (const ActionItem& item : items) {
        if (item.title == title)
            return item;
    }
    return std::nullopt;
}

int rowTitled(const ActionItemsModel* model, const QString& title)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->itemAt(row).title == title)
            return row;
    }
    return -1;
}

void grab(QWidget* widget, const QString& name)
{
    const QString dir = qEnvironmentVariable("FIREBREAK_GRAB_DIR");
    if (dir.isEmpty())
        return;
    QCoreApplication::processEvents();
    QVERIFY(widget->grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png")));
}

// Edits `index` in `view` through its delegate's editor and commits it with Enter.
template <typename Editor, typename Set> void editCell(QTreeView* view, const QModelIndex& index, Set set)
{
    view->setFocus();
    view->setCurrentIndex(index);
    view->edit(index);
    Editor* editor = view->viewport()->findChild<Editor*>();
    QVERIFY(editor);
    set(editor);
    QTest::keyClick(editor, Qt::Key_Return);
}

// Stands in for the browser: QDesktopServices hands it the web links the console opens.
class UrlCatcher : public QObject {
    Q_OBJECT
public:
    QList<QUrl> opened;
public Q_SLOTS:
    void open(const QUrl& url) { opened.append(url); }
};

} // namespace

class TstReviewItemsEditors : public QObject {
    Q_OBJECT
private:
    Theme m_theme = Theme::lightTheme();
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ThreadedStore> m_store;
    std::unique_ptr<OperatorSession> m_session;
    TestClock m_clock;
    QVector<Event> m_events; // e1 alert (pinned, already in the review), e2 deploy (pinned), e3 note

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
        m_clock.now = QDateTime::currentMSecsSinceEpoch();
        QVERIFY(!m_store->commit(ReviewListFixture::batch(m_clock.now)).incidents.isEmpty());
        const qint64 t = m_clock.now - 20 * ReviewListFixture::DayMs;
        const auto event = [&](qint64 offset, const char* kind, const QString& title) {
            Event e;
            e.incidentId = 1;
            e.timeMs = t + offset;
            e.kind = QString::fromLatin1(kind);
            e.title = title;
            e.source = QStringLiteral("test");
            return e;
        };
        m_events = m_store
                       ->commit(WriteBatch {
                           .events = { event(60'000, EventKind::AlertFiring, QStringLiteral("DiskFull fired")),
                               event(30'000, EventKind::ChangeDeploy, QStringLiteral("deploy 42 of db")),
                               event(90'000, EventKind::Note, QStringLiteral("looked at the disk")) } })
                       .events;
        QCOMPARE(m_events.size(), 3);
        WriteBatch pins;
        pins.pins = { EventPin { m_events.at(0).id, 1, true, QStringLiteral("alice"), t },
            EventPin { m_events.at(1).id, 1, true, QStringLiteral("alice"), t } };
        pins.reviewTimeline = { ReviewTimelineEntry { 0, 1, m_events.at(0).timeMs, QStringLiteral("DiskFull fired"),
            m_events.at(0).id, false, QStringLiteral("alice"), t } };
        QCOMPARE(m_store->commit(pins).reviewTimeline.size(), 1);
        m_session = std::make_unique<OperatorSession>(
            QVector<OperatorIdentity> { { QStringLiteral("alice"), QStringLiteral("Alice Chen"), Role::Commander },
                { QStringLiteral("bob"), QStringLiteral("Bob Ruiz"), Role::Responder } });
        m_session->signIn(QStringLiteral("alice"));
    }

    void cleanup()
    {
        m_session.reset();
        m_store.reset();
        m_dir.reset();
    }

    void addedActionItemIsStoredUnderItsAuthorAndAudited()
    {
        ActionItemsEditor editor(m_store->reader(), m_store->saver(), *m_session, m_clock, m_theme);
        editor.resize(900, 320);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        editor.setIncident(1);
        QTRY_VERIFY(editor.isLoaded());
        QCOMPARE(editor.model()->rowCount(), 3);
        QVERIFY(editor.hintLabel()->isHidden());

        editor.newTitleField()->setFocus();
        QTest::keyClicks(editor.newTitleField(), QStringLiteral("Page the storage team at 90%"));
        QTest::keyClick(editor.newTitleField(), Qt::Key_Return);
        QTRY_COMPARE(editor.model()->rowCount(), 4);
        QVERIFY(editor.newTitleField()->text().isEmpty());

        const Probe probe(m_dir->filePath(QStringLiteral("firebreak.db")));
        const std::optional<ActionItem> stored
            = itemTitled(probe.items(1), QStringLiteral("Page the storage team at 90%"));
        QVERIFY(stored);
        QCOMPARE(stored->status, ActionItemStatus::Open);
        QCOMPARE(stored->updatedMs, m_clock.now);
        const QVector<AuditEntry> audit = probe.audit();
        QVERIFY(AuditChain::verify(audit).ok);
        QCOMPARE(audit.last().action, QStringLiteral("review.action_item"));
        QCOMPARE(audit.last().actor, QStringLiteral("alice"));
        QCOMPARE(audit.last().subject, QStringLiteral("incident:1"));
        QVERIFY(audit.last().details.contains("\"title\":\"Page the storage team at 90%\""));
    }

    void anItemPastItsDueDayTurnsTheDangerColour()
    {
        ActionItemsEditor editor(m_store->reader(), m_store->saver(), *m_session, m_clock, m_theme);
        editor.resize(900, 320);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        editor.setIncident(1);
        QTRY_VERIFY(editor.isLoaded());
        const int row = rowTitled(editor.model(), QStringLiteral("Rotate logs hourly")); // due in 3 days
        QVERIFY(row >= 0);
        const QModelIndex due = editor.model()->index(row, ActionItemsModel::DueColumn);
        QVERIFY(!due.data(ActionItemsModel::OverdueRole).toBool());

        // Give it a due date through the date editor, as a person would.
        const QDate day = QDateTime::fromMSecsSinceEpoch(m_clock.now, Qt::UTC).date().addDays(1);
        editCell<QDateEdit>(editor.view(), editor.view()->model()->index(row, ActionItemsModel::DueColumn),
            [&](QDateEdit* edit) { edit->setDate(day); });
        QTRY_COMPARE(due.data(ActionItemsModel::DueMsRole).toLongLong(), ActionItemsModel::dueMsOf(day));
        QVERIFY(!due.data(ActionItemsModel::OverdueRole).toBool());

        m_clock.now = ActionItemsModel::dueMsOf(day) + 3 * ReviewListFixture::DayMs + 3'600'000;
        editor.refreshOverdue();
        QVERIFY(due.data(ActionItemsModel::OverdueRole).toBool());
        QVERIFY2(due.data().toString().endsWith(QStringLiteral("overdue 3 d")), qPrintable(due.data().toString()));
        QCOMPARE(due.data(Qt::ForegroundRole).value<QColor>(), m_theme.toneColor(Theme::Tone::Bad));
        QVERIFY2(editor.summaryLabel()->text().contains(QStringLiteral("2 overdue")),
            qPrintable(editor.summaryLabel()->text()));
        grab(&editor, QStringLiteral("actionitems-overdue"));

        // "Show only open" hides the done item.
        QCOMPARE(editor.view()->model()->rowCount(), 3);
        editor.onlyOpenToggle()->setChecked(true);
        QCOMPARE(editor.view()->model()->rowCount(), 2);
    }

    void theArrowOfAWebLinkOpensIt()
    {
        UrlCatcher browser;
        QDesktopServices::setUrlHandler(QStringLiteral("https"), &browser, "open");
        ActionItemsEditor editor(m_store->reader(), m_store->saver(), *m_session, m_clock, m_theme);
        editor.resize(900, 320);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        editor.setIncident(1);
        QTRY_VERIFY(editor.isLoaded());
        const int row = rowTitled(editor.model(), QStringLiteral("Alert at 80% disk"));
        const QModelIndex link = editor.view()->model()->index(row, ActionItemsModel::LinkColumn);
        const QRect cell = editor.view()->visualRect(link);
        QTest::mouseClick(editor.view()->viewport(), Qt::LeftButton, {}, cell.center() - QPoint(cell.width() / 4, 0));
        QVERIFY(browser.opened.isEmpty()); // the text selects, it does not open
        QTest::mouseClick(
            editor.view()->viewport(), Qt::LeftButton, {}, ActionItemDelegate::openLinkRect(cell).center());
        QCOMPARE(browser.opened, QList<QUrl> { QUrl(QStringLiteral("https://tickets.example/OPS-812")) });
        QDesktopServices::unsetUrlHandler(QStringLiteral("https"));
    }

    void undoStoresThePreviousValueAgain()
    {
        ActionItemsEditor editor(m_store->reader(), m_store->saver(), *m_session, m_clock, m_theme);
        editor.resize(900, 320);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        editor.setIncident(1);
        QTRY_VERIFY(editor.isLoaded());
        const Probe probe(m_dir->filePath(QStringLiteral("firebreak.db")));
        const QString title = QStringLiteral("Alert at 80% disk");
        const int row = rowTitled(editor.model(), title);
        QCOMPARE(editor.model()->itemAt(row).owner, QStringLiteral("bob"));

        // The owner combo offers the roster and takes a free name.
        editCell<QComboBox>(
            editor.view(), editor.view()->model()->index(row, ActionItemsModel::OwnerColumn), [](QComboBox* combo) {
                QVERIFY(combo->isEditable());
                QCOMPARE(combo->findText(QStringLiteral("Alice Chen")), 0);
                combo->setEditText(QStringLiteral("storage team"));
            });
        QTRY_COMPARE(itemTitled(probe.items(1), title)->owner, QStringLiteral("storage team"));
        QTRY_COMPARE(editor.model()->itemAt(row).owner, QStringLiteral("storage team"));

        editor.view()->setFocus();
        QTRY_VERIFY(editor.undoAction()->isEnabled());
        QTest::keyClick(editor.view(), Qt::Key_Z, Qt::ControlModifier);
        QTRY_COMPARE(itemTitled(probe.items(1), title)->owner, QStringLiteral("bob"));
        QTRY_COMPARE(editor.model()->itemAt(row).owner, QStringLiteral("bob"));
        QTRY_VERIFY(editor.redoAction()->isEnabled());
        QTest::keyClick(editor.view(), Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_COMPARE(itemTitled(probe.items(1), title)->owner, QStringLiteral("storage team"));

        // Removing is undone by storing the item again; the edits before it then apply to the new row.
        QTRY_VERIFY(editor.removeItemAction()->isEnabled());
        editor.view()->setCurrentIndex(editor.view()->model()->index(row, 0));
        QTest::keyClick(editor.view(), Qt::Key_Delete);
        QTRY_VERIFY(!itemTitled(probe.items(1), title));
        QTRY_COMPARE(rowTitled(editor.model(), title), -1);
        QTRY_VERIFY(editor.undoAction()->isEnabled());
        editor.undoAction()->trigger();
        QTRY_VERIFY(itemTitled(probe.items(1), title));
        QCOMPARE(itemTitled(probe.items(1), title)->owner, QStringLiteral("storage team"));
        QTRY_VERIFY(editor.undoAction()->isEnabled());
        editor.undoAction()->trigger(); // the owner change, now on the re-stored item
        QTRY_COMPARE(itemTitled(probe.items(1), title)->owner, QStringLiteral("bob"));
        QCOMPARE(probe.items(1).size(), 3);
        QVERIFY(AuditChain::verify(probe.audit()).ok);
    }

    void importStartsWithThePinnedEventsAndNeverDuplicates()
    {
        ReviewTimelineEditor editor(m_store->reader(), m_store->saver(), *m_session, m_clock, m_theme);
        editor.resize(900, 320);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        editor.setIncident(1);
        QTRY_VERIFY(editor.isLoaded());
        QCOMPARE(editor.model()->rowCount(), 1);

        ReviewTimelineImportDialog* dialog = editor.openImportDialog();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isLoaded());
        ReviewImportCandidatesModel* candidates = dialog->model();
        QCOMPARE(candidates->rowCount(), 3); // oldest first: deploy, alert, note
        QCOMPARE(candidates->candidateAt(0).entry.sourceEventId, m_events.at(1).id);
        QVERIFY(candidates->isChecked(0)); // pinned
        QCOMPARE(candidates->index(0, 0).data().toString(), QStringLiteral("★"));
        QVERIFY(candidates->isAlreadyImported(1)); // pinned, but the review has it
        QVERIFY(!candidates->isChecked(1));
        QVERIFY(!candidates->isChecked(2));
        QCOMPARE(dialog->importButton()->text(), QStringLiteral("Import 1 row"));
        grab(dialog, QStringLiteral("timeline-import"));

        // The kind filter narrows to changes; select all selects what is shown.
        dialog->kindFilter()->setCurrentIndex(dialog->kindFilter()->findText(QStringLiteral("Changes")));
        QCOMPARE(dialog->view()->model()->rowCount(), 1);
        dialog->kindFilter()->setCurrentIndex(0);
        dialog->textFilter()->setText(QStringLiteral("disk"));
        QCOMPARE(dialog->view()->model()->rowCount(), 2);
        QTest::mouseClick(dialog->selectAllButton(), Qt::LeftButton);
        QCOMPARE(candidates->checkedCount(), 2); // the note; the imported alert cannot be picked
        dialog->textFilter()->clear();
        QTest::mouseClick(dialog->importButton(), Qt::LeftButton);
        QTRY_COMPARE(editor.model()->rowCount(), 3);

        const Probe probe(m_dir->filePath(QStringLiteral("firebreak.db")));
        QList<qint64> sources;
        for (const ReviewTimelineEntry& row : probe.timeline(1))
            sources.append(row.sourceEventId);
        QCOMPARE(sources, (QList<qint64> { m_events.at(1).id, m_events.at(0).id, m_events.at(2).id }));
        QCOMPARE(probe.audit().last().action, QStringLiteral("review.timeline"));

        // Everything is in the review now: nothing to pick, and importing again adds nothing.
        ReviewTimelineImportDialog* again = editor.openImportDialog();
        QTRY_VERIFY(again->isLoaded());
        QCOMPARE(again->model()->checkedCount(), 0);
        QVERIFY(!again->importButton()->isEnabled());
        again->reject();
        editor.importRows({ ReviewTimelineEntry { 0, 1, 5, QStringLiteral("dup"), m_events.at(2).id } });
        QTest::qWait(100);
        QCOMPARE(probe.timeline(1).size(), 3);

        // A row's "event #N" shows that event in the incident timeline.
        QSignalSpy activated(&editor, &ReviewTimelineEditor::eventActivated);
        const QModelIndex source = editor.model()->index(0, ReviewTimelineModel::SourceColumn);
        QTest::mouseClick(editor.view()->viewport(), Qt::LeftButton, {}, editor.view()->visualRect(source).center());
        QCOMPARE(activated.size(), 1);
        QCOMPARE(activated.first().first().toLongLong(), m_events.at(1).id);
        grab(&editor, QStringLiteral("timeline-editor"));

        // The import is one step: one undo removes both rows from the store.
        QTRY_VERIFY(editor.undoAction()->isEnabled());
        editor.undoAction()->trigger();
        QTRY_COMPARE(probe.timeline(1).size(), 1);
        QTRY_COMPARE(editor.model()->rowCount(), 1);
    }

    void typedRowsAreAddedAndTheirTextEdited()
    {
        ReviewTimelineEditor editor(m_store->reader(), m_store->saver(), *m_session, m_clock, m_theme);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        editor.setIncident(1);
        QTRY_VERIFY(editor.isLoaded());
        const QDateTime when(QDate(2026, 3, 4), QTime(5, 6, 0), Qt::UTC);
        editor.newTimeField()->setDateTime(when);
        editor.newTextField()->setFocus();
        QTest::keyClicks(editor.newTextField(), QStringLiteral("Called the storage vendor"));
        QTest::keyClick(editor.newTextField(), Qt::Key_Return);
        QTRY_COMPARE(editor.model()->rowCount(), 2);
        const Probe probe(m_dir->filePath(QStringLiteral("firebreak.db")));
        ReviewTimelineEntry typed;
        for (const ReviewTimelineEntry& row : probe.timeline(1)) {
            if (row.sourceEventId == 0)
                typed = row;
        }
        QCOMPARE(typed.timeMs, when.toMSecsSinceEpoch());
        QCOMPARE(typed.sourceEventId, 0);
        const int row = editor.model()->rowOfEntry(typed.id);
        QCOMPARE(editor.model()->index(row, ReviewTimelineModel::TimeColumn).data().toString(),
            QStringLiteral("2026-03-04 05:06:00"));

        editCell<QLineEdit>(editor.view(), editor.model()->index(row, ReviewTimelineModel::TextColumn),
            [](QLineEdit* line) { line->setText(QStringLiteral("Called the storage vendor (no answer)")); });
        const auto typedText = [&] {
            for (const ReviewTimelineEntry& entry : probe.timeline(1)) {
                if (entry.id == typed.id)
                    return entry.text;
            }
            return QString();
        };
        QTRY_COMPARE(typedText(), QStringLiteral("Called the storage vendor (no answer)"));
        editor.view()->setFocus();
        QTRY_VERIFY(editor.undoAction()->isEnabled());
        QTest::keyClick(editor.view(), Qt::Key_Z, Qt::ControlModifier);
        QTRY_COMPARE(typedText(), QStringLiteral("Called the storage vendor"));
    }

    void aVerdictClickIsStored()
    {
        VerdictsEditor editor(m_store->reader(), m_store->saver(), *m_session, m_clock, m_theme);
        editor.resize(900, 300);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        editor.setIncident(1);
        QTRY_VERIFY(editor.isLoaded());
        QCOMPARE(editor.subjects().size(), 3);
        QAbstractButton* useful = editor.verdictButton(
            ReviewVerdict::SubjectKind::Alert, QStringLiteral("a1"), ReviewVerdict::Verdict::Useful);
        QVERIFY(useful && useful->isChecked());
        QVERIFY(editor.markedLabel(ReviewVerdict::SubjectKind::Alert, QStringLiteral("a1"))
                    ->text()
                    .startsWith(QStringLiteral("alice · ")));
        QVERIFY(useful->toolTip().contains(QStringLiteral("hit")));

        QAbstractButton* noise = editor.verdictButton(
            ReviewVerdict::SubjectKind::Alert, QStringLiteral("a2"), ReviewVerdict::Verdict::Noise);
        QVERIFY(noise && noise->isEnabled() && !noise->isChecked());
        QCOMPARE(editor.markedLabel(ReviewVerdict::SubjectKind::Alert, QStringLiteral("a2"))->text(),
            QStringLiteral("not judged yet"));
        QTest::mouseClick(noise, Qt::LeftButton);
        QVERIFY(noise->isChecked());
        const Probe probe(m_dir->filePath(QStringLiteral("firebreak.db")));
        QTRY_COMPARE(probe.verdicts(1).size(), 2);
        const ReviewVerdict stored = probe.verdicts(1).at(1);
        QCOMPARE(stored.subjectId, QStringLiteral("a2"));
        QCOMPARE(stored.verdict, ReviewVerdict::Verdict::Noise);
        QCOMPARE(stored.author, QStringLiteral("alice"));
        QCOMPARE(stored.timeMs, m_clock.now);
        QTRY_VERIFY(editor.markedLabel(ReviewVerdict::SubjectKind::Alert, QStringLiteral("a2"))
                        ->text()
                        .startsWith(QStringLiteral("alice · ")));
        QCOMPARE(probe.audit().last().action, QStringLiteral("review.verdict"));

        // The toggles are exclusive: a run marked late is no longer useful.
        QTest::mouseClick(
            editor.verdictButton(ReviewVerdict::SubjectKind::Run, QStringLiteral("11"), ReviewVerdict::Verdict::Useful),
            Qt::LeftButton);
        QTest::mouseClick(editor.verdictButton(ReviewVerdict::SubjectKind::Run, QStringLiteral("11"),
                              ReviewVerdict::Verdict::MissedOrLate),
            Qt::LeftButton);
        QVERIFY(
            !editor
                 .verdictButton(ReviewVerdict::SubjectKind::Run, QStringLiteral("11"), ReviewVerdict::Verdict::Useful)
                 ->isChecked());
        QTRY_COMPARE(probe.verdicts(1).size(), 3);
        QTRY_COMPARE(probe.verdicts(1).at(2).verdict, ReviewVerdict::Verdict::MissedOrLate);
        grab(&editor, QStringLiteral("verdicts"));
    }

    void nobodySignedInMeansReadOnly()
    {
        m_session->signOut();
        ActionItemsEditor items(m_store->reader(), m_store->saver(), *m_session, m_clock, m_theme);
        ReviewTimelineEditor timeline(m_store->reader(), m_store->saver(), *m_session, m_clock, m_theme);
        VerdictsEditor verdicts(m_store->reader(), m_store->saver(), *m_session, m_clock, m_theme);
        for (QWidget* widget :
            { static_cast<QWidget*>(&items), static_cast<QWidget*>(&timeline), static_cast<QWidget*>(&verdicts) }) {
            widget->resize(900, 300);
            widget->show();
        }
        items.setIncident(1);
        timeline.setIncident(1);
        verdicts.setIncident(1);
        QTRY_VERIFY(items.isLoaded() && timeline.isLoaded() && verdicts.isLoaded());
        QVERIFY(items.isReadOnly());
        QVERIFY(items.hintLabel()->isVisible());
        QVERIFY(!(items.model()->flags(items.model()->index(0, 0)) & Qt::ItemIsEditable));
        QVERIFY(!items.newTitleField()->isEnabled());
        QVERIFY(!items.addItemAction()->isEnabled());
        items.addItem(QStringLiteral("sneaky"));
        QVERIFY(timeline.hintLabel()->isVisible());
        QVERIFY(!timeline.importButton()->isEnabled());
        QVERIFY(!timeline.openImportDialog());
        QVERIFY(verdicts.hintLabel()->isVisible());
        QAbstractButton* noise = verdicts.verdictButton(
            ReviewVerdict::SubjectKind::Alert, QStringLiteral("a2"), ReviewVerdict::Verdict::Noise);
        QVERIFY(!noise->isEnabled());
        grab(&items, QStringLiteral("actionitems-readonly"));
        QTest::qWait(100);
        const Probe probe(m_dir->filePath(QStringLiteral("firebreak.db")));
        QCOMPARE(probe.items(1).size(), 3);

        m_session->signIn(QStringLiteral("bob"));
        QVERIFY(!items.isReadOnly());
        QVERIFY(items.hintLabel()->isHidden());
        QVERIFY(items.newTitleField()->isEnabled());
        QVERIFY(timeline.importButton()->isEnabled());
        QVERIFY(noise->isEnabled());
    }
};

QTEST_MAIN(TstReviewItemsEditors)
#include "tst_reviewitemseditors.moc"
