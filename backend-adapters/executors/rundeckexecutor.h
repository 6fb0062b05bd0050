#pragma once

#include "pollingexecutor.h"
#include "rundeckexecutoroptions.h"

namespace firebreak {

// Runs a Rundeck job for a remediation step, for teams whose runbooks already live there: the job
// runs with Rundeck's own access control, node filters and logs, and Firebreak follows the
// execution, aborts it on timeout or when the commander aborts the run, and keeps the log's last
// lines as output.
//
// Request: `action` the job id (letters, digits, '-', '_', '.'); `params["options"]` the job options
// as a map of strings. API (docs.rundeck.com/docs/api): POST /api/V/job/ID/run {"options":{...}},
// GET /api/V/execution/ID until the status is succeeded, failed, aborted, timedout or
// failed-with-retry (or any other status once date-ended is set), GET
// /api/V/execution/ID/output?lastlines=N, POST /api/V/execution/ID/abort.
class RundeckExecutor final : public PollingExecutor {
    Q_OBJECT
public:
    explicit RundeckExecutor(RundeckExecutorOptions options, QObject* parent = nullptr);

    QString name() const override;
    // Empty: any job id is an action.
    QStringList actions() const override;

protected:
    QString configError() const override;
    QString label(const ExecutionRequest& request) const override;
    QString prepareStart(const ExecutionRequest& request, HttpCall& call) const override;
    QString parseStart(const QByteArray& body, QString& executionId) const override;
    HttpCall pollCall(const QString& executionId) const override;
    QString parsePoll(const QByteArray& body, Poll& poll) const override;
    std::optional<HttpCall> outputCall(const QString& executionId) const override;
    QString parseOutput(const QByteArray& body, QString& output) const override;
    HttpCall cancelCall(const QString& executionId) const override;
    QString describeCancel(const HttpReply& reply) const override;
    QString serverError(const HttpReply& reply) const override;

private:
    HttpCall call(const QByteArray& method, const QString& path) const;

    RundeckExecutorOptions m_options;
    QString m_configError;
};

} // namespace firebreak
