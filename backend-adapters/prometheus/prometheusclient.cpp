#include "prometheusclient.h"

#include "interfaces/clock.h"
#include "metrics/prometheusresponseparser.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <memory>

namespace firebreak {

namespace {
const QString SourceName = QStringLiteral("prometheus");

// Prometheus takes times as unix seconds with optional decimals.
QString seconds(qint64 ms)
{
    return QString::number(static_cast<double>(ms) / 1000.0, 'f', 3);
}

QString secondsText(int ms)
{
    return ms % 1000 == 0 ? QString::number(ms / 1000) : QString::number(ms / 1000.0, 'f', 1);
}

struct PendingRequest {
    MetricSource::Callback done;
    QTimer deadline;
    bool timedOut = false;
    bool tooLarge = false;
};
} // namespace

PrometheusClient::PrometheusClient(const PrometheusSettings& settings, const Clock& clock, QObject* parent)
    : QObject(parent)
    , m_settings(settings)
    , m_clock(clock)
    , m_network(new QNetworkAccessManager(this))
{
    m_health.name = SourceName;
    m_health.state = SourceHealth::State::Unknown;
    m_health.detail = QStringLiteral("not asked yet: %1").arg(m_settings.url.toString());
}

PrometheusClient::~PrometheusClient()
{
    // Replies still in flight are dropped with the network manager; their callers are going away too.
    for (QNetworkReply* reply : m_network->findChildren<QNetworkReply*>())
        reply->disconnect(this);
}

QString PrometheusClient::name() const
{
    return SourceName;
}

void PrometheusClient::instantQuery(const QString& query, qint64 atMs, Callback done)
{
    QUrlQuery parameters;
    parameters.addQueryItem(QStringLiteral("query"), query);
    parameters.addQueryItem(QStringLiteral("time"), seconds(atMs));
    send(QStringLiteral("/api/v1/query"), parameters, std::move(done));
}

void PrometheusClient::rangeQuery(const QString& query, qint64 startMs, qint64 endMs, qint64 stepMs, Callback done)
{
    if (stepMs <= 0) {
        QueryResult result;
        result.error = QStringLiteral("range query step must be positive, got %1 ms").arg(stepMs);
        done(result);
        return;
    }
    QUrlQuery parameters;
    parameters.addQueryItem(QStringLiteral("query"), query);
    parameters.addQueryItem(QStringLiteral("start"), seconds(startMs));
    parameters.addQueryItem(QStringLiteral("end"), seconds(endMs));
    parameters.addQueryItem(QStringLiteral("step"), seconds(stepMs));
    send(QStringLiteral("/api/v1/query_range"), parameters, std::move(done));
}

void PrometheusClient::send(const QString& endpoint, const QUrlQuery& parameters, Callback done)
{
    QUrl url = m_settings.url;
    QString path = url.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    url.setPath(path + endpoint);
    const QByteArray encoded = parameters.query(QUrl::FullyEncoded).toUtf8();
    const bool post = encoded.size() > MaxGetQueryBytes;
    if (!post)
        url.setQuery(parameters);

    QNetworkRequest request(url);
    request.setRawHeader("Accept", "application/json");
    if (m_settings.credential.isSet())
        request.setRawHeader("Authorization", "Bearer " + m_settings.credential.token);
    QNetworkReply* reply;
    if (post) {
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
        reply = m_network->post(request, encoded);
    } else {
        reply = m_network->get(request);
    }

    auto pending = std::make_shared<PendingRequest>();
    pending->done = std::move(done);
    pending->deadline.setSingleShot(true);
    pending->deadline.setInterval(m_timeoutMs);
    connect(&pending->deadline, &QTimer::timeout, reply, [reply, raw = pending.get()] {
        raw->timedOut = true;
        reply->abort();
    });
    pending->deadline.start();
    const qint64 cap = m_maxResponseBytes;
    const auto checkSize = [reply, raw = pending.get(), cap](qint64 size) {
        if (size > cap && !raw->tooLarge) {
            raw->tooLarge = true;
            reply->abort();
        }
    };
    connect(reply, &QNetworkReply::metaDataChanged, reply, [reply, checkSize] {
        const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
        if (length.isValid())
            checkSize(length.toLongLong());
    });
    connect(reply, &QNetworkReply::downloadProgress, reply,
        [checkSize](qint64 received, qint64 /*total*/) { checkSize(received); });
    connect(reply, &QNetworkReply::finished, this, [this, reply, pending] {
        pending->deadline.stop();
        const QueryResult result = finish(reply, pending->timedOut, pending->tooLarge);
        reply->deleteLater();
        report(result);
        pending->done(result);
    });
}

QueryResult PrometheusClient::finish(QNetworkReply* reply, bool timedOut, bool tooLarge) const
{
    const QString where = QStringLiteral("Prometheus %1: ").arg(m_settings.url.toString());
    QueryResult result;
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (timedOut) {
        result.error = where + QStringLiteral("timeout after %1 s").arg(secondsText(m_timeoutMs));
        result.unavailable = true;
    } else if (tooLarge) {
        // Not worth retrying: the same query will be as large next time.
        result.error = where
            + QStringLiteral("answer larger than the limit of %1 MB; narrow the query")
                  .arg(m_maxResponseBytes / 1048576.0, 0, 'f', 1);
    } else if (!status.isValid()) {
        result.error = where + QStringLiteral("cannot connect: %1").arg(reply->errorString());
        result.unavailable = true;
    } else {
        result = PrometheusResponseParser::parse(status.toInt(), reply->readAll());
        if (!result.ok())
            result.error.prepend(where);
    }
    return result;
}

void PrometheusClient::report(const QueryResult& result)
{
    SourceHealth next;
    next.name = SourceName;
    next.state = result.unavailable ? SourceHealth::State::Down : SourceHealth::State::Up;
    next.detail = result.unavailable ? result.error : m_settings.url.toString();
    if (next.state == m_health.state && next.detail == m_health.detail)
        return;
    next.sinceMs = next.state == m_health.state ? m_health.sinceMs : m_clock.nowMs();
    m_health = next;
    Q_EMIT healthChanged(m_health);
}

} // namespace firebreak
