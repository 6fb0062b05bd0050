#pragma once

#include "config/firebreakconfig.h"
#include "domain/receiverstats.h"
#include "hookauthenticator.h"
#include "ingest/webhookpayload.h"
#include "receivermetrics.h"
#include "store/storeopenresult.h"
#include "store/writebatch.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <atomic>
#include <map>
#include <memory>

class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponder;
class QTcpSocket;
class QTimer;

namespace firebreak {

class BodyLimitServer;
class IngestPipeline;
class StoreWriter;

// The HTTP front door for Alertmanager webhooks and CloudEvents. It answers a delivery only once its
// outcome is known, because Alertmanager retries 5xx but drops anything answered 2xx or 4xx: 200
// after the rows are committed, 202 once a payload of an unknown version is durably quarantined, 400
// for a malformed body, 401/413/415 before anything is parsed, 503 when the store cannot take the
// rows or does not answer in time. It never parses or touches SQL itself, so it can never block.
// Use: construct, moveToThread("firebreak-http"), attach(), then invoke listen() on that thread.
// GET /metrics and GET /healthz need no credentials.
class WebhookReceiver : public QObject {
    Q_OBJECT
public:
    static constexpr int DefaultCommitTimeoutMs = 10'000;
    static constexpr int MaxPendingDeliveries = 256;
    static constexpr int StatsIntervalMs = 250; // statsChanged at most 4 times a second
    static constexpr auto AlertmanagerSource = "alertmanager";
    static constexpr auto CloudEventsSource = "cloudevents";

    explicit WebhookReceiver(ReceiverSettings settings, QObject* parent = nullptr);
    ~WebhookReceiver() override;

    // Makes the queued connections: alertmanagerPayload -> pipeline->acceptWebhook; pipeline
    // rejected/overloaded, writer committed/failed/opened -> this. The pipeline must be connected to
    // the writer (IngestPipeline::connectTo). Reads the pipeline's counters for /metrics
    // and the writer's state for /healthz; both must outlive the receiver. Call before listen().
    // cloudEventsPayload is left for the caller to connect.
    void attach(IngestPipeline* pipeline, StoreWriter* writer);
    // On the receiver's thread. False with `error` naming the address when it cannot listen.
    bool listen(QString* error);
    quint16 port() const { return m_port.load(); } // any thread; 0 until listening
    void setCommitTimeoutMs(int ms); // before listen(); tests shorten it
    const ReceiverStats& stats() const { return m_metrics.stats(); } // on the receiver's thread

public Q_SLOTS:
    void onCommitted(const firebreak::CommittedBatch& batch);
    void onStoreFailed(const QString& error, const QVector<quint64>& tickets);
    void onRejected(const QString& source, quint64 ticket, const firebreak::WebhookError& error);
    void onOverloaded(const QString& source, quint64 ticket, const QString& reason);
    void onStoreOpened(const firebreak::StoreOpenResult& result);

Q_SIGNALS:
    void alertmanagerPayload(const QByteArray& body, const QString& source, quint64 ticket);
    void cloudEventsPayload(const QByteArray& body, const QString& contentType, const QString& source, quint64 ticket);
    void statsChanged(const firebreak::ReceiverStats& stats);

private:
    enum class Hook { Alertmanager, CloudEvents };
    struct Header {
        QByteArray name;
        QByteArray value;
    };
    struct Pending {
        std::unique_ptr<QHttpServerResponder> responder;
        QPointer<QTcpSocket> socket;
        QString endpoint;
        qint64 receivedNs = 0;
    };

    void routeHook(Hook hook, const QHttpServerRequest& request, QHttpServerResponder&& responder);
    void serveMetrics(const QHttpServerRequest& request, QHttpServerResponder&& responder);
    void serveHealth(const QHttpServerRequest& request, QHttpServerResponder&& responder);
    void serveMissing(const QHttpServerRequest& request, QHttpServerResponder&& responder);
    void respond(QHttpServerResponder& responder, const QString& endpoint, int status, const QByteArray& body,
        const QVector<Header>& headers = {}, const QByteArray& contentType = "text/plain; charset=utf-8");
    void refuse(QHttpServerResponder& responder, const QString& endpoint, int status, const QString& reason,
        const QString& message, const QVector<Header>& headers = {});
    void finish(quint64 ticket, int status, const QByteArray& body);
    void onGateRefused(int statusCode, const QByteArray& path, const QString& message);
    void sweepExpired();
    void statsDirty();
    void emitStats();
    void handled(QHttpServerResponder& responder);
    QString healthProblem() const;

    ReceiverSettings m_settings;
    HookAuthenticator m_authenticator;
    QHttpServer* m_http = nullptr;
    BodyLimitServer* m_gate = nullptr;
    QTimer* m_sweep = nullptr;
    QTimer* m_statsTimer = nullptr;
    const IngestPipeline* m_pipeline = nullptr;
    const StoreWriter* m_writer = nullptr;
    std::atomic<quint16> m_port = 0;
    int m_commitTimeoutMs = DefaultCommitTimeoutMs;
    quint64 m_nextTicket = 0;
    std::map<quint64, Pending> m_pending;
    QElapsedTimer m_monotonic;
    ReceiverMetrics m_metrics;
    QString m_storeProblem; // from the last failed write or a store opened read-only; empty when fine
};

} // namespace firebreak
