#pragma once

#include "httpcall.h"
#include "interfaces/executor.h"
#include "remotejobtiming.h"

#include <QObject>
#include <QSslConfiguration>
#include <map>
#include <memory>
#include <optional>

namespace firebreak {

class ExecutorHttp;

// The protocol Rundeck and StackStorm share: start a remote execution, poll it until it ends, fetch
// its output, and ask the platform to abort it when the step times out or the commander aborts the
// run. Subclasses say how each request looks and how each answer reads; this class owns the state
// machine, the timers and the guarantee that `done` is called exactly once, from the event loop.
//
// A poll that gets no answer or a 5xx is retried until the deadline (the execution goes on without
// us watching); a 4xx or an unreadable answer ends the step with the execution id in the error, so
// the commander can look it up. An abort or timeout that arrives while the start request is in
// flight waits for its answer, so that an execution started in that moment is aborted too.
class PollingExecutor : public QObject, public Executor {
    Q_OBJECT
public:
    ~PollingExecutor() override;

    // Must be called on the executor's thread.
    void execute(const ExecutionRequest& request, Callback done) final;
    void abortAll(const QString& reason) final;

protected:
    struct Poll {
        bool finished = false;
        bool succeeded = false;
        QString status; // the platform's word
        QString output; // when the status answer carries it
    };

    PollingExecutor(QString platform, RemoteJobTiming timing, QObject* parent);

    // Empty when the options are usable; otherwise every request fails with this.
    virtual QString configError() const = 0;
    // "rundeck job 3f2a..." for messages.
    virtual QString label(const ExecutionRequest& request) const = 0;
    virtual QString prepareStart(const ExecutionRequest& request, HttpCall& call) const = 0;
    virtual QString parseStart(const QByteArray& body, QString& executionId) const = 0;
    virtual HttpCall pollCall(const QString& executionId) const = 0;
    virtual QString parsePoll(const QByteArray& body, Poll& poll) const = 0;
    virtual std::optional<HttpCall> outputCall(const QString& executionId) const;
    virtual QString parseOutput(const QByteArray& body, QString& output) const;
    virtual HttpCall cancelCall(const QString& executionId) const = 0;
    // What the platform said to the abort request ("abort status 'aborted'").
    virtual QString describeCancel(const HttpReply& reply) const = 0;
    // A non-2xx answer in the server's own words ("HTTP 404: Job ID does not exist: x").
    virtual QString serverError(const HttpReply& reply) const = 0;

    const RemoteJobTiming& timing() const { return m_timing; }
    void setSslConfiguration(const QSslConfiguration& configuration);

private:
    struct Run; // added by the implementation

    void send(quint64 id, HttpCall call, void (PollingExecutor::*handler)(quint64, const HttpReply&));
    void onStarted(quint64 id, const HttpReply& reply);
    void schedulePoll(quint64 id);
    void onPolled(quint64 id, const HttpReply& reply);
    void onOutput(quint64 id, const HttpReply& reply);
    void onDeadline(quint64 id);
    void cancelRemote(quint64 id, const QString& why);
    void onCancelled(quint64 id, const HttpReply& reply);
    void complete(quint64 id, const Poll& poll, const QString& output);
    void fail(quint64 id, const QString& message);
    QString where(const Run& run, const QString& step, const HttpCall& call) const;

    QString m_platform;
    RemoteJobTiming m_timing;
    ExecutorHttp* m_http;
    std::map<quint64, std::unique_ptr<Run>> m_runs;
    quint64 m_nextId = 1;
};

} // namespace firebreak
