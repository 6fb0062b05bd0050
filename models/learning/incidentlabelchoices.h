#pragma once

#include "incidentverdict.h"

#include <QStringList>
#include <QVector>

namespace firebreak {

// The label values a templated gate query can be filled with, taken from the playbook's past
// incidents: one choice per distinct set of values of the template labels, the most recent incident
// first, each described ("instance=db-eu-1 · latest #12 Disk full at 03-10 09:06 (3 incidents)").
struct IncidentLabelChoices {
    QVector<LabelSet> values;
    QStringList texts;

    // `incidents` oldest first, as BacktestIncidentQueries returns them.
    static IncidentLabelChoices from(const QVector<IncidentVerdict>& incidents, const QStringList& templateLabels);
    // The incidents whose labels agree with every value in `values` (an incident without one of the
    // labels is kept: it cannot be told apart).
    static QVector<IncidentVerdict> matching(const QVector<IncidentVerdict>& incidents, const LabelSet& values);
};

} // namespace firebreak
