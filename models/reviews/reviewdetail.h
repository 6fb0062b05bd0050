#pragma once

#include "actionitem.h"
#include "review.h"
#include "reviewdraft.h"
#include "reviewtimelineentry.h"
#include "reviewverdict.h"

#include <QMetaType>
#include <QVector>
#include <optional>

namespace firebreak {

// Everything the review editor opens for one incident, read in one go on the reader thread.
struct ReviewDetail {
    qint64 incidentId = 0;
    bool saved = false; // false: no version saved yet (`review` is empty; the other rows may exist)
    Review review; // the latest version
    QVector<ReviewTimelineEntry> timeline; // by time, then id
    QVector<ActionItem> actionItems; // by id (creation order)
    QVector<ReviewVerdict> verdicts; // alerts first, then runs, each by subject id
    // The autosaved text, only when it is newer than the latest saved version and differs from it:
    // what the editor should reopen instead of `review` (see ReviewQueries::detail).
    std::optional<ReviewDraftText> autosaved {};

    bool operator==(const ReviewDetail&) const = default;
};

} // namespace firebreak

Q_DECLARE_METATYPE(firebreak::ReviewDetail)
