#pragma once

#include "interfaces/suppressor.h"

#include <QHash>
#include <QObject>

class QTimer;

namespace firebreak {

class AlertmanagerClient;

// Suppression in production: turns the engine's suppress/expire calls into Alertmanager silences
// through the shared AlertmanagerClient (which already knows the HA peers and their health), and
// guarantees the engine one answer per request even when the client fails, is stopped (it drops
// requests in flight without a word) or never answers. Lives on the client's thread.
class AlertmanagerSuppressor final : public QObject, public Suppressor {
    Q_OBJECT
public:
    static constexpr int DefaultTimeoutMs = 30000;
    // Request ids sent to the client start here, so that they cannot be taken for those of other
    // users of the same client (the console's own silence actions count up from 1).
    static constexpr quint64 FirstRequestId = quint64(0x5355505052455353); // "SUPPRESS"

    // `timeoutMs`: no answer from the client within this, and `done` reports a failure (an answer
    // that still comes later is ignored). It should exceed the client's request timeout times the
    // number of peers, since the client tries the peers in turn.
    explicit AlertmanagerSuppressor(
        AlertmanagerClient& client, int timeoutMs = DefaultTimeoutMs, QObject* parent = nullptr);
    ~AlertmanagerSuppressor() override;

    QString name() const override;
    void suppress(const LabelSet& matchers, qint64 startsAtMs, qint64 endsAtMs, const QString& createdBy,
        const QString& comment, Callback done) override;
    void expire(const QString& id, Callback done) override;
    int pendingCount() const { return static_cast<int>(m_pending.size()); }

private:
    struct Pending {
        Callback done;
        QTimer* timer = nullptr;
        QString what; // "silence not created" / "silence X not expired", for the timeout message
    };

    quint64 track(Callback done, const QString& what);
    void finish(quint64 requestId, const SuppressionResult& result);
    void onCreated(quint64 requestId, const QString& silenceId);
    void onExpired(quint64 requestId, const QString& silenceId);
    void onFailed(quint64 requestId, const QString& error);

    AlertmanagerClient& m_client;
    int m_timeoutMs;
    quint64 m_nextRequestId = FirstRequestId;
    QHash<quint64, Pending> m_pending;
};

} // namespace firebreak
