#pragma once

#include "backtestresult.h"

#include <QByteArray>
#include <QMetaType>
#include <QString>

namespace firebreak {

// A proposed change to one value of a gate, for a person to read and save; never applied by itself.
struct ThresholdSuggestion {
    enum class Change { None, Threshold, ForDuration };

    Change change = Change::None;
    QString key; // "above", "below" or "for"
    QString oldValue; // as written in the file
    QString newValue;
    int line = 0; // 1-based line of the value
    QString reasoning; // why this change, or why none: always set unless `error` is
    QString diff; // unified diff of the playbook text; empty when there is no change
    QByteArray proposedText; // the whole playbook text with the change
    BacktestResult after; // the backtest as it would have come out with the change
    QString error;

    bool ok() const { return error.isEmpty(); }
};

} // namespace firebreak

Q_DECLARE_METATYPE(firebreak::ThresholdSuggestion)
