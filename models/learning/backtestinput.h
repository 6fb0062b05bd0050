#pragma once

#include "incidentverdict.h"
#include "interfaces/metricsource.h"

#include <QVector>

namespace firebreak {

// One query's history as a range query returned it: every series over [startMs, endMs] at `stepMs`.
struct GateHistory {
    QVector<Series> series;
    qint64 startMs = 0;
    qint64 endMs = 0;
    qint64 stepMs = 0;
    bool operator==(const GateHistory&) const = default;
};

// What a backtest replays: the sustained gate's history, the confirm gate's (when there is one), and
// the incidents the reviews judged.
struct BacktestInput {
    GateHistory history;
    GateHistory confirmHistory;
    QVector<IncidentVerdict> incidents;
    bool operator==(const BacktestInput&) const = default;
};

} // namespace firebreak
