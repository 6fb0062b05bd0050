#include "roster/roster.h"
#include "runs/approvalpolicy.h"

#include <QTest>

using namespace firebreak;

namespace {

constexpr qint64 T0 = 1700000000000; // 2023-11-14T22:13:20Z
constexpr qint64 Minute = 60 * 1000;
const QString Plan = QStringLiteral("a1").repeated(32);
const QString OldPlan = QStringLiteral("b2").repeated(32);

RosterUser person(const QString& name, QList<Role> roles)
{
    RosterUser user;
    user.name = name;
    user.displayName = name;
    user.roles = roles;
    user.passphrase = PassphraseHash(1, QByteArray(16, 's'), QByteArray(32, 'h'));
    return user;
}

Roster roster()
{
    return Roster({ person(QStringLiteral("alice"), { Role::Commander }),
        person(QStringLiteral("bob"), { Role::Commander }), person(QStringLiteral("carol"), { Role::Responder }),
        person(QStringLiteral("dave"), { Role::Viewer }), person(QStringLiteral("erin"), { Role::Admin }),
        person(QStringLiteral("frank"), { Role::Viewer, Role::Responder }) });
}

// "alice granted", "bob denied", "alice granted old" (bound to OldPlan), "alice granted run=8"
QVector<ApprovalRecord> records(const QStringList& lines)
{
    QVector<ApprovalRecord> result;
    for (const QString& line : lines) {
        const QStringList words = line.split(QLatin1Char(' '));
        ApprovalRecord record;
        record.runId = words.contains(QStringLiteral("run=8")) ? 8 : 7;
        record.approver = words.at(0);
        record.decision = words.at(1) == QStringLiteral("denied") ? ApprovalRecord::Decision::Denied
                                                                  : ApprovalRecord::Decision::Granted;
        record.planHash = words.contains(QStringLiteral("old")) ? OldPlan : Plan;
        record.timeMs = T0;
        result.append(record);
    }
    return result;
}

} // namespace

// The approval rules as a table: each row is one person's decision on run 7 and what the rules say.
class TestApprovalPolicy : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void decide_data();
    void decide();
    void requirement_data();
    void requirement();
};

