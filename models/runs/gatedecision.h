#pragma once

#include "playbook/playbookgate.h"

#include <QJsonObject>
#include <QString>

namespace firebreak {

// The outcome of one gate of a run, kept so that the timeline shows not just "blocked" but what the
// gate saw: the reason is one sentence with the values, the evidence holds them in full (bounded).
struct GateDecision {
    int index = 0; // position among the plan's gates
    PlaybookGate::Kind kind = PlaybookGate::Kind::Sustained;
    bool passed = false;
    QString reason;
    QJsonObject evidence;
};

} // namespace firebreak
