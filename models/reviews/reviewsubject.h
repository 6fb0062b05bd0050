#pragma once

#include "reviewverdict.h"

#include <QMetaType>
#include <QString>

namespace firebreak {

// An alert or run of an incident that a review can judge (useful, noise, missed or late), with
// what a person needs to remember it and the verdict already given, if any. An alert is one
// fingerprint however often it fired; a run is one run. Read by StoreReader::fetchReviewSubjects.
struct ReviewSubject {
    ReviewVerdict::SubjectKind kind = ReviewVerdict::SubjectKind::Alert;
    QString subjectId {}; // the alert's fingerprint, or the run's id in decimal
    QString name {}; // alertname, or the playbook's title (its id when untitled)
    QString severity {}; // the alert's severity label; empty for a run
    qint64 startsAtMs = 0; // the alert's first startsAt, or when the run was created
    qint64 endsAtMs = 0; // the alert's last endsAt (0 while it still fires); 0 for a run
    int timesFired = 0; // alert instances (distinct startsAt); 0 for a run
    QString state {}; // firing | resolved for an alert, the run's state name for a run
    bool hasVerdict = false;
    ReviewVerdict verdict {}; // valid when hasVerdict

    bool operator==(const ReviewSubject&) const = default;
};

} // namespace firebreak

Q_DECLARE_METATYPE(firebreak::ReviewSubject)
