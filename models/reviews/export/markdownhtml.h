#pragma once

#include <QString>

namespace firebreak {

// Markdown to HTML for review sections, written so that text can never become markup: every
// character of the input reaches the output escaped, and the only tags are the converter's own
// (headings, paragraphs, lists, quotes, code, tables, emphasis). Raw HTML in a section prints as
// the text it is. Links print their text followed by their address as text: an export carries no
// external reference a reader did not see (the action items' http(s) links are the one exception,
// made by the exporter, not here).
class MarkdownHtml {
public:
    // Headings are moved `shift` levels down (at most h6).
    static QString toHtml(const QString& markdown, int shift);
    // One paragraph's inline formatting: code spans, strong, emphasis, strikethrough, links as text.
    static QString inlineHtml(const QString& text);
    static QString escape(const QString& text); // & < > " '
};

} // namespace firebreak
