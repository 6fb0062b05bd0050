// The review window on a real store (writer and reader on their own threads): it opens an incident's
// review from the template, renders the preview without running HTML, undoes and redoes, saves
// versions in the signed-in person's name, shows what changed between them, finalises (read-only
// until reopened), stays read-only for nobody signed in, refuses a version with a broken heading
// while still autosaving it, recovers newer autosaved text, and flushes the autosave on close.
// With FIREBREAK_GRAB_DIR set, the window and the versions dialog are saved there as PNG files.

#include "domain/metatypes.h"
#include "reviews/reviewautosaver.h"
#include "reviews/reviewdocumenttext.h"
#include "reviews/revieweditor.h"
#include "reviews/reviewfiguresview.h"
#include "reviews/reviewstatustext.h"
#include "reviews/reviewversionsdialog.h"
#include "reviews/reviewwindow.h"
#include "roster/operatorsession.h"
#include "status/bannerbar.h"
#include "store/database.h"
#include "store/reviewqueries.h"
#include "style/theme.h"
#include "threadedstore.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextList>
#include <QTreeWidget>
#include <memory>

using namespace firebreak;

Q_DECLARE_METATYPE(firebreak::ReviewStatusText::Facts)

namespace {

constexpr qint64 IncidentId = 7;

QVector<OperatorIdentity> people()
{
    return { { QStringLiteral("alice"), QStringLiteral("Alice Moreau"), Role::Commander },
        { QStringLiteral("victor"), QStringLiteral("Victor Viewer"), Role::Viewer } };
}

// Reads the store through its own read-only connection (the test's own check, not the GUI's).
struct Probe {
    explicit Probe(const QString& path)
    {
        Database::open(QStringLiteral("probe"), path, Database::Mode::ReadOnly);
        db = Database::connection(QStringLiteral("probe"));
    }
    ~Probe()
    {
        db = QSqlDatabase();
        Database::close(QStringLiteral("probe"));
    }
    QVector<Review> versions()
    {
        QString error;
        return ReviewQueries::versions(db, IncidentId, &error);
    }
    std::optional<ReviewDraftText> draft()
    {
        QString error;
        return ReviewQueries::draft(db, IncidentId, &error);
    }
    QSqlDatabase db;
};

// Types `text` at the end of the document, key by key (Return for a newline).
void typeAtEnd(ReviewWindow& window, const QString& text)
{
    QPlainTextEdit* edit = window.editor()->textEdit();
    edit->moveCursor(QTextCursor::End);
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (i > 0)
            QTest::keyClick(edit, Qt::Key_Return);
        QTest::keyClicks(edit, lines.at(i));
    }
}

// Replaces the first occurrence of `from` as a person would: select it, type over it.
void retype(ReviewWindow& window, const QString& from, const QString& to)
{
    QPlainTextEdit* edit = window.editor()->textEdit();
    QTextCursor found = edit->document()->find(from);
    QVERIFY2(!found.isNull(), qPrintable(from));
    edit->setTextCursor(found);
    QTest::keyClicks(edit, to);
}

const QTextBlock previewBlock(const QTextBrowser& preview, const QString& startsWith)
{
    for (QTextBlock block = preview.document()->begin(); block.isValid(); block = block.next()) {
        if (block.text().startsWith(startsWith))
            return block;
    }
    return {};
}

bool previewHasHeading(const QTextBrowser& preview, const QString& text, int level)
{
    for (QTextBlock block = preview.document()->begin(); block.isValid(); block = block.next()) {
        if (block.text() == text && block.blockFormat().headingLevel() == level)
            return true;
    }
    return false;
}

} // namespace

