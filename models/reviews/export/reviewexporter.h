#pragma once

#include "reviewdocument.h"

#include <QString>
#include <optional>

namespace firebreak {

enum class ReviewExportFormat { Markdown, Html, Pdf };

// The one door to exporting a review, for the command line and the console alike: picks the
// exporter by format and writes the file atomically (never a half-written file at `path`). Holds no
// state and touches no widget, so the console runs it off the GUI thread.
class ReviewExporter {
public:
    // "md" (or "markdown"), "html", "pdf"; std::nullopt for anything else.
    static std::optional<ReviewExportFormat> formatFromName(const QString& name);
    static QString formatName(ReviewExportFormat format); // md | html | pdf
    static QString suffix(ReviewExportFormat format); // .md | .html | .pdf
    // `pageCount` receives the PDF's page count (0 for the other formats).
    static bool write(ReviewExportFormat format, const ReviewDocument& doc, const QString& path, QString* error,
        int* pageCount = nullptr);
};

} // namespace firebreak
