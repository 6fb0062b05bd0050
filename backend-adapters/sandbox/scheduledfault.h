#pragma once

#include <QString>

namespace firebreak {

// One switch of one fault at one simulated instant, as a scenario's script prescribes it.
struct ScheduledFault {
    enum class Kind { DiskLogs, LeakyDeploy, PeakLoad, CacheFailure, Partition, PrimaryCrash };

    qint64 atMs = 0;
    Kind kind = Kind::DiskLogs;
    bool on = true;
    QString scenario;
};

} // namespace firebreak
