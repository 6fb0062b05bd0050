#pragma once

#include "httpcall.h"
#include "interfaces/executor.h"

#include <QSslConfiguration>
#include <QString>
#include <QUrl>
#include <QVariant>
#include <optional>

class QObject;

// Small pieces the remote executors (http, kubernetes, rundeck, stackstorm) share.
namespace firebreak::executorsupport {

// Calls `done` from the event loop of `context`'s thread, never from inside the caller.
void deliverLater(QObject* context, Executor::Callback done, const ExecutionResult& result);

// A failed result whose summary and error are both `message`.
ExecutionResult failure(const QString& message);

// The timeout a request runs under: its own, or `defaultMs` when it says 0. Empty on success.
QString resolveTimeout(const ExecutionRequest& request, qint64 defaultMs, qint64& timeoutMs);

// Params must use only these keys.
QString checkParamNames(const QVariantMap& params, const QStringList& accepted);

// A string parameter (also a number, rendered as its digits). `what` names it in the error.
QString readString(const QVariant& value, const QString& what, QString& out);
// A map of string values (a QVariantMap; values may be strings or numbers).
QString readStringMap(const QVariant& value, const QString& what, QVariantMap& out);

// The base URL of a remote service: absolute http(s), no user info, query or fragment. https is
// required unless `allowHttpOnLoopback` and the host is a loopback address. Empty when acceptable.
QString checkBaseUrl(const QUrl& url, bool requireHttps, bool allowHttpOnLoopback);
bool isLoopbackHost(const QString& host);
// `base` with `path` appended to its path (which may carry a prefix such as /rundeck).
QUrl endpoint(const QUrl& base, const QString& path);

// A TLS configuration that trusts exactly the certificates in `caFile` (PEM). Empty error on success.
QString loadCaConfiguration(const QString& caFile, QSslConfiguration& configuration);

// The start of a body for an error message, on one line.
QString snippet(const QByteArray& body, int maxChars = 300);
// "GET /api/v1/x" for messages; never the query (it may carry secrets) nor the host.
QString describe(const HttpCall& call);
QString seconds(qint64 ms);

} // namespace firebreak::executorsupport
