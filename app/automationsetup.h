#pragma once

#include "config/firebreakconfig.h"
#include "playbook/playbook.h"
#include "roster/roster.h"
#include "runs/runenginesettings.h"

#include <QStringList>
#include <QVector>
#include <memory>
#include <variant>

namespace firebreak {

// What the run engine acts with: the playbooks, the roster of people who may approve, and the
// automation settings. Read before anything starts, so that a bad playbook or roster stops Firebreak
// with FILE:LINE (exit 2) instead of an engine that silently runs without them.
struct AutomationSetup {
    QVector<Playbook> playbooks;
    std::shared_ptr<const Roster> roster; // null: nobody can approve
    RunEngineSettings settings;
    QStringList playbookFiles;

    // The demo: the seed playbooks and the demo roster compiled in; low risk runs without approval
    // unless `requireApproval`.
    static std::variant<AutomationSetup, QStringList> forDemo(bool requireApproval);
    // A configuration's `automation` section; without one, no playbooks (nothing is automated).
    static std::variant<AutomationSetup, QStringList> forConfig(const FirebreakConfig& config);
};

} // namespace firebreak
