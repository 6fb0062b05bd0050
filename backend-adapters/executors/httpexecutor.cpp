#include "httpexecutor.h"

#include "executorhttp.h"
#include "executorsupport.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>
#include <QUrlQuery>

namespace firebreak {

using namespace executorsupport;

struct HttpExecutor::Run {
    quint64 callId = 0;
    Callback done;
    QString target; // "POST https://host/path"
    QList<int> expected;
    QElapsedTimer clock;
};

namespace {
const QStringList Methods = { QStringLiteral("GET"), QStringLiteral("POST"), QStringLiteral("PUT"),
    QStringLiteral("PATCH"), QStringLiteral("DELETE") };
const QStringList ParamNames = { QStringLiteral("url"), QStringLiteral("query"), QStringLiteral("headers"),
    QStringLiteral("body"), QStringLiteral("expect_status") };
// Framing and routing headers belong to the HTTP client; letting a step set them could split or
// redirect the request.
const QStringList ReservedHeaders = { QStringLiteral("host"), QStringLiteral("content-length"),
    QStringLiteral("transfer-encoding"), QStringLiteral("connection"), QStringLiteral("upgrade"), QStringLiteral("te"),
    QStringLiteral("trailer"), QStringLiteral("keep-alive"), QStringLiteral("proxy-connection") };

// RFC 9110 token characters.
bool isHeaderName(const QString& name)
{
    if (name.isEmpty())
        return false;
    for (const QChar c : name) {
        const char16_t u = c.unicode();
        const bool ok = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9')
            || QStringView(u"!#$%&'*+-.^_`|~").contains(c);
        if (!ok)
            return false;
    }
    return true;
}

QString badValueCharacter(const QString& value)
{
    for (const QChar c : value) {
        if (c == QLatin1Char('\r'))
            return QStringLiteral("a carriage return (CR)");
        if (c == QLatin1Char('\n'))
            return QStringLiteral("a line feed (LF)");
        if (c.unicode() == 0)
            return QStringLiteral("a NUL character");
    }
    return {};
}

QString readExpectedStatus(const QVariant& value, QList<int>& expected)
{
    if (!value.isValid())
        return {};
    if (value.typeId() != QMetaType::QVariantList)
        return QStringLiteral("params.expect_status must be a list of status codes, got %1")
            .arg(QString::fromLatin1(value.typeName()));
    const QVariantList items = value.toList();
    for (qsizetype i = 0; i < items.size(); ++i) {
        bool ok = false;
        const QVariant& item = items[i];
        qlonglong code = 0;
        if (item.typeId() == QMetaType::Double) {
            // JSON readers produce doubles; only whole numbers are status codes.
            const double number = item.toDouble();
            ok = number == static_cast<double>(static_cast<qlonglong>(number));
            code = static_cast<qlonglong>(number);
        } else if (item.typeId() == QMetaType::Int || item.typeId() == QMetaType::LongLong
            || item.typeId() == QMetaType::UInt || item.typeId() == QMetaType::ULongLong
            || item.typeId() == QMetaType::QString) {
            code = item.toLongLong(&ok);
        }
        if (!ok || code < 100 || code > 599)
            return QStringLiteral("params.expect_status[%1] '%2' is not an HTTP status code (100 to 599)")
                .arg(i)
                .arg(item.toString());
        expected.append(static_cast<int>(code));
    }
    return {};
}

QString target(const QUrl& url, const QByteArray& method)
{
    return QStringLiteral("%1 %2").arg(
        QString::fromLatin1(method), url.toDisplayString(QUrl::RemoveQuery | QUrl::RemoveUserInfo));
}
} // namespace

HttpExecutor::HttpExecutor(HttpExecutorOptions options, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_http(new ExecutorHttp(this))
{
    if (!m_options.caCertificateFile.isEmpty()) {
        QSslConfiguration ssl;
        m_configError = loadCaConfiguration(m_options.caCertificateFile, ssl);
        if (m_configError.isEmpty())
            m_http->setSslConfiguration(ssl);
    }
}

HttpExecutor::~HttpExecutor() = default;

QString HttpExecutor::name() const
{
    return QStringLiteral("http");
}

QStringList HttpExecutor::actions() const
{
    return Methods;
}

QString HttpExecutor::prepare(const ExecutionRequest& request, HttpCall& call, QList<int>& expected) const
{
    if (!m_configError.isEmpty())
        return m_configError;
    if (!Methods.contains(request.action))
        return QStringLiteral("action '%1' is not a method (%2)")
            .arg(request.action, Methods.join(QStringLiteral(", ")));
    call.method = request.action.toLatin1();
    if (const QString error = checkParamNames(request.params, ParamNames); !error.isEmpty())
        return error;

    QString urlText;
    if (const QString error
        = readString(request.params.value(QStringLiteral("url")), QStringLiteral("params.url"), urlText);
        !error.isEmpty())
        return error;
    if (const QString bad = badValueCharacter(urlText); !bad.isEmpty())
        return QStringLiteral("params.url contains %1").arg(bad);
    QUrl url(urlText, QUrl::StrictMode);
    if (!url.isValid())
        return QStringLiteral("params.url '%1' is not a valid URL: %2").arg(urlText, url.errorString());
    if (url.hasFragment())
        url.setFragment(QString());
    QUrl base = url;
    base.setQuery(QString());
    if (const QString error = checkBaseUrl(base, false, false); !error.isEmpty())
        return QStringLiteral("params.url ") + error;

    QVariantMap query;
    if (const QString error
        = readStringMap(request.params.value(QStringLiteral("query")), QStringLiteral("params.query"), query);
        !error.isEmpty())
        return error;
    if (!query.isEmpty()) {
        QUrlQuery merged(url);
        for (auto it = query.cbegin(); it != query.cend(); ++it) {
            // QUrlQuery leaves these delimiters alone; a value holding them would change the query's shape.
            const auto encode = [](const QString& text) { return QString::fromLatin1(QUrl::toPercentEncoding(text)); };
            merged.addQueryItem(encode(it.key()), encode(it.value().toString()));
        }
        url.setQuery(merged.query(QUrl::FullyEncoded), QUrl::StrictMode);
    }
    call.url = url;

    QVariantMap headers;
    if (const QString error
        = readStringMap(request.params.value(QStringLiteral("headers")), QStringLiteral("params.headers"), headers);
        !error.isEmpty())
        return error;
    bool contentTypeGiven = false;
    for (auto it = headers.cbegin(); it != headers.cend(); ++it) {
        if (!isHeaderName(it.key()))
            return QStringLiteral("params.headers: '%1' is not a valid header name").arg(it.key());
        if (ReservedHeaders.contains(it.key().toLower()))
            return QStringLiteral("params.headers.%1 is set by the HTTP client and may not be given").arg(it.key());
        const QString value = it.value().toString();
        if (const QString bad = badValueCharacter(value); !bad.isEmpty())
            return QStringLiteral("params.headers.%1 contains %2").arg(it.key(), bad);
        contentTypeGiven
            = contentTypeGiven || it.key().compare(QLatin1String("content-type"), Qt::CaseInsensitive) == 0;
        call.headers.append(qMakePair(it.key().toLatin1(), value.toUtf8()));
    }

    QVariantMap body;
    if (const QString error
        = readStringMap(request.params.value(QStringLiteral("body")), QStringLiteral("params.body"), body);
        !error.isEmpty())
        return error;
    if (!body.isEmpty()) {
        if (call.method == "GET")
            return QStringLiteral("params.body is given but a GET request carries no body");
        if (contentTypeGiven)
            return QStringLiteral("params.headers.Content-Type conflicts with params.body, which is sent as JSON");
        call.body = QJsonDocument(QJsonObject::fromVariantMap(body)).toJson(QJsonDocument::Compact);
        call.headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    }

    if (const QString error = readExpectedStatus(request.params.value(QStringLiteral("expect_status")), expected);
        !error.isEmpty())
        return error;
    if (const QString error = resolveTimeout(request, m_options.defaultTimeoutMs, call.timeoutMs); !error.isEmpty())
        return error;
    call.maxBodyBytes = m_options.maxOutputBytes;
    call.keepHeadAndTail = true;
    return {};
}

void HttpExecutor::execute(const ExecutionRequest& request, Callback done)
{
    Q_ASSERT(QThread::currentThread() == thread());
    HttpCall call;
    QList<int> expected;
    if (const QString error = prepare(request, call, expected); !error.isEmpty()) {
        deliverLater(this, std::move(done), failure(QStringLiteral("http: ") + error));
        return;
    }
    const quint64 id = m_nextId++;
    Run& run = m_runs[id];
    run.done = std::move(done);
    run.target = target(call.url, call.method);
    run.expected = expected;
    run.clock.start();
    run.callId = m_http->send(call, [this, id](const HttpReply& reply) { finish(id, reply); });
}

void HttpExecutor::finish(quint64 id, const HttpReply& reply)
{
    const auto it = m_runs.find(id);
    if (it == m_runs.end())
        return;
    Run run = std::move(it->second);
    m_runs.erase(it);

    ExecutionResult result;
    const QString took = QStringLiteral(" in %1 s").arg(static_cast<double>(run.clock.elapsed()) / 1000.0, 0, 'f', 2);
    if (!reply.answered()) {
        result = failure(QStringLiteral("http: %1: %2").arg(run.target, reply.error));
    } else {
        result.output = QString::fromUtf8(reply.body);
        const bool expected
            = run.expected.isEmpty() ? reply.status >= 200 && reply.status <= 299 : run.expected.contains(reply.status);
        result.ok = expected;
        result.summary = QStringLiteral("%1 answered HTTP %2").arg(run.target).arg(reply.status) + took;
        if (!expected) {
            QStringList wanted;
            for (const int code : std::as_const(run.expected))
                wanted.append(QString::number(code));
            const QString body = snippet(reply.body);
            result.error = QStringLiteral("http: %1 answered HTTP %2, expected %3%4")
                               .arg(run.target)
                               .arg(reply.status)
                               .arg(wanted.isEmpty() ? QStringLiteral("2xx") : wanted.join(QStringLiteral(" or ")),
                                   body.isEmpty() ? QString() : QStringLiteral(": ") + body);
        }
    }
    run.done(result);
}

void HttpExecutor::abortAll(const QString& reason)
{
    std::map<quint64, Run> runs = std::exchange(m_runs, {});
    for (auto& [id, run] : runs) {
        m_http->cancel(run.callId);
        deliverLater(this, std::move(run.done),
            failure(QStringLiteral("http: %1 aborted (%2); the request had been sent and the server may have acted "
                                   "on it")
                        .arg(run.target, reason)));
    }
}

} // namespace firebreak
