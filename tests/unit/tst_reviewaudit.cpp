// Every change to a review's action items, timeline rows and verdicts is audited by the store like
// a saved version: under the row's author, on the incident, with what changed, in a chain that still
// verifies. A change without an author is refused before it is queued.
#include "audit/auditchain.h"
#include "domain/metatypes.h"
#include "store/database.h"
#include "store/storequeries.h"
#include "store/storewriter.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

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

QVector<AuditEntry> auditOf(const QString& path)
{
    const StoreOpenResult opened = Database::open(QStringLiteral("audit-probe"), path, Database::Mode::ReadOnly);
    QVector<AuditEntry> entries;
    {
        QSqlDatabase db = Database::connection(QStringLiteral("audit-probe"));
        QString error;
        entries = StoreQueries::auditEntries(db, &error);
        if (!opened.ok || !error.isEmpty())
            qWarning() << opened.problem << error;
    }
    Database::close(QStringLiteral("audit-probe"));
    return entries;
}

QJsonObject details(const AuditEntry& entry)
{
    return QJsonDocument::fromJson(entry.details).object();
}

ActionItem item(qint64 id, const QString& title, const QString& author, qint64 timeMs)
{
    ActionItem out;
    out.id = id;
    out.incidentId = 4;
    out.title = title;
    out.owner = QStringLiteral("storage team");
    out.dueMs = 1'790'000'000'000;
    out.link = QStringLiteral("https://tickets.example/OPS-7");
    out.updatedMs = timeMs;
    out.author = author;
    return out;
}

} // namespace

