#include "keepaliveposter.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QTcpSocket>
#include <QTimer>
#include <memory>
#include <vector>

namespace firebreak::testing {

namespace {

struct Answer {
    qsizetype length = -1; // bytes of the whole answer; -1 while incomplete
    int status = 0;
    QByteArray body;
    QString error; // the answer cannot be read at all
};

// Length of a chunked body starting at `from`, and its content; -1 while incomplete.
qsizetype readChunked(const QByteArray& buffer, qsizetype from, QByteArray* body, QString* error)
{
    qsizetype at = from;
    for (;;) {
        const qsizetype lineEnd = buffer.indexOf("\r\n", at);
        if (lineEnd < 0)
            return -1;
        bool ok = false;
        const qsizetype size = buffer.mid(at, lineEnd - at).split(';').first().trimmed().toLongLong(&ok, 16);
        if (!ok || size < 0) {
            *error = QStringLiteral("bad chunk size line: %1").arg(QString::fromLatin1(buffer.mid(at, lineEnd - at)));
            return -1;
        }
        at = lineEnd + 2;
        if (size == 0) {
            const qsizetype trailerEnd = buffer.indexOf("\r\n", at); // no trailers are expected
            return trailerEnd < 0 ? -1 : trailerEnd + 2 - from;
        }
        if (buffer.size() < at + size + 2)
            return -1;
        body->append(buffer.constData() + at, size);
        at += size + 2;
    }
}

// One HTTP/1.1 answer at the start of `buffer`, if it is complete.
Answer readAnswer(const QByteArray& buffer)
{
    Answer answer;
    const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return answer;
    const QList<QByteArray> lines = buffer.left(headEnd).split('\n');
    const QList<QByteArray> statusLine = lines.first().trimmed().split(' ');
    answer.status = statusLine.size() >= 2 ? statusLine.at(1).toInt() : 0;
    qsizetype contentLength = -1;
    bool chunked = false;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines.at(i).indexOf(':');
        if (colon < 0)
            continue;
        const QByteArray name = lines.at(i).left(colon).trimmed().toLower();
        const QByteArray value = lines.at(i).mid(colon + 1).trimmed();
        if (name == "content-length")
            contentLength = value.toLongLong();
        else if (name == "transfer-encoding")
            chunked = value.toLower().contains("chunked");
    }
    const qsizetype bodyStart = headEnd + 4;
    if (chunked) {
        const qsizetype bodyLength = readChunked(buffer, bodyStart, &answer.body, &answer.error);
        if (bodyLength >= 0)
            answer.length = bodyStart + bodyLength;
        return answer;
    }
    if (contentLength < 0) {
        answer.error = QStringLiteral("an answer with neither Content-Length nor chunked encoding: %1")
                           .arg(QString::fromLatin1(lines.first().trimmed()));
        return answer;
    }
    if (buffer.size() >= bodyStart + contentLength) {
        answer.body = buffer.mid(bodyStart, contentLength);
        answer.length = bodyStart + contentLength;
    }
    return answer;
}

} // namespace

KeepAlivePoster::KeepAlivePoster(QUrl url, int connections)
    : m_url(std::move(url))
    , m_connections(connections)
{
}

KeepAlivePoster::Result KeepAlivePoster::postAll(
    const QVector<QByteArray>& bodies, const QByteArray& authorization, int timeoutMs)
{
    Result result;
    QEventLoop loop;
    const auto stop = [&](const QString& error) {
        if (result.error.isEmpty())
            result.error = error;
        loop.quit();
    };
    QTimer::singleShot(timeoutMs, &loop, [&] { stop(QStringLiteral("timed out after %1 ms").arg(timeoutMs)); });

    // Open every connection first: a sender's connections are already up in steady state.
    std::vector<std::unique_ptr<QTcpSocket>> sockets;
    int connected = 0;
    for (int i = 0; i < m_connections; ++i) {
        auto socket = std::make_unique<QTcpSocket>();
        QObject::connect(socket.get(), &QTcpSocket::connected, &loop, [&, raw = socket.get()] {
            raw->setSocketOption(QAbstractSocket::LowDelayOption, 1);
            if (++connected == m_connections)
                loop.quit();
        });
        QObject::connect(socket.get(), &QTcpSocket::errorOccurred, &loop,
            [&, raw = socket.get()] { stop(QStringLiteral("%1: %2").arg(m_url.toString(), raw->errorString())); });
        socket->connectToHost(m_url.host(), quint16(m_url.port(80)));
        sockets.push_back(std::move(socket));
    }
    loop.exec();
    if (!result.error.isEmpty())
        return result;

    QByteArray head = "POST " + m_url.path(QUrl::FullyEncoded).toLatin1() + " HTTP/1.1\r\nHost: "
        + m_url.authority(QUrl::FullyEncoded).toLatin1() + "\r\nContent-Type: application/json\r\n";
    if (!authorization.isEmpty())
        head += "Authorization: " + authorization + "\r\n";
    int next = 0;
    int answered = 0;
    const auto send = [&](QTcpSocket* socket) {
        if (next >= bodies.size())
            return;
        const QByteArray& body = bodies.at(next++);
        socket->write(head + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    };
    for (auto& socket : sockets) {
        auto buffer = std::make_shared<QByteArray>();
        QObject::connect(socket.get(), &QTcpSocket::readyRead, &loop, [&, buffer, raw = socket.get()] {
            buffer->append(raw->readAll());
            for (;;) {
                const Answer answer = readAnswer(*buffer);
                if (!answer.error.isEmpty())
                    return stop(answer.error);
                if (answer.length < 0)
                    return;
                buffer->remove(0, answer.length);
                if (answer.status / 100 != 2) {
                    return stop(QStringLiteral("%1 answered %2: %3")
                                    .arg(m_url.toString())
                                    .arg(answer.status)
                                    .arg(QString::fromUtf8(answer.body.left(300))));
                }
                if (++answered == bodies.size())
                    return loop.quit();
                send(raw);
            }
        });
    }
    QElapsedTimer timer;
    timer.start();
    for (auto& socket : sockets)
        send(socket.get());
    if (!bodies.isEmpty())
        loop.exec();
    result.seconds = double(timer.nsecsElapsed()) / 1e9;
    return result;
}

} // namespace firebreak::testing
