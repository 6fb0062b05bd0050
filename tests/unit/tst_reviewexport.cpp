// Exporting a post-incident review: Markdown and HTML against golden files (rewritten with
// FIREBREAK_UPDATE_GOLDEN=1), the charts embedded in the HTML as PNGs with the line where the values
// put it, hostile text escaped in HTML and harmless in Markdown tables, the figures equal to those
// computed from the same store, and the errors a user meets (unknown incident, unwritable file).
#include "domain/metatypes.h"
#include "reviewfixture.h"
#include "reviews/export/markdownhtml.h"
#include "reviews/export/markdowntext.h"
#include "reviews/export/reviewchartpainter.h"
#include "reviews/export/reviewdocumentreader.h"
#include "reviews/export/reviewexporter.h"
#include "reviews/export/reviewexporttext.h"
#include "reviews/export/reviewhtmlexporter.h"
#include "reviews/export/reviewmarkdownexporter.h"
#include "store/database.h"
#include "store/storereader.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <thread>

using namespace firebreak;

namespace {

const QString Connection = QStringLiteral("review-export-test");
const QRegularExpression DataUri(QStringLiteral("data:image/png;base64,([A-Za-z0-9+/=]+)"));

// Compares `actual` with tests/data/reviews/`name` line by line, naming the first difference; with
// FIREBREAK_UPDATE_GOLDEN=1 rewrites the file instead.
bool matchesGolden(const QString& name, const QString& actual, QString* message)
{
    const QString path = QStringLiteral(FIREBREAK_TEST_DATA "/reviews/") + name;
    if (qEnvironmentVariable("FIREBREAK_UPDATE_GOLDEN") == QLatin1String("1")) {
        QFile out(path);
        if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            *message = QStringLiteral("cannot rewrite %1").arg(path);
            return false;
        }
        out.write(actual.toUtf8());
        qWarning("rewrote golden file %s", qPrintable(path));
        return true;
    }
    QFile in(path);
    if (!in.open(QIODevice::ReadOnly)) {
        *message = QStringLiteral("no golden file %1 (run with FIREBREAK_UPDATE_GOLDEN=1 to write it)").arg(path);
        return false;
    }
    const QStringList expected = QString::fromUtf8(in.readAll()).split(QLatin1Char('\n'));
    const QStringList got = actual.split(QLatin1Char('\n'));
    for (qsizetype i = 0; i < std::max(expected.size(), got.size()); ++i) {
        if (expected.value(i) != got.value(i)) {
            *message = QStringLiteral("%1 differs at line %2:\n expected: %3\n actual:   %4")
                           .arg(path, QString::number(i + 1), expected.value(i).left(300), got.value(i).left(300));
            return false;
        }
    }
    return true;
}

// Every Markdown table (a header line, then a delimiter row) with each row's count of unescaped pipes.
QVector<QVector<int>> tablePipeCounts(const QString& markdown)
{
    static const QRegularExpression pipe(QStringLiteral("(?<!\\\\)\\|"));
    QVector<QVector<int>> tables;
    bool inTable = false;
    const QStringList lines = markdown.split(QLatin1Char('\n'));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString& line = lines.at(i);
        if (!line.startsWith(QLatin1Char('|'))) {
            inTable = false;
            continue;
        }
        if (!inTable) {
            tables.append(QVector<int>());
            inTable = true;
        }
        tables.last().append(int(line.count(pipe)));
    }
    return tables;
}

} // namespace

