#pragma once

#include "httpexecutoroptions.h"
#include "interfaces/executor.h"

#include <QObject>
#include <map>

namespace firebreak {

class ExecutorHttp;
struct HttpCall;
struct HttpReply;

// Sends one HTTP request for a remediation step (a webhook, an internal admin endpoint), built from
// fully rendered parts so that no alert label can add a header, a line or another request: the URL
// must be absolute http(s) without user info, header names are tokens and values carry no CR, LF or
// NUL, and the body is a JSON object of strings.
//
// Request: `action` the method (GET, POST, PUT, PATCH, DELETE); `params` url, query, headers, body,
// expect_status (see models/interfaces/executor.h). Result: ok when the status is one of
// expect_status (any 2xx when empty); `output` holds the response body within maxOutputBytes. Summaries
// and errors name the method, host and path but never the query or headers, which may hold secrets.
// `done` is called once per request from the event loop of the executor's thread.
class HttpExecutor final : public QObject, public Executor {
    Q_OBJECT
public:
    explicit HttpExecutor(HttpExecutorOptions options = {}, QObject* parent = nullptr);
    ~HttpExecutor() override;

    QString name() const override;
    QStringList actions() const override; // the methods
    // Must be called on the executor's thread.
    void execute(const ExecutionRequest& request, Callback done) override;
    // Drops every request in flight (the server may still have acted on it) and reports it aborted.
    void abortAll(const QString& reason) override;

private:
    struct Run; // added by the implementation

    QString prepare(const ExecutionRequest& request, HttpCall& call, QList<int>& expected) const;
    void finish(quint64 id, const HttpReply& reply);

    HttpExecutorOptions m_options;
    QString m_configError;
    ExecutorHttp* m_http;
    std::map<quint64, Run> m_runs;
    quint64 m_nextId = 1;
};

} // namespace firebreak
