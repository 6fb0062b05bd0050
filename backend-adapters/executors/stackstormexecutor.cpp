#include "stackstormexecutor.h"

#include "executorsupport.h"
#include "ingest/jsonpathreader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace firebreak {

using namespace executorsupport;

namespace {
const QStringList Succeeded { QStringLiteral("succeeded") };
const QStringList Failed { QStringLiteral("failed"), QStringLiteral("timeout"), QStringLiteral("abandoned"),
    QStringLiteral("canceled") };

QString readObject(const QByteArray& body, QJsonObject& object)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError)
        return QStringLiteral("not JSON (%1 at offset %2)").arg(error.errorString()).arg(error.offset);
    if (!document.isObject())
        return QStringLiteral("expected a JSON object, got %1")
            .arg(JsonPathReader::typeName(document.isArray() ? QJsonValue(document.array()) : QJsonValue()));
    object = document.object();
    return {};
}

// The usual runners' result is {stdout, stderr, return_code, ...}; other results are kept as JSON.
QString resultText(const QJsonValue& result)
{
    const QJsonObject object = result.toObject();
    if (object.value(QStringLiteral("stdout")).isString() || object.value(QStringLiteral("stderr")).isString()) {
        QString text = object.value(QStringLiteral("stdout")).toString();
        const QString err = object.value(QStringLiteral("stderr")).toString();
        if (!err.isEmpty())
            text += (text.isEmpty() || text.endsWith(QLatin1Char('\n')) ? QString() : QStringLiteral("\n")) + err;
        return text;
    }
    if (result.isObject())
        return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
    if (result.isArray())
        return QString::fromUtf8(QJsonDocument(result.toArray()).toJson(QJsonDocument::Compact));
    return result.isString() ? result.toString() : QString();
}
} // namespace

StackStormExecutor::StackStormExecutor(StackStormExecutorOptions options, QObject* parent)
    : PollingExecutor(QStringLiteral("stackstorm"), options.timing, parent)
    , m_options(std::move(options))
{
    if (const QString error = checkBaseUrl(m_options.baseUrl, false, false); !error.isEmpty())
        m_configError = QStringLiteral("base URL ") + error;
    else if (m_options.apiKey.isEmpty())
        m_configError = QStringLiteral("no API key configured");
    else if (!m_options.caCertificateFile.isEmpty()) {
        QSslConfiguration ssl;
        m_configError = loadCaConfiguration(m_options.caCertificateFile, ssl);
        if (m_configError.isEmpty())
            setSslConfiguration(ssl);
    }
}

QString StackStormExecutor::name() const
{
    return QStringLiteral("stackstorm");
}

QStringList StackStormExecutor::actions() const
{
    return {};
}

QString StackStormExecutor::configError() const
{
    return m_configError;
}

QString StackStormExecutor::label(const ExecutionRequest& request) const
{
    return QStringLiteral("stackstorm action %1").arg(request.action);
}

HttpCall StackStormExecutor::call(const QByteArray& method, const QString& path) const
{
    HttpCall call;
    call.method = method;
    call.url = endpoint(m_options.baseUrl, QStringLiteral("/api/v1") + path);
    call.headers.append(qMakePair(QByteArray("St2-Api-Key"), m_options.apiKey));
    call.headers.append(qMakePair(QByteArray("Accept"), QByteArray("application/json")));
    return call;
}

QString StackStormExecutor::prepareStart(const ExecutionRequest& request, HttpCall& start) const
{
    static const QRegularExpression ref(QStringLiteral("^[A-Za-z0-9_-]+\\.[A-Za-z0-9_.-]+$"));
    if (!ref.match(request.action).hasMatch() || request.action.size() > 255)
        return QStringLiteral("action '%1' is not an action ref (pack.action)")
            .arg(JsonPathReader::quoted(request.action));
    if (const QString error = checkParamNames(request.params, { QStringLiteral("parameters") }); !error.isEmpty())
        return error;
    QVariantMap parameters;
    if (const QString error = readStringMap(
            request.params.value(QStringLiteral("parameters")), QStringLiteral("params.parameters"), parameters);
        !error.isEmpty())
        return error;
    start = call("POST", QStringLiteral("/executions"));
    start.headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    if (!request.tag.isEmpty()) {
        // JSON escapes every control character, so the tag cannot break the header.
        const QJsonObject context { { QStringLiteral("firebreak"), request.tag } };
        start.headers.append(
            qMakePair(QByteArray("St2-Context"), QJsonDocument(context).toJson(QJsonDocument::Compact)));
    }
    const QJsonObject body { { QStringLiteral("action"), request.action },
        { QStringLiteral("parameters"), QJsonObject::fromVariantMap(parameters) } };
    start.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return {};
}

QString StackStormExecutor::parseStart(const QByteArray& body, QString& executionId) const
{
    QJsonObject execution;
    if (const QString error = readObject(body, execution); !error.isEmpty())
        return error;
    static const QRegularExpression id(QStringLiteral("^[A-Za-z0-9_-]{1,64}$"));
    executionId = execution.value(QStringLiteral("id")).toString();
    if (!id.match(executionId).hasMatch())
        return QStringLiteral("no usable execution id (id is %1)")
            .arg(JsonPathReader::typeName(execution.value(QStringLiteral("id"))));
    return {};
}

HttpCall StackStormExecutor::pollCall(const QString& executionId) const
{
    return call("GET", QStringLiteral("/executions/%1").arg(executionId));
}

QString StackStormExecutor::parsePoll(const QByteArray& body, Poll& poll) const
{
    QJsonObject execution;
    if (const QString error = readObject(body, execution); !error.isEmpty())
        return error;
    const QJsonValue status = execution.value(QStringLiteral("status"));
    if (!status.isString() || status.toString().isEmpty())
        return QStringLiteral("status is %1, expected a string").arg(JsonPathReader::typeName(status));
    poll.status = status.toString();
    poll.succeeded = Succeeded.contains(poll.status);
    // requested, scheduled, delayed, running, pending, paused, canceling... are not final.
    poll.finished = poll.succeeded || Failed.contains(poll.status);
    if (poll.finished)
        poll.output = resultText(execution.value(QStringLiteral("result")));
    return {};
}

HttpCall StackStormExecutor::cancelCall(const QString& executionId) const
{
    return call("DELETE", QStringLiteral("/executions/%1").arg(executionId));
}

QString StackStormExecutor::describeCancel(const HttpReply& reply) const
{
    const QString status = QJsonDocument::fromJson(reply.body).object().value(QStringLiteral("status")).toString();
    return status.isEmpty() ? QStringLiteral("cancel requested (HTTP %1)").arg(reply.status)
                            : QStringLiteral("cancel requested, status '%1'").arg(status);
}

QString StackStormExecutor::serverError(const HttpReply& reply) const
{
    const QString fault = QJsonDocument::fromJson(reply.body).object().value(QStringLiteral("faultstring")).toString();
    if (!fault.isEmpty())
        return QStringLiteral("HTTP %1: %2").arg(reply.status).arg(fault);
    const QString body = snippet(reply.body);
    return QStringLiteral("HTTP %1%2").arg(reply.status).arg(body.isEmpty() ? QString() : QStringLiteral(": ") + body);
}

} // namespace firebreak
