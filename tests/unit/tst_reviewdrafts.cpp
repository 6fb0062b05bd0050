// Autosaved review text in the store: one row per incident, overwritten, never audited; the reader
// offers it only when it is newer than the latest saved version and says something that version does
// not; a version 9 file gains the table and keeps every row; the rows go through the writer's durable
// (synchronous=FULL) connection and can be read back as soon as the commit is reported.
#include "domain/metatypes.h"
#include "reviews/reviewdocumenttext.h"
#include "store/database.h"
#include "store/reviewqueries.h"
#include "store/storequeries.h"
#include "store/storereader.h"
#include "store/storewriter.h"

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

ReviewDraftText draft(qint64 incidentId, qint64 savedMs, const QString& text, int baseVersion = 0)
{
    return ReviewDraftText { incidentId, QStringLiteral("alice"), text, baseVersion, savedMs };
}

Review version(qint64 incidentId, qint64 timeMs, const QString& summary)
{
    Review r;
    r.incidentId = incidentId;
    r.updatedMs = timeMs;
    r.author = QStringLiteral("alice");
    r.summary = summary;
    return r;
}

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
    std::optional<ReviewDetail> detail(qint64 incidentId)
    {
        QString error;
        std::optional<ReviewDetail> out = ReviewQueries::detail(db, incidentId, &error);
        if (!error.isEmpty())
            qWarning("%s", qPrintable(error));
        return out;
    }
    QVariant scalar(const QString& sql)
    {
        QSqlQuery q(db);
        return q.exec(sql) && q.next() ? q.value(0) : QVariant();
    }
    StoreOpenResult result;
    QSqlDatabase db;
};

} // namespace

