#pragma once

#include <QStringList>

namespace firebreak {

// How the embedded sandbox runs: which seed, how fast, which scenarios (empty = cycle all of them,
// as `--demo` does), and the simulated instant it starts at (UTC ms; 0 = the wall clock at start-up).
struct SandboxOptions {
    quint64 seed = 1;
    double speed = 60;
    QStringList scenarios;
    qint64 startMs = 0;
};

} // namespace firebreak
