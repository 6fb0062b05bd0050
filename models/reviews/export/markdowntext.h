#pragma once

#include <QString>

namespace firebreak {

// Puts text into a Markdown document without letting it change the document's structure: plain
// fields (titles, timeline rows, owners) are escaped so they print as typed, and a review section,
// which is Markdown already, is kept but contained.
class MarkdownText {
public:
    // A table cell: `|` and Markdown punctuation escaped, `<` and `>` as entities, line breaks as <br>.
    static QString cell(const QString& text);
    // Running text on one line (a list item, a metadata line): as cell(), line breaks as spaces.
    static QString inlineText(const QString& text);
    // A section as written, with its headings moved `shift` levels down (at most level 6, ATX and
    // setext alike) so that none outranks the export's own, a fenced code block it leaves open
    // closed, and raw HTML made text (`<` opening a tag or comment becomes &lt;), as the HTML export
    // shows it: a <script> block or an unclosed <!-- would otherwise swallow what follows, and wikis
    // differ in what markup they let through. Code (fenced, spans, indented lines) is left as is.
    static QString section(const QString& markdown, int shift);
};

} // namespace firebreak