void TestApprovalPolicy::decide_data()
{
    QTest::addColumn<QString>("risk");
    QTest::addColumn<QString>("role"); // the run's approvalRole
    QTest::addColumn<int>("required"); // the run's approvalsRequired
    QTest::addColumn<QString>("requester");
    QTest::addColumn<QString>("state");
    QTest::addColumn<qint64>("expiresMs"); // the run's approvalExpiresMs
    QTest::addColumn<QStringList>("prior");
    QTest::addColumn<QString>("approver");
    QTest::addColumn<bool>("deny");
    QTest::addColumn<QString>("shown"); // the plan hash the approver saw
    QTest::addColumn<bool>("passphrase");
    QTest::addColumn<qint64>("now");
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<bool>("complete");
    QTest::addColumn<QString>("reason");

    const QString medium = QStringLiteral("medium");
    const QString high = QStringLiteral("high");
    const QString responder = QStringLiteral("responder");
    const QString commander = QStringLiteral("commander");
    const QString fb = QStringLiteral("firebreak");
    const QString awaiting = QStringLiteral("awaiting_approval");
    const qint64 expires = T0 + 15 * Minute;
    const qint64 now = T0 + Minute;
    const QStringList none;
    const QString a = QStringLiteral("alice");
    const QString b = QStringLiteral("bob");
    const QString c = QStringLiteral("carol");
    const QString d = QStringLiteral("dave");

    // clang-format off
    //                                       risk    role       req requester state    expires  prior  approver deny   shown    pass   now      accepted complete reason
    QTest::newRow("medium: a responder approves")
        << medium << responder << 1 << fb << awaiting << expires << none << c << false << Plan << false << now << true << true
        << "carol approved run 7: 1 of 1 approvals, enough to run";
    QTest::newRow("medium: a commander holds responder too")
        << medium << responder << 1 << fb << awaiting << expires << none << a << false << Plan << false << now << true << true
        << "alice approved run 7: 1 of 1 approvals, enough to run";
    QTest::newRow("medium: responder among other roles")
        << medium << responder << 1 << fb << awaiting << expires << none << QStringLiteral("frank") << false << Plan << false << now << true << true
        << "frank approved run 7: 1 of 1 approvals, enough to run";
    QTest::newRow("wrong role: a viewer")
        << medium << responder << 1 << fb << awaiting << expires << none << d << false << Plan << false << now << false << false
        << "dave does not hold the role responder that run 7 needs";
    QTest::newRow("wrong role: a responder where commander is asked")
        << medium << commander << 1 << fb << awaiting << expires << none << c << false << Plan << false << now << false << false
        << "carol does not hold the role commander that run 7 needs";
    QTest::newRow("unknown approver")
        << medium << responder << 1 << fb << awaiting << expires << none << QStringLiteral("mallory") << false << Plan << false << now << false << false
        << "\"mallory\" is not in the roster";

    // Binding to the plan hash.
    QTest::newRow("binding: the plan changed since it was shown")
        << medium << responder << 1 << fb << awaiting << expires << none << c << false << OldPlan << false << now << false << false
        << "the plan changed since it was shown; review the current plan and approve again";
    QTest::newRow("binding: no plan shown")
        << medium << responder << 1 << fb << awaiting << expires << none << c << false << QString() << false << now << false << false
        << "the plan changed since it was shown; review the current plan and approve again";
    QTest::newRow("binding: a grant of the old plan does not count")
        << medium << responder << 2 << fb << awaiting << expires << QStringList { "alice granted old" } << c << false << Plan << false << now << true << false
        << "carol approved run 7: 1 of 2 approvals";
    QTest::newRow("binding: who approved the old plan may approve the new one")
        << medium << responder << 1 << fb << awaiting << expires << QStringList { "alice granted old" } << a << false << Plan << false << now << true << true
        << "alice approved run 7: 1 of 1 approvals, enough to run";

    // Expiry: the window is open before approvalExpiresMs and closed from it on.
    QTest::newRow("expiry: one millisecond before")
        << medium << responder << 1 << fb << awaiting << expires << none << c << false << Plan << false << expires - 1 << true << true
        << "carol approved run 7: 1 of 1 approvals, enough to run";
    QTest::newRow("expiry: at the end")
        << medium << responder << 1 << fb << awaiting << expires << none << c << false << Plan << false << expires << false << false
        << "the approval window of run 7 closed at 2023-11-14T22:28:20.000Z";
    QTest::newRow("expiry: an hour later")
        << medium << responder << 1 << fb << awaiting << expires << none << c << false << Plan << false << expires + 60 * Minute << false << false
        << "the approval window of run 7 closed at 2023-11-14T22:28:20.000Z";
    QTest::newRow("expiry: a denial after the end is too late too")
        << medium << responder << 1 << fb << awaiting << expires << none << c << true << Plan << false << expires << false << false
        << "the approval window of run 7 closed at 2023-11-14T22:28:20.000Z";
    QTest::newRow("expiry: no window")
        << medium << responder << 1 << fb << awaiting << qint64(0) << none << c << false << Plan << false << now << false << false
        << "run 7 has no approval window";

    // Self-approval and one person counting once.
    QTest::newRow("self-approval")
        << medium << responder << 1 << c << awaiting << expires << none << c << false << Plan << false << now << false << false
        << "carol requested run 7 and cannot approve it";
    QTest::newRow("self-approval: a commander on a high run")
        << high << commander << 2 << a << awaiting << expires << QStringList { "bob granted" } << a << false << Plan << true << now << false << false
        << "alice requested run 7 and cannot approve it";
    QTest::newRow("same approver twice")
        << medium << responder << 2 << fb << awaiting << expires << QStringList { "carol granted" } << c << false << Plan << false << now << false << false
        << "carol has already approved this plan of run 7; another person must approve";
    QTest::newRow("same approver twice on a high run")
        << high << commander << 2 << fb << awaiting << expires << QStringList { "alice granted" } << a << false << Plan << true << now << false << false
        << "alice has already approved this plan of run 7; another person must approve";
    QTest::newRow("medium: two approvals needed, the second person completes")
        << medium << responder << 2 << fb << awaiting << expires << QStringList { "carol granted" } << a << false << Plan << false << now << true << true
        << "alice approved run 7: 2 of 2 approvals, enough to run";

    // High and critical: two distinct commanders, each re-entering the passphrase.
    QTest::newRow("high: passphrase not re-entered")
        << high << commander << 2 << fb << awaiting << expires << none << a << false << Plan << false << now << false << false
        << "approving a high-risk run needs the approver's passphrase re-entered";
    QTest::newRow("critical: passphrase not re-entered")
        << QStringLiteral("critical") << commander << 2 << fb << awaiting << expires << QStringList { "alice granted" } << b << false << Plan << false << now << false << false
        << "approving a critical-risk run needs the approver's passphrase re-entered";
    QTest::newRow("high: the first commander is not enough")
        << high << commander << 2 << fb << awaiting << expires << none << a << false << Plan << true << now << true << false
        << "alice approved run 7: 1 of 2 approvals";
    QTest::newRow("high: a second distinct commander completes")
        << high << commander << 2 << fb << awaiting << expires << QStringList { "alice granted" } << b << false << Plan << true << now << true << true
        << "bob approved run 7: 2 of 2 approvals, enough to run";
    QTest::newRow("high: two even when the run says one")
        << high << commander << 1 << fb << awaiting << expires << none << a << false << Plan << true << now << true << false
        << "alice approved run 7: 1 of 2 approvals";
    QTest::newRow("high: commander even when the playbook says responder")
        << high << responder << 2 << fb << awaiting << expires << none << c << false << Plan << true << now << false << false
        << "carol does not hold the role commander that run 7 needs";
    QTest::newRow("critical: an admin counts as a commander")
        << QStringLiteral("critical") << commander << 2 << fb << awaiting << expires << QStringList { "alice granted" } << QStringLiteral("erin") << false << Plan << true << now << true << true
        << "erin approved run 7: 2 of 2 approvals, enough to run";
    QTest::newRow("high: an earlier grant by a non-commander does not count")
        << high << responder << 2 << fb << awaiting << expires << QStringList { "carol granted" } << a << false << Plan << true << now << true << false
        << "alice approved run 7: 1 of 2 approvals";
    QTest::newRow("high: a grant on another run does not count")
        << high << commander << 2 << fb << awaiting << expires << QStringList { "alice granted run=8" } << b << false << Plan << true << now << true << false
        << "bob approved run 7: 1 of 2 approvals";
    QTest::newRow("high: a grant of the old plan does not count")
        << high << commander << 2 << fb << awaiting << expires << QStringList { "alice granted old" } << b << false << Plan << true << now << true << false
        << "bob approved run 7: 1 of 2 approvals";

    // Denial: anyone qualified rejects the run, quickly.
    QTest::newRow("denial by a qualified person rejects")
        << medium << responder << 1 << fb << awaiting << expires << none << c << true << Plan << false << now << true << false
        << "carol denied run 7";
    QTest::newRow("denial on a high run needs no passphrase nor the current plan")
        << high << commander << 2 << fb << awaiting << expires << QStringList { "bob granted" } << a << true << OldPlan << false << now << true << false
        << "alice denied run 7";
    QTest::newRow("denial by the requester withdraws the run")
        << medium << responder << 1 << c << awaiting << expires << none << c << true << Plan << false << now << true << false
        << "carol denied run 7";
    QTest::newRow("denial by someone unqualified is refused")
        << medium << responder << 1 << fb << awaiting << expires << none << d << true << Plan << false << now << false << false
        << "dave does not hold the role responder that run 7 needs";
    QTest::newRow("denial on a high run by a responder is refused")
        << high << responder << 2 << fb << awaiting << expires << none << c << true << Plan << false << now << false << false
        << "carol does not hold the role commander that run 7 needs";
    QTest::newRow("a grant after a denial is refused")
        << medium << responder << 2 << fb << awaiting << expires << QStringList { "bob denied" } << a << false << Plan << false << now << false << false
        << "bob already denied run 7";

    // The run itself.
    QTest::newRow("not awaiting approval")
        << medium << responder << 1 << fb << QStringLiteral("approved") << expires << none << c << false << Plan << false << now << false << false
        << "run 7 is approved, not awaiting approval";
    QTest::newRow("rejected already")
        << medium << responder << 1 << fb << QStringLiteral("rejected") << expires << none << c << true << Plan << false << now << false << false
        << "run 7 is rejected, not awaiting approval";
    QTest::newRow("unknown risk")
        << QStringLiteral("severe") << responder << 1 << fb << awaiting << expires << none << c << false << Plan << false << now << false << false
        << "run 7 has no known risk level (\"severe\")";
    QTest::newRow("unknown role")
        << medium << QString() << 1 << fb << awaiting << expires << none << c << false << Plan << false << now << false << false
        << "run 7 names no known approval role (\"\")";
    QTest::newRow("low awaiting approval needs one even when the run says none")
        << QStringLiteral("low") << responder << 0 << fb << awaiting << expires << none << c << false << Plan << false << now << true << true
        << "carol approved run 7: 1 of 1 approvals, enough to run";
    // clang-format on
}

