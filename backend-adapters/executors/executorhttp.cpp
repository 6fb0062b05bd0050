#include "executorhttp.h"

#include "boundedoutput.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <algorithm>
#include <climits>
#include <vector>

namespace firebreak {

struct ExecutorHttp::Pending {
    explicit Pending(qint64 budget)
        : body(budget)
    {
    }

    QNetworkReply* reply = nullptr;
    QTimer timer;
    BoundedOutput body;
    Callback done;
    qint64 timeoutMs = 0;
    qint64 maxBytes = 0;
    bool keepHeadAndTail = false;
    bool timedOut = false;
    bool tooLarge = false;
};

ExecutorHttp::ExecutorHttp(QObject* parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
{
}

ExecutorHttp::~ExecutorHttp()
{
    const std::vector<quint64> ids = [this] {
        std::vector<quint64> keys;
        for (const auto& [id, pending] : m_pending)
            keys.push_back(id);
        return keys;
    }();
    for (const quint64 id : ids)
        cancel(id);
}

void ExecutorHttp::setSslConfiguration(const QSslConfiguration& configuration)
{
    m_ssl = configuration;
}

quint64 ExecutorHttp::send(const HttpCall& call, Callback done)
{
    QNetworkRequest request(call.url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    if (m_ssl && call.url.scheme() == QLatin1String("https"))
        request.setSslConfiguration(*m_ssl);
    for (const auto& [name, value] : call.headers)
        request.setRawHeader(name, value);

    const quint64 id = m_nextId++;
    auto pending = std::make_unique<Pending>(call.keepHeadAndTail ? call.maxBodyBytes : LLONG_MAX / 4);
    pending->done = std::move(done);
    pending->timeoutMs = call.timeoutMs;
    pending->maxBytes = call.maxBodyBytes;
    pending->keepHeadAndTail = call.keepHeadAndTail;
    pending->reply = call.method == "GET" ? m_network->get(request)
                                          : m_network->sendCustomRequest(request, call.method, call.body);
    QNetworkReply* reply = pending->reply;
    pending->timer.setSingleShot(true);
    pending->timer.setInterval(static_cast<int>(std::clamp<qint64>(call.timeoutMs, 1, INT_MAX)));
    connect(&pending->timer, &QTimer::timeout, this, [this, id] {
        const auto it = m_pending.find(id);
        if (it == m_pending.end())
            return;
        it->second->timedOut = true;
        it->second->reply->abort();
    });
    connect(reply, &QIODevice::readyRead, this, [this, id] { onReadyRead(id); });
    connect(reply, &QNetworkReply::finished, this, [this, id] { finish(id); });
    pending->timer.start();
    m_pending.emplace(id, std::move(pending));
    return id;
}

void ExecutorHttp::cancel(quint64 id)
{
    const auto it = m_pending.find(id);
    if (it == m_pending.end())
        return;
    std::unique_ptr<Pending> pending = std::move(it->second);
    m_pending.erase(it);
    pending->timer.stop();
    pending->reply->disconnect(this);
    pending->reply->abort();
    pending->reply->deleteLater();
}

void ExecutorHttp::onReadyRead(quint64 id)
{
    const auto it = m_pending.find(id);
    if (it == m_pending.end())
        return;
    Pending& pending = *it->second;
    pending.body.append(pending.reply->readAll());
    if (!pending.keepHeadAndTail && pending.body.totalBytes() > pending.maxBytes && !pending.tooLarge) {
        pending.tooLarge = true;
        pending.reply->abort();
    }
}

void ExecutorHttp::finish(quint64 id)
{
    const auto it = m_pending.find(id);
    if (it == m_pending.end())
        return;
    if (!it->second->tooLarge && !it->second->timedOut)
        onReadyRead(id);
    std::unique_ptr<Pending> pending = std::move(it->second);
    m_pending.erase(it);
    pending->timer.stop();
    QNetworkReply* reply = pending->reply;
    reply->disconnect(this);
    reply->deleteLater();

    HttpReply result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    if (pending->timedOut) {
        result.timedOut = true;
        result.error = QStringLiteral("no answer within %1 ms").arg(pending->timeoutMs);
    } else if (pending->tooLarge) {
        result.error = QStringLiteral("answer larger than the limit of %1 bytes").arg(pending->maxBytes);
    } else if (result.status == 0) {
        result.error = reply->errorString();
    } else {
        result.body = pending->body.text();
    }
    pending->done(result);
}

} // namespace firebreak
