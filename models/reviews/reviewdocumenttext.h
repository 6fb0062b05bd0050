#pragma once

#include "review.h"

#include <QString>
#include <QVector>
#include <optional>

namespace firebreak {

// A review is edited as one Markdown document ("## Summary", then its text, "## Impact", ...), the
// way people write in a wiki, rather than in seven boxes. This turns a saved version into that
// document and the document back into sections, and says precisely (by line) why a document cannot
// be saved as a version: a renamed, repeated or missing heading, or text above the first heading.
class ReviewDocumentText {
public:
    struct Section {
        QString heading; // as written in the document: "Contributing factors"
        QString Review::*text;
    };

    // The review's sections in document order.
    static const QVector<Section>& sections();
    // Whether the two have the same text in every section (status, version and author aside).
    static bool sameSections(const Review& a, const Review& b);
    // "## Summary\n<summary>\n## Impact\n..." with a blank line between sections.
    static QString toMarkdown(const Review& review);
    // The sections of `document` (incidentId, status, version, author and time left unset), or
    // std::nullopt with `error` ("Line 4: ...") and `line` (1-based) saying what is wrong where.
    static std::optional<Review> parse(const QString& document, QString* error, int* line);
};

} // namespace firebreak
