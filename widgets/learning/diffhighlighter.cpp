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
}

void DiffHighlighter::highlightBlock(const QString& text)
{
    if (text.startsWith(QLatin1String("+++")) || text.startsWith(QLatin1String("---"))
        || text.startsWith(QLatin1String("@@")) || text.startsWith(QLatin1Char('\\')))
        setFormat(0, int(text.size()), m_header);
    else if (text.startsWith(QLatin1Char('+')))
        setFormat(0, int(text.size()), m_added);
    else if (text.startsWith(QLatin1Char('-')))
        setFormat(0, int(text.size()), m_removed);
}

} // namespace firebreak
