#pragma once

#include "apiresponse.h"

#include <QByteArray>
#include <QObject>
#include <QSet>
#include <QUrl>
#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

namespace firebreak {

// HTTP for the Alertmanager API client: adds the bearer token, enforces the request timeout and
// the response size cap, and turns every failure into one sentence naming the peer and the
// request ("alertmanager 127.0.0.1:9093: GET /api/v2/alerts: Connection refused"). Keeping this
// apart leaves AlertmanagerClient with the HA logic only.
class ApiTransport : public QObject {
    Q_OBJECT
public:
    using Callback = std::function<void(const ApiResponse&)>;

    ApiTransport(QByteArray bearerToken, int timeoutMs, qint64 maxResponseBytes, QObject* parent = nullptr);
    ~ApiTransport() override;

    // `path` is relative to the peer's base URL (which may carry a route prefix), e.g.
    // "api/v2/alerts". `verb` is GET, POST or DELETE. `done` runs on this object's thread, never
    // after abortAll() or destruction.
    void send(const QUrl& peer, const QString& peerName, const QByteArray& verb, const QString& path,
        const QByteArray& body, Callback done);
    void abortAll();

    static QUrl endpoint(const QUrl& peer, const QString& path);

private:
    void finish(QNetworkReply* reply, const QString& what, const Callback& done);

    QNetworkAccessManager* m_network;
    QByteArray m_bearerToken;
    int m_timeoutMs;
    qint64 m_maxResponseBytes;
    QSet<QNetworkReply*> m_inFlight;
};

} // namespace firebreak