class TstReviewAudit : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { registerMetaTypes(); }
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_path = m_dir->filePath(QStringLiteral("firebreak.db"));
    }
    void cleanup() { m_dir.reset(); }

    void actionItemChangesAreAuditedUnderTheirAuthor()
    {
        const CommittedBatch added = writeOne(m_path,
            WriteBatch { .actionItems = { item(0, QStringLiteral("Alert at 80%"), QStringLiteral("alice"), 100) } });
        QCOMPARE(added.actionItems.size(), 1);
        const qint64 id = added.actionItems.first().id;
        QVERIFY(id > 0);
        ActionItem done = item(id, QStringLiteral("Alert at 80%"), QStringLiteral("bob"), 200);
        done.status = ActionItemStatus::Done;
        writeOne(m_path, WriteBatch { .actionItems = { done } });
        ActionItem removed = done;
        removed.removed = true;
        removed.updatedMs = 300;
        const CommittedBatch gone = writeOne(m_path, WriteBatch { .actionItems = { removed } });
        QCOMPARE(gone.actionItems.size(), 1);
        QVERIFY(gone.actionItems.first().removed);

        const QVector<AuditEntry> audit = auditOf(m_path);
        QCOMPARE(audit.size(), 3);
        QVERIFY(AuditChain::verify(audit).ok);
        for (const AuditEntry& entry : audit) {
            QCOMPARE(entry.action, QStringLiteral("review.action_item"));
            QCOMPARE(entry.subject, QStringLiteral("incident:4"));
        }
        QCOMPARE(audit.at(0).actor, QStringLiteral("alice"));
        QCOMPARE(audit.at(0).timeMs, 100);
        QCOMPARE(audit.at(1).actor, QStringLiteral("bob"));
        const QJsonObject first = details(audit.at(0));
        QCOMPARE(first.value(QStringLiteral("id")).toInteger(), id);
        QCOMPARE(first.value(QStringLiteral("title")).toString(), QStringLiteral("Alert at 80%"));
        QCOMPARE(first.value(QStringLiteral("owner")).toString(), QStringLiteral("storage team"));
        QCOMPARE(first.value(QStringLiteral("due_ms")).toInteger(), 1'790'000'000'000);
        QCOMPARE(first.value(QStringLiteral("status")).toString(), QStringLiteral("open"));
        QVERIFY(!first.contains(QStringLiteral("removed")));
        QCOMPARE(details(audit.at(1)).value(QStringLiteral("status")).toString(), QStringLiteral("done"));
        QCOMPARE(details(audit.at(2)).value(QStringLiteral("removed")).toBool(), true);
        // The committed batch carries the same chained entries the GUI can show at once.
        QCOMPARE(gone.audit.size(), 1);
        QCOMPARE(gone.audit.first(), audit.at(2));
    }

    void timelineRowsAndVerdictsAreAuditedWithSavedReviewsInOneChain()
    {
        Review review;
        review.incidentId = 4;
        review.author = QStringLiteral("alice");
        review.updatedMs = 50;
        review.summary = QStringLiteral("Disk full.");
        ReviewTimelineEntry row { 0, 4, 1000, QStringLiteral("deploy went out"), 17, false, QStringLiteral("alice"),
            60 };
        const CommittedBatch first = writeOne(m_path,
            WriteBatch { .reviews = { review },
                .reviewTimeline = { row },
                .reviewVerdicts = { ReviewVerdict { 4, ReviewVerdict::SubjectKind::Alert, QStringLiteral("fp9"),
                    ReviewVerdict::Verdict::Noise, QStringLiteral("carol"), 70 } } });
        ReviewTimelineEntry edited = first.reviewTimeline.first();
        edited.text = QStringLiteral("deploy 42 went out");
        edited.author = QStringLiteral("bob");
        edited.changedMs = 80;
        ReviewTimelineEntry removed = edited;
        removed.removed = true;
        removed.changedMs = 90;
        writeOne(m_path, WriteBatch { .reviewTimeline = { edited, removed } });

        const QVector<AuditEntry> audit = auditOf(m_path);
        QStringList actions;
        for (const AuditEntry& entry : audit)
            actions.append(entry.action);
        QCOMPARE(actions,
            QStringList(
                { QStringLiteral("review.saved"), QStringLiteral("review.timeline"), QStringLiteral("review.verdict"),
                    QStringLiteral("review.timeline"), QStringLiteral("review.timeline") }));
        QVERIFY(AuditChain::verify(audit).ok);
        QCOMPARE(details(audit.at(1)).value(QStringLiteral("change")).toString(), QStringLiteral("added"));
        QCOMPARE(details(audit.at(1)).value(QStringLiteral("source_event_id")).toInteger(), 17);
        QCOMPARE(details(audit.at(1)).value(QStringLiteral("id")).toInteger(), edited.id);
        QCOMPARE(audit.at(2).actor, QStringLiteral("carol"));
        QCOMPARE(details(audit.at(2)).value(QStringLiteral("subject_kind")).toString(), QStringLiteral("alert"));
        QCOMPARE(details(audit.at(2)).value(QStringLiteral("subject_id")).toString(), QStringLiteral("fp9"));
        QCOMPARE(details(audit.at(2)).value(QStringLiteral("verdict")).toString(), QStringLiteral("noise"));
        QCOMPARE(audit.at(3).actor, QStringLiteral("bob"));
        QCOMPARE(audit.at(3).timeMs, 80);
        QCOMPARE(details(audit.at(3)).value(QStringLiteral("change")).toString(), QStringLiteral("edited"));
        QCOMPARE(details(audit.at(3)).value(QStringLiteral("text")).toString(), QStringLiteral("deploy 42 went out"));
        QCOMPARE(details(audit.at(4)).value(QStringLiteral("change")).toString(), QStringLiteral("removed"));
    }

    void changesWithoutAnAuthorAreRefused()
    {
        QStringList failures;
        writeOne(m_path, WriteBatch { .actionItems = { item(0, QStringLiteral("x"), QString(), 1) } }, &failures);
        writeOne(m_path,
            WriteBatch { .reviewTimeline
                = { ReviewTimelineEntry { 0, 4, 1, QStringLiteral("t"), 0, false, QStringLiteral(" "), 1 } } },
            &failures);
        writeOne(m_path,
            WriteBatch { .reviewVerdicts = { ReviewVerdict { 4, ReviewVerdict::SubjectKind::Run, QStringLiteral("3"),
                             ReviewVerdict::Verdict::Useful, QString(), 1 } } },
            &failures);
        ActionItem neverStored = item(0, QStringLiteral("x"), QStringLiteral("alice"), 1);
        neverStored.removed = true;
        writeOne(m_path, WriteBatch { .actionItems = { neverStored } }, &failures);
        QCOMPARE(failures.size(), 4);
        QVERIFY2(failures.at(0).contains(QStringLiteral("action item 0 (\"x\") of incident 4 has no author")),
            qPrintable(failures.at(0)));
        QVERIFY2(failures.at(1).contains(QStringLiteral("has no author")), qPrintable(failures.at(1)));
        QVERIFY2(failures.at(2).contains(QStringLiteral("has no author")), qPrintable(failures.at(2)));
        QVERIFY2(
            failures.at(3).contains(QStringLiteral("is removed but was never stored")), qPrintable(failures.at(3)));
        QVERIFY(auditOf(m_path).isEmpty());
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

QTEST_GUILESS_MAIN(TstReviewAudit)
#include "tst_reviewaudit.moc"
