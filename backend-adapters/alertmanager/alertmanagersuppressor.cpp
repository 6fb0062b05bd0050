#include "alertmanagersuppressor.h"

#include "alertmanagerclient.h"

#include <QTimer>

namespace firebreak {

AlertmanagerSuppressor::AlertmanagerSuppressor(AlertmanagerClient& client, int timeoutMs, QObject* parent)
    : QObject(parent)
    , m_client(client)
    , m_timeoutMs(timeoutMs > 0 ? timeoutMs : DefaultTimeoutMs)
{
    connect(&m_client, &AlertmanagerClient::silenceCreated, this,
        [this](quint64 requestId, const QString& silenceId, const QString&) { onCreated(requestId, silenceId); });
    connect(&m_client, &AlertmanagerClient::silenceExpired, this,
        [this](quint64 requestId, const QString& silenceId, const QString&) { onExpired(requestId, silenceId); });
    connect(&m_client, &AlertmanagerClient::silenceFailed, this, &AlertmanagerSuppressor::onFailed);
}

// Requests still pending are dropped without calling `done`: whoever destroys the suppressor is
// going away too, and a callback into it would outlive what it captured.
AlertmanagerSuppressor::~AlertmanagerSuppressor() = default;

QString AlertmanagerSuppressor::name() const
{
    return QStringLiteral("alertmanager");
}

void AlertmanagerSuppressor::suppress(const LabelSet& matchers, qint64 startsAtMs, qint64 endsAtMs,
    const QString& createdBy, const QString& comment, Callback done)
{
    Silence silence;
    for (auto it = matchers.cbegin(); it != matchers.cend(); ++it)
        silence.matchers.append(SilenceMatcher { it.key(), it.value(), false, true });
    silence.startsAtMs = startsAtMs;
    silence.endsAtMs = endsAtMs;
    silence.createdBy = createdBy.isEmpty() ? QStringLiteral("firebreak") : createdBy;
    silence.comment = comment;
    // Tracked before the call: the client refuses an invalid silence before it returns.
    const quint64 requestId = track(std::move(done), QStringLiteral("silence not created"));
    m_client.createSilence(silence, requestId);
}

void AlertmanagerSuppressor::expire(const QString& id, Callback done)
{
    const quint64 requestId = track(std::move(done), QStringLiteral("silence %1 not expired").arg(id));
    m_client.expireSilence(id, requestId);
}

quint64 AlertmanagerSuppressor::track(Callback done, const QString& what)
{
    const quint64 requestId = m_nextRequestId++;
    auto* timer = new QTimer(this);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, this, [this, requestId] {
        const QString failed = m_pending.value(requestId).what;
        finish(requestId,
            SuppressionResult { false, QString(),
                QStringLiteral("%1: no answer from Alertmanager within %2 ms").arg(failed).arg(m_timeoutMs) });
    });
    m_pending.insert(requestId, Pending { std::move(done), timer, what });
    timer->start(m_timeoutMs);
    return requestId;
}

void AlertmanagerSuppressor::finish(quint64 requestId, const SuppressionResult& result)
{
    const auto it = m_pending.find(requestId);
    if (it == m_pending.end())
        return; // someone else's request, or one that already timed out
    Pending pending = std::move(it.value());
    m_pending.erase(it);
    pending.timer->stop();
    pending.timer->deleteLater();
    if (pending.done)
        pending.done(result);
}

void AlertmanagerSuppressor::onCreated(quint64 requestId, const QString& silenceId)
{
    finish(requestId, SuppressionResult { true, silenceId, QString() });
}

void AlertmanagerSuppressor::onExpired(quint64 requestId, const QString& silenceId)
{
    finish(requestId, SuppressionResult { true, silenceId, QString() });
}

void AlertmanagerSuppressor::onFailed(quint64 requestId, const QString& error)
{
    finish(requestId, SuppressionResult { false, QString(), error });
}

} // namespace firebreak
