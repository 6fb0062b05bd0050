#pragma once

#include "reviewdocument.h"

#include <QString>

namespace firebreak {

// A review as a PDF a team circulates (QPdfWriter, A4, 300 dpi): a title page with the incident,
// its milestones, who wrote the review and the figures; then the sections, the timeline as a table
// whose header repeats on every page it runs over, the action items, the verdicts, and the charts
// two to a page; "Incident N · title · page X of Y" at the foot of every page. Pages are laid out
// in full before anything is drawn (PdfFlow), so no row or line is cut at a page break.
class ReviewPdfExporter {
public:
    // `pageCount`, when given, receives the number of pages written.
    static bool write(const ReviewDocument& doc, const QString& path, QString* error, int* pageCount = nullptr);
};

} // namespace firebreak
