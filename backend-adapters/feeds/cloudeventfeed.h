#pragma once

#include "cloudeventfeedoptions.h"
#include "config/firebreakconfig.h"
#include "domain/sourcehealth.h"
#include "ingest/webhookpayload.h"

#include <QObject>
#include <QPointer>
#include <atomic>

class QTimer;
class QWebSocket;

namespace firebreak {

class Clock;
class IngestPipeline;

// A client for one WebSocket feed of CloudEvents (JSON format, subprotocol cloudevents.json), for
// example deploy events from CI/CD. It keeps the connection alive (ping, pong timeout, reconnect
// with exponential backoff and full jitter, a cap on message size), hands every message to the
// ingest pipeline, and reports on the status bar what is wrong, because a feed that silently stops
// would make "no recent deploy" gates pass for the wrong reason.
// Use: construct, moveToThread(engine thread), attach(pipeline) or connect the signals, invoke start().
class CloudEventFeed : public QObject {
    Q_OBJECT
public:
    CloudEventFeed(
        FeedSettings settings, const Clock& clock, CloudEventFeedOptions options = {}, QObject* parent = nullptr);
    ~CloudEventFeed() override;

    // The source stamped on the feed's timeline events and health: "feed " + URL without user info.
    QString name() const { return m_name; }
    // Connects message() to IngestPipeline::ingestCloudEvents and the pipeline's rejected() back to
    // noteRejected(). Both objects must live on the same thread (the engine thread).
    void attach(IngestPipeline* pipeline);

    SourceHealth health() const { return m_health; }
    int attempt() const { return m_attempt; } // failed attempts since the last stable connection

    // Counters, safe to read from any thread.
    quint64 messagesReceived() const { return m_messages.load(); }
    quint64 malformedMessages() const { return m_malformed.load(); } // refused by the parser, or binary
    quint64 oversizedMessages() const { return m_oversized.load(); }
    quint64 connectionsOpened() const { return m_connections.load(); }

public Q_SLOTS:
    void start();
    void stop();
    // The pipeline refused a message of this feed (other sources are ignored).
    void noteRejected(const QString& source, quint64 ticket, const firebreak::WebhookError& error);

Q_SIGNALS:
    // One WebSocket message, for IngestPipeline::ingestCloudEvents (content type empty: structured,
    // one event or an array of them; ticket 0: nobody waits for the commit).
    void message(const QByteArray& body, const QString& contentType, const QString& source, quint64 ticket);
    void healthChanged(const firebreak::SourceHealth& health);
    void connected();
    // A reconnect was scheduled: attempt number (1 = first retry), the jittered delay and its ceiling.
    void reconnectScheduled(int attempt, int delayMs, int ceilingMs);

private:
    void connectNow();
    void onConnected();
    void onSocketGone(QWebSocket* socket);
    void onTextMessage(const QString& text);
    void onBinaryMessage(const QByteArray& bytes);
    void onPingTimer();
    void onPongTimeout();
    void scheduleReconnect();
    void dropSocket(const QString& reason);
    void noteProblem(const QString& what);
    void publishHealth();
    void setHealth(SourceHealth::State state, const QString& detail);

    FeedSettings m_settings;
    const Clock& m_clock;
    CloudEventFeedOptions m_options;
    QString m_name;
    QPointer<QWebSocket> m_socket;
    QTimer* m_reconnectTimer;
    QTimer* m_countdownTimer; // refreshes "reconnecting in N s" while waiting
    QTimer* m_handshakeTimer;
    QTimer* m_pingTimer;
    QTimer* m_pongTimer;
    QTimer* m_stableTimer;
    QTimer* m_degradedTimer;
    bool m_running = false;
    bool m_isConnected = false;
    int m_attempt = 0;
    qint64 m_reconnectAtMs = 0;
    QString m_lastDisconnect; // why the last connection ended or failed
    QString m_lastProblem; // last malformed or oversized message
    qint64 m_lastProblemMs = 0;
    SourceHealth m_health;
    std::atomic<quint64> m_messages { 0 };
    std::atomic<quint64> m_malformed { 0 };
    std::atomic<quint64> m_oversized { 0 };
    std::atomic<quint64> m_connections { 0 };
};

} // namespace firebreak
