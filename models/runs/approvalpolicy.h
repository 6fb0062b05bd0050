#pragma once

#include "domain/run.h"
#include "playbook/playbook.h"
#include "roster/role.h"

#include <QString>
#include <QVector>

namespace firebreak {

class Roster;

// The rules that decide whether one person's approval or denial of a run counts. Pure: it reads the
// run, the roster, what the person saw and did, and the earlier decisions, and says yes or no with a
// reason an operator can act on; the engine records the decision and audits it either way.
//
// A grant counts only when all of these hold, checked in this order (the first that fails is the reason):
//   - the run is awaiting approval and has an approval window, and `nowMs` is before its end
//     (run.approvalExpiresMs: a decision at that millisecond or later is too late);
//   - the approver is in the roster and holds the run's approval role (roles include the lower ones);
//     for high and critical runs the role is at least commander whatever the playbook says;
//   - the approver is not the requester: nobody approves their own run;
//   - the plan hash the approver was shown is the run's plan hash: an approval is bound to exactly
//     what will run;
//   - for high and critical runs, the approver re-entered their passphrase and it verified;
//   - the approver has not already approved this plan: one person counts once;
//   - nobody has denied the run.
// The approvals needed are the run's approvalsRequired, at least one, and at least two for high and
// critical runs. Earlier grants count toward it only while they still would: bound to the current plan
// hash, by someone who still holds the role and is not the requester.
//
// A denial is accepted from anyone in the roster holding the approval role, the requester included
// (withdrawing a run only makes things safer), whatever plan they were shown, and without the
// passphrase: saying no must be quick. An accepted denial rejects the run.
class ApprovalPolicy {
public:
    // What a playbook's runs need before they may execute.
    struct Requirement {
        int count = 0; // 0 = runs without approval
        Role role = Role::Commander;
        qint64 expiresMs = 0; // how long the approval window stays open; 0 when count is 0
        bool operator==(const Requirement&) const = default;
    };

    // One person's decision on a run, as the approval dialog collected it.
    struct Attempt {
        QString approver; // roster name
        ApprovalRecord::Decision decision = ApprovalRecord::Decision::Granted;
        QString shownPlanHash; // the plan hash of the rendering the approver was shown
        bool passphraseVerified = false; // re-entered and checked with Roster::verifyPassphrase
    };

    struct Verdict {
        bool accepted = false; // record it as the approver's decision
        QString reason; // why not, when refused; what it achieved, when accepted
        bool complete = false; // a grant that brings the run to enough approvals: it may execute
        bool rejected = false; // an accepted denial: the run is rejected
        int approvals = 0; // grants that count, this one included when accepted
        int required = 0; // grants needed
    };

    static constexpr qint64 DefaultExpiryMs = 15 * 60 * 1000;

    // Low risk without an approval gate runs without approval when `autoApproveLow` is set, and otherwise
    // needs one commander; any other run needs what its approval gate says (role commander when absent),
    // at least one approval, and for high and critical at least two, by commanders or above. The window
    // is the gate's `expires`, DefaultExpiryMs when it gives none.
    static Requirement requirement(PlaybookRisk risk, const PlaybookGate* approvalGate, bool autoApproveLow);

    // Whether `attempt` counts, given the run's earlier decisions (`prior`, other runs' records ignored).
    static Verdict decide(const Run& run, const Roster& roster, const Attempt& attempt,
        const QVector<ApprovalRecord>& prior, qint64 nowMs);
};

} // namespace firebreak
