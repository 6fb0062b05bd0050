#pragma once

#include "domain/alert.h"
#include "domain/event.h"
#include "domain/incident.h"
#include "domain/labelset.h"
#include "domain/run.h"

#include <QString>
#include <QVariant>

class QSqlQuery;

namespace firebreak {

// The one mapping between domain values and store columns, shared by the writer and the
// queries so that what is written is exactly what is read back.
class StoreCodec {
public:
    static QString labelsToJson(const LabelSet& labels);
    static LabelSet labelsFromJson(const QString& json);
    // Empty rather than NULL for text columns, which are declared NOT NULL.
    static QVariant text(const QString& value);

    // Column lists in the order the from*() functions read them.
    static QString eventColumns(); // id, incident_id, time_ms, source, kind, severity, title, body, actor
    static QString incidentColumns();
    static QString alertColumns();
    static Event eventFrom(const QSqlQuery& query);
    static Incident incidentFrom(const QSqlQuery& query);
    static Alert alertFrom(const QSqlQuery& query);

    // Runs and what belongs to them. A sample without a value is NULL in `value`, never 0.0, and
    // reads back with value 0. SQLite stores a NaN as NULL too, so a NaN sample reads back without value.
    static QString runColumns(); // id, incident_id, playbook_id, ..., silence_ends_ms (every column of runs)
    static QString runStepColumns();
    static QString verifySampleColumns(); // without the row id
    static QString approvalColumns(); // without the row id
    static Run runFrom(const QSqlQuery& query);
    static RunStepRecord runStepFrom(const QSqlQuery& query);
    static VerifySample verifySampleFrom(const QSqlQuery& query);
    static ApprovalRecord approvalFrom(const QSqlQuery& query);
};

} // namespace firebreak
