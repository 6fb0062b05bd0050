// ReviewAutosaver against a ReviewSaver whose answers the test gives by hand: the first change arms
// a timer that typing never pushes back, one write is in flight at a time with later text coalesced,
// flush writes at once, a failure is reported and tried again, and nothing is written without an author.
#include "domain/metatypes.h"
#include "reviews/reviewautosaver.h"
#include "reviews/reviewsaver.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using namespace firebreak;

namespace {

WriteBatch requested(const QSignalSpy& spy, qsizetype i)
{
    return spy.at(i).at(0).value<WriteBatch>();
}

CommittedBatch committedFor(const WriteBatch& batch)
{
    CommittedBatch out;
    out.tickets = { batch.ticket };
    out.reviewDrafts = batch.reviewDrafts;
    return out;
}

} // namespace

class TstReviewAutosaver : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { registerMetaTypes(); }

    void typingDoesNotPushTheWriteBack()
    {
        ReviewSaver saver;
        QSignalSpy writes(&saver, &ReviewSaver::enqueueRequested);
        ReviewAutosaver autosaver(saver, 7, QStringLiteral("alice"));
        autosaver.setBaseVersion(2);
        QElapsedTimer typing;
        typing.start();
        QString text;
        // A key every 50 ms for 1.2 s: a debounce would never fire.
        while (typing.elapsed() < 1200) {
            text += QLatin1Char('x');
            autosaver.textChanged(text);
            if (writes.size() == 1 && autosaver.state() == ReviewAutosaver::State::Saving) {
                saver.onCommitted(committedFor(requested(writes, 0)));
            }
            QTest::qWait(50);
        }
        QVERIFY2(writes.size() >= 1, "nothing was written while typing");
        const WriteBatch first = requested(writes, 0);
        QCOMPARE(first.reviewDrafts.size(), 1);
        QCOMPARE(first.reviewDrafts.first().incidentId, 7);
        QCOMPARE(first.reviewDrafts.first().author, QStringLiteral("alice"));
        QCOMPARE(first.reviewDrafts.first().baseVersion, 2);
        QVERIFY(first.reviewDrafts.first().text.size() <= 10); // taken about 400 ms in, not at the end
        QVERIFY(first.reviewDrafts.first().savedMs > 0);
    }

    void oneWriteInFlightAndTheLatestTextFollows()
    {
        ReviewSaver saver;
        QSignalSpy writes(&saver, &ReviewSaver::enqueueRequested);
        ReviewAutosaver autosaver(saver, 7, QStringLiteral("alice"));
        QSignalSpy savedAt(&autosaver, &ReviewAutosaver::savedAt);
        autosaver.textChanged(QStringLiteral("a"));
        QCOMPARE(autosaver.state(), ReviewAutosaver::State::Unsaved);
        QTRY_COMPARE_WITH_TIMEOUT(writes.size(), 1, 1000);
        QCOMPARE(autosaver.state(), ReviewAutosaver::State::Saving);
        autosaver.textChanged(QStringLiteral("ab"));
        autosaver.textChanged(QStringLiteral("abc"));
        QTest::qWait(ReviewAutosaver::MaxDelayMs + 200);
        QCOMPARE(writes.size(), 1); // still waiting for the first answer

        // The first write took long: the newest text goes at once, in one write.
        saver.onCommitted(committedFor(requested(writes, 0)));
        QCOMPARE(savedAt.size(), 1);
        QCOMPARE(writes.size(), 2);
        QCOMPARE(requested(writes, 1).reviewDrafts.first().text, QStringLiteral("abc"));
        saver.onCommitted(committedFor(requested(writes, 1)));
        QCOMPARE(autosaver.state(), ReviewAutosaver::State::Saved);
        QVERIFY(!autosaver.hasUnsavedText());
        QCOMPARE(autosaver.lastSavedMs(), requested(writes, 1).reviewDrafts.first().savedMs);
    }

    void flushWritesAtOnce()
    {
        ReviewSaver saver;
        QSignalSpy writes(&saver, &ReviewSaver::enqueueRequested);
        ReviewAutosaver autosaver(saver, 7, QStringLiteral("alice"));
        autosaver.flush(); // nothing typed: nothing to write
        QCOMPARE(writes.size(), 0);
        autosaver.textChanged(QStringLiteral("closing now"));
        autosaver.flush();
        QCOMPARE(writes.size(), 1);
        QCOMPARE(requested(writes, 0).reviewDrafts.first().text, QStringLiteral("closing now"));
    }

    void failureIsReportedAndTriedAgain()
    {
        ReviewSaver saver;
        QSignalSpy writes(&saver, &ReviewSaver::enqueueRequested);
        ReviewAutosaver autosaver(saver, 7, QStringLiteral("alice"));
        QSignalSpy failed(&autosaver, &ReviewAutosaver::failed);
        autosaver.textChanged(QStringLiteral("important"));
        autosaver.flush();
        saver.onFailed(QStringLiteral("disk full"), { requested(writes, 0).ticket });
        QCOMPARE(failed.size(), 1);
        QCOMPARE(autosaver.state(), ReviewAutosaver::State::Failed);
        QCOMPARE(autosaver.lastError(), QStringLiteral("disk full"));
        QVERIFY(autosaver.hasUnsavedText());
        QTRY_COMPARE_WITH_TIMEOUT(writes.size(), 2, ReviewAutosaver::RetryDelayMs + 1000);
        QCOMPARE(requested(writes, 1).reviewDrafts.first().text, QStringLiteral("important"));
        saver.onCommitted(committedFor(requested(writes, 1)));
        QCOMPARE(autosaver.state(), ReviewAutosaver::State::Saved);
        QVERIFY(autosaver.lastError().isEmpty());
    }

    void nothingIsWrittenWithoutAnAuthor()
    {
        ReviewSaver saver;
        QSignalSpy writes(&saver, &ReviewSaver::enqueueRequested);
        ReviewAutosaver autosaver(saver, 7, QString());
        autosaver.textChanged(QStringLiteral("anonymous"));
        autosaver.flush();
        QTest::qWait(ReviewAutosaver::MaxDelayMs + 100);
        QCOMPARE(writes.size(), 0);
        autosaver.setAuthor(QStringLiteral("alice"));
        QTRY_COMPARE(writes.size(), 1);
        QCOMPARE(requested(writes, 0).reviewDrafts.first().author, QStringLiteral("alice"));
    }
};

QTEST_GUILESS_MAIN(TstReviewAutosaver)
#include "tst_reviewautosaver.moc"
