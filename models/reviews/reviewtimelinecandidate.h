#pragma once

#include "reviewtimelineentry.h"

#include <QMetaType>
#include <QString>
#include <QVector>

namespace firebreak {

// An incident event offered for a review's timeline: the row it would become, whether it starts
// selected (pinned events do), and its kind so that the picker can show and filter it.
struct ReviewTimelineCandidate {
    ReviewTimelineEntry entry;
    bool preselected = false;
    QString kind {};

    bool operator==(const ReviewTimelineCandidate&) const = default;
};

} // namespace firebreak

Q_DECLARE_METATYPE(firebreak::ReviewTimelineCandidate)
