#pragma once

#include <QString>
#include <QVector>

namespace firebreak {

// One line of a diff between two versions of a review section.
struct ReviewDiffLine {
    enum class Kind { Same, Added, Removed };
    Kind kind = Kind::Same;
    QString text {};
    int oldLine = 0; // 1-based line in the older text; 0 for an added line
    int newLine = 0; // 1-based line in the newer text; 0 for a removed line

    bool operator==(const ReviewDiffLine&) const = default;
};

// A run of changes with the unchanged lines around them, as a reader wants to see them.
struct ReviewDiffHunk {
    int oldStart = 0; // first older line shown (1-based; the line before it when none is shown)
    int oldCount = 0;
    int newStart = 0;
    int newCount = 0;
    QVector<ReviewDiffLine> lines {};

    bool operator==(const ReviewDiffHunk&) const = default;
};

// What changed in one section between two versions: nothing (no hunks), or its hunks.
struct ReviewSectionDiff {
    QString heading {};
    int added = 0;
    int removed = 0;
    QVector<ReviewDiffHunk> hunks {};

    bool changed() const { return added + removed > 0; }
    bool operator==(const ReviewSectionDiff&) const = default;
};

} // namespace firebreak
