#include "cloudeventfeed.h"

#include "engine/ingestpipeline.h"
#include "interfaces/clock.h"

#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketHandshakeOptions>
#include <cmath>

namespace firebreak {

namespace {

// The WebSockets binding's subprotocol for the JSON event format (bindings/websockets-protocol-binding.md).
const QString Subprotocol = QStringLiteral("cloudevents.json");

QString seconds(qint64 ms)
{
    if (ms < 10'000)
        return QString::number(double(ms) / 1000.0, 'f', 1) + QStringLiteral(" s");
    return QString::number((ms + 999) / 1000) + QStringLiteral(" s");
}

QTimer* singleShotTimer(QObject* parent)
{
    auto* timer = new QTimer(parent);
    timer->setSingleShot(true);
    return timer;
}

} // namespace

CloudEventFeed::CloudEventFeed(
    FeedSettings settings, const Clock& clock, CloudEventFeedOptions options, QObject* parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_clock(clock)
    , m_options(std::move(options))
    , m_name(QStringLiteral("feed ")
          + m_settings.websocket.toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment))
    , m_reconnectTimer(singleShotTimer(this))
    , m_countdownTimer(new QTimer(this))
    , m_handshakeTimer(singleShotTimer(this))
    , m_pingTimer(new QTimer(this))
    , m_pongTimer(singleShotTimer(this))
    , m_stableTimer(singleShotTimer(this))
    , m_degradedTimer(singleShotTimer(this))
{
    qRegisterMetaType<SourceHealth>();
    qRegisterMetaType<WebhookError>();
    if (!m_options.jitter)
        m_options.jitter = [] { return QRandomGenerator::global()->generateDouble(); };
    m_health.name = m_name;
    m_countdownTimer->setInterval(1000);
    m_pingTimer->setInterval(m_options.pingIntervalMs);
    connect(m_reconnectTimer, &QTimer::timeout, this, &CloudEventFeed::connectNow);
    connect(m_countdownTimer, &QTimer::timeout, this, &CloudEventFeed::publishHealth);
    connect(m_handshakeTimer, &QTimer::timeout, this,
        [this] { dropSocket(QStringLiteral("no handshake within %1").arg(seconds(m_options.handshakeTimeoutMs))); });
    connect(m_pingTimer, &QTimer::timeout, this, &CloudEventFeed::onPingTimer);
    connect(m_pongTimer, &QTimer::timeout, this, &CloudEventFeed::onPongTimeout);
    connect(m_stableTimer, &QTimer::timeout, this, [this] { m_attempt = 0; });
    connect(m_degradedTimer, &QTimer::timeout, this, &CloudEventFeed::publishHealth);
}

CloudEventFeed::~CloudEventFeed()
{
    m_running = false;
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        delete m_socket;
    }
}

void CloudEventFeed::attach(IngestPipeline* pipeline)
{
    connect(this, &CloudEventFeed::message, pipeline, &IngestPipeline::ingestCloudEvents);
    connect(pipeline, &IngestPipeline::rejected, this, &CloudEventFeed::noteRejected);
}

void CloudEventFeed::start()
{
    if (m_running)
        return;
    m_running = true;
    m_attempt = 0;
    connectNow();
}

void CloudEventFeed::stop()
{
    m_running = false;
    for (QTimer* timer :
        { m_reconnectTimer, m_countdownTimer, m_handshakeTimer, m_pingTimer, m_pongTimer, m_stableTimer })
        timer->stop();
    if (m_socket) {
        QWebSocket* socket = m_socket;
        m_socket = nullptr;
        socket->disconnect(this);
        socket->close(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("Firebreak stopped the feed"));
        socket->deleteLater();
    }
    m_isConnected = false;
    setHealth(SourceHealth::State::Down, QStringLiteral("stopped"));
}

void CloudEventFeed::connectNow()
{
    if (!m_running)
        return;
    m_countdownTimer->stop();
    m_reconnectAtMs = 0;
    auto* socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    m_socket = socket;
    socket->setMaxAllowedIncomingMessageSize(quint64(m_options.maxMessageBytes));
    socket->setMaxAllowedIncomingFrameSize(quint64(m_options.maxMessageBytes));
    connect(socket, &QWebSocket::connected, this, &CloudEventFeed::onConnected);
    connect(socket, &QWebSocket::disconnected, this, [this, socket] { onSocketGone(socket); });
    connect(socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
        [this, socket] { onSocketGone(socket); });
    connect(socket, &QWebSocket::textMessageReceived, this, &CloudEventFeed::onTextMessage);
    connect(socket, &QWebSocket::binaryMessageReceived, this, &CloudEventFeed::onBinaryMessage);
    connect(socket, &QWebSocket::pong, m_pongTimer, &QTimer::stop);

    QNetworkRequest request(m_settings.websocket);
    if (m_settings.credential.isSet())
        request.setRawHeader("Authorization", "Bearer " + m_settings.credential.token);
    QWebSocketHandshakeOptions handshake;
    handshake.setSubprotocols({ Subprotocol });
    m_handshakeTimer->start(m_options.handshakeTimeoutMs);
    if (m_health.state != SourceHealth::State::Down || m_health.detail.isEmpty())
        setHealth(SourceHealth::State::Down, QStringLiteral("connecting"));
    socket->open(request, handshake);
}

void CloudEventFeed::onConnected()
{
    m_handshakeTimer->stop();
    m_isConnected = true;
    ++m_connections;
    m_lastDisconnect.clear();
    m_pingTimer->start();
    m_stableTimer->start(m_options.stableAfterMs);
    publishHealth();
    Q_EMIT connected();
}

// Both `error` and `disconnected` lead here, in either order and sometimes both; only the first
// one for the current socket counts.
void CloudEventFeed::onSocketGone(QWebSocket* socket)
{
    if (socket != m_socket)
        return;
    QString reason;
    if (socket->closeCode() == QWebSocketProtocol::CloseCodeTooMuchData) {
        ++m_oversized;
        noteProblem(QStringLiteral("message larger than %1 bytes refused").arg(m_options.maxMessageBytes));
        reason = QStringLiteral("closed after an oversized message");
    } else if (m_isConnected && socket->closeCode() != QWebSocketProtocol::CloseCodeNormal) {
        reason = QStringLiteral("connection closed (code %1%2)")
                     .arg(int(socket->closeCode()))
                     .arg(socket->closeReason().isEmpty() ? QString() : QStringLiteral(": ") + socket->closeReason());
    } else if (m_isConnected) {
        reason = QStringLiteral("server closed the connection");
    } else {
        reason = socket->errorString().isEmpty() ? QStringLiteral("connection failed") : socket->errorString();
    }
    dropSocket(reason);
}

void CloudEventFeed::dropSocket(const QString& reason)
{
    m_lastDisconnect = reason;
    m_isConnected = false;
    for (QTimer* timer : { m_handshakeTimer, m_pingTimer, m_pongTimer, m_stableTimer })
        timer->stop();
    if (QWebSocket* socket = m_socket) {
        m_socket = nullptr;
        socket->disconnect(this);
        socket->abort();
        socket->deleteLater();
    }
    scheduleReconnect();
}

void CloudEventFeed::scheduleReconnect()
{
    if (!m_running)
        return;
    ++m_attempt;
    const double ceiling = std::min(double(m_options.maxBackoffMs),
        double(m_options.initialBackoffMs) * std::pow(2.0, double(std::min(m_attempt - 1, 30))));
    const double fraction = std::clamp(m_options.jitter(), 0.0, 1.0);
    const int delayMs = int(std::lround(fraction * ceiling));
    m_reconnectAtMs = m_clock.nowMs() + delayMs;
    m_reconnectTimer->start(delayMs);
    m_countdownTimer->start();
    publishHealth();
    Q_EMIT reconnectScheduled(m_attempt, delayMs, int(ceiling));
}

void CloudEventFeed::onTextMessage(const QString& text)
{
    ++m_messages;
    Q_EMIT message(text.toUtf8(), QString(), m_name, 0);
}

void CloudEventFeed::onBinaryMessage(const QByteArray&)
{
    ++m_messages;
    ++m_malformed;
    noteProblem(QStringLiteral("binary message (cloudevents.json sends events as text messages)"));
}

void CloudEventFeed::noteRejected(const QString& source, quint64, const WebhookError& error)
{
    if (source != m_name)
        return;
    ++m_malformed;
    noteProblem(error.toString());
}

void CloudEventFeed::onPingTimer()
{
    if (!m_socket || m_pongTimer->isActive())
        return;
    m_pongTimer->start(m_options.pongTimeoutMs);
    m_socket->ping();
}

void CloudEventFeed::onPongTimeout()
{
    dropSocket(QStringLiteral("no pong within %1").arg(seconds(m_options.pongTimeoutMs)));
}

void CloudEventFeed::noteProblem(const QString& what)
{
    m_lastProblem = what;
    m_lastProblemMs = m_clock.nowMs();
    m_degradedTimer->start(int(std::min<qint64>(m_options.degradedForMs, std::numeric_limits<int>::max())));
    publishHealth();
}

void CloudEventFeed::publishHealth()
{
    if (!m_running)
        return;
    if (!m_isConnected) {
        QString detail = m_lastDisconnect.isEmpty() ? QStringLiteral("connecting") : m_lastDisconnect;
        if (m_reconnectTimer->isActive())
            detail += QStringLiteral("; reconnecting in ")
                + seconds(std::max<qint64>(0, m_reconnectAtMs - m_clock.nowMs()));
        setHealth(SourceHealth::State::Down, detail);
        return;
    }
    const bool recentProblem = m_lastProblemMs != 0 && m_clock.nowMs() - m_lastProblemMs < m_options.degradedForMs;
    if (!recentProblem) {
        setHealth(SourceHealth::State::Up, QStringLiteral("connected"));
        return;
    }
    QStringList counts;
    if (const quint64 malformed = m_malformed.load(); malformed > 0)
        counts.append(QStringLiteral("%1 malformed event%2").arg(malformed).arg(malformed == 1 ? "" : "s"));
    if (const quint64 oversized = m_oversized.load(); oversized > 0)
        counts.append(QStringLiteral("%1 oversized message%2").arg(oversized).arg(oversized == 1 ? "" : "s"));
    setHealth(
        SourceHealth::State::Degraded, counts.join(QStringLiteral(", ")) + QStringLiteral(", last: ") + m_lastProblem);
}

void CloudEventFeed::setHealth(SourceHealth::State state, const QString& detail)
{
    if (state == m_health.state && detail == m_health.detail)
        return;
    if (state != m_health.state)
        m_health.sinceMs = m_clock.nowMs();
    m_health.state = state;
    m_health.detail = detail;
    Q_EMIT healthChanged(m_health);
}

} // namespace firebreak
