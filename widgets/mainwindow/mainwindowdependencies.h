#pragma once

#include "style/theme.h"

#include <optional>

class QSettings;

namespace firebreak {

class Clock;
class IncidentListModel;
class OperatorSession;
class RunListModel;
class TimelineModel;

// What the main window needs from the outside. The models are owned by the caller (app/), which
// also wires their fetch signals to the store; the window only shows them.
struct MainWindowDependencies {
    IncidentListModel* incidents = nullptr; // required
    TimelineModel* timeline = nullptr; // required
    const Clock* clock = nullptr; // required: "now" for ages and chart ranges (the sandbox's clock in the demo)
    QSettings* settings = nullptr; // optional: where geometry and splitters are kept; nullptr = not kept
    std::optional<Theme> theme; // optional: defaults to Theme::matching(the application palette)
    RunListModel* runs = nullptr; // optional: the runs panel under the incidents; none without it
    // optional: who is signed in; approvals, run actions and timeline curation act as them. nullptr = nobody can act.
    OperatorSession* session = nullptr;
};

} // namespace firebreak
