#pragma once

#include "pollingexecutor.h"
#include "stackstormexecutoroptions.h"

namespace firebreak {

// Runs a StackStorm action for a remediation step, for teams whose automation lives in StackStorm
// packs: Firebreak starts the execution, follows it, cancels it on timeout or when the commander
// aborts the run, and keeps its result as output. The run's tag travels in the St2-Context header,
// so the execution's context names the Firebreak run and step.
//
// Request: `action` the action ref (pack.action); `params["parameters"]` a map of strings. API
// (StackStorm OpenAPI, st2common/openapi.yaml): POST /api/v1/executions {"action","parameters"},
// GET /api/v1/executions/ID until the status is succeeded, failed, timeout, abandoned or canceled,
// DELETE /api/v1/executions/ID to cancel.
class StackStormExecutor final : public PollingExecutor {
    Q_OBJECT
public:
    explicit StackStormExecutor(StackStormExecutorOptions options, QObject* parent = nullptr);

    QString name() const override;
    // Empty: any action ref is an action.
    QStringList actions() const override;

protected:
    QString configError() const override;
    QString label(const ExecutionRequest& request) const override;
    QString prepareStart(const ExecutionRequest& request, HttpCall& call) const override;
    QString parseStart(const QByteArray& body, QString& executionId) const override;
    HttpCall pollCall(const QString& executionId) const override;
    QString parsePoll(const QByteArray& body, Poll& poll) const override;
    HttpCall cancelCall(const QString& executionId) const override;
    QString describeCancel(const HttpReply& reply) const override;
    QString serverError(const HttpReply& reply) const override;

private:
    HttpCall call(const QByteArray& method, const QString& path) const;

    StackStormExecutorOptions m_options;
    QString m_configError;
};

} // namespace firebreak
