#include "reviewpdflayout.h"

#include "markdownhtml.h"
#include "pdftable.h"
#include "reviewchartpainter.h"
#include "reviewexporttext.h"

#include <QAbstractTextDocumentLayout>
#include <QFontMetricsF>
#include <QPaintDevice>
#include <QPainter>
#include <QTextDocument>

namespace firebreak {

namespace {

using Text = ReviewExportText;
constexpr int SectionHeadingShift = 2; // the PDF's parts are level 2; a section's # prints as level 3
const QColor Ink(0x1a, 0x20, 0x2c);
const QColor Muted(0x4a, 0x55, 0x68);
const QColor Rule(0xc9, 0xcf, 0xd8);

QString e(const QString& text)
{
    return MarkdownHtml::escape(text);
}

} // namespace

ReviewPdfLayout::ReviewPdfLayout(QPaintDevice* device, const QRectF& content)
    : m_device(device)
    , m_flow(content)
    , m_pt(device->logicalDpiY() / 72.0)
    , m_body(font(10))
    , m_table(font(8.5))
    , m_tableBold(font(8.5, true))
{
}

QFont ReviewPdfLayout::font(qreal points, bool bold, bool mono)
{
    QFont f(mono ? QStringLiteral("DejaVu Sans Mono") : QStringLiteral("DejaVu Sans"));
    f.setStyleHint(mono ? QFont::Monospace : QFont::SansSerif);
    f.setPointSizeF(points);
    f.setBold(bold);
    // A letter spacing Qt shapes without ligatures: "fi" stays two letters that a reader can search
    // for and copy out of the PDF. 1/64 px (the smallest step Qt keeps) is invisible.
    f.setLetterSpacing(QFont::AbsoluteSpacing, 0.02);
    return f;
}

std::shared_ptr<QTextDocument> ReviewPdfLayout::document(const QString& html) const
{
    // QTextDocument takes CSS margins and indents as device pixels whatever the unit, so they are
    // given in pixels of this device.
    const auto px
        = [this](qreal points) -> QString { return QString::number(points * m_pt, 'f', 1) + QStringLiteral("px"); };
    auto doc = std::make_shared<QTextDocument>();
    doc->documentLayout()->setPaintDevice(m_device);
    doc->setDocumentMargin(0);
    doc->setIndentWidth(14 * m_pt);
    doc->setDefaultFont(m_body);
    doc->setDefaultStyleSheet(
        QStringLiteral("p { margin-top: 0px; margin-bottom: %1; }"
                       "h3 { font-size: 12pt; font-weight: bold; margin-top: %3; margin-bottom: %3; }"
                       "h4, h5, h6 { font-size: 10.5pt; font-weight: bold; margin-top: %3; margin-bottom: %3; }"
                       "li { margin-bottom: %4; }"
                       "ul, ol { margin-top: 0px; margin-bottom: %1; }"
                       "pre { font-family: 'DejaVu Sans Mono'; font-size: 8.5pt; background-color: #f1f4f8;"
                       " margin-top: 0px; margin-bottom: %1; }"
                       "code { font-family: 'DejaVu Sans Mono'; font-size: 9pt; background-color: #f1f4f8; }"
                       "blockquote { color: #4a5568; margin-left: %2; margin-top: 0px; margin-bottom: %1; }"
                       "th { background-color: #eef1f5; }")
            .arg(px(6), px(10), px(4), px(2)));
    doc->setHtml(html);
    doc->setTextWidth(m_flow.width());
    return doc;
}

void ReviewPdfLayout::html(const QString& html)
{
    m_flow.placeText(document(html));
}

void ReviewPdfLayout::note(const QString& text)
{
    html(QStringLiteral("<p style=\"color: #4a5568\"><i>%1</i></p>").arg(e(text)));
}

void ReviewPdfLayout::heading(const QString& text)
{
    const QFont headingFont = font(14, true);
    const QFontMetricsF metrics(headingFont, m_device);
    const qreal pt = m_pt;
    const qreal height = metrics.height() + 10 * pt;
    m_flow.skip(10 * pt);
    m_flow.ensure(height + 60 * pt); // never a heading alone at the foot of a page
    const qreal width = m_flow.width();
    m_flow.place(height, [=](QPainter& painter) {
        painter.setFont(headingFont);
        painter.setPen(Ink);
        painter.drawText(QPointF(0, metrics.ascent()), text);
        painter.setPen(QPen(Rule, 0.7 * pt));
        painter.drawLine(QPointF(0, metrics.height() + 3 * pt), QPointF(width, metrics.height() + 3 * pt));
    });
}

void ReviewPdfLayout::build(const ReviewDocument& doc)
{
    titlePage(doc);
    m_flow.newPage();
    sections(doc);
    tables(doc);
    charts(doc);
}

void ReviewPdfLayout::titlePage(const ReviewDocument& doc)
{
    const QString incidentTitle = doc.incident.title.simplified().isEmpty()
        ? QStringLiteral("Incident %1").arg(doc.incident.id)
        : doc.incident.title.simplified();
    html(QStringLiteral("<p style=\"font-size: 10pt; color: #4a5568\">POST-INCIDENT REVIEW</p>"
                        "<p style=\"font-size: 22pt; font-weight: bold\">%1</p>"
                        "<p style=\"font-size: 12pt\">%2</p>")
             .arg(e(incidentTitle), e(Text::incidentLine(doc))));
    m_flow.skip(8 * m_pt);

    PdfTable facts;
    facts.widths = { 0.24, 0.76 };
    facts.grid = false;
    facts.font = font(10);
    facts.headerFont = font(10, true);
    facts.boldColumns = { true, false };
    facts.rows.append({ QStringLiteral("Severity"), Text::severity(doc.incident.severity) });
    facts.rows.append({ QStringLiteral("Status"), incidentStatusName(doc.incident.status) });
    facts.rows.append({ QStringLiteral("Commander"),
        doc.incident.commander.isEmpty() ? QStringLiteral("none named") : doc.incident.commander });
    for (const auto& [name, time] : Text::milestones(doc.incident))
        facts.rows.append({ name, time });
    if (doc.detail.saved) {
        const Review& review = doc.detail.review;
        facts.rows.append({ QStringLiteral("Review"),
            QStringLiteral("%1, version %2").arg(reviewStatusName(review.status), QString::number(review.version)) });
        facts.rows.append({ QStringLiteral("Authors"), doc.authors.join(QStringLiteral(", ")) });
        facts.rows.append({ QStringLiteral("Last saved"), Text::dateTimeUtc(review.updatedMs) });
    } else {
        facts.rows.append({ QStringLiteral("Review"), Text::noReviewYet() });
    }
    facts.place(m_flow, m_device);

    heading(QStringLiteral("Figures"));
    PdfTable figures;
    figures.header = QStringList { QStringLiteral("Figure"), QStringLiteral("Value"), QStringLiteral("How computed") };
    figures.widths = { 0.25, 0.2, 0.55 };
    figures.font = font(8);
    figures.headerFont = font(8, true);
    figures.boldColumns = { false, true, false };
    for (const Text::FigureRow& row : Text::figureRows(doc.figures))
        figures.rows.append({ row.label, row.value, row.how });
    figures.place(m_flow, m_device);
    m_flow.skip(8 * m_pt);
    html(QStringLiteral("<p style=\"font-size: 8pt; color: #4a5568\">%1</p>").arg(e(Text::footer(doc))));
}

void ReviewPdfLayout::sections(const ReviewDocument& doc)
{
    for (const Text::Section& section : Text::sections(doc.detail.review)) {
        heading(section.title);
        if (!doc.detail.saved)
            note(Text::noReviewYet());
        else if (section.markdown.trimmed().isEmpty())
            note(Text::nothingWritten());
        else
            html(QString(MarkdownHtml::toHtml(section.markdown, SectionHeadingShift))
                     .replace(QStringLiteral("<table>"),
                         QStringLiteral(
                             "<table border=\"1\" cellspacing=\"0\" cellpadding=\"%1\""
                             " style=\"border-color: #c9cfd8; border-style: solid; border-collapse: collapse\">")
                             .arg(qRound(2.5 * m_pt))));
        if (section.title != QLatin1String("Timeline"))
            continue;
        if (doc.detail.timeline.isEmpty()) {
            note(QStringLiteral("No timeline rows."));
            continue;
        }
        m_flow.skip(4 * m_pt);
        PdfTable timeline;
        timeline.header
            = QStringList { QStringLiteral("Time (UTC)"), QStringLiteral("What happened"), QStringLiteral("Source") };
        timeline.widths = { 0.22, 0.63, 0.15 };
        timeline.font = m_table;
        timeline.headerFont = m_tableBold;
        for (const ReviewTimelineEntry& entry : doc.detail.timeline)
            timeline.rows.append({ Text::dateTime(entry.timeMs), entry.text, Text::timelineSource(entry) });
        timeline.place(m_flow, m_device);
    }
}

void ReviewPdfLayout::tables(const ReviewDocument& doc)
{
    heading(QStringLiteral("Action items"));
    if (doc.detail.actionItems.isEmpty()) {
        note(QStringLiteral("No action items."));
    } else {
        PdfTable items;
        items.header = QStringList { QStringLiteral("Action"), QStringLiteral("Owner"), QStringLiteral("Due (UTC)"),
            QStringLiteral("Status"), QStringLiteral("Link") };
        items.widths = { 0.34, 0.13, 0.14, 0.15, 0.24 };
        items.font = m_table;
        items.headerFont = m_tableBold;
        for (const ActionItem& item : doc.detail.actionItems) {
            items.rows.append({ item.title, item.owner.isEmpty() ? QStringLiteral("nobody") : item.owner,
                item.dueMs > 0 ? Text::dateTime(item.dueMs).left(10) : QStringLiteral("none"),
                Text::actionStatus(item, doc.exportedAtMs), item.link });
            items.marked.append(item.isOverdue(doc.exportedAtMs));
        }
        items.place(m_flow, m_device);
    }
    heading(QStringLiteral("Verdicts"));
    if (doc.detail.verdicts.isEmpty()) {
        note(QStringLiteral("No alert or run was judged."));
        return;
    }
    PdfTable verdicts;
    verdicts.header = QStringList { QStringLiteral("Subject"), QStringLiteral("Verdict"), QStringLiteral("By"),
        QStringLiteral("When (UTC)") };
    verdicts.widths = { 0.4, 0.18, 0.18, 0.24 };
    verdicts.font = m_table;
    verdicts.headerFont = m_tableBold;
    for (const ReviewVerdict& verdict : doc.detail.verdicts)
        verdicts.rows.append({ Text::verdictSubject(verdict), Text::verdictText(verdict.verdict), verdict.author,
            Text::dateTime(verdict.timeMs) });
    verdicts.place(m_flow, m_device);
}

void ReviewPdfLayout::charts(const ReviewDocument& doc)
{
    m_flow.newPage();
    heading(QStringLiteral("Charts"));
    if (doc.charts.isEmpty()) {
        note(QStringLiteral("The store holds no gate evidence or verification samples for this incident."));
        return;
    }
    // Two to a page: the first page also holds the heading, the others the same height of space.
    const qreal gap = 12 * m_pt;
    const qreal height = std::min(m_flow.width() * 0.56, (m_flow.remaining() - 2 * gap) / 2);
    const qreal width = m_flow.width();
    for (const ReviewChart& chart : doc.charts) {
        m_flow.place(height + gap, [chart, width, height](QPainter& painter) {
            ReviewChartPainter::paint(painter, QRectF(0, 0, width, height), chart);
        });
    }
}

} // namespace firebreak
