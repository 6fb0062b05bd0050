#pragma once

// Header-only on purpose: the test support library links Qt only, and this needs the Executor
// interface from firebreak_models, which every test executable links.

#include "interfaces/executor.h"

#include <QElapsedTimer>
#include <QTest>
#include <QThread>
#include <memory>

namespace firebreak::testing {

// What an executor's `done` reported, and how: tests check that it came once, later, on this thread.
struct ExecutorOutcome {
    int calls = 0;
    bool calledInsideExecute = false;
    bool calledOnOtherThread = false;
    ExecutionResult result;
};

inline std::shared_ptr<ExecutorOutcome> startExecution(Executor& executor, const ExecutionRequest& request)
{
    auto outcome = std::make_shared<ExecutorOutcome>();
    auto inside = std::make_shared<bool>(true);
    QThread* const thread = QThread::currentThread();
    executor.execute(request, [outcome, inside, thread](const ExecutionResult& result) {
        ++outcome->calls;
        outcome->calledInsideExecute = outcome->calledInsideExecute || *inside;
        outcome->calledOnOtherThread = outcome->calledOnOtherThread || QThread::currentThread() != thread;
        outcome->result = result;
    });
    *inside = false;
    return outcome;
}

// Waits for `done`, then lingers so that a second call would be seen.
inline void settle(const std::shared_ptr<ExecutorOutcome>& outcome, int waitMs = 10000)
{
    QElapsedTimer clock;
    clock.start();
    while (outcome->calls == 0 && clock.elapsed() < waitMs)
        QTest::qWait(5);
    QTest::qWait(50);
}

inline std::shared_ptr<ExecutorOutcome> runExecution(Executor& executor, const ExecutionRequest& request)
{
    auto outcome = startExecution(executor, request);
    settle(outcome);
    return outcome;
}

} // namespace firebreak::testing
