#include "reviewhtmlexporter.h"

#include "exportfile.h"
#include "markdownhtml.h"
#include "reviewchartpainter.h"
#include "reviewexporttext.h"

#include <QStringList>

namespace firebreak {

namespace {

using Text = ReviewExportText;
constexpr int SectionHeadingShift = 2; // the page uses h1 and h2; a section's # becomes h3

QString e(const QString& text)
{
    return MarkdownHtml::escape(text);
}

// Cells are plain text: escaped, line breaks kept.
QString cellText(const QString& text)
{
    return e(text)
        .replace(QStringLiteral("\r\n"), QStringLiteral("\n"))
        .replace(QLatin1Char('\n'), QStringLiteral("<br>"));
}

QString table(const QString& css, const QStringList& header, const QVector<QStringList>& rows,
    const QVector<QString>& rowClasses = {})
{
    QString out = QStringLiteral("<table class=\"%1\">\n<thead><tr>").arg(css);
    for (const QString& cell : header)
        out += QStringLiteral("<th>%1</th>").arg(e(cell));
    out += QStringLiteral("</tr></thead>\n<tbody>\n");
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const QString rowClass = rowClasses.value(i);
        out += rowClass.isEmpty() ? QStringLiteral("<tr>") : QStringLiteral("<tr class=\"%1\">").arg(rowClass);
        // Cells arrive as HTML: callers escape what they put in.
        for (const QString& cell : rows.at(i))
            out += QStringLiteral("<td>%1</td>").arg(cell);
        out += QStringLiteral("</tr>\n");
    }
    return out + QStringLiteral("</tbody>\n</table>\n");
}

QString note(const QString& text)
{
    return QStringLiteral("<p class=\"note\">%1</p>\n").arg(e(text));
}

QString style()
{
    return QStringLiteral(
        "body{font-family:'DejaVu Sans','Helvetica Neue',Arial,sans-serif;color:#1a202c;background:#fff;"
        "max-width:60rem;margin:2rem auto;padding:0 1.5rem;line-height:1.5;font-size:15px}\n"
        "h1{font-size:1.7rem;margin:0 0 .4rem}h2{font-size:1.25rem;margin:2rem 0 .6rem;padding-bottom:.2rem;"
        "border-bottom:1px solid #d5dae1;break-after:avoid}h3,h4,h5,h6{font-size:1.05rem;margin:1.2rem 0 .4rem}\n"
        ".meta{color:#4a5568;margin:.2rem 0}.meta strong{color:#1a202c}\n"
        "table{border-collapse:collapse;width:100%;margin:.6rem 0 1rem;font-size:.9rem}"
        "th,td{border:1px solid #d5dae1;padding:.3rem .5rem;text-align:left;vertical-align:top;"
        "overflow-wrap:anywhere}th{background:#f1f4f8}tr{break-inside:avoid}\n"
        "table.figures td:nth-child(2){white-space:nowrap;font-weight:600}"
        "table.figures td:nth-child(3){color:#4a5568}\n"
        "tr.overdue td{background:#fdf0ef}.overdue-mark{color:#b42318;font-weight:700}\n"
        "code,pre{font-family:'DejaVu Sans Mono',Menlo,Consolas,monospace;font-size:.85em;background:#f1f4f8}"
        "pre{padding:.6rem;overflow-x:auto;white-space:pre-wrap}code{padding:0 .2rem}\n"
        "blockquote{margin:.6rem 0;padding:0 1rem;border-left:3px solid #d5dae1;color:#4a5568}\n"
        ".note{color:#4a5568;font-style:italic}\n"
        "figure{margin:1rem 0;break-inside:avoid}figure img{width:100%;height:auto;border:0}\n"
        "footer{margin-top:2.5rem;padding-top:.6rem;border-top:1px solid #d5dae1;color:#4a5568;font-size:.85rem;"
        "overflow-wrap:anywhere}\n"
        "@media print{body{margin:0;max-width:none;font-size:11pt}h2{break-after:avoid}}\n");
}

QString header(const ReviewDocument& doc)
{
    QString out = QStringLiteral("<header>\n<h1>%1</h1>\n").arg(e(Text::title(doc)));
    out += QStringLiteral("<p class=\"meta\"><strong>%1</strong></p>\n").arg(e(Text::incidentLine(doc)));
    QStringList milestones;
    for (const auto& [name, time] : Text::milestones(doc.incident))
        milestones.append(QStringLiteral("%1 %2").arg(e(name), e(time)));
    out += QStringLiteral("<p class=\"meta\">%1</p>\n").arg(milestones.join(QStringLiteral(" · ")));
    out += QStringLiteral("<p class=\"meta\">%1</p>\n</header>\n").arg(e(Text::reviewLine(doc)));
    return out;
}

QString timeline(const ReviewDocument& doc)
{
    if (doc.detail.timeline.isEmpty())
        return note(QStringLiteral("No timeline rows."));
    QVector<QStringList> rows;
    for (const ReviewTimelineEntry& entry : doc.detail.timeline)
        rows.append({ e(Text::dateTime(entry.timeMs)), cellText(entry.text), e(Text::timelineSource(entry)) });
    return table(QStringLiteral("timeline"),
        { QStringLiteral("Time (UTC)"), QStringLiteral("What happened"), QStringLiteral("Source") }, rows);
}

QString actionItems(const ReviewDocument& doc)
{
    if (doc.detail.actionItems.isEmpty())
        return note(QStringLiteral("No action items."));
    QVector<QStringList> rows;
    QVector<QString> classes;
    for (const ActionItem& item : doc.detail.actionItems) {
        const bool overdue = item.isOverdue(doc.exportedAtMs);
        const QString status = overdue ? QStringLiteral("<span class=\"overdue-mark\">OVERDUE</span> (%1)")
                                             .arg(e(actionItemStatusName(item.status)))
                                       : e(actionItemStatusName(item.status));
        const QString link = Text::isWebLink(item.link)
            ? QStringLiteral("<a href=\"%1\" rel=\"noopener noreferrer\">%1</a>").arg(e(item.link.trimmed()))
            : cellText(item.link);
        rows.append({ cellText(item.title), cellText(item.owner.isEmpty() ? QStringLiteral("nobody") : item.owner),
            e(item.dueMs > 0 ? Text::dateTime(item.dueMs).left(10) : QStringLiteral("none")), status, link });
        classes.append(overdue ? QStringLiteral("overdue") : QString());
    }
    return table(QStringLiteral("actions"),
        { QStringLiteral("Action"), QStringLiteral("Owner"), QStringLiteral("Due (UTC)"), QStringLiteral("Status"),
            QStringLiteral("Link") },
        rows, classes);
}

QString verdicts(const ReviewDocument& doc)
{
    if (doc.detail.verdicts.isEmpty())
        return note(QStringLiteral("No alert or run was judged."));
    QVector<QStringList> rows;
    for (const ReviewVerdict& verdict : doc.detail.verdicts)
        rows.append({ cellText(Text::verdictSubject(verdict)), e(Text::verdictText(verdict.verdict)),
            cellText(verdict.author), e(Text::dateTime(verdict.timeMs)) });
    return table(QStringLiteral("verdicts"),
        { QStringLiteral("Subject"), QStringLiteral("Verdict"), QStringLiteral("By"), QStringLiteral("When (UTC)") },
        rows);
}

QString charts(const ReviewDocument& doc)
{
    if (doc.charts.isEmpty())
        return note(QStringLiteral("The store holds no gate evidence or verification samples for this incident."));
    QString out;
    for (const ReviewChart& chart : doc.charts) {
        const QByteArray png
            = ReviewChartPainter::renderPng(chart, ReviewHtmlExporter::ChartSize, ReviewHtmlExporter::ChartPixelRatio);
        out += QStringLiteral("<figure><img src=\"data:image/png;base64,%1\" width=\"%2\" height=\"%3\" alt=\"%4\">"
                              "</figure>\n")
                   .arg(QString::fromLatin1(png.toBase64()))
                   .arg(ReviewHtmlExporter::ChartSize.width())
                   .arg(ReviewHtmlExporter::ChartSize.height())
                   .arg(e(Text::chartDescription(chart)));
    }
    return out;
}

} // namespace

