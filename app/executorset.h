#pragma once

#include "config/firebreakconfig.h"

#include <QMap>
#include <QString>
#include <memory>
#include <vector>

class QObject;

namespace firebreak {

class Executor;

// The remediation executors a configuration sets up (shell always; http, kubernetes, rundeck and
// stackstorm when their `executors:` sections are present), owned together so that the host can hand
// the run engine a name -> executor map and delete them all on the engine thread when it stops.
class ExecutorSet {
public:
    ExecutorSet() = default;
    ~ExecutorSet();
    ExecutorSet(const ExecutorSet&) = delete;
    ExecutorSet& operator=(const ExecutorSet&) = delete;

    // Builds the executors on the calling thread (they must be used there).
    void build(const std::optional<ExecutorSettings>& settings);
    void add(Executor* executor); // not owned (the sandbox's)
    QMap<QString, Executor*> executors() const { return m_byName; }
    void clear(); // deletes the owned executors

private:
    template <typename T> void own(std::unique_ptr<T> executor);

    std::vector<std::unique_ptr<QObject>> m_owned;
    QMap<QString, Executor*> m_byName;
};

} // namespace firebreak
