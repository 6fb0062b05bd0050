#include "alertmanagerclient.h"

#include "apitransport.h"
#include "ingest/alertmanagerstatusparser.h"
#include "ingest/gettablealertsparser.h"
#include "ingest/silencecodec.h"

#include <QDateTime>
#include <QHash>
#include <QTimer>

namespace firebreak {

namespace {

// Alertmanager compares endsAt with its own wall clock, so this adapter does too (a sandbox's
// accelerated clock has nothing to say about a real Alertmanager).
qint64 wallClockMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QString clusterDetail(const ClusterStatus& status)
{
    const QString version = QStringLiteral("Alertmanager %1").arg(status.version);
    if (status.state == QLatin1String("disabled"))
        return QStringLiteral("no cluster (single instance), %1").arg(version);
    return QStringLiteral("cluster %1, %2 member(s), %3")
        .arg(status.state)
        .arg(status.peerAddresses.size())
        .arg(version);
}

// A 400 or 422 means the request itself is wrong: every other peer would refuse it too.
bool refusedRequest(const ApiResponse& response)
{
    return response.httpStatus == 400 || response.httpStatus == 422;
}

} // namespace

struct AlertmanagerClient::Peer {
    QUrl url;
    QString name;
    SourceHealth health;
    int failures = 0; // consecutive failed probes
    bool probing = false;
    QTimer* probeTimer = nullptr;
};

struct AlertmanagerClient::SyncRound {
    QVector<int> targets;
    QHash<int, ApiResponse> responses;
};

// One request tried on the peers in turn until one answers and `onAnswer` accepts the answer
// (it returns what was wrong with it otherwise).
struct AlertmanagerClient::Attempt {
    QVector<int> order;
    int next = 0;
    QByteArray verb;
    QString path;
    QByteArray body;
    QStringList errors;
    std::function<QString(int, const ApiResponse&)> onAnswer;
    std::function<void(const QStringList&)> onFailure;
};

AlertmanagerClient::AlertmanagerClient(
    AlertmanagerSettings settings, AlertmanagerClientOptions options, QObject* parent)
    : QObject(parent)
    , m_options(options)
    , m_transport(new ApiTransport(settings.credential.token, options.requestTimeoutMs, options.maxResponseBytes, this))
    , m_syncTimer(new QTimer(this))
{
    qRegisterMetaType<SourceHealth>();
    qRegisterMetaType<QVector<Alert>>();
    qRegisterMetaType<Silence>();
    qRegisterMetaType<QVector<Silence>>();

    m_syncTimer->setSingleShot(true);
    connect(m_syncTimer, &QTimer::timeout, this, [this] {
        if (m_syncing)
            m_resyncPending = true;
        else
            runSync();
    });
    for (const QUrl& url : std::as_const(settings.peers)) {
        auto peer = std::make_unique<Peer>();
        peer->url = url;
        peer->name = peerName(url);
        peer->health.name = peer->name;
        peer->health.detail = QStringLiteral("not probed yet");
        peer->probeTimer = new QTimer(this);
        peer->probeTimer->setSingleShot(true);
        const int index = int(m_peers.size());
        connect(peer->probeTimer, &QTimer::timeout, this, [this, index] { probe(index); });
        m_peers.push_back(std::move(peer));
    }
}

AlertmanagerClient::~AlertmanagerClient() = default;

QString AlertmanagerClient::peerName(const QUrl& peer)
{
    const int port = peer.port(peer.scheme() == QLatin1String("https") ? 443 : 80);
    QString host = peer.host();
    if (host.contains(QLatin1Char(':')))
        host = QLatin1Char('[') + host + QLatin1Char(']');
    QString path = peer.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    return QStringLiteral("alertmanager %1:%2%3").arg(host).arg(port).arg(path);
}

QVector<SourceHealth> AlertmanagerClient::health() const
{
    QVector<SourceHealth> out;
    for (const auto& peer : m_peers)
        out.append(peer->health);
    return out;
}

void AlertmanagerClient::start()
{
    if (m_running)
        return;
    m_running = true;
    for (const auto& peer : m_peers)
        Q_EMIT healthChanged(peer->health);
    for (int i = 0; i < int(m_peers.size()); ++i)
        probe(i);
    runSync();
}

void AlertmanagerClient::stop()
{
    m_running = false;
    m_syncing = false;
    m_resyncPending = false;
    m_syncTimer->stop();
    for (const auto& peer : m_peers) {
        peer->probeTimer->stop();
        peer->probing = false;
    }
    m_transport->abortAll();
}

void AlertmanagerClient::probe(int index)
{
    Peer& peer = *m_peers.at(std::size_t(index));
    if (!m_running || peer.probing)
        return;
    peer.probing = true;
    m_transport->send(peer.url, peer.name, "GET", QStringLiteral("api/v2/status"), QByteArray(),
        [this, index](const ApiResponse& response) { onProbed(index, response); });
}

void AlertmanagerClient::onProbed(int index, const ApiResponse& response)
{
    Peer& peer = *m_peers.at(std::size_t(index));
    peer.probing = false;
    const SourceHealth::State before = peer.health.state;
    if (!response.ok()) {
        ++peer.failures;
        setHealth(
            index, response.reachable ? SourceHealth::State::Degraded : SourceHealth::State::Down, response.error);
    } else {
        const ClusterStatusResult status = AlertmanagerStatusParser::parse(response.body);
        if (const auto* error = std::get_if<ApiParseError>(&status)) {
            ++peer.failures;
            setHealth(index, SourceHealth::State::Degraded,
                QStringLiteral("%1: GET /api/v2/status: unexpected answer: %2").arg(peer.name, error->toString()));
        } else {
            peer.failures = 0;
            setHealth(index, SourceHealth::State::Up, clusterDetail(std::get<ClusterStatus>(status)));
        }
    }
    if (peer.health.state == SourceHealth::State::Up && before != SourceHealth::State::Up) {
        // A reconnect (the peer was down or refused) may have missed alerts: sync. A peer seen for
        // the first time only matters if no sync has worked yet and none is under way.
        const bool reconnect = before == SourceHealth::State::Down || before == SourceHealth::State::Degraded;
        if (reconnect || (!m_synced && !m_syncing && !m_syncTimer->isActive()))
            requestSync();
    }
    scheduleProbe(index);
}

void AlertmanagerClient::setHealth(int index, SourceHealth::State state, const QString& detail)
{
    SourceHealth& health = m_peers.at(std::size_t(index))->health;
    if (health.state == state && health.detail == detail)
        return;
    if (health.state != state)
        health.sinceMs = wallClockMs();
    health.state = state;
    health.detail = detail;
    Q_EMIT healthChanged(health);
    if (state != SourceHealth::State::Up)
        Q_EMIT errorOccurred(detail);
}

void AlertmanagerClient::scheduleProbe(int index)
{
    Peer& peer = *m_peers.at(std::size_t(index));
    if (!m_running)
        return;
    qint64 delay = m_options.probeIntervalMs;
    if (peer.failures > 0) {
        delay = qint64(m_options.probeIntervalMs) << qMin(peer.failures - 1, 16);
        delay = qMin<qint64>(delay, qMax(m_options.maxProbeIntervalMs, m_options.probeIntervalMs));
    }
    peer.probeTimer->start(int(delay));
}

void AlertmanagerClient::sync()
{
    if (!m_running) {
        start();
        return;
    }
    if (m_syncing)
        m_resyncPending = true;
    else
        runSync();
}

void AlertmanagerClient::requestSync()
{
    if (m_running)
        m_syncTimer->start(m_options.syncDebounceMs);
}

void AlertmanagerClient::runSync()
{
    auto round = std::make_shared<SyncRound>();
    for (int i = 0; i < int(m_peers.size()); ++i) {
        if (m_peers.at(std::size_t(i))->health.state != SourceHealth::State::Down)
            round->targets.append(i);
    }
    // When every peer is down, ask them all anyway: health may be a probe behind.
    if (round->targets.isEmpty()) {
        for (int i = 0; i < int(m_peers.size()); ++i)
            round->targets.append(i);
    }
    if (round->targets.isEmpty())
        return;
    m_syncing = true;
    m_resyncPending = false;
    for (int index : std::as_const(round->targets)) {
        const Peer& peer = *m_peers.at(std::size_t(index));
        m_transport->send(peer.url, peer.name, "GET", QStringLiteral("api/v2/alerts"), QByteArray(),
            [this, round, index](const ApiResponse& response) {
                round->responses.insert(index, response);
                if (round->responses.size() == round->targets.size())
                    finishSync(round);
            });
    }
    refreshSilences();
}

void AlertmanagerClient::finishSync(const std::shared_ptr<SyncRound>& round)
{
    m_syncing = false;
    const qint64 nowMs = wallClockMs();
    QVector<Alert> merged;
    QHash<QString, int> seen; // fingerprint@startsAt -> position in merged
    QStringList answered;
    QStringList errors;
    for (int index : std::as_const(round->targets)) {
        const Peer& peer = *m_peers.at(std::size_t(index));
        const ApiResponse& response = round->responses.value(index);
        if (!response.ok()) {
            errors.append(response.error);
            continue;
        }
        const GettableAlertsResult result = GettableAlertsParser::parse(response.body, peer.name, nowMs);
        if (const auto* error = std::get_if<ApiParseError>(&result)) {
            errors.append(
                QStringLiteral("%1: GET /api/v2/alerts: unexpected answer: %2").arg(peer.name, error->toString()));
            continue;
        }
        answered.append(peer.name);
        for (const Alert& alert : std::get<QVector<Alert>>(result)) {
            const QString key = alert.fingerprint + QLatin1Char('@') + QString::number(alert.startsAtMs);
            if (!seen.contains(key)) {
                seen.insert(key, int(merged.size()));
                merged.append(alert);
            }
        }
    }
    for (const QString& error : std::as_const(errors))
        Q_EMIT errorOccurred(error);
    if (answered.isEmpty()) {
        Q_EMIT errorOccurred(QStringLiteral("alerts could not be synced: no Alertmanager peer answered"));
    } else {
        m_synced = true;
        Q_EMIT alertsFetched(merged, answered.join(QStringLiteral(", ")));
    }
    if (m_resyncPending && m_running) {
        m_resyncPending = false;
        requestSync();
    }
}

QVector<int> AlertmanagerClient::peerOrder() const
{
    // Peers that answer first, in configuration order; then the rest, so that stale health
    // never stops an attempt.
    QVector<int> order;
    for (SourceHealth::State state : { SourceHealth::State::Up, SourceHealth::State::Unknown,
             SourceHealth::State::Degraded, SourceHealth::State::Down }) {
        for (int i = 0; i < int(m_peers.size()); ++i) {
            if (m_peers.at(std::size_t(i))->health.state == state)
                order.append(i);
        }
    }
    return order;
}

void AlertmanagerClient::attempt(const std::shared_ptr<Attempt>& state)
{
    if (state->next >= state->order.size()) {
        state->onFailure(state->errors);
        return;
    }
    const int index = state->order.at(state->next++);
    const Peer& peer = *m_peers.at(std::size_t(index));
    m_transport->send(
        peer.url, peer.name, state->verb, state->path, state->body, [this, state, index](const ApiResponse& response) {
            if (!response.ok()) {
                state->errors.append(response.error);
                if (refusedRequest(response)) {
                    state->onFailure(state->errors);
                    return;
                }
                attempt(state);
                return;
            }
            const QString problem = state->onAnswer(index, response);
            if (problem.isEmpty())
                return;
            state->errors.append(problem);
            attempt(state);
        });
}

void AlertmanagerClient::refreshSilences()
{
    auto state = std::make_shared<Attempt>();
    state->order = peerOrder();
    state->verb = "GET";
    state->path = QStringLiteral("api/v2/silences");
    state->onAnswer = [this](int index, const ApiResponse& response) {
        const QString& name = m_peers.at(std::size_t(index))->name;
        const GettableSilencesResult result = SilenceCodec::parseSilences(response.body);
        if (const auto* error = std::get_if<ApiParseError>(&result))
            return QStringLiteral("%1: GET /api/v2/silences: unexpected answer: %2").arg(name, error->toString());
        Q_EMIT silencesFetched(std::get<QVector<Silence>>(result), name);
        return QString();
    };
    state->onFailure = [this](const QStringList& errors) {
        Q_EMIT errorOccurred(QStringLiteral("silences could not be listed: %1").arg(errors.join(QStringLiteral("; "))));
    };
    attempt(state);
}

void AlertmanagerClient::createSilence(const Silence& silence, quint64 requestId)
{
    if (const QString invalid = SilenceCodec::validate(silence); !invalid.isEmpty()) {
        Q_EMIT silenceFailed(requestId, QStringLiteral("silence not created: %1").arg(invalid));
        return;
    }
    auto state = std::make_shared<Attempt>();
    state->order = peerOrder();
    state->verb = "POST";
    state->path = QStringLiteral("api/v2/silences");
    state->body = SilenceCodec::toPostable(silence);
    state->onAnswer = [this, requestId](int index, const ApiResponse& response) {
        const QString& name = m_peers.at(std::size_t(index))->name;
        const SilenceIdResult result = SilenceCodec::parseSilenceId(response.body);
        if (const auto* error = std::get_if<ApiParseError>(&result))
            return QStringLiteral("%1: POST /api/v2/silences: unexpected answer: %2").arg(name, error->toString());
        Q_EMIT silenceCreated(requestId, std::get<QString>(result), name);
        refreshSilences();
        return QString();
    };
    state->onFailure = [this, requestId](const QStringList& errors) {
        Q_EMIT silenceFailed(
            requestId, QStringLiteral("silence not created: %1").arg(errors.join(QStringLiteral("; "))));
    };
    attempt(state);
}

void AlertmanagerClient::expireSilence(const QString& silenceId, quint64 requestId)
{
    if (silenceId.trimmed().isEmpty()) {
        Q_EMIT silenceFailed(requestId, QStringLiteral("silence not expired: no silence id given"));
        return;
    }
    auto state = std::make_shared<Attempt>();
    state->order = peerOrder();
    state->verb = "DELETE";
    state->path = QStringLiteral("api/v2/silence/") + QString::fromLatin1(QUrl::toPercentEncoding(silenceId));
    state->onAnswer = [this, requestId, silenceId](int index, const ApiResponse&) {
        Q_EMIT silenceExpired(requestId, silenceId, m_peers.at(std::size_t(index))->name);
        refreshSilences();
        return QString();
    };
    state->onFailure = [this, requestId, silenceId](const QStringList& errors) {
        Q_EMIT silenceFailed(
            requestId, QStringLiteral("silence %1 not expired: %2").arg(silenceId, errors.join(QStringLiteral("; "))));
    };
    attempt(state);
}

} // namespace firebreak