QString ReviewHtmlExporter::render(const ReviewDocument& doc)
{
    QString out = QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                                 "<meta name=\"generator\" content=\"Firebreak\">\n<title>%1</title>\n<style>\n%2"
                                 "</style>\n</head>\n<body>\n")
                      .arg(e(Text::title(doc)), style());
    out += header(doc);
    out += QStringLiteral("<section>\n<h2>Figures</h2>\n");
    QVector<QStringList> figures;
    for (const Text::FigureRow& figure : Text::figureRows(doc.figures))
        figures.append({ e(figure.label), e(figure.value), e(figure.how) });
    out += table(QStringLiteral("figures"),
        { QStringLiteral("Figure"), QStringLiteral("Value"), QStringLiteral("How computed") }, figures);
    out += QStringLiteral("</section>\n");
    for (const Text::Section& section : Text::sections(doc.detail.review)) {
        out += QStringLiteral("<section>\n<h2>%1</h2>\n").arg(e(section.title));
        if (!doc.detail.saved)
            out += note(Text::noReviewYet());
        else if (section.markdown.trimmed().isEmpty())
            out += note(Text::nothingWritten());
        else
            out += MarkdownHtml::toHtml(section.markdown, SectionHeadingShift);
        if (section.title == QLatin1String("Timeline"))
            out += timeline(doc);
        out += QStringLiteral("</section>\n");
    }
    out += QStringLiteral("<section>\n<h2>Action items</h2>\n%1</section>\n").arg(actionItems(doc));
    out += QStringLiteral("<section>\n<h2>Verdicts</h2>\n%1</section>\n").arg(verdicts(doc));
    out += QStringLiteral("<section>\n<h2>Charts</h2>\n%1</section>\n").arg(charts(doc));
    out += QStringLiteral("<footer>%1</footer>\n</body>\n</html>\n").arg(e(Text::footer(doc)));
    return out;
}

bool ReviewHtmlExporter::write(const ReviewDocument& doc, const QString& path, QString* error)
{
    return ExportFile::write(path, render(doc).toUtf8(), error);
}

} // namespace firebreak
