#pragma once

#include "playbook/templaterenderer.h"
#include "renderedplan.h"

#include <variant>

namespace firebreak {

// Turns a playbook and the labels of the alert that triggered it into the exact plan of a run. Every
// label value passes TemplateRenderer's checks first; one refusal refuses the whole plan, so a run
// never starts with some arguments filled and others not.
class PlanRenderer {
public:
    static std::variant<RenderedPlan, TemplateRefusal> render(const Playbook& playbook, const LabelSet& labels);
};

} // namespace firebreak