class TstReviewDrafts : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { registerMetaTypes(); }
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_path = m_dir->filePath(QStringLiteral("firebreak.db"));
    }
    void cleanup() { m_dir.reset(); }

    void draftIsUpsertedAndNotAudited()
    {
        WriteBatch first { .reviewDrafts = { draft(4, 100, QStringLiteral("## Summary\nDisk")) } };
        QCOMPARE(first.rowCount(), 1);
        const CommittedBatch out = writeOne(m_path, first);
        QCOMPARE(out.reviewDrafts, first.reviewDrafts);
        QCOMPARE(out.rowCount(), 1);
        const ReviewDraftText later = draft(4, 200, QStringLiteral("## Summary\nDisk full"), 0);
        writeOne(m_path, WriteBatch { .reviewDrafts = { later, draft(5, 150, QStringLiteral("other")) } });

        Probe probe(m_path);
        QVERIFY2(probe.result.ok, qPrintable(probe.result.problem));
        QCOMPARE(probe.scalar(QStringLiteral("SELECT count(*) FROM review_drafts")).toInt(), 2);
        QString error;
        QCOMPARE(ReviewQueries::draft(probe.db, 4, &error), std::optional<ReviewDraftText>(later));
        QVERIFY(!ReviewQueries::draft(probe.db, 9, &error));
        QVERIFY(error.isEmpty());
        QCOMPARE(probe.scalar(QStringLiteral("SELECT count(*) FROM audit")).toInt(), 0);
        QCOMPARE(probe.scalar(QStringLiteral("SELECT count(*) FROM review_versions")).toInt(), 0);
    }

    void readerOffersTheDraftOnlyWhenNewerAndDifferent()
    {
        // No version yet: any draft is what the person was writing.
        writeOne(m_path, WriteBatch { .reviewDrafts = { draft(1, 100, QStringLiteral("first words")) } });
        {
            Probe probe(m_path);
            const std::optional<ReviewDetail> detail = probe.detail(1);
            QVERIFY(detail && !detail->saved);
            QVERIFY(detail->autosaved);
            QCOMPARE(detail->autosaved->text, QStringLiteral("first words"));
        }

        // A version saved after the draft (same batch: the draft row stays, the reader decides).
        const Review v1 = version(1, 200, QStringLiteral("Disk full.\n"));
        writeOne(m_path,
            WriteBatch { .reviews = { v1 }, .reviewDrafts = { draft(1, 150, QStringLiteral("first words, more")) } });
        {
            Probe probe(m_path);
            QCOMPARE(probe.scalar(QStringLiteral("SELECT text FROM review_drafts WHERE incident_id = 1")).toString(),
                QStringLiteral("first words, more"));
            const std::optional<ReviewDetail> detail = probe.detail(1);
            QVERIFY(detail && detail->saved);
            QCOMPARE(detail->review.version, 1);
            QVERIFY(!detail->autosaved);
        }

        // Newer, but exactly the saved version's document: nothing was lost, nothing to offer.
        writeOne(m_path, WriteBatch { .reviewDrafts = { draft(1, 300, ReviewDocumentText::toMarkdown(v1), 1) } });
        {
            Probe probe(m_path);
            QVERIFY(!probe.detail(1)->autosaved);
        }

        // Newer and different: offered, with the version it was edited from.
        const QString edited = ReviewDocumentText::toMarkdown(v1) + QStringLiteral("typed after saving");
        writeOne(m_path, WriteBatch { .reviewDrafts = { draft(1, 400, edited, 1) } });
        Probe probe(m_path);
        const std::optional<ReviewDetail> detail = probe.detail(1);
        QVERIFY(detail->autosaved);
        QCOMPARE(detail->autosaved->text, edited);
        QCOMPARE(detail->autosaved->baseVersion, 1);
        QCOMPARE(detail->autosaved->savedMs, 400);
    }

    void readerThreadAnswersWithTheDraft()
    {
        writeOne(m_path, WriteBatch { .reviewDrafts = { draft(3, 100, QStringLiteral("## Summary\nhalf a")) } });
        StoreReader reader(m_path);
        QSignalSpy fetched(&reader, &StoreReader::reviewFetched);
        reader.open();
        reader.fetchReview(7, 3);
        QCOMPARE(fetched.size(), 1);
        const ReviewDetail detail = fetched.first().at(1).value<ReviewDetail>();
        QVERIFY(detail.autosaved);
        QCOMPARE(detail.autosaved->text, QStringLiteral("## Summary\nhalf a"));
    }

    void badDraftsAreRefused()
    {
        QStringList failures;
        ReviewDraftText anonymous = draft(3, 1, QStringLiteral("x"));
        anonymous.author.clear();
        writeOne(m_path, WriteBatch { .reviewDrafts = { anonymous } }, &failures);
        writeOne(m_path, WriteBatch { .reviewDrafts = { draft(0, 1, QStringLiteral("x")) } }, &failures);
        QCOMPARE(failures.size(), 2);
        QVERIFY2(
            failures.at(0).contains(QStringLiteral("incident 3 by \"\" has no author")), qPrintable(failures.at(0)));
        QVERIFY2(failures.at(1).contains(QStringLiteral("names no incident")), qPrintable(failures.at(1)));
        Probe probe(m_path);
        QCOMPARE(probe.scalar(QStringLiteral("SELECT count(*) FROM review_drafts")).toInt(), 0);
    }

    void versionNineFileKeepsItsRowsAndGainsDrafts()
    {
        {
            auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v9"));
            db.setDatabaseName(m_path);
            QVERIFY(db.open());
            QString error;
            QVERIFY2(Database::migrate(db, 9, &error), qPrintable(error));
            QSqlQuery query(db);
            for (const char* sql :
                {
                    "INSERT INTO incidents(id, title, detected_ms) VALUES (3, 'kept', 1)",
                    "INSERT INTO events(time_ms, incident_id, title) VALUES (5, 3, 'ev')",
                    "INSERT INTO reviews(incident_id, status, version, summary) VALUES (3, 'draft', 1, 'kept summary')",
                    "INSERT INTO review_versions(incident_id, version, status, summary) VALUES (3, 1, 'draft', 'v1')",
                    "INSERT INTO action_items(incident_id, title, status) VALUES (3, 'rotate logs', 'open')",
                    "INSERT INTO review_verdicts(incident_id, subject_kind, subject_id, verdict) VALUES (3, 'alert',"
                    " 'fp', 'noise')",
                })
                QVERIFY2(query.exec(QString::fromLatin1(sql)), qPrintable(query.lastError().text()));
            QVERIFY(!query.exec(QStringLiteral("SELECT count(*) FROM review_drafts")));
            query.finish();
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("v9"));

        QStringList failures;
        const CommittedBatch out
            = writeOne(m_path, WriteBatch { .reviewDrafts = { draft(3, 500, QStringLiteral("typing")) } }, &failures);
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
        QCOMPARE(out.reviewDrafts.size(), 1);

        Probe probe(m_path);
        QVERIFY2(probe.result.ok, qPrintable(probe.result.problem));
        QCOMPARE(probe.result.schemaVersion, Database::SchemaVersion); // v9 brought up to date, through v10
        QCOMPARE(probe.scalar(QStringLiteral("SELECT title FROM incidents WHERE id = 3")).toString(),
            QStringLiteral("kept"));
        QCOMPARE(probe.scalar(QStringLiteral("SELECT title FROM events")).toString(), QStringLiteral("ev"));
        QCOMPARE(
            probe.scalar(QStringLiteral("SELECT summary FROM reviews")).toString(), QStringLiteral("kept summary"));
        QCOMPARE(probe.scalar(QStringLiteral("SELECT summary FROM review_versions")).toString(), QStringLiteral("v1"));
        QCOMPARE(
            probe.scalar(QStringLiteral("SELECT title FROM action_items")).toString(), QStringLiteral("rotate logs"));
        QCOMPARE(
            probe.scalar(QStringLiteral("SELECT verdict FROM review_verdicts")).toString(), QStringLiteral("noise"));
        QCOMPARE(probe.scalar(QStringLiteral("SELECT text FROM review_drafts")).toString(), QStringLiteral("typing"));
    }

    void draftsGoThroughTheDurableWriter()
    {
        // The writer's connection is opened by Database::open, which sets synchronous=FULL on WAL:
        // a commit is on disk (fsync of the WAL) before `committed` is emitted.
        {
            Probe probe(m_path);
            QCOMPARE(probe.scalar(QStringLiteral("PRAGMA synchronous")).toInt(), 2);
            QCOMPARE(probe.scalar(QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
        }
        StoreWriter writer(m_path);
        writer.open();
        QVERIFY(writer.acceptsWrites());
        QString seen;
        connect(&writer, &StoreWriter::committed, this, [&](const CommittedBatch& batch) {
            // Read back through another connection at the moment the commit is reported.
            Probe probe(m_path);
            if (!batch.reviewDrafts.isEmpty())
                seen = probe.scalar(QStringLiteral("SELECT text FROM review_drafts WHERE incident_id = 2")).toString();
        });
        writer.enqueue(WriteBatch { .ticket = 9, .reviewDrafts = { draft(2, 10, QStringLiteral("durable")) } });
        QTRY_COMPARE(seen, QStringLiteral("durable"));
        writer.close();
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

QTEST_GUILESS_MAIN(TstReviewDrafts)
#include "tst_reviewdrafts.moc"
