#pragma once

#include "config/firebreakconfig.h"

#include <QString>
#include <QVector>

namespace firebreak {

// How the run engine is allowed to act, from the configuration's `automation` section (or the demo).
struct RunEngineSettings {
    bool frozen = false; // the global "freeze automation" switch at start
    bool autoApproveLow = false; // low-risk runs are approved by Firebreak itself (audited as such)
    int globalMaxRuns = 0; // across all playbooks, at most this many admitted runs per globalPerMs; 0 = none
    qint64 globalPerMs = 0;
    QVector<MaintenanceWindow> maintenance;
    double timeScale = 1; // clock ms per wall ms: the sandbox's speed, 1 on real sources
    qint64 gateQueryTimeoutMs = 10000;

    // How long a wall-clock timer waits for `clockMs` of the engine's time: never negative, at most a day.
    static int wallMs(qint64 clockMs, double timeScale);
    int wallMs(qint64 clockMs) const { return wallMs(clockMs, timeScale); }
};

} // namespace firebreak
