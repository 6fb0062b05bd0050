#pragma once

#include "interfaces/executor.h"
#include "shellexecutoroptions.h"

#include <QObject>
#include <QProcessEnvironment>
#include <map>
#include <memory>

namespace firebreak {

// Runs a program on the Firebreak host for a remediation step, without ever going through a shell:
// playbook templates fill whole arguments, and an argument vector handed to execve() cannot be
// reinterpreted, whatever an alert's labels contain. Each run gets its own session and process group,
// so a timeout kills everything the program started, and its output is captured within a fixed budget.
//
// Request: `action` empty or equal to argv[0]; `params["argv"]` a QStringList (or a QVariantList of
// strings), program first, the program an absolute path; optional `params["env"]` a QVariantMap of
// string values whose names must be in the allowlist; `timeoutMs` 0 for the default. Any other
// parameter is refused. stdin is /dev/null; stdout and stderr are merged.
//
// Result: ok when the program exited normally with code 0. `done` is always called later from the
// event loop of the executor's thread (never inside execute()), exactly once per request. When the
// program exits, whatever it left running in its process group is killed too. Destroying the executor
// kills every running process group and drops every callback not yet delivered: the run stays
// "executing" in the store and becomes "interrupted" on the next start, which is what a shutdown
// mid-step should mean.
class ShellExecutor final : public QObject, public Executor {
    Q_OBJECT
public:
    explicit ShellExecutor(ShellExecutorOptions options = {}, QObject* parent = nullptr);
    ~ShellExecutor() override;

    QString name() const override;
    // Empty: the shell executor has no named operations; the program is argv[0].
    QStringList actions() const override;
    // Must be called on the executor's thread.
    void execute(const ExecutionRequest& request, Callback done) override;
    // Kills the process group of every program still running; each reports ok = false, "aborted".
    void abortAll(const QString& reason) override;

private:
    struct Run; // added by the implementation

    QString prepare(
        const ExecutionRequest& request, QStringList& argv, QProcessEnvironment& environment, qint64& timeoutMs) const;
    void start(quint64 id);
    void onTimeout(quint64 id);
    void finish(quint64 id, const QString& startError);
    void deliver(Callback done, const ExecutionResult& result);

    ShellExecutorOptions m_options;
    QProcessEnvironment m_inherited; // the allowlisted part of Firebreak's environment at construction
    std::map<quint64, std::unique_ptr<Run>> m_runs;
    quint64 m_nextId = 1;
};

} // namespace firebreak
