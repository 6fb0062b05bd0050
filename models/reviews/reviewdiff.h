#pragma once

#include "review.h"
#include "reviewsectiondiff.h"

#include <QStringList>
#include <QVector>

namespace firebreak {

// What changed between two versions of a review, section by section and line by line, so that a
// reader sees what someone rewrote after the first draft instead of re-reading both. Lines are
// matched by Myers' shortest edit script: the fewest lines shown as removed and added.
class ReviewDiff {
public:
    static constexpr int DefaultContext = 2;
    // A section rewritten by more than this many lines is shown as wholly removed and re-added
    // (past the common start and end): the search costs memory in the square of this bound.
    static constexpr int MaxEditDistance = 1000;

    // Every line of both texts in order: the same ones once, the others as removed or added.
    static QVector<ReviewDiffLine> lines(const QStringList& older, const QStringList& newer);
    // The changed lines of `lines` grouped with up to `context` unchanged lines around them.
    static QVector<ReviewDiffHunk> hunks(const QVector<ReviewDiffLine>& lines, int context = DefaultContext);
    // One entry per section, in document order, changed or not.
    static QVector<ReviewSectionDiff> compare(const Review& older, const Review& newer, int context = DefaultContext);
    // A section's lines: "" has none, and a final newline does not start another line.
    static QStringList splitLines(const QString& text);
};

} // namespace firebreak
