#include "reviewmarkdownexporter.h"

#include "exportfile.h"
#include "markdowntext.h"
#include "reviewexporttext.h"

#include <QStringList>

namespace firebreak {

namespace {

using Text = ReviewExportText;
constexpr int SectionHeadingShift = 2; // the export uses # and ##; a section's # becomes ###

QString row(const QStringList& cells)
{
    QStringList escaped;
    for (const QString& cell : cells)
        escaped.append(MarkdownText::cell(cell));
    return QStringLiteral("| %1 |").arg(escaped.join(QStringLiteral(" | ")));
}

QString table(const QStringList& header, const QVector<QStringList>& rows)
{
    QStringList lines { row(header), QStringLiteral("|%1").arg(QStringLiteral("---|").repeated(header.size())) };
    for (const QStringList& cells : rows)
        lines.append(row(cells));
    return lines.join(QLatin1Char('\n'));
}

QString emphasised(const QString& text)
{
    return QStringLiteral("_%1_").arg(MarkdownText::inlineText(text));
}

QString timeline(const ReviewDocument& doc)
{
    if (doc.detail.timeline.isEmpty())
        return emphasised(QStringLiteral("No timeline rows."));
    QVector<QStringList> rows;
    for (const ReviewTimelineEntry& entry : doc.detail.timeline)
        rows.append({ Text::dateTime(entry.timeMs), entry.text, Text::timelineSource(entry) });
    return table({ QStringLiteral("Time (UTC)"), QStringLiteral("What happened"), QStringLiteral("Source") }, rows);
}

QString actionItems(const ReviewDocument& doc)
{
    if (doc.detail.actionItems.isEmpty())
        return emphasised(QStringLiteral("No action items."));
    QVector<QStringList> rows;
    for (const ActionItem& item : doc.detail.actionItems) {
        rows.append({ item.title, item.owner.isEmpty() ? QStringLiteral("nobody") : item.owner,
            item.dueMs > 0 ? Text::dateTime(item.dueMs).left(10) : QStringLiteral("none"),
            Text::actionStatus(item, doc.exportedAtMs), item.link });
    }
    return table({ QStringLiteral("Action"), QStringLiteral("Owner"), QStringLiteral("Due (UTC)"),
                     QStringLiteral("Status"), QStringLiteral("Link") },
        rows);
}

QString verdicts(const ReviewDocument& doc)
{
    if (doc.detail.verdicts.isEmpty())
        return emphasised(QStringLiteral("No alert or run was judged."));
    QVector<QStringList> rows;
    for (const ReviewVerdict& verdict : doc.detail.verdicts)
        rows.append({ Text::verdictSubject(verdict), Text::verdictText(verdict.verdict), verdict.author,
            Text::dateTime(verdict.timeMs) });
    return table(
        { QStringLiteral("Subject"), QStringLiteral("Verdict"), QStringLiteral("By"), QStringLiteral("When (UTC)") },
        rows);
}

QString charts(const ReviewDocument& doc)
{
    if (doc.charts.isEmpty())
        return emphasised(
            QStringLiteral("The store holds no gate evidence or verification samples for this incident."));
    QStringList lines {
        emphasised(
            QStringLiteral("Markdown cannot embed charts; the HTML and PDF exports of this review draw these %1:")
                .arg(doc.charts.size() == 1 ? QStringLiteral("one") : QString::number(doc.charts.size()))),
        QString()
    };
    for (const ReviewChart& chart : doc.charts)
        lines.append(QStringLiteral("- **%1**: %2")
                         .arg(MarkdownText::inlineText(chart.title), MarkdownText::inlineText(chart.caption)));
    return lines.join(QLatin1Char('\n'));
}

} // namespace

QString ReviewMarkdownExporter::render(const ReviewDocument& doc)
{
    QStringList parts;
    parts.append(QStringLiteral("# %1").arg(MarkdownText::inlineText(Text::title(doc))));
    parts.append(QStringLiteral("**%1**").arg(MarkdownText::inlineText(Text::incidentLine(doc))));
    QStringList milestones;
    for (const auto& [name, time] : Text::milestones(doc.incident))
        milestones.append(QStringLiteral("%1 %2").arg(name, time));
    parts.append(MarkdownText::inlineText(milestones.join(QStringLiteral(" · "))));
    parts.append(MarkdownText::inlineText(Text::reviewLine(doc)));

    QVector<QStringList> figures;
    for (const Text::FigureRow& figure : Text::figureRows(doc.figures))
        figures.append({ figure.label, figure.value, figure.how });
    parts.append(QStringLiteral("## Figures"));
    parts.append(table({ QStringLiteral("Figure"), QStringLiteral("Value"), QStringLiteral("How computed") }, figures));

    for (const Text::Section& section : Text::sections(doc.detail.review)) {
        parts.append(QStringLiteral("## %1").arg(section.title));
        const QString body = MarkdownText::section(section.markdown, SectionHeadingShift);
        if (!doc.detail.saved)
            parts.append(emphasised(Text::noReviewYet()));
        else if (body.trimmed().isEmpty())
            parts.append(emphasised(Text::nothingWritten()));
        else
            parts.append(body);
        if (section.title == QLatin1String("Timeline"))
            parts.append(timeline(doc));
    }
    parts.append(QStringLiteral("## Action items"));
    parts.append(actionItems(doc));
    parts.append(QStringLiteral("## Verdicts"));
    parts.append(verdicts(doc));
    parts.append(QStringLiteral("## Charts"));
    parts.append(charts(doc));
    parts.append(QStringLiteral("---"));
    parts.append(emphasised(Text::footer(doc)));
    return parts.join(QStringLiteral("\n\n")) + QLatin1Char('\n');
}

bool ReviewMarkdownExporter::write(const ReviewDocument& doc, const QString& path, QString* error)
{
    return ExportFile::write(path, render(doc).toUtf8(), error);
}

} // namespace firebreak
