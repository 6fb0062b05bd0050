#include "recordinghttpserver.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QFile>
#include <QProcess>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>

namespace firebreak::testing {

namespace {
QString key(const QByteArray& method, const QString& path)
{
    return QString::fromLatin1(method) + QLatin1Char(' ') + path;
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 409:
        return "Conflict";
    case 422:
        return "Unprocessable Entity";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    default:
        return "Status";
    }
}
} // namespace

RecordingHttpServer::RecordingHttpServer(QObject* parent)
    : QObject(parent)
{
}

RecordingHttpServer::~RecordingHttpServer()
{
    for (auto it = m_connections.cbegin(); it != m_connections.cend(); ++it) {
        it.key()->disconnect(this);
        it.key()->abort();
    }
}

bool RecordingHttpServer::listen(const std::optional<QSslConfiguration>& tls)
{
    if (tls) {
        auto* server = new QSslServer(this);
        server->setSslConfiguration(*tls);
        m_server = server;
        m_tls = true;
    } else {
        m_server = new QTcpServer(this);
    }
    connect(m_server, &QTcpServer::pendingConnectionAvailable, this, &RecordingHttpServer::onConnection);
    return m_server->listen(QHostAddress::LocalHost, 0);
}

QUrl RecordingHttpServer::url() const
{
    QUrl url;
    url.setScheme(m_tls ? QStringLiteral("https") : QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(m_server ? m_server->serverPort() : 0);
    return url;
}

void RecordingHttpServer::script(const QByteArray& method, const QString& path, const ScriptedResponse& response)
{
    m_script[key(method, path)].append(response);
}

void RecordingHttpServer::script(
    const QByteArray& method, const QString& path, const QList<ScriptedResponse>& responses)
{
    m_script[key(method, path)].append(responses);
}

ScriptedResponse RecordingHttpServer::fromFile(const QString& file, int status)
{
    QFile input(file);
    ScriptedResponse response;
    response.status = status;
    if (input.open(QIODevice::ReadOnly))
        response.body = input.readAll();
    else
        qFatal("RecordingHttpServer: cannot read fixture %s", qPrintable(file));
    return response;
}

QList<RecordedRequest> RecordingHttpServer::requests(const QByteArray& method, const QString& path) const
{
    QList<RecordedRequest> matching;
    for (const RecordedRequest& request : m_requests) {
        if (request.method == method && request.path == path)
            matching.append(request);
    }
    return matching;
}

int RecordingHttpServer::count(const QByteArray& method, const QString& path) const
{
    return static_cast<int>(requests(method, path).size());
}

bool RecordingHttpServer::waitFor(const QByteArray& method, const QString& path, int n, int timeoutMs) const
{
    QDeadlineTimer deadline(timeoutMs);
    while (true) {
        const int seen = method.isEmpty() ? static_cast<int>(m_requests.size()) : count(method, path);
        if (seen >= n)
            return true;
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        QThread::msleep(1);
    }
}

void RecordingHttpServer::onConnection()
{
    while (QTcpSocket* socket = m_server->nextPendingConnection()) {
        m_connections.insert(socket, {});
        connect(socket, &QIODevice::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QAbstractSocket::disconnected, this, [this, socket] {
            m_connections.remove(socket);
            socket->deleteLater();
        });
        if (socket->bytesAvailable() > 0)
            onReadyRead(socket);
    }
}

void RecordingHttpServer::onReadyRead(QTcpSocket* socket)
{
    const auto it = m_connections.find(socket);
    if (it == m_connections.end() || it->answered)
        return;
    it->buffer.append(socket->readAll());
    const qsizetype headerEnd = it->buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return;
    const QList<QByteArray> lines = it->buffer.left(headerEnd).split('\n');
    RecordedRequest request;
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    request.method = requestLine.value(0);
    const QUrl target(QString::fromLatin1(requestLine.value(1)));
    request.path = target.path(QUrl::FullyDecoded);
    request.query = QUrlQuery(target.query(QUrl::FullyEncoded));
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon > 0)
            request.headers.insert(lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
    }
    const qsizetype length = request.headers.value("content-length", "0").toLongLong();
    if (it->buffer.size() < headerEnd + 4 + length)
        return;
    request.body = it->buffer.mid(headerEnd + 4, length);
    it->answered = true;
    m_requests.append(request);
    Q_EMIT received(request);
    respond(socket, request);
}

void RecordingHttpServer::respond(QTcpSocket* socket, const RecordedRequest& request)
{
    ScriptedResponse response;
    const auto queue = m_script.find(key(request.method, request.path));
    if (queue == m_script.end() || queue->isEmpty()) {
        response.status = 404;
        response.body = "{\"unscripted\":\"" + request.method + ' ' + request.path.toUtf8() + "\"}";
    } else {
        response = queue->size() > 1 ? queue->takeFirst() : queue->first();
    }
    if (response.neverAnswer)
        return;
    QByteArray bytes = "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + reasonPhrase(response.status)
        + "\r\nContent-Type: " + response.contentType + "\r\nContent-Length: "
        + QByteArray::number(response.body.size()) + "\r\nConnection: close\r\n\r\n" + response.body;
    const auto send = [socket, bytes] {
        socket->write(bytes);
        socket->disconnectFromHost();
    };
    if (response.delayMs > 0)
        QTimer::singleShot(response.delayMs, socket, send);
    else
        send();
}

bool makeSelfSignedCertificate(const QString& dir, QString& certificateFile, QString& keyFile, QString& error)
{
    certificateFile = dir + QStringLiteral("/server.crt");
    keyFile = dir + QStringLiteral("/server.key");
    QProcess openssl;
    openssl.setProcessChannelMode(QProcess::MergedChannels);
    openssl.start(QStringLiteral("openssl"),
        { QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
            QStringLiteral("-nodes"), QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
            QStringLiteral("/CN=localhost"), QStringLiteral("-addext"),
            QStringLiteral("subjectAltName=IP:127.0.0.1,DNS:localhost"), QStringLiteral("-keyout"), keyFile,
            QStringLiteral("-out"), certificateFile });
    if (!openssl.waitForFinished(30000) || openssl.exitStatus() != QProcess::NormalExit || openssl.exitCode() != 0) {
        error
            = QStringLiteral("openssl failed: %1 %2").arg(openssl.errorString(), QString::fromUtf8(openssl.readAll()));
        return false;
    }
    return true;
}

} // namespace firebreak::testing
