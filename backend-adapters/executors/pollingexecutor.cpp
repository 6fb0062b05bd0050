#include "pollingexecutor.h"

#include "boundedoutput.h"
#include "executorhttp.h"
#include "executorsupport.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <climits>
#include <vector>

namespace firebreak {

using namespace executorsupport;

struct PollingExecutor::Run {
    enum class State { Starting, Polling, FetchingOutput, Cancelling };

    State state = State::Starting;
    Callback done;
    QString label;
    QString executionId;
    qint64 timeoutMs = 0;
    QElapsedTimer clock;
    QTimer deadline;
    QTimer pollTimer;
    quint64 callId = 0;
    QString pendingCancel; // why to abort once the start request answers (abort or timeout during start)
    QString lastPollError;
    Poll finalPoll;
};

PollingExecutor::PollingExecutor(QString platform, RemoteJobTiming timing, QObject* parent)
    : QObject(parent)
    , m_platform(std::move(platform))
    , m_timing(timing)
    , m_http(new ExecutorHttp(this))
{
}

PollingExecutor::~PollingExecutor() = default;

void PollingExecutor::setSslConfiguration(const QSslConfiguration& configuration)
{
    m_http->setSslConfiguration(configuration);
}

std::optional<HttpCall> PollingExecutor::outputCall(const QString& executionId) const
{
    Q_UNUSED(executionId);
    return std::nullopt;
}

QString PollingExecutor::parseOutput(const QByteArray& body, QString& output) const
{
    Q_UNUSED(body);
    Q_UNUSED(output);
    return {};
}

void PollingExecutor::execute(const ExecutionRequest& request, Callback done)
{
    Q_ASSERT(QThread::currentThread() == thread());
    HttpCall start;
    qint64 timeoutMs = 0;
    QString error = configError();
    if (error.isEmpty())
        error = prepareStart(request, start);
    if (error.isEmpty())
        error = resolveTimeout(request, m_timing.defaultTimeoutMs, timeoutMs);
    if (!error.isEmpty()) {
        deliverLater(this, std::move(done), failure(m_platform + QStringLiteral(": ") + error));
        return;
    }
    const quint64 id = m_nextId++;
    auto run = std::make_unique<Run>();
    run->done = std::move(done);
    run->label = label(request);
    run->timeoutMs = timeoutMs;
    run->clock.start();
    run->deadline.setSingleShot(true);
    run->deadline.setInterval(static_cast<int>(timeoutMs));
    connect(&run->deadline, &QTimer::timeout, this, [this, id] { onDeadline(id); });
    run->pollTimer.setSingleShot(true);
    run->pollTimer.setInterval(static_cast<int>(std::clamp<qint64>(m_timing.pollIntervalMs, 1, INT_MAX)));
    connect(&run->pollTimer, &QTimer::timeout, this, [this, id] {
        const auto it = m_runs.find(id);
        if (it != m_runs.end())
            send(id, pollCall(it->second->executionId), &PollingExecutor::onPolled);
    });
    run->deadline.start();
    m_runs.emplace(id, std::move(run));
    send(id, start, &PollingExecutor::onStarted);
}

void PollingExecutor::send(quint64 id, HttpCall call, void (PollingExecutor::*handler)(quint64, const HttpReply&))
{
    Run& run = *m_runs.at(id);
    // Not cut to what is left of the deadline: the deadline timer cancels a poll in flight itself, and
    // the start request is waited for (to learn the id of an execution it may have started).
    call.timeoutMs = m_timing.requestTimeoutMs;
    call.maxBodyBytes = m_timing.maxResponseBytes;
    run.callId = m_http->send(call, [this, id, handler](const HttpReply& reply) { (this->*handler)(id, reply); });
}

QString PollingExecutor::where(const Run& run, const QString& step, const HttpCall& call) const
{
    return QStringLiteral("%1: %2 (%3)").arg(run.label, step, describe(call));
}

void PollingExecutor::onStarted(quint64 id, const HttpReply& reply)
{
    Run& run = *m_runs.at(id);
    const QString step = QStringLiteral("starting the execution");
    if (!reply.success()) {
        QString message
            = QStringLiteral("%1: %2: %3").arg(run.label, step, reply.answered() ? serverError(reply) : reply.error);
        if (reply.timedOut)
            message += QStringLiteral("; the execution may have started without Firebreak knowing its id");
        if (!run.pendingCancel.isEmpty())
            message = QStringLiteral("%1: %2; %3").arg(run.label, run.pendingCancel, message);
        fail(id, message);
        return;
    }
    if (const QString error = parseStart(reply.body, run.executionId); !error.isEmpty()) {
        fail(id, QStringLiteral("%1: %2: unreadable answer: %3").arg(run.label, step, error));
        return;
    }
    if (!run.pendingCancel.isEmpty()) {
        cancelRemote(id, run.pendingCancel);
        return;
    }
    run.state = Run::State::Polling;
    schedulePoll(id);
}

void PollingExecutor::schedulePoll(quint64 id)
{
    m_runs.at(id)->pollTimer.start();
}

void PollingExecutor::onPolled(quint64 id, const HttpReply& reply)
{
    Run& run = *m_runs.at(id);
    const QString step = QStringLiteral("polling execution %1").arg(run.executionId);
    if (!reply.answered() || reply.status >= 500) {
        run.lastPollError = reply.answered() ? serverError(reply) : reply.error;
        schedulePoll(id);
        return;
    }
    const HttpCall poll = pollCall(run.executionId);
    if (!reply.success()) {
        fail(id, QStringLiteral("%1: %2").arg(where(run, step, poll), serverError(reply)));
        return;
    }
    Poll state;
    if (const QString error = parsePoll(reply.body, state); !error.isEmpty()) {
        fail(id, QStringLiteral("%1: unreadable answer: %2").arg(where(run, step, poll), error));
        return;
    }
    run.lastPollError.clear();
    if (!state.finished) {
        schedulePoll(id);
        return;
    }
    run.finalPoll = state;
    if (const std::optional<HttpCall> output = outputCall(run.executionId)) {
        run.state = Run::State::FetchingOutput;
        send(id, *output, &PollingExecutor::onOutput);
        return;
    }
    complete(id, state, state.output);
}

void PollingExecutor::onOutput(quint64 id, const HttpReply& reply)
{
    Run& run = *m_runs.at(id);
    // The execution has ended either way: output that cannot be read is noted, not fatal.
    QString output;
    if (!reply.success())
        output = QStringLiteral("(output unavailable: %1)").arg(reply.answered() ? serverError(reply) : reply.error);
    else if (const QString error = parseOutput(reply.body, output); !error.isEmpty())
        output = QStringLiteral("(output unreadable: %1)").arg(error);
    complete(id, run.finalPoll, output);
}

void PollingExecutor::onDeadline(quint64 id)
{
    const auto it = m_runs.find(id);
    if (it == m_runs.end())
        return;
    Run& run = *it->second;
    const QString why = QStringLiteral("timed out after %1 s").arg(seconds(run.timeoutMs))
        + (run.lastPollError.isEmpty() ? QString() : QStringLiteral(" (last poll: %1)").arg(run.lastPollError));
    switch (run.state) {
    case Run::State::Starting:
        run.pendingCancel = why;
        break;
    case Run::State::Polling:
    case Run::State::FetchingOutput:
        cancelRemote(id, why);
        break;
    case Run::State::Cancelling:
        break;
    }
}

void PollingExecutor::cancelRemote(quint64 id, const QString& why)
{
    Run& run = *m_runs.at(id);
    m_http->cancel(run.callId);
    run.pollTimer.stop();
    run.deadline.stop();
    run.state = Run::State::Cancelling;
    run.pendingCancel = why;
    send(id, cancelCall(run.executionId), &PollingExecutor::onCancelled);
}

void PollingExecutor::onCancelled(quint64 id, const HttpReply& reply)
{
    Run& run = *m_runs.at(id);
    const QString outcome = reply.success()
        ? describeCancel(reply)
        : QStringLiteral("the abort request failed: %1").arg(reply.answered() ? serverError(reply) : reply.error);
    fail(id, QStringLiteral("%1: %2; execution %3: %4").arg(run.label, run.pendingCancel, run.executionId, outcome));
}

void PollingExecutor::complete(quint64 id, const Poll& poll, const QString& output)
{
    const auto it = m_runs.find(id);
    if (it == m_runs.end())
        return;
    std::unique_ptr<Run> run = std::move(it->second);
    m_runs.erase(it);
    BoundedOutput bounded(m_timing.maxOutputBytes);
    bounded.append(output.toUtf8());
    ExecutionResult result;
    result.ok = poll.succeeded;
    result.output = QString::fromUtf8(bounded.text());
    result.summary = QStringLiteral("%1: execution %2 %3 in %4 s")
                         .arg(run->label, run->executionId, poll.status)
                         .arg(static_cast<double>(run->clock.elapsed()) / 1000.0, 0, 'f', 2);
    if (!poll.succeeded)
        result.error
            = QStringLiteral("%1: execution %2 ended with status '%3'").arg(run->label, run->executionId, poll.status);
    deliverLater(this, std::move(run->done), result);
}

void PollingExecutor::fail(quint64 id, const QString& message)
{
    const auto it = m_runs.find(id);
    if (it == m_runs.end())
        return;
    std::unique_ptr<Run> run = std::move(it->second);
    m_runs.erase(it);
    m_http->cancel(run->callId);
    deliverLater(this, std::move(run->done), failure(message));
}

void PollingExecutor::abortAll(const QString& reason)
{
    std::vector<quint64> ids;
    for (const auto& [id, run] : m_runs)
        ids.push_back(id);
    for (const quint64 id : ids) {
        Run& run = *m_runs.at(id);
        const QString why = QStringLiteral("aborted (%1)").arg(reason);
        switch (run.state) {
        case Run::State::Starting:
            run.pendingCancel = why;
            break;
        case Run::State::Polling:
        case Run::State::FetchingOutput:
            cancelRemote(id, why);
            break;
        case Run::State::Cancelling:
            break;
        }
    }
}

} // namespace firebreak
