#include "diffhighlighter.h"

#include "backtestpalette.h"
#include "style/theme.h"

namespace firebreak {

DiffHighlighter::DiffHighlighter(const Theme& theme, QTextDocument* document)
    : QSyntaxHighlighter(document)
{
    const QColor good = theme.toneColor(Theme::Tone::Good);
    const QColor bad = theme.toneColor(Theme::Tone::Bad);
    m_added.setForeground(good);
    m_added.setBackground(BacktestPalette::tint(theme, good, theme.dark ? 0.18 : 0.12));
    m_removed.setForeground(bad);
    m_removed.setBackground(BacktestPalette::tint(theme, bad, theme.dark ? 0.18 : 0.10));
    m_header.setForeground(theme.mutedText);
    m_addedPart = m_added;
    m_addedPart.setFontWeight(QFont::Bold);
    m_addedPart.setBackground(BacktestPalette::tint(theme, good, theme.dark ? 0.40 : 0.28));
    m_removedPart = m_removed;
    m_removedPart.setFontWeight(QFont::Bold);
    m_removedPart.setBackground(BacktestPalette::tint(theme, bad, theme.dark ? 0.40 : 0.25));
}

std::pair<int, int> DiffHighlighter::changedPart(const QString& line, const QString& other)
{
    int prefix = 0;
    while (prefix < line.size() && prefix < other.size() && line.at(prefix) == other.at(prefix))
        ++prefix;
    int suffix = 0;
    while (suffix < line.size() - prefix && suffix < other.size() - prefix
        && line.at(line.size() - 1 - suffix) == other.at(other.size() - 1 - suffix))
        ++suffix;
    // Whole words and numbers: "80" -> "85", not "0" -> "5".
    const auto inWord = [](QChar c) { return c.isLetterOrNumber() || c == QLatin1Char('.') || c == QLatin1Char('_'); };
    int begin = prefix;
    int end = int(line.size()) - suffix;
    while (begin > 0 && inWord(line.at(begin - 1)))
        --begin;
    while (end < line.size() && inWord(line.at(end)))
        ++end;
    return { begin, end };
}

void DiffHighlighter::highlightBlock(const QString& text)
{
    if (text.startsWith(QLatin1String("+++")) || text.startsWith(QLatin1String("---"))
        || text.startsWith(QLatin1String("@@")) || text.startsWith(QLatin1Char('\\')))
        setFormat(0, int(text.size()), m_header);
    else if (text.startsWith(QLatin1Char('+')) || text.startsWith(QLatin1Char('-'))) {
        const bool added = text.startsWith(QLatin1Char('+'));
        setFormat(0, int(text.size()), added ? m_added : m_removed);
        // The removed line and the added one that replaces it, one after the other.
        const QString partner = added ? currentBlock().previous().text() : currentBlock().next().text();
        if (partner.startsWith(QLatin1Char(added ? '-' : '+'))
            && !partner.startsWith(QLatin1String(added ? "---" : "+++"))) {
            const auto [begin, end] = changedPart(text.mid(1), partner.mid(1));
            if (end > begin)
                setFormat(begin + 1, end - begin, added ? m_addedPart : m_removedPart);
        }
    }
}

} // namespace firebreak
