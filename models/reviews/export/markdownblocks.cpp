#include "markdownblocks.h"

#include "markdownhtml.h"

#include <QRegularExpression>

namespace firebreak {

namespace {

// Stands for a hard line break while a paragraph's inline formatting is worked out.
constexpr char16_t HardBreak = 0xE000;

const QRegularExpression& listItemPattern()
{
    static const QRegularExpression pattern(QStringLiteral("^( *)([-+*]|\\d{1,9}[.)])(?:[ \\t]+(.*))?$"));
    return pattern;
}

int indentOf(const QString& line)
{
    int indent = 0;
    for (const QChar c : line) {
        if (c == QLatin1Char(' '))
            ++indent;
        else if (c == QLatin1Char('\t'))
            indent += 4;
        else
            break;
    }
    return indent;
}

QStringList cellsOf(const QString& line)
{
    QString text = line.trimmed();
    if (text.startsWith(QLatin1Char('|')))
        text.remove(0, 1);
    if (text.endsWith(QLatin1Char('|')) && !text.endsWith(QStringLiteral("\\|")))
        text.chop(1);
    QStringList cells;
    QString cell;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i) == QLatin1Char('\\') && i + 1 < text.size()) {
            cell += text.mid(i, 2);
            ++i;
        } else if (text.at(i) == QLatin1Char('|')) {
            cells.append(cell.trimmed());
            cell.clear();
        } else {
            cell += text.at(i);
        }
    }
    cells.append(cell.trimmed());
    return cells;
}

} // namespace

MarkdownBlocks::MarkdownBlocks(int headingShift)
    : m_shift(headingShift)
{
}

QString MarkdownBlocks::convert(const QString& markdown)
{
    static const QRegularExpression atx(QStringLiteral("^ {0,3}(#{1,6})(?:[ \\t]+(.*?))?(?:[ \\t]+#+)?[ \\t]*$"));
    static const QRegularExpression rule(QStringLiteral("^ {0,3}([-*_])(?:[ \\t]*\\1){2,}[ \\t]*$"));
    static const QRegularExpression setext(QStringLiteral("^ {0,3}(=+|-+)[ \\t]*$"));
    static const QRegularExpression fence(QStringLiteral("^ {0,3}(`{3,}|~{3,})"));
    static const QRegularExpression delimiterRow(QStringLiteral("^ *\\|? *:?-+:? *(\\| *:?-+:? *)*\\|? *$"));
    QString text = markdown;
    text.replace(QChar(HardBreak), QChar(0xFFFD)).replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (qsizetype i = 0; i < lines.size();) {
        const QString& line = lines.at(i);
        if (line.trimmed().isEmpty()) {
            flushParagraph();
            m_blankInList = !m_lists.isEmpty();
            ++i;
            continue;
        }
        if (fence.match(line).hasMatch()) {
            flushParagraph();
            closeLists(0);
            i = fencedCode(lines, i);
            continue;
        }
        const QRegularExpressionMatch underline = setext.match(line);
        if (underline.hasMatch() && !m_paragraph.isEmpty()) {
            const QString title = m_paragraph.join(QLatin1Char('\n')).trimmed();
            m_paragraph.clear();
            heading(underline.captured(1).startsWith(QLatin1Char('=')) ? 1 : 2, title);
            ++i;
            continue;
        }
        const QRegularExpressionMatch atxMatch = atx.match(line);
        if (atxMatch.hasMatch()) {
            flushParagraph();
            closeLists(0);
            heading(int(atxMatch.capturedLength(1)), atxMatch.captured(2));
            ++i;
            continue;
        }
        if (rule.match(line).hasMatch()) {
            flushParagraph();
            closeLists(0);
            m_out += QStringLiteral("<hr>\n");
            ++i;
            continue;
        }
        const QRegularExpressionMatch item = listItemPattern().match(line);
        const bool ordered = item.hasMatch() && item.captured(2).front().isDigit();
        // A bullet list may interrupt a paragraph; a number at the start of a wrapped line may not.
        if (item.hasMatch() && (m_paragraph.isEmpty() || !m_lists.isEmpty() || !ordered)) {
            flushParagraph();
            startItem(indentOf(line), ordered, item.captured(3));
            m_blankInList = false;
            ++i;
            continue;
        }
        if (!m_lists.isEmpty()) {
            if (!m_blankInList || indentOf(line) >= 2) {
                m_item += QLatin1Char('\n') + line.trimmed();
                m_blankInList = false;
                ++i;
                continue;
            }
            closeLists(0);
        }
        if (line.trimmed().startsWith(QLatin1Char('>')) && indentOf(line) < 4) {
            flushParagraph();
            i = quote(lines, i);
            continue;
        }
        if (indentOf(line) >= 4 && m_paragraph.isEmpty()) {
            i = indentedCode(lines, i);
            continue;
        }
        if (line.contains(QLatin1Char('|')) && i + 1 < lines.size() && lines.at(i + 1).contains(QLatin1Char('-'))
            && delimiterRow.match(lines.at(i + 1)).hasMatch()) {
            flushParagraph();
            i = table(lines, i);
            continue;
        }
        m_paragraph.append(line);
        ++i;
    }
    flushParagraph();
    closeLists(0);
    return m_out;
}

