#pragma once

#include "playbookrequest.h"

#include <QString>

namespace firebreak {

// One named action of a playbook (or of its rollback), with where it was written.
struct PlaybookStep {
    QString name;
    PlaybookRequest run;
    int line = 0; // 1-based line of the step in its file

    bool operator==(const PlaybookStep&) const = default;
};

} // namespace firebreak
