#pragma once

#include "reviewdocument.h"

#include <QString>

namespace firebreak {

// A review as Markdown that pastes cleanly into GitHub, GitLab and Confluence wikis: one `#` title,
// `##` parts, tables for figures, timeline, action items and verdicts. The sections are the
// commander's own Markdown, kept as written but with their headings moved two levels down, so that
// a `# heading` in a section can never outrank the export's parts (MarkdownText::section). Charts
// cannot be embedded in a self-contained way, so the Markdown lists which ones exist.
class ReviewMarkdownExporter {
public:
    static QString render(const ReviewDocument& doc);
    static bool write(const ReviewDocument& doc, const QString& path, QString* error);
};

} // namespace firebreak