class TstReviewEditor : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        Q_INIT_RESOURCE(firebreak);
        registerMetaTypes();
        m_theme.applyTo(*qApp);
    }
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_path = m_dir->filePath(QStringLiteral("firebreak.db"));
        m_store = std::make_unique<ThreadedStore>(m_path);
        QVERIFY2(m_store->isOpen(), qPrintable(m_store->problem()));
        Incident incident;
        incident.id = IncidentId;
        incident.title = QStringLiteral("Disk full on db-eu-1");
        incident.severity = 2;
        incident.detectedMs = 1'700'000'000'000;
        QString error;
        QVERIFY2(m_store->write(WriteBatch { .incidents = { incident } }, &error), qPrintable(error));
        m_session = std::make_unique<OperatorSession>(people());
        m_session->signIn(QStringLiteral("alice"));
    }
    void cleanup()
    {
        m_session.reset();
        m_store.reset();
        m_dir.reset();
    }

    void opensFromTheTemplateWithALivePreview()
    {
        auto window = open();
        QVERIFY(window->isLoaded());
        ReviewEditor* editor = window->editor();
        QVERIFY(editor->document().startsWith(QStringLiteral("## Summary\nWhat happened, what the customer saw")));
        QVERIFY(!editor->isReadOnly());
        QVERIFY(window->saveVersionAction()->isEnabled()); // nothing saved yet
        QVERIFY(!window->versionsAction()->isEnabled());
        QTRY_VERIFY(previewHasHeading(*editor->preview(), QStringLiteral("Summary"), 2));
        // The template's empty list items ("- ") leave the prompt above them a paragraph and the
        // next section's list a top-level list.
        const QTextBlock prompt = previewBlock(*editor->preview(), QStringLiteral("Not one \"root cause\""));
        QVERIFY(prompt.isValid());
        QVERIFY(!prompt.textList());
        QCOMPARE(prompt.blockFormat().headingLevel(), 0);
        const QTextBlock detection = previewBlock(*editor->preview(), QStringLiteral("Detection:"));
        QVERIFY(detection.textList());
        QCOMPARE(detection.textList()->format().indent(), 1);
        QVERIFY(previewHasHeading(*editor->preview(), QStringLiteral("What went well"), 2));
        QTRY_VERIFY(editor->statusLabel()->text().startsWith(QStringLiteral("Draft · no version saved yet")));

        typeAtEnd(*window, QStringLiteral("\nThe runbook said <b>x</b>."));
        QTRY_VERIFY(editor->preview()->toPlainText().contains(QStringLiteral("The runbook said <b>x</b>.")));
        // The figures beside the text, each saying how it was computed; Refresh asks the store again.
        ReviewFiguresView* figures = window->figuresView();
        QTRY_COMPARE(figures->list()->topLevelItemCount(), 13);
        const QTreeWidgetItem* detect = figures->list()->topLevelItem(0);
        QCOMPARE(detect->text(0), QStringLiteral("Time to detect"));
        QCOMPARE(detect->text(1), QStringLiteral("—")); // no alert: not known
        QVERIFY2(detect->toolTip(1).contains(QStringLiteral("not known")), qPrintable(detect->toolTip(1)));
        QCOMPARE(figures->list()->topLevelItem(4)->text(0), QStringLiteral("Alerts"));
        QCOMPARE(figures->list()->topLevelItem(4)->text(1), QStringLiteral("0"));
        QVERIFY(!figures->list()->topLevelItem(4)->toolTip(1).isEmpty());
        QVERIFY(figures->footer()->text().startsWith(QStringLiteral("Computed ")));
        figures->refreshButton()->click();
        QCOMPARE(figures->footer()->text(), QStringLiteral("Computing…"));
        QTRY_VERIFY(figures->footer()->text().startsWith(QStringLiteral("Computed ")));
        grab(*window, QStringLiteral("review-window-template.png"));
    }

    void undoAndRedoFollowTheText()
    {
        auto window = open();
        QVERIFY(window->isLoaded());
        ReviewEditor* editor = window->editor();
        const QString before = editor->document();
        QVERIFY(!editor->undoAction()->isEnabled());
        QVERIFY(!editor->redoAction()->isEnabled());
        typeAtEnd(*window, QStringLiteral("- Page the database owner"));
        const QString typed = editor->document();
        QVERIFY(typed.endsWith(QStringLiteral("- Page the database owner")));
        QVERIFY(editor->undoAction()->isEnabled());
        QVERIFY(!editor->redoAction()->isEnabled());

        editor->undoAction()->trigger();
        QCOMPARE(editor->document(), before);
        QVERIFY(editor->redoAction()->isEnabled());
        QVERIFY(!editor->undoAction()->isEnabled());
        QTest::keyClick(editor->textEdit(), Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(editor->document(), typed);
        QVERIFY(!editor->redoAction()->isEnabled());
        QTest::keyClick(editor->textEdit(), Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(editor->document(), before);
    }

    void versionsAreSavedWithTheirAuthorAndDiffed()
    {
        auto window = open();
        QVERIFY(window->isLoaded());
        retype(*window,
            QStringLiteral("What happened, what the customer saw, and how it ended. Write for someone who was "
                           "not there."),
            QStringLiteral("The disk of db-eu-1 filled up; writes failed."));
        window->editor()->checkNow();
        window->saveVersionAction()->trigger();
        QTRY_COMPARE(window->savedVersion(), 1);
        QVERIFY(window->editor()->statusLabel()->text().contains(QStringLiteral("version 1")));
        QVERIFY(!window->saveVersionAction()->isEnabled()); // nothing changed since
        {
            Probe probe(m_path);
            const QVector<Review> versions = probe.versions();
            QCOMPARE(versions.size(), 1);
            QCOMPARE(versions.first().author, QStringLiteral("alice"));
            QCOMPARE(versions.first().status, ReviewStatus::Draft);
            QCOMPARE(versions.first().summary, QStringLiteral("The disk of db-eu-1 filled up; writes failed.\n"));
        }

        retype(*window, QStringLiteral("writes failed."), QStringLiteral("writes failed for 12 minutes."));
        QTRY_VERIFY(window->saveVersionAction()->isEnabled());
        QTest::keyClick(window->editor()->textEdit(), Qt::Key_S, Qt::ControlModifier);
        QTRY_COMPARE(window->savedVersion(), 2);
        {
            Probe probe(m_path);
            QCOMPARE(probe.versions().size(), 2);
            QCOMPARE(probe.versions().last().summary,
                QStringLiteral("The disk of db-eu-1 filled up; writes failed for 12 minutes.\n"));
        }

        window->versionsAction()->trigger();
        ReviewVersionsDialog* dialog = window->versionsDialog();
        QVERIFY(dialog);
        QTRY_COMPARE(dialog->versionList()->topLevelItemCount(), 2);
        QCOMPARE(dialog->fromVersion(), 1);
        QCOMPARE(dialog->toVersion(), 2);
        const QTreeWidgetItem* second = dialog->versionList()->topLevelItem(1);
        QCOMPARE(second->text(0), QStringLiteral("2"));
        QCOMPARE(second->text(1), QStringLiteral("draft"));
        QCOMPARE(second->text(2), QStringLiteral("alice"));
        QVERIFY(second->text(3).endsWith(QStringLiteral(" UTC")));
        QCOMPARE(second->text(4).size(), 12);
        const QString diff = dialog->diffView()->toPlainText();
        QVERIFY2(diff.contains(QStringLiteral("The disk of db-eu-1 filled up; writes failed.")), qPrintable(diff));
        QVERIFY(diff.contains(QStringLiteral("The disk of db-eu-1 filled up; writes failed for 12 minutes.")));
        QVERIFY(diff.contains(QStringLiteral("No changes in Lessons")));
        QVERIFY2(dialog->summaryLabel()->text().contains(QStringLiteral("1 line added, 1 removed, in Summary")),
            qPrintable(dialog->summaryLabel()->text()));
        const QString html = dialog->diffView()->toHtml();
        QVERIFY(html.contains(QStringLiteral("−")));
        grab(*dialog, QStringLiteral("review-versions.png"));

        // Picking two rows compares them, older first.
        dialog->versionList()->clearSelection();
        dialog->versionList()->topLevelItem(1)->setSelected(true);
        dialog->versionList()->topLevelItem(0)->setSelected(true);
        QCOMPARE(dialog->fromVersion(), 1);
        QCOMPARE(dialog->toVersion(), 2);
        dialog->compare(2, 2);
        QVERIFY(dialog->summaryLabel()->text().contains(QStringLiteral("same version")));
    }

    void finalisingMakesItReadOnlyUntilReopened()
    {
        auto window = open();
        QVERIFY(window->isLoaded());
        window->finaliseAction()->trigger();
        QMessageBox* box = window->finaliseConfirmation();
        QVERIFY(box);
        QCOMPARE(box->defaultButton(), box->button(QMessageBox::Cancel));
        box->button(QMessageBox::Cancel)->click();
        QTest::qWait(50);
        QCOMPARE(window->savedVersion(), 0);

        window->finaliseAction()->trigger();
        box = window->finaliseConfirmation();
        QVERIFY(box);
        QPushButton* finalise = nullptr;
        for (QAbstractButton* button : box->buttons()) {
            if (button->text() == QStringLiteral("Finalise"))
                finalise = qobject_cast<QPushButton*>(button);
        }
        QVERIFY(finalise);
        finalise->click();
        QTRY_VERIFY(window->isFinal());
        QCOMPARE(window->savedVersion(), 1);
        {
            Probe probe(m_path);
            QCOMPARE(probe.versions().last().status, ReviewStatus::Final);
        }
        QVERIFY(window->editor()->isReadOnly());
        QVERIFY(!window->saveVersionAction()->isEnabled());
        QVERIFY(!window->finaliseAction()->isEnabled());
        QVERIFY(window->reopenAction()->isVisible() && window->reopenAction()->isEnabled());
        QVERIFY(window->editor()->statusLabel()->text().startsWith(QStringLiteral("Final · version 1")));
        grab(*window, QStringLiteral("review-window-final.png"));

        window->reopenAction()->trigger();
        QVERIFY(!window->editor()->isReadOnly());
        QVERIFY(!window->isFinal());
        typeAtEnd(*window, QStringLiteral("A late addition."));
        QTRY_VERIFY(window->saveVersionAction()->isEnabled());
        window->saveVersionAction()->trigger();
        QTRY_COMPARE(window->savedVersion(), 2);
        Probe probe(m_path);
        QCOMPARE(probe.versions().last().status, ReviewStatus::Draft);
    }

    void nobodySignedInReadsOnly()
    {
        m_session->signOut();
        auto window = open();
        QVERIFY(window->isLoaded());
        QVERIFY(window->editor()->isReadOnly());
        QVERIFY(window->banners()->hasBanner(QStringLiteral("read-only")));
        QVERIFY(window->banners()
                    ->bannerText(QStringLiteral("read-only"))
                    .startsWith(QStringLiteral("Sign in to write the review")));
        QVERIFY(!window->saveVersionAction()->isEnabled());
        QVERIFY(!window->finaliseAction()->isEnabled());
        QVERIFY(!window->editor()->undoAction()->isEnabled());
        grab(*window, QStringLiteral("review-window-signed-out.png"));

        m_session->signIn(QStringLiteral("victor")); // a viewer may read, not write
        QVERIFY(window->editor()->isReadOnly());
        QVERIFY(window->banners()->bannerText(QStringLiteral("read-only")).contains(QStringLiteral("viewer")));

        m_session->signIn(QStringLiteral("alice"));
        QVERIFY(!window->editor()->isReadOnly());
        QVERIFY(!window->banners()->hasBanner(QStringLiteral("read-only")));
        QVERIFY(window->saveVersionAction()->isEnabled());
    }

    void brokenHeadingIsShownAndStillAutosaved()
    {
        auto window = open();
        QVERIFY(window->isLoaded());
        retype(*window, QStringLiteral("## Impact"), QStringLiteral("## Impakt"));
        ReviewEditor* editor = window->editor();
        QTRY_VERIFY(editor->errorLabel()->isVisible());
        const int line = int(editor->document().split(QLatin1Char('\n')).indexOf(QStringLiteral("## Impakt"))) + 1;
        QVERIFY2(editor->errorLabel()->text().startsWith(
                     QStringLiteral("Line %1: \"Impakt\" is not a review section").arg(line)),
            qPrintable(editor->errorLabel()->text()));
        QVERIFY(!window->saveVersionAction()->isEnabled());
        QVERIFY(!window->finaliseAction()->isEnabled());
        window->saveVersion(); // Ctrl+S anyway: refused
        QTest::qWait(100);
        QCOMPARE(window->savedVersion(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(
            Probe(m_path).draft().value_or(ReviewDraftText {}).text.contains(QStringLiteral("## Impakt")), 2000);
        grab(*window, QStringLiteral("review-window-broken-heading.png"));

        retype(*window, QStringLiteral("## Impakt"), QStringLiteral("## Impact"));
        QTRY_VERIFY(!editor->errorLabel()->isVisible());
        QVERIFY(window->saveVersionAction()->isEnabled());
    }

    void autosaveKeepsUpAndRecoversNewerText()
    {
        {
            auto window = open();
            QVERIFY(window->isLoaded());
            typeAtEnd(*window, QStringLiteral("First words."));
            QElapsedTimer typed;
            typed.start();
            QTRY_VERIFY_WITH_TIMEOUT(
                Probe(m_path).draft().value_or(ReviewDraftText {}).text == window->editor()->document(), 1000);
            qInfo("autosaved %lld ms after the typing stopped", typed.elapsed());
            QTRY_VERIFY(window->editor()->statusLabel()->text().contains(QStringLiteral("autosaved ")));
            window->saveVersionAction()->trigger();
            QTRY_COMPARE(window->savedVersion(), 1);
            typeAtEnd(*window, QStringLiteral(" And a second thought."));
            window->close(); // flushes at once, without waiting for the timer
            QTRY_VERIFY_WITH_TIMEOUT(
                Probe(m_path).draft().value_or(ReviewDraftText {}).text.endsWith(QStringLiteral("a second thought.")),
                300);
        }
        auto window = open();
        QVERIFY(window->isLoaded());
        QVERIFY(window->banners()->hasBanner(QStringLiteral("recovered")));
        QVERIFY(window->banners()
                    ->bannerText(QStringLiteral("recovered"))
                    .startsWith(QStringLiteral("Recovered unsaved text from ")));
        QVERIFY(window->editor()->document().endsWith(QStringLiteral("First words. And a second thought.")));
        QCOMPARE(window->savedVersion(), 1);
        QVERIFY(window->saveVersionAction()->isEnabled());
        grab(*window, QStringLiteral("review-window-recovered.png"));
        window->saveVersionAction()->trigger();
        QTRY_COMPARE(window->savedVersion(), 2);
        QVERIFY(!window->banners()->hasBanner(QStringLiteral("recovered")));
    }

    void statusLineSaysWhereTheTextStands_data()
    {
        using State = ReviewAutosaver::State;
        const qint64 at = QDateTime(QDate(2026, 11, 21), QTime(14, 2, 11), Qt::UTC).toMSecsSinceEpoch();
        QTest::addColumn<ReviewStatusText::Facts>("facts");
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("alarming");
        QTest::newRow("autosaved draft") << ReviewStatusText::Facts { .version = 3,
            .autosave = State::Saved,
            .autosavedMs = at,
            .nowMs = at + 500 } << QStringLiteral("Draft · version 3 · autosaved 14:02:11 UTC")
                                         << false;
        QTest::newRow("typing after a recent copy")
            << ReviewStatusText::Facts { .version = 3, .autosave = State::Saving, .autosavedMs = at, .nowMs = at + 900 }
            << QStringLiteral("Draft · version 3 · autosaved 14:02:11 UTC") << false;
        QTest::newRow("a slow write") << ReviewStatusText::Facts { .version = 3,
            .autosave = State::Saving,
            .autosavedMs = at,
            .nowMs = at + 5000 } << QStringLiteral("Draft · version 3 · Saving…")
                                      << false;
        QTest::newRow("failed") << ReviewStatusText::Facts { .autosave = State::Failed,
            .autosaveError = QStringLiteral("disk full") }
                                << QStringLiteral("Draft · no version saved yet · Not saved: disk full") << true;
        QTest::newRow("final") << ReviewStatusText::Facts { .final = true, .version = 4 }
                               << QStringLiteral("Final · version 4 · read-only until reopened as a draft") << false;
        QTest::newRow("finalising") << ReviewStatusText::Facts { .version = 4,
            .savingVersion = true,
            .savingFinal = true } << QStringLiteral("Draft · version 4 · Finalising…")
                                    << false;
        QTest::newRow("version refused") << ReviewStatusText::Facts { .version = 1,
            .versionError = QStringLiteral("read-only store") }
                                         << QStringLiteral("Draft · version 1 · Version not saved: read-only store")
                                         << true;
    }
    void statusLineSaysWhereTheTextStands()
    {
        QFETCH(ReviewStatusText::Facts, facts);
        QFETCH(QString, text);
        QFETCH(bool, alarming);
        bool alarm = !alarming;
        QCOMPARE(ReviewStatusText::text(facts, &alarm), text);
        QCOMPARE(alarm, alarming);
    }

    void extraPanesSitBesideTheDocument()
    {
        auto window = open();
        QVERIFY(window->isLoaded());
        auto* pane = new QLabel(QStringLiteral("action items"));
        window->addPane(pane, QStringLiteral("Action items"));
        QCOMPARE(window->tabs()->count(), 2);
        QCOMPARE(window->tabs()->tabText(0), QStringLiteral("Document"));
        QCOMPARE(window->tabs()->tabText(1), QStringLiteral("Action items"));
        QCOMPARE(window->tabs()->widget(1), pane);
    }

private:
    std::unique_ptr<ReviewWindow> open()
    {
        auto window = std::make_unique<ReviewWindow>(m_store->reader(), m_store->saver(), *m_session, m_theme,
            ReviewTemplates(), IncidentId, QStringLiteral("Disk full on db-eu-1"), 2);
        window->resize(1280, 800);
        window->show();
        if (!QTest::qWaitForWindowExposed(window.get()))
            qWarning("the review window was not exposed");
        if (!QTest::qWaitFor([&] { return window->isLoaded(); }, 5000))
            qWarning("the review was not loaded");
        return window;
    }

    void grab(QWidget& widget, const QString& name)
    {
        const QString dir = qEnvironmentVariable("FIREBREAK_GRAB_DIR");
        if (dir.isEmpty())
            return;
        QDir().mkpath(dir);
        QTest::qWait(300); // let the preview and figures settle
        QVERIFY(widget.grab().save(QDir(dir).filePath(name)));
    }

    Theme m_theme = Theme::darkTheme();
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    std::unique_ptr<ThreadedStore> m_store;
    std::unique_ptr<OperatorSession> m_session;
};

QTEST_MAIN(TstReviewEditor)
#include "tst_revieweditor.moc"
