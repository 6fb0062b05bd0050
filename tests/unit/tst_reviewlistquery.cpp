// The reads behind the list of all reviews and the verdicts editor, on a real store through the
// store reader: the status filters (draft, final, overdue, missing), full-text search with a prefix
// and a snippet, overdue action items by the reader's clock, and an incident's alerts and runs with
// the verdicts already given.
#include "domain/metatypes.h"
#include "reviewlistfixture.h"
#include "store/storereader.h"
#include "store/storewriter.h"

#include <QDateTime>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace firebreak;

namespace {

QList<qint64> idsOf(const QVector<ReviewListEntry>& entries)
{
    QList<qint64> ids;
    for (const ReviewListEntry& entry : entries)
        ids.append(entry.incidentId);
    return ids;
}

} // namespace

class TstReviewListQuery : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        registerMetaTypes();
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(QStringLiteral("firebreak.db"));
        m_now = QDateTime::currentMSecsSinceEpoch();
        StoreWriter writer(m_path);
        QSignalSpy failed(&writer, &StoreWriter::failed);
        QSignalSpy committed(&writer, &StoreWriter::committed);
        writer.open();
        writer.enqueue(ReviewListFixture::batch(m_now));
        writer.close();
        QCOMPARE(failed.size(), 0);
        QCOMPARE(committed.size(), 1);
        m_reader = std::make_unique<StoreReader>(m_path);
        m_reader->open();
    }

    void list_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("filter");
        QTest::addColumn<QList<qint64>>("expected");
        // Most recently updated first: #6 has only an action item (updated day 11), #1 day 10, #2 day 9.
        QTest::newRow("all") << QString() << QString() << QList<qint64> { 6, 1, 2 };
        QTest::newRow("drafts") << QString() << QStringLiteral("draft") << QList<qint64> { 1 };
        QTest::newRow("final") << QString() << QStringLiteral("final") << QList<qint64> { 2 };
        QTest::newRow("overdue") << QString() << QStringLiteral("overdue") << QList<qint64> { 1 };
        // Resolved or reviewed without a review; #4 is still open, #1 and #2 have reviews.
        QTest::newRow("missing") << QString() << QStringLiteral("missing") << QList<qint64> { 6, 5, 3 };
        QTest::newRow("missing by title") << QStringLiteral("cert") << QStringLiteral("missing") << QList<qint64> { 3 };
        QTest::newRow("word in lessons") << QStringLiteral("storage") << QString() << QList<qint64> { 1 };
        QTest::newRow("prefix") << QStringLiteral("rotat*") << QString() << QList<qint64> { 1 };
        QTest::newRow("every word") << QStringLiteral("latency slo") << QString() << QList<qint64> { 2 };
        QTest::newRow("word and filter") << QStringLiteral("latency") << QStringLiteral("draft") << QList<qint64> {};
        QTest::newRow("no match") << QStringLiteral("kubernetes") << QString() << QList<qint64> {};
        QTest::newRow("only punctuation") << QStringLiteral("***") << QString() << QList<qint64> {};
    }
    void list()
    {
        QFETCH(QString, text);
        QFETCH(QString, filter);
        QFETCH(QList<qint64>, expected);
        QSignalSpy fetched(m_reader.get(), &StoreReader::reviewListFetched);
        QSignalSpy failed(m_reader.get(), &StoreReader::failed);
        m_reader->fetchReviewList(7, text, filter);
        QCOMPARE(failed.size(), 0);
        QCOMPARE(fetched.size(), 1);
        QCOMPARE(fetched.first().at(0).toULongLong(), quint64(7));
        QCOMPARE(idsOf(fetched.first().at(1).value<QVector<ReviewListEntry>>()), expected);
    }

    void entriesCarryTheIncidentTheReviewAndTheItemsOwed()
    {
        QSignalSpy fetched(m_reader.get(), &StoreReader::reviewListFetched);
        m_reader->fetchReviewList(1, QString(), QString());
        const auto entries = fetched.first().at(1).value<QVector<ReviewListEntry>>();
        QCOMPARE(entries.size(), 3);
        const ReviewListEntry& disk = entries.at(1);
        QCOMPARE(disk.incidentId, 1);
        QCOMPARE(disk.incidentTitle, QStringLiteral("Disk full on db-1"));
        QCOMPARE(disk.severity, 2);
        QCOMPARE(disk.incidentStatus, IncidentStatus::Resolved);
        QVERIFY(disk.hasReview);
        QCOMPARE(disk.status, ReviewStatus::Draft);
        QCOMPARE(disk.version, 1);
        QCOMPARE(disk.author, QStringLiteral("alice"));
        QCOMPARE(disk.updatedMs, m_now - 20 * ReviewListFixture::DayMs + 10 * ReviewListFixture::DayMs);
        // Two open items; one 3 days past due. The done one past due is not overdue.
        QCOMPARE(disk.openActionItems, 2);
        QCOMPARE(disk.overdueActionItems, 1);
        QVERIFY(disk.snippet.isEmpty());
        const ReviewListEntry& probe = entries.at(0);
        QCOMPARE(probe.incidentId, 6);
        QVERIFY(!probe.hasReview);
        QCOMPARE(probe.version, 0);
        QCOMPARE(probe.openActionItems, 1);
        QCOMPARE(probe.overdueActionItems, 0);
        const ReviewListEntry& api = entries.at(2);
        QCOMPARE(api.status, ReviewStatus::Final);
        QCOMPARE(api.openActionItems, 1);
        QCOMPARE(api.overdueActionItems, 0); // no due date is never overdue
    }

    void searchGivesASnippetWithTheMatchMarked()
    {
        QSignalSpy fetched(m_reader.get(), &StoreReader::reviewListFetched);
        m_reader->fetchReviewList(2, QStringLiteral("stor*"), QString());
        const auto entries = fetched.first().at(1).value<QVector<ReviewListEntry>>();
        QCOMPARE(entries.size(), 1);
        QVERIFY2(entries.first().snippet.contains(QStringLiteral("«storage»")), qPrintable(entries.first().snippet));
        QVERIFY(entries.first().snippet.size() < 120);
    }

    void anUnknownFilterIsAnErrorNamingIt()
    {
        QSignalSpy fetched(m_reader.get(), &StoreReader::reviewListFetched);
        QSignalSpy failed(m_reader.get(), &StoreReader::failed);
        m_reader->fetchReviewList(3, QString(), QStringLiteral("drafts"));
        QCOMPARE(fetched.size(), 0);
        QCOMPARE(failed.size(), 1);
        QCOMPARE(failed.first().at(0).toULongLong(), quint64(3));
        const QString error = failed.first().at(1).toString();
        QVERIFY2(error.contains(QStringLiteral("no status filter \"drafts\"")), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("draft, final, overdue, missing")), qPrintable(error));
    }

    void subjectsAreTheAlertsByFingerprintThenTheRunsWithVerdicts()
    {
        QSignalSpy fetched(m_reader.get(), &StoreReader::reviewSubjectsFetched);
        m_reader->fetchReviewSubjects(4, 1);
        QCOMPARE(fetched.size(), 1);
        QCOMPARE(fetched.first().at(1).toLongLong(), 1);
        const auto subjects = fetched.first().at(2).value<QVector<ReviewSubject>>();
        QCOMPARE(subjects.size(), 3);
        const qint64 t = m_now - 20 * ReviewListFixture::DayMs;

        const ReviewSubject& full = subjects.at(0);
        QCOMPARE(full.kind, ReviewVerdict::SubjectKind::Alert);
        QCOMPARE(full.subjectId, QStringLiteral("a1"));
        QCOMPARE(full.name, QStringLiteral("DiskFull"));
        QCOMPARE(full.severity, QStringLiteral("critical"));
        QCOMPARE(full.timesFired, 2);
        QCOMPARE(full.startsAtMs, t + 60'000);
        QCOMPARE(full.endsAtMs, t + 1'800'000); // the last firing's end
        QCOMPARE(full.state, QStringLiteral("resolved"));
        QVERIFY(full.hasVerdict);
        QCOMPARE(full.verdict.verdict, ReviewVerdict::Verdict::Useful);
        QCOMPARE(full.verdict.author, QStringLiteral("alice"));

        const ReviewSubject& warn = subjects.at(1);
        QCOMPARE(warn.subjectId, QStringLiteral("a2"));
        QCOMPARE(warn.timesFired, 1);
        QCOMPARE(warn.endsAtMs, 0);
        QCOMPARE(warn.state, QStringLiteral("firing"));
        QVERIFY(!warn.hasVerdict);

        const ReviewSubject& run = subjects.at(2);
        QCOMPARE(run.kind, ReviewVerdict::SubjectKind::Run);
        QCOMPARE(run.subjectId, QStringLiteral("11"));
        QCOMPARE(run.name, QStringLiteral("Disk cleanup"));
        QCOMPARE(run.state, QStringLiteral("succeeded"));
        QCOMPARE(run.startsAtMs, t + 300'000);
        QCOMPARE(run.timesFired, 0);
        QVERIFY(!run.hasVerdict);

        m_reader->fetchReviewSubjects(5, 3);
        QCOMPARE(fetched.size(), 2);
        QVERIFY(fetched.last().at(2).value<QVector<ReviewSubject>>().isEmpty());
    }

private:
    QTemporaryDir m_dir;
    QString m_path;
    qint64 m_now = 0;
    std::unique_ptr<StoreReader> m_reader;
};

QTEST_GUILESS_MAIN(TstReviewListQuery)
#include "tst_reviewlistquery.moc"
