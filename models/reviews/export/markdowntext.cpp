#include "markdowntext.h"

#include <QRegularExpression>
#include <QStringList>

namespace firebreak {

namespace {

QString escaped(const QString& text, const QString& lineBreak)
{
    QString out;
    out.reserve(text.size() + 8);
    const QString normalised = QString(text).replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    for (const QChar c : normalised) {
        switch (c.unicode()) {
        case '\\':
        case '`':
        case '*':
        case '_':
        case '[':
        case ']':
        case '|':
        case '~':
            out += QLatin1Char('\\');
            out += c;
            break;
        case '<':
            out += QStringLiteral("&lt;");
            break;
        case '>':
            out += QStringLiteral("&gt;");
            break;
        case '&':
            out += QStringLiteral("&amp;");
            break;
        case '\n':
        case '\r':
            out += lineBreak;
            break;
        default:
            out += c;
        }
    }
    return out.trimmed();
}

struct Fence {
    QChar mark;
    qsizetype length = 0;
};

// A line that opens (or, with `open`, closes) a fenced code block.
std::optional<Fence> fenceOf(const QString& line, const std::optional<Fence>& open)
{
    static const QRegularExpression pattern(QStringLiteral("^ {0,3}(`{3,}|~{3,})(.*)$"));
    const QRegularExpressionMatch match = pattern.match(line);
    if (!match.hasMatch())
        return std::nullopt;
    const QString marks = match.captured(1);
    if (open) {
        if (marks.at(0) != open->mark || marks.size() < open->length || !match.captured(2).trimmed().isEmpty())
            return std::nullopt;
    } else if (marks.at(0) == QLatin1Char('`') && match.captured(2).contains(QLatin1Char('`'))) {
        return std::nullopt; // an info string with a backtick: an inline code span, not a fence
    }
    return Fence { marks.at(0), marks.size() };
}

// Whether a line can be the text of a setext heading (the line above an === or --- underline).
bool isParagraphText(const QString& line)
{
    static const QRegularExpression block(QStringLiteral("^( {4,}|\\t| {0,3}([-+*>#]|\\d{1,9}[.)]|$))"));
    return !line.trimmed().isEmpty() && !block.match(line).hasMatch();
}

int indentOf(const QString& line)
{
    int indent = 0;
    for (const QChar c : line) {
        if (c != QLatin1Char(' ') && c != QLatin1Char('\t'))
            break;
        indent += c == QLatin1Char('\t') ? 4 : 1;
    }
    return indent;
}

// `<` that would open a tag, a comment or a declaration, outside code spans, as an entity.
QString escapeMarkup(const QString& line)
{
    QString out;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line.at(i);
        if (c == QLatin1Char('`')) {
            qsizetype run = 1;
            while (i + run < line.size() && line.at(i + run) == c)
                ++run;
            const qsizetype close = line.indexOf(QString(run, c), i + run);
            const qsizetype end = close < 0 ? i + run : close + run;
            out += line.mid(i, end - i);
            i = end - 1;
            continue;
        }
        const QChar next = i + 1 < line.size() ? line.at(i + 1) : QChar();
        const bool opensTag
            = next.isLetter() || next == QLatin1Char('/') || next == QLatin1Char('!') || next == QLatin1Char('?');
        out += c == QLatin1Char('<') && opensTag ? QStringLiteral("&lt;") : QString(c);
    }
    return out;
}

} // namespace

QString MarkdownText::cell(const QString& text)
{
    return escaped(text, QStringLiteral("<br>"));
}

QString MarkdownText::inlineText(const QString& text)
{
    return escaped(text, QStringLiteral(" ")).simplified();
}

QString MarkdownText::section(const QString& markdown, int shift)
{
    static const QRegularExpression atx(QStringLiteral("^( {0,3})(#{1,6})(?=[ \\t]|$)"));
    static const QRegularExpression setext(QStringLiteral("^ {0,3}(=+|-+)[ \\t]*$"));
    const QStringList lines
        = QString(markdown).replace(QStringLiteral("\r\n"), QStringLiteral("\n")).split(QLatin1Char('\n'));
    QStringList out;
    std::optional<Fence> fence;
    bool previousIsText = false;
    for (const QString& line : lines) {
        if (fence) {
            if (fenceOf(line, fence))
                fence.reset();
            out.append(line);
            continue;
        }
        if ((fence = fenceOf(line, std::nullopt))) {
            out.append(line);
            previousIsText = false;
            continue;
        }
        const QRegularExpressionMatch underline = setext.match(line);
        if (underline.hasMatch() && previousIsText) {
            const int level = underline.captured(1).startsWith(QLatin1Char('=')) ? 1 : 2;
            out.last()
                = QString(std::min(6, level + shift), QLatin1Char('#')) + QLatin1Char(' ') + out.last().trimmed();
            previousIsText = false;
            continue;
        }
        QString kept = line;
        const QRegularExpressionMatch heading = atx.match(line);
        if (heading.hasMatch()) {
            const int level = std::min<int>(6, int(heading.capturedLength(2)) + shift);
            kept = heading.captured(1) + QString(level, QLatin1Char('#'))
                + escapeMarkup(line.mid(heading.capturedEnd(2)));
        } else if (indentOf(line) < 4) {
            kept = escapeMarkup(line);
        }
        previousIsText = !heading.hasMatch() && isParagraphText(line);
        out.append(kept);
    }
    while (!out.isEmpty() && out.last().trimmed().isEmpty())
        out.removeLast();
    if (fence)
        out.append(QString(fence->length, fence->mark));
    while (!out.isEmpty() && out.first().trimmed().isEmpty())
        out.removeFirst();
    return out.join(QLatin1Char('\n'));
}

} // namespace firebreak
