#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>
#include <QVector>

namespace firebreak::testing {

// Posts bodies to one URL the way Alertmanager's own HTTP client (Go's net/http) does: a few
// HTTP/1.1 keep-alive connections, TCP_NODELAY on, one request at a time on each, the next sent as
// soon as the answer to the last one is read. Benchmarks use it instead of QNetworkAccessManager,
// which leaves Nagle's algorithm on: a large body's second write then waits for the server's
// acknowledgement, and the server's delayed-ACK timer ends up in the figure instead of its ingest
// (measured: Alertmanager's own rate doubled when only that changed).
class KeepAlivePoster {
public:
    struct Result {
        double seconds = 0; // from the first request to the last answer, connections already open
        QString error; // empty when every answer was 2xx
    };

    KeepAlivePoster(QUrl url, int connections);

    // Sends every body (a POST with Content-Type application/json and, when not empty, this
    // Authorization header) and waits for all answers. Any non-2xx answer, a broken connection or
    // the timeout ends it with `error` set.
    Result postAll(const QVector<QByteArray>& bodies, const QByteArray& authorization, int timeoutMs = 300'000);

private:
    QUrl m_url;
    int m_connections;
};

} // namespace firebreak::testing
