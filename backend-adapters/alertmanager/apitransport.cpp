#include "apitransport.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

namespace firebreak {

namespace {

const char* const TimedOut = "firebreakTimedOut";
const char* const TooLarge = "firebreakTooLarge";
const char* const Abandoned = "firebreakAbandoned";
constexpr int MaxErrorBodyChars = 200;

// The start of an error body for a message: Alertmanager answers errors with a JSON string or a
// {"code","message"} object, both short; anything longer is cut.
QString bodySnippet(const QByteArray& body)
{
    QString text = QString::fromUtf8(body.left(MaxErrorBodyChars * 4)).simplified();
    if (text.size() > MaxErrorBodyChars)
        text = text.left(MaxErrorBodyChars) + QStringLiteral("...");
    return text;
}

} // namespace

ApiTransport::ApiTransport(QByteArray bearerToken, int timeoutMs, qint64 maxResponseBytes, QObject* parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
    , m_bearerToken(std::move(bearerToken))
    , m_timeoutMs(timeoutMs)
    , m_maxResponseBytes(maxResponseBytes)
{
}

ApiTransport::~ApiTransport()
{
    abortAll();
}

QUrl ApiTransport::endpoint(const QUrl& peer, const QString& path)
{
    QUrl url = peer;
    QString base = peer.path();
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    const qsizetype query = path.indexOf(QLatin1Char('?'));
    url.setPath(base + QLatin1Char('/') + (query < 0 ? path : path.left(query)), QUrl::TolerantMode);
    url.setQuery(query < 0 ? QString() : path.mid(query + 1));
    url.setFragment(QString());
    return url;
}

void ApiTransport::send(const QUrl& peer, const QString& peerName, const QByteArray& verb, const QString& path,
    const QByteArray& body, Callback done)
{
    QNetworkRequest request(endpoint(peer, path));
    request.setRawHeader("Accept", "application/json");
    if (!m_bearerToken.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_bearerToken);
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);

    QNetworkReply* reply = verb == "GET" ? m_network->get(request)
        : verb == "POST"                 ? m_network->post(request, body)
                                         : m_network->sendCustomRequest(request, verb, body);
    m_inFlight.insert(reply);
    const QString what = QStringLiteral("%1: %2 /%3").arg(peerName, QString::fromLatin1(verb), path);

    QTimer::singleShot(m_timeoutMs, reply, [reply] {
        reply->setProperty(TimedOut, true);
        reply->abort();
    });
    connect(reply, &QNetworkReply::downloadProgress, reply, [this, reply](qint64 received, qint64 total) {
        if (received > m_maxResponseBytes || total > m_maxResponseBytes) {
            reply->setProperty(TooLarge, true);
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::finished, this,
        [this, reply, what, done = std::move(done)] { finish(reply, what, done); });
}

void ApiTransport::abortAll()
{
    const QSet<QNetworkReply*> replies = std::exchange(m_inFlight, {});
    for (QNetworkReply* reply : replies) {
        reply->setProperty(Abandoned, true);
        reply->abort();
        reply->deleteLater();
    }
}

void ApiTransport::finish(QNetworkReply* reply, const QString& what, const Callback& done)
{
    reply->deleteLater();
    if (reply->property(Abandoned).toBool() || !m_inFlight.remove(reply))
        return;

    ApiResponse response;
    response.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    response.reachable = response.httpStatus != 0;
    if (reply->property(TooLarge).toBool()) {
        response.error
            = QStringLiteral("%1: answer larger than the limit of %2 bytes").arg(what).arg(m_maxResponseBytes);
        response.reachable = true;
    } else if (reply->property(TimedOut).toBool()) {
        response.error = QStringLiteral("%1: no answer within %2 ms").arg(what).arg(m_timeoutMs);
        response.reachable = false;
    } else if (response.httpStatus == 0) {
        response.error = QStringLiteral("%1: %2").arg(what, reply->errorString());
    } else {
        response.body = reply->readAll();
        if (response.httpStatus < 200 || response.httpStatus > 299) {
            const QString snippet = bodySnippet(response.body);
            response.error = QStringLiteral("%1: HTTP %2%3")
                                 .arg(what)
                                 .arg(response.httpStatus)
                                 .arg(snippet.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(snippet));
        } else if (reply->error() != QNetworkReply::NoError) {
            response.error = QStringLiteral("%1: %2").arg(what, reply->errorString());
        }
    }
    done(response);
}

} // namespace firebreak
