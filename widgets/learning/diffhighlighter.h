#pragma once

#include <QSyntaxHighlighter>

namespace firebreak {

struct Theme;

// Colours a unified diff the way every code review tool does, so that the one changed line of a
// suggestion is found at a glance: additions green, removals red, hunk headers and file names muted.
class DiffHighlighter final : public QSyntaxHighlighter {
    Q_OBJECT
public:
    DiffHighlighter(const Theme& theme, QTextDocument* document);

protected:
    void highlightBlock(const QString& text) override;

private:
    QTextCharFormat m_added;
    QTextCharFormat m_removed;
    QTextCharFormat m_header;
};

} // namespace firebreak
