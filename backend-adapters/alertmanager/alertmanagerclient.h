#pragma once

#include "alertmanagerclientoptions.h"
#include "config/firebreakconfig.h"
#include "domain/alert.h"
#include "domain/silence.h"
#include "domain/sourcehealth.h"

#include <QObject>
#include <QVector>
#include <functional>
#include <memory>

class QTimer;

namespace firebreak {

class ApiTransport;
struct ApiResponse;

// Talks to the peers of one Alertmanager HA cluster over API v2, so that nothing that fired while
// Firebreak was closed or disconnected is missed, and so that suppression can create and expire
// silences. Each peer is probed and shown on its own (a peer that is down is visible, the others
// carry on). Alertmanager peers gossip silences but not alerts (each peer holds what Prometheus
// sent it), so a sync asks every reachable peer and emits the union once; alerts every peer knows
// appear once, and correlation drops those it already has.
// Lives on the engine thread: construct, moveToThread, then invoke start() there.
class AlertmanagerClient : public QObject {
    Q_OBJECT
public:
    explicit AlertmanagerClient(
        AlertmanagerSettings settings, AlertmanagerClientOptions options = {}, QObject* parent = nullptr);
    ~AlertmanagerClient() override;

    // "alertmanager 127.0.0.1:9093": the SourceHealth name and the prefix of every message.
    static QString peerName(const QUrl& peer);
    QVector<SourceHealth> health() const;

public Q_SLOTS:
    // Emits every peer's health as Unknown, then probes them all and syncs.
    void start();
    // Stops probing and abandons requests in flight (their results are never emitted).
    void stop();
    // Fetches active alerts from every reachable peer and the silences from one of them. Also
    // runs by itself on start and whenever a peer comes back.
    void sync();
    void refreshSilences();
    // Tries the peers in order (those that answer first) until one takes it; answers with
    // silenceCreated or silenceFailed carrying `requestId`, then refreshes the silence list.
    void createSilence(const firebreak::Silence& silence, quint64 requestId);
    void expireSilence(const QString& silenceId, quint64 requestId);

Q_SIGNALS:
    void healthChanged(const firebreak::SourceHealth& health);
    // The union of the peers' active alerts; `source` names the peers that answered.
    void alertsFetched(const QVector<firebreak::Alert>& alerts, const QString& source);
    void silencesFetched(const QVector<firebreak::Silence>& silences, const QString& source);
    void silenceCreated(quint64 requestId, const QString& silenceId, const QString& peer);
    void silenceExpired(quint64 requestId, const QString& silenceId, const QString& peer);
    void silenceFailed(quint64 requestId, const QString& error);
    // Any failure, naming the peer and what failed (for the log and the status bar).
    void errorOccurred(const QString& message);

private:
    struct Peer;
    struct SyncRound;
    struct Attempt;

    void probe(int index);
    void onProbed(int index, const ApiResponse& response);
    void setHealth(int index, SourceHealth::State state, const QString& detail);
    void scheduleProbe(int index);
    void requestSync();
    void runSync();
    void finishSync(const std::shared_ptr<SyncRound>& round);
    QVector<int> peerOrder() const;
    void attempt(const std::shared_ptr<Attempt>& state);

    AlertmanagerClientOptions m_options;
    ApiTransport* m_transport;
    QTimer* m_syncTimer;
    std::vector<std::unique_ptr<Peer>> m_peers;
    bool m_running = false;
    bool m_syncing = false;
    bool m_resyncPending = false;
    bool m_synced = false; // a sync has succeeded at least once
};

} // namespace firebreak
