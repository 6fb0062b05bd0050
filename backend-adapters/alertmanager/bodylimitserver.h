#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QTcpServer>

class QTcpSocket;
class QTimer;

namespace firebreak {

// The listening socket under the receiver's QHttpServer. QtHttpServer 6.4 has no body size hook: it
// keeps reading a request into memory until it is complete, and reserves whatever Content-Length
// says up front. This server sees every connection's bytes before QtHttpServer does and refuses,
// with 413 (or 431 for an endless header), a request whose Content-Length is over the cap or whose
// bytes run past it, before the body is read; the socket's read buffer is capped as a backstop.
// Limits: the header is inspected only at the start of a connection and after each request the
// receiver reports as handled, so a pipelined second request is held to the byte cap only.
class BodyLimitServer final : public QTcpServer {
    Q_OBJECT
public:
    static constexpr qint64 MaxHeaderBytes = 64 * 1024;
    static constexpr int DrainMs = 1000; // time a refused client gets to read the answer
    static constexpr qint64 MaxDrainBytes = 16 * 1024 * 1024;
    // A connection with no bytes either way for this long is closed. Longer than any wait for a
    // commit (the receiver answers 503 after 10 s), so a delivery in progress is never cut.
    static constexpr int IdleTimeoutMs = 60000;

    explicit BodyLimitServer(qint64 maxBodyBytes, QObject* parent = nullptr);

    // The HTTP server handed a whole request on this connection to its handler: the next bytes
    // start a new request.
    void requestHandled(QTcpSocket* socket);

Q_SIGNALS:
    // Emitted after the refusal was written. `path` comes from the request line (may be empty).
    void refused(int statusCode, const QByteArray& path, const QString& message);

protected:
    void incomingConnection(qintptr handle) override;

private:
    struct Connection {
        QByteArray head; // the request's first bytes, until the blank line that ends the header
        bool headComplete = false;
        qint64 bytes = 0; // of the current request, header included
        QElapsedTimer idle; // since the last byte in either direction
    };

    void inspect(QTcpSocket* socket);
    void closeIdleConnections();
    void inspectHead(QTcpSocket* socket, Connection& connection);
    void refuse(QTcpSocket* socket, int statusCode, const QByteArray& phrase, const QString& message);

    qint64 m_maxBodyBytes;
    QHash<QTcpSocket*, Connection> m_connections;
    QTimer* m_idleSweep;
};

} // namespace firebreak
