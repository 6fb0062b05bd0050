#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

namespace firebreak {

// One HTTP request an executor makes (built in full before it is sent, so that it can be checked and
// recorded), and what came back.
struct HttpCall {
    QByteArray method;
    QUrl url;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body; // sent as is; empty = no body
    qint64 timeoutMs = 30000;
    qint64 maxBodyBytes = 4 * 1024 * 1024;
    // What a body over maxBodyBytes means: false = the call fails (a JSON document cut short is
    // useless), true = its first and last bytes are kept with a marker between (output for a human).
    bool keepHeadAndTail = false;
};

struct HttpReply {
    int status = 0; // 0 = no HTTP answer
    QByteArray body;
    QByteArray contentType;
    QString error; // why there is no usable answer (no connection, timeout, too large); empty otherwise
    bool timedOut = false;
    bool answered() const { return error.isEmpty() && status != 0; }
    bool success() const { return answered() && status >= 200 && status <= 299; }
};

} // namespace firebreak
