#pragma once

#include "changerecord.h"
#include "domain/alert.h"
#include "domain/run.h"

#include <QMetaType>
#include <QVector>

namespace firebreak {

// What the run engine continues from after a start, read from the store by the host: the runs not
// yet finished (and those recent enough to count against rate limits), the approvals of runs still
// waiting, the recent change events that quiet gates look at, and the alerts still firing.
struct RunRestore {
    QVector<Run> runs;
    QVector<ApprovalRecord> approvals;
    QVector<ChangeRecord> changes;
    qint64 maxRunId = 0;
    qint64 runsSinceMs = 0; // `runs` holds every run created since then
    // An alert stored just before Firebreak stopped may never have had its run proposed; a
    // re-delivered notification of it is not passed on by ingest (the alert is known), so it is
    // proposed from here, as its arrival would have been.
    QVector<Alert> firingAlerts {};
};

} // namespace firebreak

Q_DECLARE_METATYPE(firebreak::RunRestore)
