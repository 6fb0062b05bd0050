// The run state machine's table: every legal move, and the moves that must never exist because they
// would let automation act without a person deciding (an interrupted run resuming, a rolled-back run
// executing again, a blocked run being approved).

#include "domain/runstate.h"
#include "runs/runstatemachine.h"

#include <QTest>

using namespace firebreak;

namespace {

const QList<RunState> AllStates { RunState::Proposed, RunState::Gating, RunState::Blocked, RunState::AwaitingApproval,
    RunState::Approved, RunState::Rejected, RunState::Expired, RunState::Executing, RunState::Verifying,
    RunState::Succeeded, RunState::Paused, RunState::Failed, RunState::RollingBack, RunState::RolledBack,
    RunState::RollbackFailed, RunState::Aborted, RunState::Interrupted };

} // namespace

class TestRunStateMachine : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void namesRoundTrip()
    {
        QSet<QString> names;
        for (RunState state : AllStates) {
            const QString name = runStateName(state);
            QVERIFY2(!name.isEmpty(), "every state has a name");
            QCOMPARE(runStateFromName(name), std::optional<RunState>(state));
            names.insert(name);
        }
        QCOMPARE(names.size(), AllStates.size());
        QCOMPARE(runStateName(RunState::AwaitingApproval), QStringLiteral("awaiting_approval"));
        QCOMPARE(runStateName(RunState::RollbackFailed), QStringLiteral("rollback_failed"));
        QVERIFY(!runStateFromName(QStringLiteral("Executing")).has_value());
        QVERIFY(!runStateFromName(QString()).has_value());
    }

    void happyPathIsAllowed()
    {
        const QList<RunState> path { RunState::Proposed, RunState::Gating, RunState::AwaitingApproval,
            RunState::Approved, RunState::Executing, RunState::Verifying, RunState::Succeeded };
        for (int i = 1; i < path.size(); ++i)
            QVERIFY2(RunStateMachine::allowed(path.at(i - 1), path.at(i)),
                qPrintable(runStateName(path.at(i - 1)) + " -> " + runStateName(path.at(i))));
        const QList<RunState> rollback { RunState::Verifying, RunState::Failed, RunState::RollingBack,
            RunState::RolledBack };
        for (int i = 1; i < rollback.size(); ++i)
            QVERIFY(RunStateMachine::allowed(rollback.at(i - 1), rollback.at(i)));
    }

    void exactTable_data()
    {
        QTest::addColumn<int>("from");
        QTest::addColumn<int>("to");
        QTest::addColumn<bool>("allowed");
        const QList<QPair<RunState, RunState>> legal {
            { RunState::Proposed, RunState::Gating },
            { RunState::Proposed, RunState::Blocked },
            { RunState::Gating, RunState::Blocked },
            { RunState::Gating, RunState::AwaitingApproval },
            { RunState::Gating, RunState::Approved },
            { RunState::AwaitingApproval, RunState::Approved },
            { RunState::AwaitingApproval, RunState::Rejected },
            { RunState::AwaitingApproval, RunState::Expired },
            { RunState::AwaitingApproval, RunState::Aborted },
            { RunState::Approved, RunState::Executing },
            { RunState::Approved, RunState::Blocked },
            { RunState::Approved, RunState::Aborted },
            { RunState::Approved, RunState::Interrupted },
            { RunState::Executing, RunState::Verifying },
            { RunState::Executing, RunState::Succeeded },
            { RunState::Executing, RunState::Failed },
            { RunState::Executing, RunState::Aborted },
            { RunState::Executing, RunState::Interrupted },
            { RunState::Verifying, RunState::Succeeded },
            { RunState::Verifying, RunState::Failed },
            { RunState::Verifying, RunState::Paused },
            { RunState::Verifying, RunState::Aborted },
            { RunState::Verifying, RunState::Interrupted },
            { RunState::Paused, RunState::Verifying },
            { RunState::Paused, RunState::RollingBack },
            { RunState::Paused, RunState::Aborted },
            { RunState::Failed, RunState::RollingBack },
            { RunState::Succeeded, RunState::RollingBack },
            { RunState::RollingBack, RunState::RolledBack },
            { RunState::RollingBack, RunState::RollbackFailed },
            { RunState::RollingBack, RunState::Interrupted },
        };
        for (RunState from : AllStates) {
            for (RunState to : AllStates) {
                const QByteArray name = (runStateName(from) + " -> " + runStateName(to)).toUtf8();
                QTest::newRow(name.constData()) << int(from) << int(to) << legal.contains({ from, to });
            }
        }
    }

    void exactTable()
    {
        QFETCH(int, from);
        QFETCH(int, to);
        QFETCH(bool, allowed);
        QCOMPARE(RunStateMachine::allowed(RunState(from), RunState(to)), allowed);
    }

    void nothingLeavesTheEndStates()
    {
        for (RunState end : { RunState::Blocked, RunState::Rejected, RunState::Expired, RunState::RolledBack,
                 RunState::RollbackFailed, RunState::Aborted, RunState::Interrupted }) {
            QVERIFY2(RunStateMachine::isTerminal(end), qPrintable(runStateName(end)));
            for (RunState to : AllStates)
                QVERIFY(!RunStateMachine::allowed(end, to));
        }
        QVERIFY(!RunStateMachine::isTerminal(RunState::Paused));
        QVERIFY(!RunStateMachine::isTerminal(RunState::AwaitingApproval));
    }

    void nothingExecutesWithoutApproval()
    {
        // The only way into executing is from approved, and the only ways into approved are the gates
        // (auto-approval of low risk) and an approval.
        for (RunState from : AllStates) {
            if (RunStateMachine::allowed(from, RunState::Executing))
                QCOMPARE(from, RunState::Approved);
            if (RunStateMachine::allowed(from, RunState::Approved))
                QVERIFY(from == RunState::Gating || from == RunState::AwaitingApproval);
        }
    }

    void inFlightStatesAreTheOnesInterruptedAfterACrash()
    {
        for (RunState state : AllStates) {
            const bool inFlight = RunStateMachine::isInFlight(state);
            QCOMPARE(inFlight, RunStateMachine::allowed(state, RunState::Interrupted));
        }
    }
};

QTEST_GUILESS_MAIN(TestRunStateMachine)
#include "tst_runstatemachine.moc"
