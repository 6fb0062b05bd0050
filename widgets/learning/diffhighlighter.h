#pragma once

#include <QSyntaxHighlighter>
#include <utility>

namespace firebreak {

struct Theme;

// Colours a unified diff the way every code review tool does, so that the one changed line of a
// suggestion is found at a glance: additions green, removals red, hunk headers and file names muted;
// and within a removed line followed by its added one, the part that differs ("80" -> "85") in bold
// on a stronger tint, because in a long flow-style gate the number is easy to miss.
class DiffHighlighter final : public QSyntaxHighlighter {
    Q_OBJECT
public:
    DiffHighlighter(const Theme& theme, QTextDocument* document);

protected:
    void highlightBlock(const QString& text) override;

private:
    // [begin, end) of `line` that differs from `other` (both without their +/- mark).
    static std::pair<int, int> changedPart(const QString& line, const QString& other);

    QTextCharFormat m_added;
    QTextCharFormat m_addedPart;
    QTextCharFormat m_removedPart;
    QTextCharFormat m_removed;
    QTextCharFormat m_header;
};

} // namespace firebreak
