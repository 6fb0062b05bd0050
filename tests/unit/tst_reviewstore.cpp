// Post-incident reviews in the store: the template chosen by severity; a version 8 file keeps every row
// when it gains the review tables; every saved version is kept in order, append-only, and audited in
// the chain; timeline rows, action items and verdicts round-trip; full-text search finds a review.
#include "audit/auditchain.h"
#include "domain/metatypes.h"
#include "reviews/reviewtemplates.h"
#include "store/database.h"
#include "store/reviewqueries.h"
#include "store/storequeries.h"
#include "store/storereader.h"
#include "store/storewriter.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace firebreak;

namespace {

CommittedBatch writeOne(const QString& path, const WriteBatch& batch, QStringList* failures = nullptr)
{
    StoreWriter writer(path);
    QSignalSpy committed(&writer, &StoreWriter::committed);
    QSignalSpy failed(&writer, &StoreWriter::failed);
    writer.open();
    writer.enqueue(batch);
    writer.close();
    if (failures) {
        for (const QList<QVariant>& args : failed)
            failures->append(args.at(0).toString());
    }
    return committed.size() == 1 ? committed.first().first().value<CommittedBatch>() : CommittedBatch {};
}

Review review(qint64 incidentId, ReviewStatus status, qint64 timeMs, const QString& lessons)
{
    Review r;
    r.incidentId = incidentId;
    r.status = status;
    r.updatedMs = timeMs;
    r.author = QStringLiteral("alice");
    r.summary = QStringLiteral("The disk of db-1 filled up.");
    r.lessons = lessons;
    return r;
}

// A read-only connection for checks, closed on destruction.
struct Probe {
    explicit Probe(const QString& path)
        : result(Database::open(QStringLiteral("probe"), path, Database::Mode::ReadWrite))
        , db(Database::connection(QStringLiteral("probe")))
    {
    }
    ~Probe()
    {
        db = QSqlDatabase();
        Database::close(QStringLiteral("probe"));
    }
    StoreOpenResult result;
    QSqlDatabase db;
};

} // namespace

class TstReviewStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        Q_INIT_RESOURCE(firebreak);
        registerMetaTypes();
    }
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_path = m_dir->filePath(QStringLiteral("firebreak.db"));
    }
    void cleanup() { m_dir.reset(); }

    void versionEightFileKeepsItsRowsAndGetsReviews()
    {
        {
            auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v8"));
            db.setDatabaseName(m_path);
            QVERIFY(db.open());
            QString error;
            QVERIFY2(Database::migrate(db, 8, &error), qPrintable(error));
            QSqlQuery query(db);
            QVERIFY(query.exec(QStringLiteral("INSERT INTO incidents(id, title, detected_ms) VALUES (3, 'kept', 1)")));
            QVERIFY(query.exec(QStringLiteral("INSERT INTO events(time_ms, incident_id, title) VALUES (5, 3, 'ev')")));
            QVERIFY(query.exec(QStringLiteral("INSERT INTO pins(event_id, incident_id) VALUES (1, 3)")));
            QVERIFY(query.exec(QStringLiteral("INSERT INTO runs(id, incident_id, risk, state) VALUES (4, 3, 'low',"
                                              " 'succeeded')")));
            QVERIFY(!query.exec(QStringLiteral("SELECT count(*) FROM reviews")));
            query.finish();
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("v8"));

        const CommittedBatch out
            = writeOne(m_path, WriteBatch { .reviews = { review(3, ReviewStatus::Draft, 100, QStringLiteral("x")) } });
        QCOMPARE(out.reviews.size(), 1);
        QCOMPARE(out.reviews.first().version, 1);

        Probe probe(m_path);
        QVERIFY2(probe.result.ok, qPrintable(probe.result.problem));
        QCOMPARE(probe.result.schemaVersion, Database::SchemaVersion);
        QSqlQuery query(probe.db);
        QVERIFY(query.exec(QStringLiteral("SELECT (SELECT title FROM incidents WHERE id = 3),"
                                          " (SELECT title FROM events), (SELECT event_id FROM pins),"
                                          " (SELECT state FROM runs WHERE id = 4), (SELECT count(*) FROM reviews)")));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toString(), QStringLiteral("kept"));
        QCOMPARE(query.value(1).toString(), QStringLiteral("ev"));
        QCOMPARE(query.value(2).toInt(), 1);
        QCOMPARE(query.value(3).toString(), QStringLiteral("succeeded"));
        QCOMPARE(query.value(4).toInt(), 1);
    }

    void everyVersionIsKeptInOrderAndAudited()
    {
        // Two drafts in one batch (autosave) and a final one in the next: the store numbers them.
        const CommittedBatch first = writeOne(m_path,
            WriteBatch { .reviews = { review(5, ReviewStatus::Draft, 100, QStringLiteral("one")),
                             review(5, ReviewStatus::Draft, 200, QStringLiteral("two")) } });
        const CommittedBatch second = writeOne(m_path,
            WriteBatch { .reviews = { review(5, ReviewStatus::Final, 300, QStringLiteral("three")),
                             review(6, ReviewStatus::Draft, 310, QStringLiteral("other")) } });
        QCOMPARE(first.reviews.size(), 2);
        QCOMPARE(first.reviews.at(0).version, 1);
        QCOMPARE(first.reviews.at(1).version, 2);
        QCOMPARE(second.reviews.at(0).version, 3);
        QCOMPARE(second.reviews.at(1).version, 1);

        Probe probe(m_path);
        QString error;
        const QVector<Review> versions = ReviewQueries::versions(probe.db, 5, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(versions.size(), 3);
        QCOMPARE(versions.at(0), first.reviews.at(0));
        QCOMPARE(versions.at(1), first.reviews.at(1));
        QCOMPARE(versions.at(2), second.reviews.at(0));
        QCOMPARE(versions.at(2).status, ReviewStatus::Final);
        const std::optional<Review> latest = ReviewQueries::latest(probe.db, 5, &error);
        QVERIFY(latest);
        QCOMPARE(*latest, second.reviews.at(0));
        const QVector<Review> all = ReviewQueries::reviews(probe.db, &error);
        QCOMPARE(all.size(), 2);
        QCOMPARE(all.at(0).incidentId, 6); // most recently saved first
        QCOMPARE(all.at(1).lessons, QStringLiteral("three"));

        // Versions are evidence: no update, no delete, no replacement, no gap.
        QSqlQuery query(probe.db);
        QVERIFY(!query.exec(QStringLiteral("UPDATE review_versions SET lessons = 'rewritten' WHERE version = 1")));
        QVERIFY2(
            query.lastError().text().contains(QStringLiteral("append-only")), qPrintable(query.lastError().text()));
        QVERIFY(!query.exec(QStringLiteral("DELETE FROM review_versions WHERE incident_id = 5")));
        QVERIFY(query.lastError().text().contains(QStringLiteral("append-only")));
        QVERIFY(!query.exec(QStringLiteral("INSERT OR REPLACE INTO review_versions(incident_id, version, status)"
                                           " VALUES (5, 2, 'draft')")));
        QVERIFY(!query.exec(QStringLiteral("INSERT INTO review_versions(incident_id, version, status)"
                                           " VALUES (5, 7, 'draft')")));
        QCOMPARE(ReviewQueries::versions(probe.db, 5, &error), versions);

        // One audit entry per version, chained, naming the version and the content hash.
        const QVector<AuditEntry> audit = StoreQueries::auditEntries(probe.db, &error);
        QCOMPARE(audit.size(), 4);
        QVERIFY(AuditChain::verify(audit).ok);
        const QStringList actions { audit.at(0).action, audit.at(1).action, audit.at(2).action, audit.at(3).action };
        QCOMPARE(actions,
            QStringList({ QStringLiteral("review.saved"), QStringLiteral("review.saved"),
                QStringLiteral("review.finalised"), QStringLiteral("review.saved") }));
        QCOMPARE(audit.at(2).subject, QStringLiteral("incident:5"));
        QCOMPARE(audit.at(2).actor, QStringLiteral("alice"));
        QCOMPARE(audit.at(2).timeMs, 300);
        const QJsonObject details = QJsonDocument::fromJson(audit.at(2).details).object();
        QCOMPARE(details.value(QStringLiteral("version")).toInt(), 3);
        QCOMPARE(details.value(QStringLiteral("content_sha256")).toString(), versions.at(2).contentSha256());
        QCOMPARE(second.audit.size(), 2);
        QCOMPARE(second.audit.at(0), audit.at(2));
    }

    void timelineActionItemsAndVerdictsRoundTripThroughTheReader()
    {
        WriteBatch batch;
        batch.reviews = { review(8, ReviewStatus::Draft, 100, QStringLiteral("l")) };
        batch.reviewTimeline = { ReviewTimelineEntry { 0, 8, 2000, QStringLiteral("disk alert fired"), 41, false,
                                     QStringLiteral("alice"), 100 },
            ReviewTimelineEntry {
                0, 8, 1000, QStringLiteral("deploy went out"), 0, false, QStringLiteral("alice"), 100 } };
        batch.actionItems = { ActionItem { 0, 8, QStringLiteral("Alert at 80% disk"), QStringLiteral("bob"), 5000,
            ActionItemStatus::Open, QStringLiteral("https://tickets/1"), 100, QStringLiteral("alice") } };
        batch.reviewVerdicts = { ReviewVerdict { 8, ReviewVerdict::SubjectKind::Run, QStringLiteral("12"),
                                     ReviewVerdict::Verdict::Useful, QStringLiteral("alice"), 100 },
            ReviewVerdict { 8, ReviewVerdict::SubjectKind::Alert, QStringLiteral("fp1"), ReviewVerdict::Verdict::Noise,
                QStringLiteral("alice"), 100 } };
        const CommittedBatch out = writeOne(m_path, batch);
        QCOMPARE(out.reviewTimeline.size(), 2);
        QVERIFY(out.reviewTimeline.at(0).id > 0);
        QVERIFY(out.actionItems.at(0).id > 0);

        // Edits: one timeline row changed, one removed; the item done; the alert's verdict changed.
        ReviewTimelineEntry edited = out.reviewTimeline.at(0);
        edited.text = QStringLiteral("disk alert fired (80%)");
        ReviewTimelineEntry removed = out.reviewTimeline.at(1);
        removed.removed = true;
        ActionItem done = out.actionItems.at(0);
        done.status = ActionItemStatus::Done;
        ReviewVerdict late = batch.reviewVerdicts.at(1);
        late.verdict = ReviewVerdict::Verdict::MissedOrLate;
        QStringList failures;
        writeOne(m_path,
            WriteBatch { .reviewTimeline = { edited, removed }, .actionItems = { done }, .reviewVerdicts = { late } },
            &failures);
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));

        StoreReader reader(m_path);
        QSignalSpy opened(&reader, &StoreReader::opened);
        QSignalSpy fetched(&reader, &StoreReader::reviewFetched);
        QSignalSpy failed(&reader, &StoreReader::failed);
        reader.open();
        reader.fetchReview(1, 8);
        reader.fetchReview(2, 99);
        QCOMPARE(failed.size(), 0);
        QCOMPARE(fetched.size(), 2);
        const ReviewDetail detail = fetched.at(0).at(1).value<ReviewDetail>();
        QVERIFY(detail.saved);
        QCOMPARE(detail.review.version, 1);
        // Who made a change and when is the audit log's to keep, not the row's.
        edited.author.clear();
        edited.changedMs = 0;
        done.author.clear();
        QCOMPARE(detail.timeline, QVector<ReviewTimelineEntry> { edited });
        QCOMPARE(detail.timeline.first().sourceEventId, 41);
        QCOMPARE(detail.actionItems, QVector<ActionItem> { done });
        QCOMPARE(detail.verdicts, (QVector<ReviewVerdict> { late, batch.reviewVerdicts.at(0) }));
        const ReviewDetail none = fetched.at(1).at(1).value<ReviewDetail>();
        QVERIFY(!none.saved);
        QCOMPARE(none.incidentId, 99);
        QVERIFY(none.actionItems.isEmpty());
        QVERIFY(done.isOverdue(6000) == false);
        QVERIFY(out.actionItems.at(0).isOverdue(6000));
    }

    void badRowsAreRefusedBeforeQueueing()
    {
        QStringList failures;
        Review anonymous = review(3, ReviewStatus::Draft, 1, QStringLiteral("x"));
        anonymous.author.clear();
        writeOne(m_path, WriteBatch { .reviews = { anonymous } }, &failures);
        writeOne(m_path, WriteBatch { .actionItems = { ActionItem { 0, 3, QStringLiteral(" ") } } }, &failures);
        writeOne(m_path,
            WriteBatch {
                .reviewVerdicts = { ReviewVerdict { 0, ReviewVerdict::SubjectKind::Alert, QStringLiteral("f") } } },
            &failures);
        QCOMPARE(failures.size(), 3);
        QVERIFY2(failures.at(0).contains(QStringLiteral("the review of incident 3 by \"\" has no author")),
            qPrintable(failures.at(0)));
        QVERIFY2(failures.at(1).contains(QStringLiteral("has no title")), qPrintable(failures.at(1)));
        QVERIFY2(failures.at(2).contains(QStringLiteral("names no incident")), qPrintable(failures.at(2)));
        // The store still takes good rows afterwards.
        QCOMPARE(writeOne(m_path, WriteBatch { .reviews = { review(3, ReviewStatus::Draft, 2, QStringLiteral("x")) } })
                     .reviews.size(),
            1);
    }

    void fullTextSearchFindsTheLatestVersion()
    {
        writeOne(m_path,
            WriteBatch { .reviews = { review(1, ReviewStatus::Draft, 10, QStringLiteral("Rotate logs hourly")),
                             review(2, ReviewStatus::Final, 20, QStringLiteral("Page the storage team sooner")) } });
        // A later version of review 1 no longer mentions logs.
        writeOne(m_path,
            WriteBatch { .reviews = { review(1, ReviewStatus::Draft, 30, QStringLiteral("Keep disks below 80%")) } });

        StoreReader reader(m_path);
        QSignalSpy found(&reader, &StoreReader::reviewsFetched);
        reader.open();
        reader.searchReviews(1, QStringLiteral("storage"));
        reader.searchReviews(2, QStringLiteral("logs"));
        reader.searchReviews(3, QStringLiteral("belo*"));
        reader.searchReviews(4, QStringLiteral("filled"));
        reader.fetchReviews(5);
        QCOMPARE(found.size(), 5);
        const auto ids = [&](int i) {
            QList<qint64> out;
            for (const Review& r : found.at(i).at(1).value<QVector<Review>>())
                out.append(r.incidentId);
            return out;
        };
        QCOMPARE(ids(0), QList<qint64> { 2 });
        QCOMPARE(ids(1), QList<qint64> {});
        QCOMPARE(ids(2), QList<qint64> { 1 });
        QCOMPARE(ids(3).size(), 2); // every summary says the disk filled up
        QCOMPARE(ids(4), (QList<qint64> { 1, 2 }));
        QCOMPARE(found.at(4).at(1).value<QVector<Review>>().first().version, 2);
    }

    void templateFollowsSeverity_data()
    {
        QTest::addColumn<int>("severity");
        QTest::addColumn<QString>("file");
        QTest::newRow("SEV1") << 1 << QStringLiteral(":/reviews/full.md");
        QTest::newRow("SEV2") << 2 << QStringLiteral(":/reviews/full.md");
        QTest::newRow("SEV3") << 3 << QStringLiteral(":/reviews/short.md");
        QTest::newRow("SEV4") << 4 << QStringLiteral(":/reviews/short.md");
    }
    void templateFollowsSeverity()
    {
        QFETCH(int, severity);
        QFETCH(QString, file);
        const ReviewTemplates templates;
        QCOMPARE(templates.templatePath(severity), file);
        QString error;
        const std::optional<Review> draft = templates.draftFor(7, severity, &error);
        QVERIFY2(draft, qPrintable(error));
        QCOMPARE(draft->incidentId, 7);
        QCOMPARE(draft->version, 0);
        QCOMPARE(draft->status, ReviewStatus::Draft);
        for (const QString& section : { draft->summary, draft->impact, draft->timeline, draft->contributingFactors,
                 draft->wentWell, draft->wentBadly, draft->lessons })
            QVERIFY2(!section.trimmed().isEmpty(), qPrintable(file));
        // The comment before the first heading is not part of any section.
        QVERIFY(!draft->summary.contains(QStringLiteral("<!--")));
        if (severity <= 2)
            QVERIFY(draft->impact.contains(QStringLiteral("Commitments breached")));
        else
            QVERIFY(!draft->impact.contains(QStringLiteral("Commitments breached")));
    }

    void malformedTemplateNamesItsLine()
    {
        QString error;
        QVERIFY(!ReviewTemplates::parse("## Summary\ntext\n\n## Root cause\n", QStringLiteral("t.md"), &error));
        QVERIFY2(error.startsWith(QStringLiteral("t.md:4: \"Root cause\" is not a review section")), qPrintable(error));
        QVERIFY(!ReviewTemplates::parse("## Lessons\n## lessons\n", QStringLiteral("t.md"), &error));
        QVERIFY2(error.contains(QStringLiteral("t.md:2")), qPrintable(error));
        QVERIFY(!ReviewTemplates::parse("no headings", QStringLiteral("t.md"), &error));
        QString missing;
        QVERIFY(!ReviewTemplates(QStringLiteral("/nonexistent")).draftFor(1, 1, &missing));
        QVERIFY2(missing.startsWith(QStringLiteral("/nonexistent/full.md: cannot read")), qPrintable(missing));
    }

    void contentHashCoversEverySection()
    {
        Review a;
        a.lessons = QStringLiteral("x");
        Review b = a;
        QCOMPARE(a.contentSha256(), b.contentSha256());
        QCOMPARE(a.contentSha256().size(), 64);
        b.lessons = QStringLiteral("y");
        QVERIFY(a.contentSha256() != b.contentSha256());
        b = a;
        b.status = ReviewStatus::Final;
        QVERIFY(a.contentSha256() != b.contentSha256());
        b = a;
        b.author = QStringLiteral("someone else"); // who saved it is not content
        QCOMPARE(a.contentSha256(), b.contentSha256());
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

QTEST_GUILESS_MAIN(TstReviewStore)
#include "tst_reviewstore.moc"
