#pragma once

#include "learning/incidentverdict.h"

#include <QSqlDatabase>
#include <QString>
#include <QVector>
#include <optional>

namespace firebreak {

struct PlaybookTrigger;

// The incidents a gate backtest is judged against, read from the store with what the reviews said
// about them. An incident concerns a playbook when one of its alerts matches the playbook's trigger
// or when the playbook ran for it. Its span runs from the first such alert's start (the incident's
// detection when it has none) to the last one's end, else to the incident's resolution, else (still
// open) to the end of the asked span. Verdicts, by precedence:
//   1. a review's verdict on a run of this playbook (the latest one when it ran more than once):
//      the reviewer judged exactly what the playbook did;
//   2. else the verdicts on the matching alerts (and on the alerts its runs were for): missed or late
//      before useful before noise, because one real alert makes the incident real and "late" is the
//      stronger claim about when a gate should have fired;
//   3. else none: the incident is unreviewed and counts as real (see IncidentVerdict).
class BacktestIncidentQueries {
public:
    static constexpr int MaxIncidents = 2000; // the newest detected, when the span holds more

    // Oldest first; std::nullopt on failure, which sets `error`.
    static std::optional<QVector<IncidentVerdict>> read(QSqlDatabase& db, const QString& playbookId,
        const PlaybookTrigger& trigger, qint64 startMs, qint64 endMs, QString* error);
};

} // namespace firebreak
