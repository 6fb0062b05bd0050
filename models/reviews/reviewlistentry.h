#pragma once

#include "domain/incident.h"
#include "review.h"

#include <QMetaType>
#include <QString>

namespace firebreak {

// One line of the list of all reviews: enough of the incident and of its review to pick one, and
// the action items still owed, so a commander sees at a glance which follow-ups are slipping.
// Computed on the reader thread (StoreReader::fetchReviewList). An incident without a saved review
// (one that has action items only, or a closed incident the "missing" filter lists) has hasReview false.
struct ReviewListEntry {
    qint64 incidentId = 0;
    QString incidentTitle {};
    int severity = 4; // SEV1 (worst) .. SEV4
    IncidentStatus incidentStatus = IncidentStatus::Open;
    bool hasReview = false;
    ReviewStatus status = ReviewStatus::Draft;
    int version = 0;
    QString author {};
    qint64 updatedMs = 0; // the review's last saved version (or the last action item change without one)
    int openActionItems = 0;
    int overdueActionItems = 0; // of the open ones, those past due by the reader's clock
    QString snippet {}; // when searching: a short excerpt around the match, matches in «guillemets»

    bool operator==(const ReviewListEntry&) const = default;
};

} // namespace firebreak

Q_DECLARE_METATYPE(firebreak::ReviewListEntry)
