// ReviewSaver with a real store writer on its own thread: a saved review comes back with its ticket
// only once committed, and a store that cannot be opened reports the failure for that ticket.
#include "domain/metatypes.h"
#include "reviews/reviewsaver.h"
#include "store/storewriter.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace firebreak;

class TestReviewSaver : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { registerMetaTypes(); }

    void savedComesBackWithItsTicketAfterCommit()
    {
        QTemporaryDir dir;
        QThread thread;
        auto* writer = new StoreWriter(dir.filePath(QStringLiteral("fb.db")));
        writer->moveToThread(&thread);
        connect(&thread, &QThread::finished, writer, &QObject::deleteLater);
        thread.start();
        QMetaObject::invokeMethod(writer, &StoreWriter::open, Qt::QueuedConnection);

        ReviewSaver saver;
        connect(&saver, &ReviewSaver::enqueueRequested, writer, &StoreWriter::enqueue, Qt::QueuedConnection);
        connect(writer, &StoreWriter::committed, &saver, &ReviewSaver::onCommitted, Qt::QueuedConnection);
        connect(writer, &StoreWriter::failed, &saver, &ReviewSaver::onFailed, Qt::QueuedConnection);
        QSignalSpy saved(&saver, &ReviewSaver::saved);

        Review review;
        review.incidentId = 7;
        review.author = QStringLiteral("alice");
        review.summary = QStringLiteral("The disk filled up.");
        WriteBatch batch;
        batch.reviews.append(review);
        const quint64 first = saver.save(batch);
        const quint64 second = saver.save(batch);
        QVERIFY(first >= ReviewSaver::TicketBase);
        QVERIFY(second != first);
        QVERIFY(saver.isPending(first));

        QTRY_COMPARE(saved.size(), 2);
        QCOMPARE(saver.pendingCount(), 0);
        QList<quint64> tickets { saved.at(0).at(0).value<quint64>(), saved.at(1).at(0).value<quint64>() };
        std::sort(tickets.begin(), tickets.end());
        QCOMPARE(tickets, (QList<quint64> { first, second }));
        const auto committed = saved.last().at(1).value<CommittedBatch>();
        QVERIFY(!committed.reviews.isEmpty());
        QCOMPARE(committed.reviews.last().incidentId, 7);
        QVERIFY(committed.reviews.last().version >= 1);

        QMetaObject::invokeMethod(writer, &StoreWriter::close, Qt::BlockingQueuedConnection);
        thread.quit();
        thread.wait();
    }

    void failureIsReportedForTheTicket()
    {
        QTemporaryDir dir;
        // A directory where the store file should be: the writer cannot open it.
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("fb.db")));
        StoreWriter writer(dir.filePath(QStringLiteral("fb.db")));
        writer.open();
        ReviewSaver saver;
        connect(&saver, &ReviewSaver::enqueueRequested, &writer, &StoreWriter::enqueue);
        connect(&writer, &StoreWriter::committed, &saver, &ReviewSaver::onCommitted);
        connect(&writer, &StoreWriter::failed, &saver, &ReviewSaver::onFailed);
        QSignalSpy failed(&saver, &ReviewSaver::saveFailed);
        QSignalSpy saved(&saver, &ReviewSaver::saved);

        WriteBatch batch;
        Review review;
        review.incidentId = 1;
        batch.reviews.append(review);
        const quint64 ticket = saver.save(batch);
        writer.flush();
        QTRY_COMPARE(failed.size(), 1);
        QCOMPARE(failed.first().at(0).value<quint64>(), ticket);
        QVERIFY(!failed.first().at(1).toString().isEmpty());
        QCOMPARE(saved.size(), 0);
        writer.close();
    }
};

QTEST_GUILESS_MAIN(TestReviewSaver)
#include "tst_reviewsaver.moc"
