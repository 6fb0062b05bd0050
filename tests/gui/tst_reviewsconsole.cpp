// Reviews as the app wires them, on the sandbox: the Reviews menu opens the selected incident's review
// with its timeline rows, action items and verdicts beside the document; a version written there is in
// the list of all reviews; the GUI's export writes a PDF off the GUI thread; backtesting opens on the
// engine's metric source.
#include "automationsetup.h"
#include "commandline.h"
#include "consolesession.h"
#include "domain/metatypes.h"
#include "enginehost.h"
#include "guirunner.h"
#include "itemmodels/incidentlistmodel.h"
#include "itemmodels/reviewlistmodel.h"
#include "learning/backtestwindow.h"
#include "mainwindow/mainwindow.h"
#include "reviews/revieweditor.h"
#include "reviews/reviewlistview.h"
#include "reviews/reviewwindow.h"
#include "reviewsconsole.h"

#include <QAction>
#include <QFile>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace firebreak;

class TestReviewsConsole : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        registerMetaTypes();
        QCoreApplication::setOrganizationName(QStringLiteral("FirebreakTest"));
    }
    void reviewFromTheMenuToTheListAndAPdf();
};

void TestReviewsConsole::reviewFromTheMenuToTheListAndAPdf()
{
    QTemporaryDir dir;
    EngineOptions options;
    options.dbPath = dir.filePath(QStringLiteral("reviews.db"));
    options.speed = 120;
    auto setup = AutomationSetup::forDemo(false);
    QVERIFY(std::holds_alternative<AutomationSetup>(setup));
    options.automation = std::get<AutomationSetup>(setup);
    EngineHost host(options);
    CommandLineOptions cli;
    GuiRunner gui(host, cli);
    gui.start();
    MainWindow* window = gui.window();
    QTRY_VERIFY_WITH_TIMEOUT(gui.incidents().rowCount() >= 1, 20000);
    gui.session().session().signIn(QStringLiteral("alice"));
    QVERIFY(gui.session().session().current().isValid());

    // The menu item follows the selection (the console selects the first incident) and opens its review.
    auto* action = window->findChild<QAction*>(QStringLiteral("reviewIncidentAction"));
    QVERIFY(action);
    QTRY_VERIFY_WITH_TIMEOUT(action->isEnabled(), 10000);
    const qint64 incidentId = gui.incidents().incidentAt(0).id;
    QVERIFY2(action->text().contains(QString::number(incidentId)), qPrintable(action->text()));
    action->trigger();
    ReviewWindow* review = gui.reviews().reviewWindow(incidentId);
    QVERIFY(review);
    QVERIFY(review->isVisible());
    QStringList tabs;
    for (int i = 0; i < review->tabs()->count(); ++i)
        tabs << review->tabs()->tabText(i);
    QCOMPARE(tabs,
        QStringList({ QStringLiteral("Document"), QStringLiteral("Timeline"), QStringLiteral("Action items"),
            QStringLiteral("Verdicts") }));
    QTRY_VERIFY_WITH_TIMEOUT(review->isLoaded(), 10000);
    QVERIFY(review->isWritable());

    // A version saved in the window is in the list of every review.
    QPlainTextEdit* text = review->editor()->findChild<QPlainTextEdit*>();
    QVERIFY(text);
    QString document = text->toPlainText();
    document.replace(QStringLiteral("## Lessons\n"), QStringLiteral("## Lessons\nPage the storage team sooner.\n"));
    QVERIFY(document.contains(QStringLiteral("storage team")));
    text->setPlainText(document);
    QSignalSpy saved(review, &ReviewWindow::versionSaved);
    review->saveVersion();
    QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, 10000);
    window->findChild<QAction*>(QStringLiteral("reviewListAction"))->trigger();
    ReviewListView* list = gui.reviews().listView();
    QVERIFY(list);
    QTRY_VERIFY_WITH_TIMEOUT(list->model()->rowCount() >= 1, 10000);

    // Export from the GUI: read on the reader thread, written on a worker, reported back.
    QSignalSpy exported(&gui.reviews(), &ReviewsConsole::exported);
    const QString pdf = dir.filePath(QStringLiteral("review.pdf"));
    gui.reviews().exportReviewTo(incidentId, pdf);
    QTRY_COMPARE_WITH_TIMEOUT(exported.size(), 1, 30000);
    QCOMPARE(exported.first().at(2).toString(), QString());
    QVERIFY(exported.first().at(3).toInt() >= 2);
    QFile file(pdf);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.read(5) == "%PDF-");

    // Backtesting opens once the engine is up, over the demo's playbooks.
    window->findChild<QAction*>(QStringLiteral("backtestAction"))->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(gui.reviews().backtestWindow() != nullptr, 10000);
    QVERIFY(!gui.reviews().backtestWindow()->playbooks().isEmpty());
    host.stop();
}

QTEST_MAIN(TestReviewsConsole)
#include "tst_reviewsconsole.moc"
