#pragma once

#include "reviewfigure.h"

#include <QMap>
#include <QMetaType>
#include <QSqlDatabase>
#include <QString>
#include <QVector>
#include <optional>

namespace firebreak {

// The figures of a post-incident review, computed from what the store holds and never typed, so
// that two reviews measure the same way and nobody rounds in their favour. Computed on the reader
// thread (StoreReader::fetchReviewFigures), by SQL over the incident's row, alerts, events, runs,
// verification samples and the audit log.
struct ReviewFigures {
    qint64 incidentId = 0;
    qint64 computedAtMs = 0;
    ReviewFigure timeToDetect; // first alert startsAt -> incident detected
    ReviewFigure timeToAcknowledge; // detected -> acknowledged
    ReviewFigure timeToMitigate; // detected -> mitigated
    ReviewFigure timeToResolve; // detected -> resolved
    ReviewFigure alerts; // alert instances (fingerprint + startsAt) grouped into the incident
    ReviewFigure distinctAlerts; // distinct fingerprints among them
    ReviewFigure refiredAlerts; // alerts - distinctAlerts: the same alert firing again
    ReviewFigure runs;
    QMap<QString, int> runsByState; // state name -> number of runs now in it
    ReviewFigure approvalWait; // total time runs waited for a decision
    ReviewFigure verifySuccess;
    ReviewFigure verifyFailure;
    ReviewFigure verifyInconclusive;
    ReviewFigure rollbacks;
    qint64 auditHeadId = 0; // the audit log's last entry when computed
    QString auditHeadHash;

    // Every figure in reading order (what an export prints).
    QVector<ReviewFigure> all() const;
    // std::nullopt with `error` set for an unknown incident or a failed read. `nowMs` stamps
    // computedAtMs and ends approval waits still open.
    static std::optional<ReviewFigures> compute(QSqlDatabase& db, qint64 incidentId, qint64 nowMs, QString* error);
};

} // namespace firebreak

Q_DECLARE_METATYPE(firebreak::ReviewFigures)
