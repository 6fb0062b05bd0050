#include "rundeckexecutor.h"

#include "executorsupport.h"
#include "ingest/jsonpathreader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace firebreak {

using namespace executorsupport;

namespace {
// Job ids are UUIDs by default; custom ids are allowed but always of these characters.
bool isJobId(const QString& id)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}$"));
    return pattern.match(id).hasMatch() && id != QLatin1String("..");
}

QString idText(const QJsonValue& value)
{
    if (value.isString())
        return value.toString();
    if (value.isDouble() && value.toDouble() >= 1 && value.toDouble() == static_cast<double>(value.toInteger()))
        return QString::number(value.toInteger());
    return {};
}

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
} // namespace

RundeckExecutor::RundeckExecutor(RundeckExecutorOptions options, QObject* parent)
    : PollingExecutor(QStringLiteral("rundeck"), options.timing, parent)
    , m_options(std::move(options))
{
    if (const QString error = checkBaseUrl(m_options.baseUrl, false, false); !error.isEmpty())
        m_configError = QStringLiteral("base URL ") + error;
    else if (m_options.apiToken.isEmpty())
        m_configError = QStringLiteral("no API token configured");
    else if (m_options.apiVersion < 18)
        m_configError = QStringLiteral("API version %1 is below 18, the first to take job options as JSON")
                            .arg(m_options.apiVersion);
    else if (!m_options.caCertificateFile.isEmpty()) {
        QSslConfiguration ssl;
        m_configError = loadCaConfiguration(m_options.caCertificateFile, ssl);
        if (m_configError.isEmpty())
            setSslConfiguration(ssl);
    }
}

QString RundeckExecutor::name() const
{
    return QStringLiteral("rundeck");
}

QStringList RundeckExecutor::actions() const
{
    return {};
}

QString RundeckExecutor::configError() const
{
    return m_configError;
}

QString RundeckExecutor::label(const ExecutionRequest& request) const
{
    return QStringLiteral("rundeck job %1").arg(request.action);
}

HttpCall RundeckExecutor::call(const QByteArray& method, const QString& path) const
{
    HttpCall call;
    call.method = method;
    call.url = endpoint(m_options.baseUrl, QStringLiteral("/api/%1%2").arg(m_options.apiVersion).arg(path));
    call.headers.append(qMakePair(QByteArray("X-Rundeck-Auth-Token"), m_options.apiToken));
    call.headers.append(qMakePair(QByteArray("Accept"), QByteArray("application/json")));
    return call;
}

QString RundeckExecutor::prepareStart(const ExecutionRequest& request, HttpCall& start) const
{
    if (!isJobId(request.action))
        return QStringLiteral("action '%1' is not a job id (letters, digits, '-', '_' and '.')")
            .arg(JsonPathReader::quoted(request.action));
    if (const QString error = checkParamNames(request.params, { QStringLiteral("options") }); !error.isEmpty())
        return error;
    QVariantMap options;
    if (const QString error
        = readStringMap(request.params.value(QStringLiteral("options")), QStringLiteral("params.options"), options);
        !error.isEmpty())
        return error;
    start = call("POST", QStringLiteral("/job/%1/run").arg(request.action));
    start.headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    const QJsonObject body { { QStringLiteral("options"), QJsonObject::fromVariantMap(options) } };
    start.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return {};
}

QString RundeckExecutor::parseStart(const QByteArray& body, QString& executionId) const
{
    QJsonObject execution;
    if (const QString error = readObject(body, execution); !error.isEmpty())
        return error;
    executionId = idText(execution.value(QStringLiteral("id")));
    if (executionId.isEmpty())
        return QStringLiteral("no execution id (id is %1)")
            .arg(JsonPathReader::typeName(execution.value(QStringLiteral("id"))));
    return {};
}

HttpCall RundeckExecutor::pollCall(const QString& executionId) const
{
    return call("GET", QStringLiteral("/execution/%1").arg(executionId));
}

QString RundeckExecutor::parsePoll(const QByteArray& body, Poll& poll) const
{
    QJsonObject execution;
    if (const QString error = readObject(body, execution); !error.isEmpty())
        return error;
    const QJsonValue status = execution.value(QStringLiteral("status"));
    if (!status.isString() || status.toString().isEmpty())
        return QStringLiteral("status is %1, expected a string").arg(JsonPathReader::typeName(status));
    poll.status = status.toString();
    static const QStringList failed { QStringLiteral("failed"), QStringLiteral("aborted"), QStringLiteral("timedout"),
        QStringLiteral("failed-with-retry") };
    poll.succeeded = poll.status == QLatin1String("succeeded");
    // Custom status strings (API v18) are final once the execution has an end date.
    poll.finished = poll.succeeded || failed.contains(poll.status) || execution.contains(QStringLiteral("date-ended"));
    if (poll.status == QLatin1String("running") || poll.status == QLatin1String("scheduled"))
        poll.finished = false;
    return {};
}

std::optional<HttpCall> RundeckExecutor::outputCall(const QString& executionId) const
{
    HttpCall output = call("GET", QStringLiteral("/execution/%1/output").arg(executionId));
    output.url.setQuery(QStringLiteral("lastlines=%1").arg(m_options.outputLines));
    return output;
}

QString RundeckExecutor::parseOutput(const QByteArray& body, QString& output) const
{
    QJsonObject log;
    if (const QString error = readObject(body, log); !error.isEmpty())
        return error;
    const QJsonValue entries = log.value(QStringLiteral("entries"));
    if (!entries.isArray())
        return QStringLiteral("entries is %1, expected an array").arg(JsonPathReader::typeName(entries));
    QStringList lines;
    for (const QJsonValue& entry : entries.toArray())
        lines.append(entry.toObject().value(QStringLiteral("log")).toString());
    output = lines.join(QLatin1Char('\n'));
    return {};
}

HttpCall RundeckExecutor::cancelCall(const QString& executionId) const
{
    // docs/api/index.md shows GET; the OpenAPI description defines POST, which Rundeck also accepts.
    return call("POST", QStringLiteral("/execution/%1/abort").arg(executionId));
}

QString RundeckExecutor::describeCancel(const HttpReply& reply) const
{
    QJsonObject answer;
    if (const QString error = readObject(reply.body, answer); !error.isEmpty())
        return QStringLiteral("abort requested (answer unreadable: %1)").arg(error);
    const QJsonObject abort = answer.value(QStringLiteral("abort")).toObject();
    const QString status = abort.value(QStringLiteral("status")).toString();
    const QString reason = abort.value(QStringLiteral("reason")).toString();
    return QStringLiteral("abort status '%1'%2")
        .arg(status.isEmpty() ? QStringLiteral("unknown") : status,
            reason.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(reason));
}

QString RundeckExecutor::serverError(const HttpReply& reply) const
{
    const QJsonObject error = QJsonDocument::fromJson(reply.body).object();
    const QString message = error.value(QStringLiteral("message")).toString();
    if (!message.isEmpty()) {
        const QString code = error.value(QStringLiteral("errorCode")).toString();
        return QStringLiteral("HTTP %1%2: %3")
            .arg(reply.status)
            .arg(code.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(code), message);
    }
    const QString body = snippet(reply.body);
    return QStringLiteral("HTTP %1%2").arg(reply.status).arg(body.isEmpty() ? QString() : QStringLiteral(": ") + body);
}

} // namespace firebreak
