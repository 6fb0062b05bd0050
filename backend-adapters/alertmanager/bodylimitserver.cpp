#include "bodylimitserver.h"

#include <QPointer>
#include <QTcpSocket>
#include <QTimer>
#ifdef Q_OS_LINUX
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#endif

namespace firebreak {

namespace {

QByteArray requestPath(const QByteArray& head)
{
    const qsizetype lineEnd = head.indexOf("\r\n");
    const QList<QByteArray> parts = head.left(lineEnd < 0 ? head.size() : lineEnd).trimmed().split(' ');
    if (parts.size() < 2)
        return QByteArray();
    const QByteArray target = parts.at(1);
    const qsizetype query = target.indexOf('?');
    return query < 0 ? target : target.left(query);
}

// Content-Length from a complete header block, -1 when absent or not a plain number (QtHttpServer's
// own parser then refuses the request).
qint64 contentLength(const QByteArray& head)
{
    const QList<QByteArray> lines = head.split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon < 0 || line.left(colon).trimmed().toLower() != "content-length")
            continue;
        bool ok = false;
        const qint64 length = line.mid(colon + 1).trimmed().toLongLong(&ok);
        return ok && length >= 0 ? length : -1;
    }
    return -1;
}

// A client that leaves Nagle's algorithm on (Qt's QNetworkAccessManager does) sends a large body's
// second write only once its first is acknowledged, and Linux delays that acknowledgement on a
// connection it considers interactive: measured on loopback, 1 to 13 ms (the next timer tick) per
// 40 KB delivery, most of each request's time. Acknowledging at once after each read costs one
// small packet. TCP_QUICKACK is not sticky, hence on every read.
void acknowledgeNow(QTcpSocket* socket)
{
#ifdef Q_OS_LINUX
    const int one = 1;
    ::setsockopt(int(socket->socketDescriptor()), IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
#else
    Q_UNUSED(socket);
#endif
}

} // namespace

BodyLimitServer::BodyLimitServer(qint64 maxBodyBytes, QObject* parent)
    : QTcpServer(parent)
    , m_maxBodyBytes(maxBodyBytes)
    , m_idleSweep(new QTimer(this))
{
    // A connection that says nothing (a port scanner, a health checker speaking another protocol,
    // a request QtHttpServer gave up on without answering) would otherwise hold its descriptor
    // until shutdown; enough of them and Alertmanager's deliveries are refused at accept.
    m_idleSweep->setInterval(IdleTimeoutMs / 4);
    connect(m_idleSweep, &QTimer::timeout, this, &BodyLimitServer::closeIdleConnections);
    m_idleSweep->start();
}

void BodyLimitServer::closeIdleConnections()
{
    const QList<QTcpSocket*> sockets = m_connections.keys();
    for (QTcpSocket* socket : sockets) {
        if (m_connections.value(socket).idle.hasExpired(IdleTimeoutMs))
            socket->abort();
    }
}

void BodyLimitServer::requestHandled(QTcpSocket* socket)
{
    const auto found = m_connections.find(socket);
    if (found != m_connections.end()) {
        *found = Connection {};
        found->idle.start();
    }
}

void BodyLimitServer::incomingConnection(qintptr handle)
{
    auto* socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(handle)) {
        delete socket;
        return;
    }
    // QtHttpServer keeps a request's bytes in the socket buffer until it is complete; a full buffer
    // stops reading, so no request can hold more than this in memory whatever this class misses.
    socket->setReadBufferSize(m_maxBodyBytes + MaxHeaderBytes + 1);
    // Answers go out as they are written (status line, headers, body in separate writes): with
    // Nagle's algorithm the later parts wait for the client's delayed ACK, 40 ms per request.
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    Connection connection;
    connection.idle.start();
    m_connections.insert(socket, connection);
    // Connected before QtHttpServer connects its own handler, so this one runs first on every read.
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
        m_connections[socket].idle.restart();
        acknowledgeNow(socket);
        inspect(socket);
    });
    connect(socket, &QTcpSocket::bytesWritten, this, [this, socket] {
        const auto found = m_connections.find(socket);
        if (found != m_connections.end())
            found->idle.restart();
    });
    connect(socket, &QObject::destroyed, this, [this, socket] { m_connections.remove(socket); });
    addPendingConnection(socket);
}

void BodyLimitServer::inspect(QTcpSocket* socket)
{
    const auto found = m_connections.find(socket);
    if (found == m_connections.end())
        return;
    Connection& connection = *found;
    // Bytes QtHttpServer has not read yet: it reads everything at each readyRead, after this runs.
    const qint64 fresh = socket->bytesAvailable();
    if (!connection.headComplete) {
        const qint64 room = MaxHeaderBytes + 4 - connection.head.size();
        connection.head += socket->peek(qMin(fresh, qMax<qint64>(room, 0)));
        inspectHead(socket, connection);
        if (!m_connections.contains(socket) || socket->state() != QAbstractSocket::ConnectedState)
            return;
    }
    connection.bytes += fresh;
    if (connection.bytes > m_maxBodyBytes + MaxHeaderBytes) {
        refuse(socket, 413, QByteArrayLiteral("Payload Too Large"),
            QStringLiteral("request body over %1 bytes (max_body_bytes)").arg(m_maxBodyBytes));
    }
}

void BodyLimitServer::inspectHead(QTcpSocket* socket, Connection& connection)
{
    const qsizetype end = connection.head.indexOf("\r\n\r\n");
    if (end < 0) {
        if (connection.head.size() > MaxHeaderBytes) {
            refuse(socket, 431, QByteArrayLiteral("Request Header Fields Too Large"),
                QStringLiteral("request header over %1 bytes").arg(MaxHeaderBytes));
        }
        return;
    }
    connection.headComplete = true;
    connection.head.truncate(end + 4);
    const qint64 length = contentLength(connection.head);
    if (length > m_maxBodyBytes) {
        refuse(socket, 413, QByteArrayLiteral("Payload Too Large"),
            QStringLiteral("Content-Length %1 is over the limit of %2 bytes (max_body_bytes)")
                .arg(length)
                .arg(m_maxBodyBytes));
    }
}

// Answers on the raw socket and takes the connection away from QtHttpServer. The rest of the body
// is read and thrown away for a moment before closing, because closing a socket with unread data
// resets the connection, and the client might then never see the answer.
void BodyLimitServer::refuse(QTcpSocket* socket, int statusCode, const QByteArray& phrase, const QString& message)
{
    const QByteArray path = requestPath(m_connections.value(socket).head);
    m_connections.remove(socket);
    QObject::disconnect(socket, &QTcpSocket::readyRead, nullptr, nullptr);
    if (socket->isTransactionStarted())
        socket->commitTransaction();
    socket->readAll();
    socket->setReadBufferSize(64 * 1024);

    const QByteArray body = message.toUtf8() + '\n';
    socket->write("HTTP/1.1 " + QByteArray::number(statusCode) + ' ' + phrase
        + "\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body);

    auto drained = std::make_shared<qint64>(0);
    connect(socket, &QTcpSocket::readyRead, socket, [socket, drained] {
        *drained += socket->readAll().size();
        if (*drained > MaxDrainBytes)
            socket->abort();
    });
    QTimer::singleShot(DrainMs, socket, [socket] { socket->disconnectFromHost(); });
    Q_EMIT refused(statusCode, path, message);
}

} // namespace firebreak
