// The PDF export read back the way a recipient's tools read it: poppler's pdfinfo for the page
// count, title and page size, pdftotext for what each page says. A title page with the figures, the
// footer on every page, charts two to a page at the end, and a long timeline that runs over pages
// with its header repeated and every row printed exactly once (none lost or cut at a break).
#include "domain/metatypes.h"
#include "reviewfixture.h"
#include "reviews/export/reviewdocumentreader.h"
#include "reviews/export/reviewexporter.h"
#include "reviews/export/reviewexporttext.h"
#include "store/database.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace firebreak;

namespace {

QString run(const QString& program, const QStringList& arguments)
{
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return QStringLiteral("FAILED: %1 %2: %3")
            .arg(program, arguments.join(QLatin1Char(' ')), QString::fromUtf8(process.readAllStandardError()));
    return QString::fromUtf8(process.readAllStandardOutput());
}

QString info(const QString& pdf, const QString& field)
{
    static const QString pdfinfo = QStandardPaths::findExecutable(QStringLiteral("pdfinfo"));
    const QRegularExpression line(QStringLiteral("^%1:\\s*(.*)$").arg(field), QRegularExpression::MultilineOption);
    return line.match(run(pdfinfo, { pdf })).captured(1).trimmed();
}

// The text of each page, in reading order (pdftotext without -layout), page 1 first.
QStringList pageTexts(const QString& pdf, int pages)
{
    static const QString pdftotext = QStandardPaths::findExecutable(QStringLiteral("pdftotext"));
    QStringList texts;
    for (int page = 1; page <= pages; ++page)
        texts.append(run(pdftotext,
            { QStringLiteral("-f"), QString::number(page), QStringLiteral("-l"), QString::number(page), pdf,
                QStringLiteral("-") }));
    return texts;
}

} // namespace

