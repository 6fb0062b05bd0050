#include "webhookreceiver.h"

#include "bodylimitserver.h"
#include "engine/ingestpipeline.h"
#include "metrics/expositionwriter.h"
#include "store/storewriter.h"

#include <QDateTime>
#include <QHash>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QTcpSocket>
#include <QTimer>

namespace firebreak {

namespace {

const QString AlertmanagerEndpoint = QStringLiteral("/hooks/alertmanager");
const QString CloudEventsEndpoint = QStringLiteral("/hooks/cloudevents");
const QString MetricsEndpoint = QStringLiteral("/metrics");
const QString HealthEndpoint = QStringLiteral("/healthz");
const QString OtherEndpoint = QStringLiteral("other"); // never the raw path: it is the client's text

// Tickets are echoed back by the store for every caller of the pipeline; starting far above the
// small numbers other callers might use keeps a receiver ticket from ever meaning someone else's.
constexpr quint64 TicketBase = quint64(1) << 62;
constexpr int ClientGone = 499; // counted when the sender hung up before its answer was ready

QString endpointFor(const QByteArray& path)
{
    for (const QString* known : { &AlertmanagerEndpoint, &CloudEventsEndpoint, &MetricsEndpoint, &HealthEndpoint }) {
        if (path == known->toLatin1())
            return *known;
    }
    return OtherEndpoint;
}

// application/json, or any +json type, parameters (charset) ignored.
bool isJsonMediaType(const QByteArray& contentType)
{
    const QByteArray type = contentType.split(';').first().trimmed().toLower();
    return type == "application/json" || type.endsWith("+json");
}

qint64 wallNowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

WebhookReceiver::WebhookReceiver(ReceiverSettings settings, QObject* parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_authenticator(m_settings.credential.token)
    , m_http(new QHttpServer(this))
    , m_sweep(new QTimer(this))
    , m_statsTimer(new QTimer(this))
    , m_nextTicket(TicketBase)
{
    qRegisterMetaType<ReceiverStats>();
    qRegisterMetaType<CommittedBatch>();
    qRegisterMetaType<WebhookError>();
    qRegisterMetaType<StoreOpenResult>();
    qRegisterMetaType<QVector<quint64>>();
    m_monotonic.start();

    m_http->route(AlertmanagerEndpoint, [this](const QHttpServerRequest& request, QHttpServerResponder&& responder) {
        routeHook(Hook::Alertmanager, request, std::move(responder));
    });
    m_http->route(CloudEventsEndpoint, [this](const QHttpServerRequest& request, QHttpServerResponder&& responder) {
        routeHook(Hook::CloudEvents, request, std::move(responder));
    });
    m_http->route(MetricsEndpoint, [this](const QHttpServerRequest& request, QHttpServerResponder&& responder) {
        serveMetrics(request, std::move(responder));
    });
    m_http->route(HealthEndpoint, [this](const QHttpServerRequest& request, QHttpServerResponder&& responder) {
        serveHealth(request, std::move(responder));
    });
    m_http->setMissingHandler([this](const QHttpServerRequest& request, QHttpServerResponder&& responder) {
        serveMissing(request, std::move(responder));
    });

    m_sweep->setInterval(qBound(10, m_commitTimeoutMs / 4, 250));
    connect(m_sweep, &QTimer::timeout, this, &WebhookReceiver::sweepExpired);
    m_statsTimer->setSingleShot(true);
    m_statsTimer->setInterval(StatsIntervalMs);
    connect(m_statsTimer, &QTimer::timeout, this, &WebhookReceiver::emitStats);
}

// Whatever is still waiting gets a 503, which Alertmanager retries: nothing was promised stored.
WebhookReceiver::~WebhookReceiver()
{
    while (!m_pending.empty())
        finish(m_pending.begin()->first, 503, QByteArrayLiteral("Firebreak is shutting down; retry\n"));
}

void WebhookReceiver::attach(IngestPipeline* pipeline, StoreWriter* writer)
{
    m_pipeline = pipeline;
    m_writer = writer;
    if (pipeline) {
        connect(this, &WebhookReceiver::alertmanagerPayload, pipeline, &IngestPipeline::acceptWebhook,
            Qt::QueuedConnection);
        connect(pipeline, &IngestPipeline::rejected, this, &WebhookReceiver::onRejected, Qt::QueuedConnection);
        connect(pipeline, &IngestPipeline::overloaded, this, &WebhookReceiver::onOverloaded, Qt::QueuedConnection);
    }
    if (writer) {
        connect(writer, &StoreWriter::committed, this, &WebhookReceiver::onCommitted, Qt::QueuedConnection);
        connect(writer, &StoreWriter::failed, this, &WebhookReceiver::onStoreFailed, Qt::QueuedConnection);
        connect(writer, &StoreWriter::opened, this, &WebhookReceiver::onStoreOpened, Qt::QueuedConnection);
    }
}

bool WebhookReceiver::listen(QString* error)
{
    const QString host = m_settings.listenHost;
    QHostAddress address;
    if (host.isEmpty() || host == QLatin1String("localhost")) {
        address = QHostAddress(QHostAddress::LocalHost);
    } else if (!address.setAddress(host)) {
        if (error)
            *error = QStringLiteral("receiver: cannot listen on \"%1\": not an IP address").arg(host);
        return false;
    }
    auto* gate = new BodyLimitServer(m_settings.maxBodyBytes, this);
    if (!gate->listen(address, m_settings.listenPort)) {
        if (error) {
            const QString shown = address.protocol() == QAbstractSocket::IPv6Protocol
                ? QLatin1Char('[') + address.toString() + QLatin1Char(']')
                : address.toString();
            *error = QStringLiteral("receiver: cannot listen on %1:%2: %3")
                         .arg(shown)
                         .arg(m_settings.listenPort)
                         .arg(gate->errorString());
        }
        delete gate;
        return false;
    }
    connect(gate, &BodyLimitServer::refused, this, &WebhookReceiver::onGateRefused);
    m_http->bind(gate);
    m_gate = gate;
    m_port = gate->serverPort();
    return true;
}

void WebhookReceiver::setCommitTimeoutMs(int ms)
{
    m_commitTimeoutMs = qMax(1, ms);
    m_sweep->setInterval(qBound(10, m_commitTimeoutMs / 4, 250));
}

void WebhookReceiver::onCommitted(const CommittedBatch& batch)
{
    m_metrics.observeBatchRows(batch.rowCount());
    m_storeProblem.clear();
    QHash<quint64, QString> quarantined;
    for (const QuarantinedPayload& payload : batch.quarantined) {
        if (payload.ticket != 0)
            quarantined.insert(payload.ticket, payload.reason);
    }
    for (const quint64 ticket : batch.tickets) {
        const auto found = m_pending.find(ticket);
        if (found == m_pending.end())
            continue;
        m_metrics.observeIngestSeconds(double(m_monotonic.nsecsElapsed() - found->second.receivedNs) / 1e9);
        if (const auto reason = quarantined.constFind(ticket); reason != quarantined.constEnd()) {
            m_metrics.countRejection(QStringLiteral("quarantined"), *reason, wallNowMs());
            finish(ticket, 202, "quarantined, kept unparsed: " + reason->toUtf8() + '\n');
        } else {
            m_metrics.countAccepted();
            finish(ticket, 200, QByteArrayLiteral("ok\n"));
        }
    }
    statsDirty();
}

void WebhookReceiver::onStoreFailed(const QString& error, const QVector<quint64>& tickets)
{
    m_storeProblem = error;
    for (const quint64 ticket : tickets) {
        if (m_pending.find(ticket) == m_pending.end())
            continue;
        m_metrics.countRejection(QStringLiteral("store_unavailable"), error, wallNowMs());
        finish(ticket, 503, "the store cannot take this delivery; retry later: " + error.toUtf8() + '\n');
    }
    statsDirty();
}

void WebhookReceiver::onRejected(const QString& source, quint64 ticket, const WebhookError& error)
{
    Q_UNUSED(source)
    if (m_pending.find(ticket) == m_pending.end())
        return;
    const QString reason = error.toString();
    m_metrics.countRejection(QStringLiteral("malformed"), reason, wallNowMs());
    finish(ticket, 400, reason.toUtf8() + '\n');
    statsDirty();
}

void WebhookReceiver::onOverloaded(const QString& source, quint64 ticket, const QString& reason)
{
    Q_UNUSED(source)
    if (m_pending.find(ticket) == m_pending.end())
        return;
    m_metrics.countRejection(QStringLiteral("overloaded"), reason, wallNowMs());
    finish(ticket, 503, reason.toUtf8() + '\n');
    statsDirty();
}

void WebhookReceiver::onStoreOpened(const StoreOpenResult& result)
{
    m_storeProblem = result.ok && !result.readOnly ? QString() : result.problem;
}

void WebhookReceiver::routeHook(Hook hook, const QHttpServerRequest& request, QHttpServerResponder&& responder)
{
    handled(responder);
    const QString& endpoint = hook == Hook::Alertmanager ? AlertmanagerEndpoint : CloudEventsEndpoint;
    if (request.method() != QHttpServerRequest::Method::Post) {
        respond(responder, endpoint, 405, QByteArrayLiteral("use POST\n"), { { "Allow", "POST" } });
        return;
    }
    const auto auth = m_authenticator.check(request.value(QByteArrayLiteral("Authorization")));
    if (auth != HookAuthenticator::Result::Accepted) {
        m_metrics.countAuthFailure(QString::fromLatin1(HookAuthenticator::causeName(auth)));
        const QString message = auth == HookAuthenticator::Result::Missing
            ? QStringLiteral("credentials required: send \"Authorization: Bearer <token>\" or basic auth with the "
                             "token as password")
            : QStringLiteral("credentials refused (%1)").arg(QLatin1String(HookAuthenticator::causeName(auth)));
        refuse(responder, endpoint, 401, QStringLiteral("unauthorized"), message,
            { { "WWW-Authenticate", HookAuthenticator::challenge() } });
        return;
    }
    const QByteArray body = request.body();
    if (body.size() > m_settings.maxBodyBytes) {
        refuse(responder, endpoint, 413, QStringLiteral("too_large"),
            QStringLiteral("request body of %1 bytes is over the limit of %2 (max_body_bytes)")
                .arg(body.size())
                .arg(m_settings.maxBodyBytes));
        return;
    }
    const QByteArray contentType = request.value(QByteArrayLiteral("Content-Type"));
    if (!contentType.isEmpty() && !isJsonMediaType(contentType)) {
        refuse(responder, endpoint, 415, QStringLiteral("unsupported_media_type"),
            QStringLiteral("Content-Type must be JSON, got \"%1\"").arg(QString::fromLatin1(contentType.left(100))));
        return;
    }
    if (m_pending.size() >= MaxPendingDeliveries) {
        refuse(responder, endpoint, 503, QStringLiteral("overloaded"),
            QStringLiteral("%1 deliveries are already waiting for the store; retry").arg(m_pending.size()),
            { { "Retry-After", "5" } });
        return;
    }

    const quint64 ticket = ++m_nextTicket;
    Pending pending;
    pending.responder = std::make_unique<QHttpServerResponder>(std::move(responder));
    pending.socket = pending.responder->socket();
    pending.endpoint = endpoint;
    pending.receivedNs = m_monotonic.nsecsElapsed();
    m_pending.emplace(ticket, std::move(pending));
    if (!m_sweep->isActive())
        m_sweep->start();
    if (hook == Hook::Alertmanager) {
        Q_EMIT alertmanagerPayload(body, QString::fromLatin1(AlertmanagerSource), ticket);
    } else {
        Q_EMIT cloudEventsPayload(
            body, QString::fromLatin1(contentType), QString::fromLatin1(CloudEventsSource), ticket);
    }
}

void WebhookReceiver::serveMetrics(const QHttpServerRequest& request, QHttpServerResponder&& responder)
{
    handled(responder);
    if (request.method() != QHttpServerRequest::Method::Get) {
        respond(responder, MetricsEndpoint, 405, QByteArrayLiteral("use GET\n"), { { "Allow", "GET" } });
        return;
    }
    m_metrics.countRequest(MetricsEndpoint, 200); // the scrape counts itself, as Prometheus' own do
    const QByteArray text = m_metrics.render(m_pipeline, int(m_pending.size()));
    respond(responder, QString(), 200, text, {}, ExpositionWriter::ContentType);
}

void WebhookReceiver::serveHealth(const QHttpServerRequest& request, QHttpServerResponder&& responder)
{
    handled(responder);
    if (request.method() != QHttpServerRequest::Method::Get) {
        respond(responder, HealthEndpoint, 405, QByteArrayLiteral("use GET\n"), { { "Allow", "GET" } });
        return;
    }
    const QString problem = healthProblem();
    if (problem.isEmpty())
        respond(responder, HealthEndpoint, 200, QByteArrayLiteral("ok\n"));
    else
        respond(responder, HealthEndpoint, 503, problem.toUtf8() + '\n');
}

void WebhookReceiver::serveMissing(const QHttpServerRequest& request, QHttpServerResponder&& responder)
{
    Q_UNUSED(request)
    handled(responder);
    respond(responder, OtherEndpoint, 404,
        QByteArrayLiteral("not found; this server answers POST /hooks/alertmanager, POST /hooks/cloudevents, GET "
                          "/metrics and GET /healthz\n"));
}

// An empty `endpoint` answers without counting (the caller counted already).
void WebhookReceiver::respond(QHttpServerResponder& responder, const QString& endpoint, int status,
    const QByteArray& body, const QVector<Header>& headers, const QByteArray& contentType)
{
    if (!endpoint.isEmpty())
        m_metrics.countRequest(endpoint, status);
    const QTcpSocket* socket = responder.socket();
    if (!socket || socket->state() != QAbstractSocket::ConnectedState)
        return;
    responder.writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(status));
    responder.writeHeader(QByteArrayLiteral("Content-Type"), contentType);
    responder.writeHeader(QByteArrayLiteral("Content-Length"), QByteArray::number(body.size()));
    for (const Header& header : headers)
        responder.writeHeader(header.name, header.value);
    responder.writeBody(body);
}

void WebhookReceiver::refuse(QHttpServerResponder& responder, const QString& endpoint, int status,
    const QString& reason, const QString& message, const QVector<Header>& headers)
{
    m_metrics.countRejection(reason, message, wallNowMs());
    statsDirty();
    respond(responder, endpoint, status, message.toUtf8() + '\n', headers);
}

void WebhookReceiver::finish(quint64 ticket, int status, const QByteArray& body)
{
    const auto found = m_pending.find(ticket);
    if (found == m_pending.end())
        return;
    Pending pending = std::move(found->second);
    m_pending.erase(found);
    if (m_pending.empty())
        m_sweep->stop();
    // The connection may have closed while the store worked; its socket is then gone.
    if (!pending.socket || pending.socket->state() != QAbstractSocket::ConnectedState) {
        m_metrics.countRequest(pending.endpoint, ClientGone);
        return;
    }
    respond(*pending.responder, pending.endpoint, status, body);
}

void WebhookReceiver::onGateRefused(int statusCode, const QByteArray& path, const QString& message)
{
    m_metrics.countRequest(endpointFor(path), statusCode);
    m_metrics.countRejection(
        statusCode == 431 ? QStringLiteral("header_too_large") : QStringLiteral("too_large"), message, wallNowMs());
    statsDirty();
}

// A delivery the store has not answered in time gets 503 so that Alertmanager retries instead of
// hanging; if the commit does land later, the retry is recognised as a duplicate.
void WebhookReceiver::sweepExpired()
{
    const qint64 nowNs = m_monotonic.nsecsElapsed();
    const qint64 limitNs = qint64(m_commitTimeoutMs) * 1'000'000;
    QVector<quint64> expired;
    for (const auto& [ticket, pending] : m_pending) {
        if (nowNs - pending.receivedNs >= limitNs)
            expired.append(ticket);
    }
    for (const quint64 ticket : std::as_const(expired)) {
        const QString message
            = QStringLiteral("the store did not commit this delivery within %1 ms; retry").arg(m_commitTimeoutMs);
        m_metrics.countRejection(QStringLiteral("timeout"), message, wallNowMs());
        finish(ticket, 503, message.toUtf8() + '\n');
    }
    if (!expired.isEmpty())
        statsDirty();
}

// With the inbox's backlog; while alerts wait to be correlated, again every StatsIntervalMs, so that
// the console follows the timeline catching up and sees it done.
void WebhookReceiver::emitStats()
{
    ReceiverStats stats = m_metrics.stats();
    if (m_pipeline) {
        stats.waitingAlerts = m_pipeline->inboxAlerts();
        const qint64 oldestMs = m_pipeline->inboxOldestReceivedMs();
        stats.waitingForMs = stats.waitingAlerts > 0 && oldestMs > 0 ? qMax<qint64>(0, wallNowMs() - oldestMs) : 0;
    }
    Q_EMIT statsChanged(stats);
    if (stats.waitingAlerts > 0)
        m_statsTimer->start();
}

void WebhookReceiver::statsDirty()
{
    if (!m_statsTimer->isActive())
        m_statsTimer->start();
}

void WebhookReceiver::handled(QHttpServerResponder& responder)
{
    if (m_gate && responder.socket())
        m_gate->requestHandled(responder.socket());
}

QString WebhookReceiver::healthProblem() const
{
    if (m_port.load() == 0)
        return QStringLiteral("not listening");
    if (!m_writer)
        return QStringLiteral("no store attached");
    if (!m_writer->acceptsWrites()) {
        return m_storeProblem.isEmpty() ? QStringLiteral("the store is not open for writing")
                                        : QStringLiteral("the store is not taking writes: ") + m_storeProblem;
    }
    if (!m_storeProblem.isEmpty())
        return QStringLiteral("the last write to the store failed: ") + m_storeProblem;
    return QString();
}

} // namespace firebreak
