#pragma once

#include "reviewdocument.h"

#include <QSize>
#include <QString>

namespace firebreak {

// A review as one self-contained HTML file to mail or attach to a ticket: inline CSS that prints
// well, the sections rendered from Markdown (MarkdownHtml: nothing anyone typed can become markup),
// the charts as embedded PNG data URIs with alt text, and no reference to anything outside the file
// but the action items' own http(s) links.
class ReviewHtmlExporter {
public:
    static constexpr QSize ChartSize { 880, 340 }; // logical pixels of each chart image
    static constexpr qreal ChartPixelRatio = 2; // device pixels per logical pixel, for print

    static QString render(const ReviewDocument& doc);
    static bool write(const ReviewDocument& doc, const QString& path, QString* error);
};

} // namespace firebreak
