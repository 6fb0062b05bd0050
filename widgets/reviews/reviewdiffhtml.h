#pragma once

#include "reviews/review.h"
#include "reviews/reviewsectiondiff.h"

#include <QString>
#include <QVector>

namespace firebreak {

struct Theme;

// Renders the diff between two review versions as HTML for a QTextBrowser: one block per section
// under its heading, removed lines on the theme's red and added lines on its green (both tinted
// into the background so long passages stay readable), line numbers of both versions, and an
// unchanged section folded into one quiet line.
class ReviewDiffHtml {
public:
    static QString render(const Review& older, const Review& newer, const QVector<ReviewSectionDiff>& sections,
        const Theme& theme, const QString& fixedFamily);
};

} // namespace firebreak
