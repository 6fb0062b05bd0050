// Post-incident reviews: the template chosen by severity; (more below as the store gains reviews).
#include "domain/metatypes.h"
#include "reviews/reviewtemplates.h"

#include <QTest>

using namespace firebreak;

class TstReviewStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        Q_INIT_RESOURCE(firebreak);
        registerMetaTypes();
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
};

QTEST_GUILESS_MAIN(TstReviewStore)
#include "tst_reviewstore.moc"
