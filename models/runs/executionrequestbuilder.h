#pragma once

#include "interfaces/executor.h"
#include "playbook/playbookrequest.h"

namespace firebreak {

// Translates a rendered playbook request into the form its executor takes (the per-executor
// conventions documented in interfaces/executor.h), so executors never see playbook types.
class ExecutionRequestBuilder {
public:
    static ExecutionRequest build(const PlaybookRequest& request, const QString& tag);
};

} // namespace firebreak
