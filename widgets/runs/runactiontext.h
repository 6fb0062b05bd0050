#pragma once

#include <QString>

namespace firebreak {

struct RunDetail;

// What each run action will do, said from the run's own plan and state, for the confirmation a
// commander reads before acting: which rollback steps run on what, which checks verify, what stops
// and what is left as it is, and what happens to the silence. Kept apart from the view so that the
// words follow the engine's rules in one place (RunEngine::abort, rollback, resume, repropose).
class RunActionText {
public:
    static QString rollback(const RunDetail& detail);
    static QString abort(const RunDetail& detail);
    static QString resume(const RunDetail& detail);
    static QString repropose(const RunDetail& detail);
};

} // namespace firebreak
