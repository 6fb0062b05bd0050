// A review as one Markdown document: every section survives the round trip (templates included),
// and a document that cannot be a version says which line is wrong and why.
#include "reviews/reviewdocumenttext.h"
#include "reviews/reviewtemplates.h"

#include <QTest>

using namespace firebreak;

namespace {

Review fullReview()
{
    Review r;
    r.summary = QStringLiteral("The disk of db-eu-1 filled up at 03:04.\nWrites failed for 12 minutes.\n");
    r.impact = QStringLiteral("- Checkout errors: 4% of orders\n- No data lost\n");
    r.timeline = QStringLiteral("03:04 alert fired\n\n03:10 cleanup approved\n");
    r.contributingFactors = QStringLiteral("### Technical\nLog rotation was off.\n");
    r.wentWell = QStringLiteral("Detection took 40 s.\n");
    r.wentBadly = QStringLiteral("The runbook named the wrong host <b>x</b>.\n");
    r.lessons = QStringLiteral("- Alert at 80%\n");
    return r;
}

QString documentWith(const QString& replaceFrom, const QString& replaceTo)
{
    QString document = ReviewDocumentText::toMarkdown(fullReview());
    document.replace(replaceFrom, replaceTo);
    return document;
}

int lineOf(const QString& document, const QString& text)
{
    const QStringList lines = document.split(QLatin1Char('\n'));
    return int(lines.indexOf(text)) + 1;
}

} // namespace

class TstReviewDocumentText : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { Q_INIT_RESOURCE(firebreak); }

    void documentListsSectionsInOrder()
    {
        const QString document = ReviewDocumentText::toMarkdown(fullReview());
        QVERIFY(document.startsWith(QStringLiteral("## Summary\nThe disk of db-eu-1")));
        QStringList headings;
        for (const QString& line : document.split(QLatin1Char('\n'))) {
            if (line.startsWith(QStringLiteral("## ")))
                headings.append(line);
        }
        QCOMPARE(headings,
            QStringList({ QStringLiteral("## Summary"), QStringLiteral("## Impact"), QStringLiteral("## Timeline"),
                QStringLiteral("## Contributing factors"), QStringLiteral("## What went well"),
                QStringLiteral("## What went badly"), QStringLiteral("## Lessons") }));
        QVERIFY(document.contains(QStringLiteral("12 minutes.\n\n## Impact\n")));
    }

    void roundTripKeepsEverySection()
    {
        const Review original = fullReview();
        const QString document = ReviewDocumentText::toMarkdown(original);
        QString error;
        int line = 0;
        const std::optional<Review> parsed = ReviewDocumentText::parse(document, &error, &line);
        QVERIFY2(parsed, qPrintable(error));
        for (const ReviewDocumentText::Section& section : ReviewDocumentText::sections())
            QCOMPARE((*parsed).*section.text, original.*section.text);
        QCOMPARE(ReviewDocumentText::toMarkdown(*parsed), document);
    }

    void emptySectionsRoundTrip()
    {
        Review sparse;
        sparse.summary = QStringLiteral("Only a summary.\n");
        const QString document = ReviewDocumentText::toMarkdown(sparse);
        QVERIFY(document.contains(QStringLiteral("## Impact\n\n## Timeline\n")));
        QString error;
        int line = 0;
        const std::optional<Review> parsed = ReviewDocumentText::parse(document, &error, &line);
        QVERIFY2(parsed, qPrintable(error));
        QCOMPARE(*parsed, sparse);
    }

    void templatesRoundTrip_data()
    {
        QTest::addColumn<int>("severity");
        QTest::newRow("SEV1 full") << 1;
        QTest::newRow("SEV4 short") << 4;
    }
    void templatesRoundTrip()
    {
        QFETCH(int, severity);
        QString error;
        const std::optional<Review> draft = ReviewTemplates().draftFor(3, severity, &error);
        QVERIFY2(draft, qPrintable(error));
        const QString document = ReviewDocumentText::toMarkdown(*draft);
        int line = 0;
        std::optional<Review> parsed = ReviewDocumentText::parse(document, &error, &line);
        QVERIFY2(parsed, qPrintable(error));
        parsed->incidentId = 3;
        QCOMPARE(*parsed, *draft);
    }

    void brokenDocumentsSayWhichLine_data()
    {
        QTest::addColumn<QString>("document");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("message");

        const QString renamed = documentWith(QStringLiteral("## Impact\n"), QStringLiteral("## Impakt\n"));
        QTest::newRow("renamed heading") << renamed << lineOf(renamed, QStringLiteral("## Impakt"))
                                         << QStringLiteral("\"Impakt\" is not a review section");
        const QString twice = documentWith(QStringLiteral("## Lessons\n"), QStringLiteral("## Impact\n"));
        const int secondImpact = int(twice.split(QLatin1Char('\n')).lastIndexOf(QStringLiteral("## Impact"))) + 1;
        QTest::newRow("heading twice") << twice << secondImpact << QStringLiteral("section \"Impact\" appears twice");
        const QString missing = documentWith(QStringLiteral("## Timeline\n"), QString());
        QTest::newRow("missing heading") << missing << lineOf(missing, QStringLiteral("## Contributing factors"))
                                         << QStringLiteral(
                                                "the section \"Timeline\" is missing; add the line \"## Timeline\"");
        const QString above = QStringLiteral("\nNotes first\n") + ReviewDocumentText::toMarkdown(fullReview());
        QTest::newRow("text above the first heading")
            << above << 2 << QStringLiteral("text above the first section heading would not be kept");
        QTest::newRow("no headings") << QString() << 1 << QStringLiteral("the document has no section headings");
    }
    void brokenDocumentsSayWhichLine()
    {
        QFETCH(QString, document);
        QFETCH(int, line);
        QFETCH(QString, message);
        QString error;
        int errorLine = 0;
        QVERIFY(!ReviewDocumentText::parse(document, &error, &errorLine));
        QCOMPARE(errorLine, line);
        QVERIFY2(error.startsWith(QStringLiteral("Line %1: ").arg(line)), qPrintable(error));
        QVERIFY2(error.contains(message), qPrintable(error));
    }

    void subheadingsStayInTheirSection()
    {
        QString error;
        int line = 0;
        const std::optional<Review> parsed
            = ReviewDocumentText::parse(ReviewDocumentText::toMarkdown(fullReview()), &error, &line);
        QVERIFY2(parsed, qPrintable(error));
        QCOMPARE(parsed->contributingFactors, QStringLiteral("### Technical\nLog rotation was off.\n"));
        QCOMPARE(parsed->wentBadly, QStringLiteral("The runbook named the wrong host <b>x</b>.\n"));
    }
};

QTEST_GUILESS_MAIN(TstReviewDocumentText)
#include "tst_reviewdocumenttext.moc"