class TstReviewExport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        registerMetaTypes();
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(QStringLiteral("firebreak.db"));
        const QString problem = ReviewFixture::write(m_path);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        const StoreOpenResult opened = Database::open(Connection, m_path, Database::Mode::ReadOnly);
        QVERIFY2(opened.ok, qPrintable(opened.problem));
        QSqlDatabase db = Database::connection(Connection);
        QString error;
        const std::optional<ReviewDocument> doc
            = ReviewDocumentReader::read(db, ReviewFixture::IncidentId, ReviewFixture::ExportMs, &error);
        QVERIFY2(doc, qPrintable(error));
        m_doc = *doc;
    }
    void cleanupTestCase() { Database::close(Connection); }

    void documentHoldsWhatTheStoreHolds()
    {
        QCOMPARE(m_doc.incident.title, QStringLiteral("Checkout errors after the 2.3.1 deploy"));
        QVERIFY(m_doc.detail.saved);
        QCOMPARE(m_doc.detail.review.version, 2);
        QCOMPARE(m_doc.versionCount, 2);
        QCOMPARE(m_doc.authors, (QStringList { QStringLiteral("alice"), QStringLiteral("bob") }));
        QCOMPARE(m_doc.detail.timeline.size(), 2);
        QCOMPARE(m_doc.detail.actionItems.size(), 3);
        QCOMPARE(m_doc.detail.verdicts.size(), 2);
        QCOMPARE(m_doc.exportedAtMs, ReviewFixture::ExportMs);
        QCOMPARE(m_doc.charts.size(), ReviewFixture::ChartCount);
        const ReviewChart& gate = m_doc.charts.at(0);
        QCOMPARE(gate.series.size(), 1);
        QCOMPARE(gate.series.first().name, ReviewFixture::hostileLabel());
        QCOMPARE(gate.series.first().points.size(), 11);
        QVERIFY(gate.threshold);
        QCOMPARE(gate.threshold->value, 0.05);
        QStringList markers;
        for (const ReviewChartMarker& marker : gate.markers)
            markers.append(marker.label);
        // The rollback ten minutes after the gate's five-minute window is too far to draw beside it.
        QCOMPARE(markers,
            (QStringList { QStringLiteral("gate passed"), QStringLiteral("approved (bob)"),
                QStringLiteral("step: restart checkout") }));
        QCOMPARE(gate.endMs, ReviewFixture::T0 + 3 * 60'000 + 10'000);
        const ReviewChart& check = m_doc.charts.at(1);
        QCOMPARE(check.series.first().points.size(), 5);
        QCOMPARE(check.threshold->value, 0.02);
        QVERIFY2(check.caption.contains(QStringLiteral("5 samples: 1 passed, 4 failed, 0 inconclusive")),
            qPrintable(check.caption));
        QCOMPARE(check.markers.last().label, QStringLiteral("rollback"));
        QVERIFY(check.startMs <= check.series.first().points.first().timeMs);
        QVERIFY(check.endMs >= check.series.first().points.last().timeMs);
    }

    void markdownMatchesGolden()
    {
        QString message;
        QVERIFY2(matchesGolden(QStringLiteral("incident-7.md"), ReviewMarkdownExporter::render(m_doc), &message),
            qPrintable(message));
    }

    void htmlMatchesGolden()
    {
        // The PNGs depend on the fonts' rasterisation; they are checked as images below.
        QString html = ReviewHtmlExporter::render(m_doc);
        html.replace(DataUri, QStringLiteral("data:image/png;base64,PNG"));
        QString message;
        QVERIFY2(matchesGolden(QStringLiteral("incident-7.html"), html, &message), qPrintable(message));
    }

    void chartImagesShowTheLineWhereTheValuesAre()
    {
        const QString html = ReviewHtmlExporter::render(m_doc);
        const QSize size = ReviewHtmlExporter::ChartSize;
        const qreal dpr = ReviewHtmlExporter::ChartPixelRatio;
        int index = 0;
        for (auto it = DataUri.globalMatch(html); it.hasNext(); ++index) {
            QVERIFY(index < m_doc.charts.size());
            const ReviewChart& chart = m_doc.charts.at(index);
            const QImage image = QImage::fromData(QByteArray::fromBase64(it.next().captured(1).toLatin1()), "PNG");
            QVERIFY2(!image.isNull(), "an embedded chart does not decode as a PNG");
            QCOMPARE(image.size(), (QSizeF(size) * dpr).toSize());
            const QColor line = ReviewChartPainter::seriesColor(0);
            for (const ReviewChartPoint& point : chart.series.first().points) {
                const QPointF at = ReviewChartPainter::pngPosition(chart, size, point.timeMs, point.value) * dpr;
                QVERIFY(QRectF(image.rect()).contains(at));
                const QColor pixel = image.pixelColor(at.toPoint());
                const int distance = std::abs(pixel.red() - line.red()) + std::abs(pixel.green() - line.green())
                    + std::abs(pixel.blue() - line.blue());
                QVERIFY2(distance < 90,
                    qPrintable(QStringLiteral("chart %1: the pixel at %2,%3 (value %4) is %5, not the line's %6")
                                   .arg(QString::number(index), QString::number(at.x()), QString::number(at.y()),
                                       QString::number(point.value), pixel.name(), line.name())));
            }
            // The line is drawn, not the whole picture in its colour, on a white page.
            qsizetype lineLike = 0;
            qsizetype white = 0;
            for (int y = 0; y < image.height(); ++y) {
                for (int x = 0; x < image.width(); ++x) {
                    const QColor pixel = image.pixelColor(x, y);
                    white += pixel == QColor(Qt::white) ? 1 : 0;
                    lineLike += std::abs(pixel.red() - line.red()) + std::abs(pixel.green() - line.green())
                            + std::abs(pixel.blue() - line.blue())
                        < 90;
                }
            }
            const qsizetype area = qsizetype(image.width()) * image.height();
            QVERIFY2(lineLike > 500 && lineLike < area / 20, qPrintable(QString::number(lineLike)));
            QVERIFY2(white > area / 2, qPrintable(QString::number(white)));
        }
        QCOMPARE(index, ReviewFixture::ChartCount);
    }

    // Charts a store can produce besides the fixture's: no value at all, a flat line, a unit, a
    // crowd of markers, a span across midnight. Each still paints a readable PNG.
    void chartsOutsideTheFixtureStillPaint()
    {
        ReviewChart chart;
        chart.title = QStringLiteral("flat");
        chart.startMs = ReviewFixture::T0 - 60'000;
        chart.endMs = ReviewFixture::T0 + 600'000;
        chart.series = { ReviewChartSeries {
            QStringLiteral("a"), { { ReviewFixture::T0, 5 }, { ReviewFixture::T0 + 300'000, 5 } } } };
        for (int i = 0; i < 12; ++i)
            chart.markers.append(
                ReviewChartMarker { ReviewFixture::T0 + i * 20'000, QStringLiteral("marker %1").arg(i) });
        const QSize size(600, 260);
        const QPointF withoutUnit = ReviewChartPainter::pngPosition(chart, size, ReviewFixture::T0, 5);
        chart.unit = QStringLiteral("requests per second");
        const QPointF withUnit = ReviewChartPainter::pngPosition(chart, size, ReviewFixture::T0, 5);
        QVERIFY(withUnit.x() > withoutUnit.x()); // the unit takes a column left of the axis
        QVERIFY(withUnit.y() > 0 && withUnit.y() < size.height());
        ReviewChart empty = chart;
        empty.series = { ReviewChartSeries { QStringLiteral("a"), {} } };
        ReviewChart midnight = chart;
        midnight.startMs = ReviewFixture::T0 + 9 * 3'600'000 + 50 * 60'000; // 23:50 UTC
        midnight.endMs = midnight.startMs + 30 * 60'000;
        midnight.markers.clear();
        for (const ReviewChart& one : { chart, empty, midnight }) {
            const QImage image = QImage::fromData(ReviewChartPainter::renderPng(one, size, 1), "PNG");
            QCOMPARE(image.size(), size);
            QVERIFY(image.pixelColor(1, 1).isValid());
        }
        QVERIFY(ReviewExportText::chartDescription(midnight).contains(
            QStringLiteral("2024-03-05 23:50:00 to 2024-03-06 00:20:00 UTC")));
    }

    void hostileTextIsTextInHtml()
    {
        const QString html = ReviewHtmlExporter::render(m_doc);
        QVERIFY(!html.contains(QStringLiteral("<script"), Qt::CaseInsensitive));
        QVERIFY(!html.contains(QStringLiteral("<img src=x")));
        QCOMPARE(html.count(QStringLiteral("<img ")), ReviewFixture::ChartCount);
        QCOMPARE(html.count(QStringLiteral("<img src=\"data:image/png;base64,")), ReviewFixture::ChartCount);
        // In the section, the timeline row, the action item and the chart's alt text (the label).
        QVERIFY2(html.count(QStringLiteral("&lt;script&gt;alert(1)&lt;/script&gt;")) >= 3, "hostile text missing");
        QVERIFY(html.contains(QStringLiteral("db|1&lt;script&gt;x&lt;/script&gt;")));
        // The only reference outside the file: the action item's https link; javascript: stays text.
        static const QRegularExpression reference(
            QStringLiteral("(?:src|href)=\"(?!data:image/png;base64,)([^\"]*)\""));
        QStringList references;
        for (auto it = reference.globalMatch(html); it.hasNext();)
            references.append(it.next().captured(1));
        QCOMPARE(references, QStringList { QStringLiteral("https://tickets.example.com/OPS-12") });
        QVERIFY(html.contains(QStringLiteral("<td>javascript:alert(1)</td>")));
        QVERIFY(html.contains(QStringLiteral("<tr class=\"overdue\">")));
        QCOMPARE(html.count(QStringLiteral("<tr class=\"overdue\">")), 1);
    }

    void markdownTablesStayIntact()
    {
        const QString markdown = ReviewMarkdownExporter::render(m_doc);
        const QVector<QVector<int>> tables = tablePipeCounts(markdown);
        QVERIFY(tables.size() >= 5); // figures, impact (the section's own), timeline, action items, verdicts
        for (const QVector<int>& table : tables) {
            for (const int pipes : table)
                QCOMPARE(pipes, table.first());
        }
        QVERIFY(markdown.contains(QStringLiteral(
            "| 2024-03-05 14:12:00 | &lt;script&gt;alert(1)&lt;/script&gt; \\| pipe<br># heading &lt;img src=x "
            "onerror=alert(1)&gt; | typed |")));
        QVERIFY(markdown.contains(QStringLiteral("| 2024-03-05 13:58:30 | Checkout 5xx alert fired | event #1 |")));
        QVERIFY(markdown.contains(QStringLiteral("| OVERDUE (open) |")));
        QCOMPARE(markdown.count(QStringLiteral("OVERDUE")), 1);
        // One title; the export's parts are the only level-2 headings; a section's "# " went down two levels.
        const QStringList lines = markdown.split(QLatin1Char('\n'));
        QCOMPARE(lines.filter(QRegularExpression(QStringLiteral("^# "))).size(), 1);
        QCOMPARE(lines.filter(QRegularExpression(QStringLiteral("^## "))).size(), 11);
        QVERIFY(lines.contains(QStringLiteral("### Not a top-level heading")));
        QVERIFY(lines.contains(QStringLiteral("### heading &lt;img src=x onerror=alert(1)>")));
        QVERIFY(!markdown.contains(QStringLiteral("<script")) && !markdown.contains(QStringLiteral("<img")));
        // The lessons leave a code fence open: it is closed before the next part starts.
        const qsizetype lessons = lines.indexOf(QStringLiteral("## Lessons"));
        const qsizetype actions = lines.indexOf(QStringLiteral("## Action items"));
        QVERIFY(lessons > 0 && actions > lessons);
        QCOMPARE(lines.mid(lessons, actions - lessons).filter(QStringLiteral("```")).size(), 2);
    }

    void figuresAreTheComputedOnes()
    {
        QSqlDatabase db = Database::connection(Connection);
        QString error;
        const std::optional<ReviewFigures> figures
            = ReviewFigures::compute(db, ReviewFixture::IncidentId, ReviewFixture::ExportMs, &error);
        QVERIFY2(figures, qPrintable(error));
        const QString markdown = ReviewMarkdownExporter::render(m_doc);
        for (const ReviewFigure& figure : figures->all()) {
            // Runs go on with their states: "| Runs | 1 (rolled\\_back 1) |".
            const QString row
                = QStringLiteral("| %1 | %2")
                      .arg(MarkdownText::cell(figure.label), MarkdownText::cell(ReviewExportText::figureValue(figure)));
            QVERIFY2(markdown.contains(row), qPrintable(row));
        }
        // By hand: first alert 90 s before detection; milestones 1, 15 and 40 minutes after it.
        for (const char* row : { "| Time to detect | 1 min 30 s |", "| Time to acknowledge | 1 min 0 s |",
                 "| Time to mitigate | 15 min 0 s |", "| Time to resolve | 40 min 0 s |", "| Alerts | 2 |",
                 "| Distinct alerts | 1 |", "| Re-fired alerts | 1 |", "| Runs | 1 (rolled\\_back 1) |",
                 "| Time waiting for approval | 1 min 0 s |", "| Verification samples passed | 1 |",
                 "| Verification samples failed | 4 |", "| Rollbacks | 1 |" })
            QVERIFY2(markdown.contains(QString::fromUtf8(row)), row);
        QVERIFY(figures->auditHeadId >= 3); // the acknowledgement and two review saves
        QVERIFY(markdown.contains(QStringLiteral("| Audit head | #%1 · sha256 %2… |")
                                      .arg(QString::number(figures->auditHeadId), figures->auditHeadHash.left(12))));
        QVERIFY(markdown.contains(QStringLiteral("audit head #%1 sha256 %2")
                                      .arg(QString::number(figures->auditHeadId), figures->auditHeadHash)));
    }

    void unknownIncidentIsAnError()
    {
        QSqlDatabase db = Database::connection(Connection);
        QString error;
        QVERIFY(!ReviewDocumentReader::read(db, 42, ReviewFixture::ExportMs, &error));
        QCOMPARE(error, QStringLiteral("incident 42 does not exist"));

        StoreReader reader(m_path);
        QSignalSpy fetched(&reader, &StoreReader::reviewDocumentFetched);
        reader.open();
        reader.fetchReviewDocument(5, 42);
        reader.fetchReviewDocument(6, ReviewFixture::IncidentId);
        QCOMPARE(fetched.size(), 2);
        QCOMPARE(fetched.at(0).at(0).toULongLong(), 5u);
        QCOMPARE(fetched.at(0).at(2).toString(), QStringLiteral("incident 42 does not exist"));
        QCOMPARE(fetched.at(1).at(2).toString(), QString());
        const ReviewDocument doc = fetched.at(1).at(1).value<ReviewDocument>();
        QCOMPARE(doc.detail, m_doc.detail);
        QCOMPARE(doc.charts, m_doc.charts);
    }

    void incidentWithoutReviewStillExports()
    {
        QSqlDatabase db = Database::connection(Connection);
        QString error;
        const std::optional<ReviewDocument> doc
            = ReviewDocumentReader::read(db, ReviewFixture::UnreviewedIncidentId, ReviewFixture::ExportMs, &error);
        QVERIFY2(doc, qPrintable(error));
        QVERIFY(!doc->detail.saved);
        QVERIFY(doc->charts.isEmpty());
        const QString markdown = ReviewMarkdownExporter::render(*doc);
        QCOMPARE(markdown.count(QStringLiteral("_No review written yet._")), 7); // each section
        QVERIFY(markdown.contains(QStringLiteral("Review: No review written yet.")));
        const QString html = ReviewHtmlExporter::render(*doc);
        QCOMPARE(html.count(QStringLiteral("<p class=\"note\">No review written yet.</p>")), 7);
        QVERIFY(!html.contains(QStringLiteral("<img")));
    }

    void sectionsAreContained_data()
    {
        QTest::addColumn<QString>("markdown");
        QTest::addColumn<QString>("expected");
        QTest::newRow("atx") << QStringLiteral("# Top\ntext") << QStringLiteral("### Top\ntext");
        QTest::newRow("deepest stays at 6")
            << QStringLiteral("##### five\n###### six") << QStringLiteral("###### five\n###### six");
        QTest::newRow("setext") << QStringLiteral("Title\n=====\n\nSub\n---")
                                << QStringLiteral("### Title\n\n#### Sub");
        QTest::newRow("rule after a blank line stays")
            << QStringLiteral("a\n\n---\nb") << QStringLiteral("a\n\n---\nb");
        QTest::newRow("not a heading without a space") << QStringLiteral("#hashtag") << QStringLiteral("#hashtag");
        QTest::newRow("fenced code untouched")
            << QStringLiteral("```\n# comment\n```\n# real") << QStringLiteral("```\n# comment\n```\n### real");
        QTest::newRow("open fence closed") << QStringLiteral("~~~~\ncode") << QStringLiteral("~~~~\ncode\n~~~~");
        QTest::newRow("run-on html blocks become text")
            << QStringLiteral("<script>x()</script>\n<!-- never closed")
            << QStringLiteral("&lt;script>x()&lt;/script>\n&lt;!-- never closed");
        QTest::newRow("markup is text, code is code")
            << QStringLiteral("a < b <img src=x onerror=y> `<b>` and ``<i>``\n    <kbd>")
            << QStringLiteral("a < b &lt;img src=x onerror=y> `<b>` and ``<i>``\n    <kbd>");
        QTest::newRow("crlf and blank edges")
            << QStringLiteral("\r\n\r\n# a\r\nb\r\n\r\n") << QStringLiteral("### a\nb");
    }
    void sectionsAreContained()
    {
        QFETCH(QString, markdown);
        QFETCH(QString, expected);
        QCOMPARE(MarkdownText::section(markdown, 2), expected);
    }

    void markdownBecomesSafeHtml_data()
    {
        QTest::addColumn<QString>("markdown");
        QTest::addColumn<QString>("expected");
        QTest::newRow("emphasis") << QStringLiteral("**b** and *i* and _u_ and ~~s~~")
                                  << QStringLiteral(
                                         "<p><strong>b</strong> and <em>i</em> and <em>u</em> and <del>s</del></p>\n");
        QTest::newRow("intraword underscore")
            << QStringLiteral("snake_case_name") << QStringLiteral("<p>snake_case_name</p>\n");
        QTest::newRow("raw html is text") << QStringLiteral("<img src=x onerror=alert(1)>")
                                          << QStringLiteral("<p>&lt;img src=x onerror=alert(1)&gt;</p>\n");
        QTest::newRow("code span") << QStringLiteral("run `a < b && c`")
                                   << QStringLiteral("<p>run <code>a &lt; b &amp;&amp; c</code></p>\n");
        QTest::newRow("link as text") << QStringLiteral("[runbook](https://wiki/x \"t\")")
                                      << QStringLiteral("<p>runbook (https://wiki/x &quot;t&quot;)</p>\n");
        QTest::newRow("javascript link as text")
            << QStringLiteral("[x](javascript:alert(1))") << QStringLiteral("<p>x (javascript:alert(1))</p>\n");
        QTest::newRow("heading shifted") << QStringLiteral("# A *b*") << QStringLiteral("<h3>A <em>b</em></h3>\n");
        QTest::newRow("lists") << QStringLiteral("- a\n- b\n  - c\n1. d")
                               << QStringLiteral("<ul>\n<li>a</li>\n<li>b<ul>\n<li>c</li>\n</ul>\n</li>\n</ul>\n"
                                                 "<ol>\n<li>d</li>\n</ol>\n");
        QTest::newRow("fenced code") << QStringLiteral("```sh\n<b>\n```")
                                     << QStringLiteral("<pre><code>&lt;b&gt;</code></pre>\n");
        QTest::newRow("quote") << QStringLiteral("> said *so*")
                               << QStringLiteral("<blockquote>\n<p>said <em>so</em></p>\n</blockquote>\n");
        QTest::newRow("table") << QStringLiteral("| a | b |\n|---|---|\n| 1 \\| 2 | <i> |")
                               << QStringLiteral("<table>\n<thead><tr><th>a</th><th>b</th></tr></thead>\n<tbody>\n"
                                                 "<tr><td>1 | 2</td><td>&lt;i&gt;</td></tr>\n</tbody>\n</table>\n");
        QTest::newRow("hard break") << QStringLiteral("one  \ntwo\nthree")
                                    << QStringLiteral("<p>one<br>\ntwo\nthree</p>\n");
        QTest::newRow("unclosed emphasis")
            << QStringLiteral("2 * 3 = 6 and **oops") << QStringLiteral("<p>2 * 3 = 6 and **oops</p>\n");
    }
    void markdownBecomesSafeHtml()
    {
        QFETCH(QString, markdown);
        QFETCH(QString, expected);
        QCOMPARE(MarkdownHtml::toHtml(markdown, 2), expected);
    }

    void filesAreWrittenWholeOrNotAtAll()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("review.md"));
        QString error;
        QVERIFY2(ReviewExporter::write(ReviewExportFormat::Markdown, m_doc, path, &error), qPrintable(error));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(file.readAll()), ReviewMarkdownExporter::render(m_doc));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList { QStringLiteral("review.md") });

        const QString nowhere = dir.filePath(QStringLiteral("missing/review.html"));
        QVERIFY(!ReviewExporter::write(ReviewExportFormat::Html, m_doc, nowhere, &error));
        QVERIFY2(error.contains(nowhere), qPrintable(error));
        QCOMPARE(ReviewExporter::formatFromName(QStringLiteral("PDF")), ReviewExportFormat::Pdf);
        QCOMPARE(ReviewExporter::formatFromName(QStringLiteral("md")), ReviewExportFormat::Markdown);
        QVERIFY(!ReviewExporter::formatFromName(QStringLiteral("docx")));
    }

    // The console exports off the GUI thread: two threads at once write what the test thread renders.
    void exportsRunOnOtherThreads()
    {
        QTemporaryDir dir;
        const QString html = dir.filePath(QStringLiteral("review.html"));
        const QString pdf = dir.filePath(QStringLiteral("review.pdf"));
        bool htmlOk = false;
        bool pdfOk = false;
        QString htmlError;
        QString pdfError;
        int pages = 0;
        std::thread first([&] { htmlOk = ReviewExporter::write(ReviewExportFormat::Html, m_doc, html, &htmlError); });
        std::thread second(
            [&] { pdfOk = ReviewExporter::write(ReviewExportFormat::Pdf, m_doc, pdf, &pdfError, &pages); });
        first.join();
        second.join();
        QVERIFY2(htmlOk, qPrintable(htmlError));
        QVERIFY2(pdfOk, qPrintable(pdfError));
        QVERIFY(pages >= 4);
        QFile written(html);
        QVERIFY(written.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(written.readAll()), ReviewHtmlExporter::render(m_doc));
        QFile file(pdf);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.read(5) == "%PDF-");
    }

private:
    QTemporaryDir m_dir;
    QString m_path;
    ReviewDocument m_doc;
};

QTEST_MAIN(TstReviewExport)
#include "tst_reviewexport.moc"