void TestApprovalPolicy::decide()
{
    QFETCH(QString, risk);
    QFETCH(QString, role);
    QFETCH(int, required);
    QFETCH(QString, requester);
    QFETCH(QString, state);
    QFETCH(qint64, expiresMs);
    QFETCH(QStringList, prior);
    QFETCH(QString, approver);
    QFETCH(bool, deny);
    QFETCH(QString, shown);
    QFETCH(bool, passphrase);
    QFETCH(qint64, now);
    QFETCH(bool, accepted);
    QFETCH(bool, complete);
    QFETCH(QString, reason);

    Run run;
    run.id = 7;
    run.risk = risk;
    run.state = runStateFromName(state).value();
    run.planHash = Plan;
    run.requester = requester;
    run.createdMs = T0;
    run.approvalsRequired = required;
    run.approvalRole = role;
    run.approvalExpiresMs = expiresMs;

    ApprovalPolicy::Attempt attempt;
    attempt.approver = approver;
    attempt.decision = deny ? ApprovalRecord::Decision::Denied : ApprovalRecord::Decision::Granted;
    attempt.shownPlanHash = shown;
    attempt.passphraseVerified = passphrase;

    const ApprovalPolicy::Verdict verdict = ApprovalPolicy::decide(run, roster(), attempt, records(prior), now);
    QCOMPARE(verdict.reason, reason);
    QCOMPARE(verdict.accepted, accepted);
    QCOMPARE(verdict.complete, complete);
    QCOMPARE(verdict.rejected, accepted && deny);
}

