#pragma once

#include <QString>
#include <QStringList>

namespace firebreak {

// One condition a run must pass before it may act, as written in the playbook. Only the parameters
// are kept here; the gate engine evaluates them. One struct for every kind, so that gates keep their
// order and their place in the file; the fields a kind does not use stay at their defaults.
struct PlaybookGate {
    enum class Kind { Sustained, Quiet, Confirm, Approval, RateLimit, BlastRadius };
    enum class Comparison { Above, Below };

    Kind kind = Kind::Sustained;
    int line = 0; // 1-based line of the gate in its file

    // sustained, confirm: `query` (may hold quoted label templates) above/below `threshold`, for `forMs`
    // (confirm: 0 = a single sample suffices).
    QString query;
    Comparison comparison = Comparison::Above;
    double threshold = 0;
    qint64 forMs = 0;

    // quiet: no change event of these kinds (deploy, cron, maintenance) within `windowMs`.
    qint64 windowMs = 0;
    QStringList changeKinds;

    // approval: `approvers` distinct people holding `role`, within `expiresMs` of the request.
    QString role;
    int approvers = 0;
    qint64 expiresMs = 0;

    // rate_limit: at most `maxRuns` runs of this playbook per `perMs`.
    int maxRuns = 0;
    qint64 perMs = 0;

    // blast_radius: at most `maxTargets` distinct targets per run.
    int maxTargets = 0;

    bool operator==(const PlaybookGate&) const = default;
};

// The YAML key of a gate kind ("sustained", "rate_limit", ...).
QString playbookGateKindName(PlaybookGate::Kind kind);

} // namespace firebreak
