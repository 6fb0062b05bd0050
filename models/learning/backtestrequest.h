#pragma once

#include "backtestrunner.h"

#include <QByteArray>
#include <QMetaType>
#include <QString>

namespace firebreak {

// One backtest as a view asks BacktestService for it: what to replay, and the playbook's text as it
// was read for this backtest, from which the threshold suggestion's diff is made.
struct BacktestRequest {
    BacktestRunner::Request run;
    QByteArray playbookText; // empty: no suggestion (its `error` says why)
    QString fileName; // names the file in the diff
    qint64 lateAfterMs = 0; // ThresholdSuggester's; 0: only the reviews' "missed or late" counts as late
};

} // namespace firebreak

Q_DECLARE_METATYPE(firebreak::BacktestRequest)