class TstReviewPdf : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        registerMetaTypes();
        // Without poppler nothing here could be checked: that is a failure, not a skip.
        for (const char* tool : { "pdfinfo", "pdftotext" })
            QVERIFY2(!QStandardPaths::findExecutable(QString::fromLatin1(tool)).isEmpty(),
                qPrintable(QStringLiteral("%1 is missing: install poppler-utils (scripts/setup.sh does)")
                               .arg(QString::fromLatin1(tool))));
        QVERIFY(m_dir.isValid());
    }

    void titlePageFiguresFooterAndCharts()
    {
        const ReviewDocument doc = read(QStringLiteral("short.db"), 0);
        const QString pdf = m_dir.filePath(QStringLiteral("short.pdf"));
        int pages = 0;
        QString error;
        QVERIFY2(ReviewExporter::write(ReviewExportFormat::Pdf, doc, pdf, &error, &pages), qPrintable(error));
        QCOMPARE(info(pdf, QStringLiteral("Pages")).toInt(), pages);
        QCOMPARE(info(pdf, QStringLiteral("Title")),
            QStringLiteral("Post-incident review: Checkout errors after the 2.3.1 deploy"));
        QVERIFY(info(pdf, QStringLiteral("Creator")).startsWith(QStringLiteral("Firebreak")));
        QVERIFY2(info(pdf, QStringLiteral("Page size")).contains(QStringLiteral("(A4)")),
            qPrintable(info(pdf, QStringLiteral("Page size"))));

        const QStringList texts = pageTexts(pdf, pages);
        for (int page = 1; page <= pages; ++page) {
            const QString footer = QStringLiteral("Incident 7 · Checkout errors after the 2.3.1 deploy · page %1 of %2")
                                       .arg(page)
                                       .arg(pages);
            QVERIFY2(texts.at(page - 1).contains(footer), qPrintable(QStringLiteral("page %1: no footer").arg(page)));
        }
        // The title page: the incident, who wrote the review, the figures and the audit head; no section yet.
        const QString title = texts.first();
        for (const QString& expected : { QStringLiteral("Checkout errors after the 2.3.1 deploy"),
                 QStringLiteral("Incident 7 · SEV2 · resolved · commander alice"), QStringLiteral("alice, bob"),
                 QStringLiteral("final, version 2"), QStringLiteral("Time to detect"), QStringLiteral("1 min 30 s"),
                 QStringLiteral("40 min 0 s"), QStringLiteral("Time waiting for approval") })
            QVERIFY2(title.contains(expected), qPrintable(expected));
        QVERIFY(QString(title).remove(QRegularExpression(QStringLiteral("\\s"))).contains(doc.figures.auditHeadHash));
        QVERIFY(!title.contains(QStringLiteral("Contributing factors")));
        // The sections start on page 2, the timeline table among them; hostile text printed as text.
        QVERIFY(texts.at(1).contains(QStringLiteral("Summary")));
        QVERIFY(texts.at(1).contains(QStringLiteral("Checkout 5xx alert fired")));
        QVERIFY(texts.at(1).contains(QStringLiteral("<script>alert(1)</script> | pipe")));
        QCOMPARE(texts.join(QString()).count(QStringLiteral("OVERDUE")), 1);
        // The charts last, two to a page, from the page their heading is on.
        int chartsPage = 0;
        for (int page = 1; page <= pages && chartsPage == 0; ++page) {
            if (texts.at(page - 1).contains(QStringLiteral("Run 3 · gate 1 (sustained)")))
                chartsPage = page;
        }
        QVERIFY(chartsPage > 2);
        QVERIFY(texts.at(chartsPage - 1).contains(QStringLiteral("Charts")));
        QVERIFY(texts.at(chartsPage - 1).contains(QStringLiteral("Run 3 · verification: error ratio")));
        QCOMPARE(pages, chartsPage + (ReviewFixture::ChartCount + 1) / 2 - 1);
        m_shortPages = pages;
    }

    void longTimelineLosesNoRowAtAPageBreak()
    {
        QVERIFY2(m_shortPages > 0, "needs titlePageFiguresFooterAndCharts");
        constexpr int Rows = 150;
        const ReviewDocument doc = read(QStringLiteral("long.db"), Rows);
        QCOMPARE(doc.detail.timeline.size(), Rows + 2);
        const QString pdf = m_dir.filePath(QStringLiteral("long.pdf"));
        int pages = 0;
        QString error;
        QVERIFY2(ReviewExporter::write(ReviewExportFormat::Pdf, doc, pdf, &error, &pages), qPrintable(error));
        QCOMPARE(info(pdf, QStringLiteral("Pages")).toInt(), pages);
        QVERIFY2(pages >= m_shortPages + 3, qPrintable(QStringLiteral("%1 pages").arg(pages)));

        const QStringList texts = pageTexts(pdf, pages);
        const QString all = texts.join(QLatin1Char('\n'));
        for (int i = 0; i < Rows; ++i) {
            const QString row = ReviewFixture::typedRowText(i);
            QVERIFY2(all.count(row) == 1,
                qPrintable(QStringLiteral("\"%1\" printed %2 times").arg(row).arg(all.count(row))));
        }
        // Every page the timeline runs over starts it with its header.
        int timelinePages = 0;
        for (const QString& text : texts) {
            if (!text.contains(QStringLiteral("Typed row")))
                continue;
            ++timelinePages;
            QVERIFY(text.contains(QStringLiteral("Time (UTC)")));
            QVERIFY(text.contains(QStringLiteral("What happened")));
        }
        QVERIFY(timelinePages >= 3);
    }

    void reviewNotWrittenYetStillPrints()
    {
        QSqlDatabase db = open(QStringLiteral("short.db"));
        QString error;
        const std::optional<ReviewDocument> doc
            = ReviewDocumentReader::read(db, ReviewFixture::UnreviewedIncidentId, ReviewFixture::ExportMs, &error);
        QVERIFY2(doc, qPrintable(error));
        const QString pdf = m_dir.filePath(QStringLiteral("unreviewed.pdf"));
        int pages = 0;
        QVERIFY2(ReviewExporter::write(ReviewExportFormat::Pdf, *doc, pdf, &error, &pages), qPrintable(error));
        QCOMPARE(info(pdf, QStringLiteral("Pages")).toInt(), pages);
        const QString all = pageTexts(pdf, pages).join(QLatin1Char('\n'));
        QCOMPARE(all.count(QStringLiteral("No review written yet.")), 8); // the title page and each section
        QVERIFY(all.contains(QStringLiteral("Disk filling on db-2")));
    }

    void cleanupTestCase()
    {
        for (const QString& name : std::as_const(m_connections))
            Database::close(name);
    }

private:
    QSqlDatabase open(const QString& name)
    {
        const QString connection = QStringLiteral("pdf-") + name;
        if (!m_connections.contains(connection)) {
            const StoreOpenResult opened = Database::open(connection, m_dir.filePath(name), Database::Mode::ReadOnly);
            if (!opened.ok)
                qWarning("%s", qPrintable(opened.problem));
            m_connections.append(connection);
        }
        return Database::connection(connection);
    }

    ReviewDocument read(const QString& name, int extraRows)
    {
        const QString problem = ReviewFixture::write(m_dir.filePath(name), extraRows);
        if (!problem.isEmpty())
            qWarning("%s", qPrintable(problem));
        QSqlDatabase db = open(name);
        QString error;
        const std::optional<ReviewDocument> doc
            = ReviewDocumentReader::read(db, ReviewFixture::IncidentId, ReviewFixture::ExportMs, &error);
        if (!doc)
            qWarning("%s", qPrintable(error));
        return doc.value_or(ReviewDocument {});
    }

    QTemporaryDir m_dir;
    QStringList m_connections;
    int m_shortPages = 0;
};

QTEST_MAIN(TstReviewPdf)
#include "tst_reviewpdf.moc"
