#include "reviewdocumenttext.h"

#include "reviewtemplates.h"

#include <QRegularExpression>
#include <QStringList>

namespace firebreak {

namespace {

const QString Heading = QStringLiteral("## ");
const QString Where = QStringLiteral("document");

bool isHeading(const QString& line)
{
    return line.startsWith(Heading);
}

std::optional<Review> failAt(int line, const QString& message, QString* error, int* lineOut)
{
    *error = QStringLiteral("Line %1: %2").arg(line).arg(message);
    *lineOut = line;
    return std::nullopt;
}

QString expectedHeadings()
{
    QStringList names;
    for (const ReviewDocumentText::Section& section : ReviewDocumentText::sections())
        names.append(section.heading);
    return names.join(QStringLiteral(", "));
}

} // namespace

const QVector<ReviewDocumentText::Section>& ReviewDocumentText::sections()
{
    static const QVector<Section> all {
        { QStringLiteral("Summary"), &Review::summary },
        { QStringLiteral("Impact"), &Review::impact },
        { QStringLiteral("Timeline"), &Review::timeline },
        { QStringLiteral("Contributing factors"), &Review::contributingFactors },
        { QStringLiteral("What went well"), &Review::wentWell },
        { QStringLiteral("What went badly"), &Review::wentBadly },
        { QStringLiteral("Lessons"), &Review::lessons },
    };
    return all;
}

bool ReviewDocumentText::sameSections(const Review& a, const Review& b)
{
    for (const Section& section : sections()) {
        if (a.*section.text != b.*section.text)
            return false;
    }
    return true;
}

QString ReviewDocumentText::toMarkdown(const Review& review)
{
    QString out;
    for (const Section& section : sections()) {
        if (!out.isEmpty())
            out += QLatin1Char('\n');
        out += Heading + section.heading + QLatin1Char('\n');
        const QString& text = review.*section.text;
        out += text;
        if (!text.isEmpty() && !text.endsWith(QLatin1Char('\n')))
            out += QLatin1Char('\n');
    }
    return out;
}

std::optional<Review> ReviewDocumentText::parse(const QString& document, QString* error, int* line)
{
    const QStringList lines = document.split(QLatin1Char('\n'));
    // ReviewTemplates::parse ignores text above the first heading (a template's comment); in a
    // document someone typed it would silently vanish from the saved version.
    for (qsizetype i = 0; i < lines.size() && !isHeading(lines.at(i)); ++i) {
        if (!lines.at(i).trimmed().isEmpty())
            return failAt(int(i + 1),
                QStringLiteral("text above the first section heading would not be kept; move it under a heading"
                               " such as \"## Summary\""),
                error, line);
    }

    QString parseError;
    std::optional<Review> review = ReviewTemplates::parse(document.toUtf8(), Where, &parseError);
    if (!review) {
        static const QRegularExpression located(
            QStringLiteral("^document:(\\d+): (.*)$"), QRegularExpression::DotMatchesEverythingOption);
        const QRegularExpressionMatch match = located.match(parseError);
        if (match.hasMatch())
            return failAt(match.captured(1).toInt(), match.captured(2), error, line);
        return failAt(1,
            QStringLiteral("the document has no section headings; each section starts with a line such as"
                           " \"## Summary\" (expected %1)")
                .arg(expectedHeadings()),
            error, line);
    }

    // Every section must keep its heading: a deleted heading would fold its text into the section
    // above it without a word.
    QVector<int> headingLine(sections().size(), 0);
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (!isHeading(lines.at(i)))
            continue;
        const QString name = lines.at(i).mid(Heading.size()).trimmed();
        for (qsizetype s = 0; s < sections().size(); ++s) {
            if (sections().at(s).heading.compare(name, Qt::CaseInsensitive) == 0)
                headingLine[s] = int(i + 1);
        }
    }
    for (qsizetype s = 0; s < sections().size(); ++s) {
        if (headingLine.at(s) != 0)
            continue;
        int at = int(lines.size());
        for (qsizetype next = s + 1; next < sections().size(); ++next) {
            if (headingLine.at(next) != 0) {
                at = headingLine.at(next);
                break;
            }
        }
        return failAt(at,
            QStringLiteral("the section \"%1\" is missing; add the line \"## %1\" (a review has %2)")
                .arg(sections().at(s).heading, expectedHeadings()),
            error, line);
    }
    return review;
}

} // namespace firebreak