void TestApprovalPolicy::requirement_data()
{
    QTest::addColumn<QString>("risk");
    QTest::addColumn<bool>("hasGate");
    QTest::addColumn<QString>("gateRole");
    QTest::addColumn<int>("gateApprovers");
    QTest::addColumn<qint64>("gateExpiresMs");
    QTest::addColumn<bool>("autoApproveLow");
    QTest::addColumn<int>("count");
    QTest::addColumn<Role>("role");
    QTest::addColumn<qint64>("expiresMs");

    const qint64 fifteen = 15 * Minute;
    const QString responder = QStringLiteral("responder");
    const QString commander = QStringLiteral("commander");
    // clang-format off
    QTest::newRow("low, no gate, auto-approve: runs without approval")
        << "low" << false << QString() << 0 << qint64(0) << true << 0 << Role::Commander << qint64(0);
    QTest::newRow("low, no gate, no auto-approve: one commander")
        << "low" << false << QString() << 0 << qint64(0) << false << 1 << Role::Commander << fifteen;
    QTest::newRow("low with a gate: the gate, even with auto-approve")
        << "low" << true << responder << 1 << 10 * Minute << true << 1 << Role::Responder << 10 * Minute;
    QTest::newRow("medium without a gate: one commander")
        << "medium" << false << QString() << 0 << qint64(0) << true << 1 << Role::Commander << fifteen;
    QTest::newRow("medium: the gate's count and role, default expiry")
        << "medium" << true << responder << 3 << qint64(0) << true << 3 << Role::Responder << fifteen;
    QTest::newRow("medium: at least one")
        << "medium" << true << responder << 0 << 5 * Minute << true << 1 << Role::Responder << 5 * Minute;
    QTest::newRow("high: two commanders whatever the gate says")
        << "high" << true << responder << 1 << 5 * Minute << true << 2 << Role::Commander << 5 * Minute;
    QTest::newRow("high without a gate: two commanders")
        << "high" << false << QString() << 0 << qint64(0) << true << 2 << Role::Commander << fifteen;
    QTest::newRow("critical: the gate may ask for more and for admins")
        << "critical" << true << QStringLiteral("admin") << 3 << 10 * Minute << true << 3 << Role::Admin << 10 * Minute;
    QTest::newRow("critical: commander from the gate")
        << "critical" << true << commander << 2 << 10 * Minute << false << 2 << Role::Commander << 10 * Minute;
    QTest::newRow("an unknown gate role fails closed to admin")
        << "medium" << true << QStringLiteral("boss") << 1 << qint64(0) << true << 1 << Role::Admin << fifteen;
    // clang-format on
}

void TestApprovalPolicy::requirement()
{
    QFETCH(QString, risk);
    QFETCH(bool, hasGate);
    QFETCH(QString, gateRole);
    QFETCH(int, gateApprovers);
    QFETCH(qint64, gateExpiresMs);
    QFETCH(bool, autoApproveLow);
    QFETCH(int, count);
    QFETCH(Role, role);
    QFETCH(qint64, expiresMs);

    PlaybookGate gate;
    gate.kind = PlaybookGate::Kind::Approval;
    gate.role = gateRole;
    gate.approvers = gateApprovers;
    gate.expiresMs = gateExpiresMs;
    const ApprovalPolicy::Requirement requirement
        = ApprovalPolicy::requirement(playbookRiskFromName(risk).value(), hasGate ? &gate : nullptr, autoApproveLow);
    QCOMPARE(requirement.count, count);
    QCOMPARE(requirement.role, role);
    QCOMPARE(requirement.expiresMs, expiresMs);
}

QTEST_GUILESS_MAIN(TestApprovalPolicy)
#include "tst_approvalpolicy.moc"