void MarkdownBlocks::flushParagraph()
{
    if (m_paragraph.isEmpty())
        return;
    QString text;
    for (qsizetype i = 0; i < m_paragraph.size(); ++i) {
        QString line = m_paragraph.at(i);
        const bool last = i + 1 == m_paragraph.size();
        const bool hard = !last && (line.endsWith(QStringLiteral("  ")) || line.endsWith(QLatin1Char('\\')));
        if (hard && line.endsWith(QLatin1Char('\\')))
            line.chop(1);
        text += line.trimmed();
        if (!last)
            text += hard ? QChar(HardBreak) : QLatin1Char('\n');
    }
    m_paragraph.clear();
    m_out += QStringLiteral("<p>%1</p>\n")
                 .arg(MarkdownHtml::inlineHtml(text).replace(QChar(HardBreak), QStringLiteral("<br>\n")));
}

void MarkdownBlocks::flushItem()
{
    m_out += MarkdownHtml::inlineHtml(m_item.trimmed());
    m_item.clear();
}

void MarkdownBlocks::closeLists(qsizetype depth)
{
    while (m_lists.size() > depth) {
        flushItem();
        m_out += m_lists.last().ordered ? QStringLiteral("</li>\n</ol>\n") : QStringLiteral("</li>\n</ul>\n");
        m_lists.removeLast();
    }
}

void MarkdownBlocks::startItem(int indent, bool ordered, const QString& text)
{
    while (!m_lists.isEmpty() && m_lists.last().indent > indent)
        closeLists(m_lists.size() - 1);
    if (!m_lists.isEmpty() && m_lists.last().indent == indent) {
        if (m_lists.last().ordered == ordered) {
            flushItem();
            m_out += QStringLiteral("</li>\n<li>");
            m_item = text;
            return;
        }
        closeLists(m_lists.size() - 1);
    }
    flushItem();
    m_out += ordered ? QStringLiteral("<ol>\n<li>") : QStringLiteral("<ul>\n<li>");
    m_lists.append(ListLevel { ordered, indent });
    m_item = text;
}

qsizetype MarkdownBlocks::fencedCode(const QStringList& lines, qsizetype at)
{
    const QString opening = lines.at(at).trimmed();
    const QChar mark = opening.front();
    qsizetype length = 0;
    while (length < opening.size() && opening.at(length) == mark)
        ++length;
    QStringList code;
    qsizetype i = at + 1;
    for (; i < lines.size(); ++i) {
        const QString trimmed = lines.at(i).trimmed();
        if (trimmed.size() >= length && trimmed == QString(trimmed.size(), mark) && indentOf(lines.at(i)) < 4)
            break;
        code.append(lines.at(i));
    }
    m_out += QStringLiteral("<pre><code>%1</code></pre>\n").arg(MarkdownHtml::escape(code.join(QLatin1Char('\n'))));
    return i + 1; // past the closing fence (or the end)
}

qsizetype MarkdownBlocks::indentedCode(const QStringList& lines, qsizetype at)
{
    QStringList code;
    qsizetype i = at;
    for (; i < lines.size() && (indentOf(lines.at(i)) >= 4 || lines.at(i).trimmed().isEmpty()); ++i)
        code.append(lines.at(i).startsWith(QLatin1Char('\t')) ? lines.at(i).mid(1) : lines.at(i).mid(4));
    while (!code.isEmpty() && code.last().trimmed().isEmpty())
        code.removeLast();
    m_out += QStringLiteral("<pre><code>%1</code></pre>\n").arg(MarkdownHtml::escape(code.join(QLatin1Char('\n'))));
    return i;
}

qsizetype MarkdownBlocks::quote(const QStringList& lines, qsizetype at)
{
    QStringList inner;
    qsizetype i = at;
    for (; i < lines.size() && lines.at(i).trimmed().startsWith(QLatin1Char('>')) && indentOf(lines.at(i)) < 4; ++i) {
        QString text = lines.at(i).trimmed().mid(1);
        if (text.startsWith(QLatin1Char(' ')))
            text.remove(0, 1);
        inner.append(text);
    }
    m_out += QStringLiteral("<blockquote>\n%1</blockquote>\n")
                 .arg(MarkdownBlocks(m_shift).convert(inner.join(QLatin1Char('\n'))));
    return i;
}

qsizetype MarkdownBlocks::table(const QStringList& lines, qsizetype at)
{
    const QStringList header = cellsOf(lines.at(at));
    m_out += QStringLiteral("<table>\n<thead><tr>");
    for (const QString& cell : header)
        m_out += QStringLiteral("<th>%1</th>").arg(MarkdownHtml::inlineHtml(cell));
    m_out += QStringLiteral("</tr></thead>\n<tbody>\n");
    qsizetype i = at + 2;
    for (; i < lines.size() && !lines.at(i).trimmed().isEmpty() && lines.at(i).contains(QLatin1Char('|')); ++i) {
        const QStringList cells = cellsOf(lines.at(i));
        m_out += QStringLiteral("<tr>");
        for (qsizetype c = 0; c < header.size(); ++c)
            m_out += QStringLiteral("<td>%1</td>").arg(MarkdownHtml::inlineHtml(cells.value(c)));
        m_out += QStringLiteral("</tr>\n");
    }
    m_out += QStringLiteral("</tbody>\n</table>\n");
    return i;
}

void MarkdownBlocks::heading(int level, const QString& text)
{
    const int shifted = std::min(6, level + m_shift);
    m_out += QStringLiteral("<h%1>%2</h%1>\n").arg(shifted).arg(MarkdownHtml::inlineHtml(text.trimmed()));
}

} // namespace firebreak
