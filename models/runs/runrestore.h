#pragma once

#include "changerecord.h"
#include "domain/run.h"

#include <QMetaType>
#include <QVector>

namespace firebreak {

// What the run engine continues from after a start, read from the store by the host: the runs not
// yet finished (and those recent enough to count against rate limits), the approvals of runs still
// waiting, and the recent change events that quiet gates look at.
struct RunRestore {
    QVector<Run> runs;
    QVector<ApprovalRecord> approvals;
    QVector<ChangeRecord> changes;
    qint64 maxRunId = 0;
};

} // namespace firebreak

Q_DECLARE_METATYPE(firebreak::RunRestore)
