#include "reviewdiffhtml.h"

#include "style/theme.h"

#include <QColor>
#include <QObject>

namespace firebreak {

namespace {

QColor tint(const QColor& base, const QColor& over, double amount)
{
    return QColor::fromRgbF(float(base.redF() + (over.redF() - base.redF()) * amount),
        float(base.greenF() + (over.greenF() - base.greenF()) * amount),
        float(base.blueF() + (over.blueF() - base.blueF()) * amount));
}

QString lineNumber(int number)
{
    return number > 0 ? QString::number(number) : QString();
}

QString cell(const QString& content, const QString& attributes)
{
    return QStringLiteral("<td %1>%2</td>").arg(attributes, content);
}

} // namespace

QString ReviewDiffHtml::render(const Review& older, const Review& newer, const QVector<ReviewSectionDiff>& sections,
    const Theme& theme, const QString& fixedFamily)
{
    const QString muted = theme.mutedText.name();
    const QColor addedColour = theme.toneColor(Theme::Tone::Good);
    const QColor removedColour = theme.toneColor(Theme::Tone::Bad);
    const QString addedBackground = tint(theme.surface, addedColour, 0.22).name();
    const QString removedBackground = tint(theme.surface, removedColour, 0.22).name();

    QString html = QStringLiteral("<html><body style=\"color:%1\">").arg(theme.text.name());
    if (older.status != newer.status) {
        html += QStringLiteral("<p><b>%1</b> %2 → %3</p>")
                    .arg(QObject::tr("Status:"), reviewStatusName(older.status), reviewStatusName(newer.status));
    }
    for (const ReviewSectionDiff& section : sections) {
        // Each section starts with a full-width band, so the sections read as separate blocks.
        html += QStringLiteral("<table width=\"100%\" cellspacing=\"0\" cellpadding=\"4\" style=\"margin-top:%1px\">"
                               "<tr><td bgcolor=\"%2\">")
                    .arg(section.changed() ? 12 : 4)
                    .arg(theme.raised.name());
        if (!section.changed()) {
            html += QStringLiteral("<span style=\"color:%1\">%2</span></td></tr></table>")
                        .arg(muted, QObject::tr("No changes in %1").arg(section.heading.toHtmlEscaped()));
            continue;
        }
        html += QStringLiteral("<b>%1</b>&nbsp;&nbsp;<span style=\"color:%2\">%3</span>"
                               "&nbsp;&nbsp;<span style=\"color:%4\">%5</span></td></tr></table>")
                    .arg(section.heading.toHtmlEscaped(), addedColour.name(),
                        QObject::tr("+%1 added").arg(section.added), removedColour.name(),
                        QObject::tr("−%1 removed").arg(section.removed));
        html += QStringLiteral("<table width=\"100%\" cellspacing=\"0\" cellpadding=\"2\" style=\"font-family:'%1'\">")
                    .arg(fixedFamily);
        for (qsizetype h = 0; h < section.hunks.size(); ++h) {
            const ReviewDiffHunk& hunk = section.hunks.at(h);
            if (h > 0 || hunk.oldStart > 1 || hunk.newStart > 1) {
                html += QStringLiteral("<tr><td colspan=\"4\" style=\"color:%1\">⋯</td></tr>").arg(muted);
            }
            for (const ReviewDiffLine& line : hunk.lines) {
                QString background;
                QString sign = QStringLiteral("&nbsp;");
                QString signColour = muted;
                if (line.kind == ReviewDiffLine::Kind::Added) {
                    background = QStringLiteral(" bgcolor=\"%1\"").arg(addedBackground);
                    sign = QStringLiteral("+");
                    signColour = addedColour.name();
                } else if (line.kind == ReviewDiffLine::Kind::Removed) {
                    background = QStringLiteral(" bgcolor=\"%1\"").arg(removedBackground);
                    sign = QStringLiteral("−");
                    signColour = removedColour.name();
                }
                const QString text = line.text.isEmpty() ? QStringLiteral("&nbsp;") : line.text.toHtmlEscaped();
                html += QStringLiteral("<tr>")
                    + cell(lineNumber(line.oldLine),
                        QStringLiteral("width=\"36\" align=\"right\" style=\"color:%1\"%2").arg(muted, background))
                    + cell(lineNumber(line.newLine),
                        QStringLiteral("width=\"36\" align=\"right\" style=\"color:%1\"%2").arg(muted, background))
                    + cell(sign,
                        QStringLiteral("width=\"16\" align=\"center\" style=\"color:%1\"%2")
                            .arg(signColour, background))
                    + cell(text, QStringLiteral("style=\"white-space:pre-wrap\"%1").arg(background))
                    + QStringLiteral("</tr>");
            }
        }
        html += QStringLiteral("</table>");
    }
    html += QStringLiteral("</body></html>");
    return html;
}

} // namespace firebreak
