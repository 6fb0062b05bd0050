// AlertmanagerClient against real Alertmanager processes: two peers of one HA cluster on free
// loopback ports, alerts posted to them the way Prometheus posts them, peers killed and restarted.
#include "alertmanager/alertmanagerclient.h"
#include "domain/metatypes.h"
#include "engine/ingestpipeline.h"
#include "interfaces/clock.h"

#include <QDateTime>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUdpSocket>
#include <memory>

using namespace firebreak;

namespace {

const QString Binary = QStringLiteral("/usr/bin/prometheus-alertmanager");

class WallClock final : public Clock {
public:
    qint64 nowMs() const override { return QDateTime::currentMSecsSinceEpoch(); }
};

// A port free for TCP and UDP (the cluster listener uses both).
quint16 freePort()
{
    for (int attempt = 0; attempt < 50; ++attempt) {
        QTcpServer tcp;
        if (!tcp.listen(QHostAddress::LocalHost, 0))
            continue;
        QUdpSocket udp;
        if (udp.bind(QHostAddress::LocalHost, tcp.serverPort()))
            return tcp.serverPort();
    }
    qFatal("no free loopback port");
}

struct HttpAnswer {
    int status = 0;
    QByteArray body;
};

HttpAnswer http(const QByteArray& verb, const QUrl& url, const QByteArray& body = QByteArray())
{
    QNetworkAccessManager network;
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    request.setTransferTimeout(3000);
    QNetworkReply* reply = network.sendCustomRequest(request, verb, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    HttpAnswer answer { reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll() };
    delete reply;
    return answer;
}

QString rfc3339(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

// One Alertmanager process of the test cluster. Restarting keeps its ports and storage.
class AlertmanagerProcess {
public:
    AlertmanagerProcess(QString name, const QString& dir, const QString& config)
        : m_name(std::move(name))
        , m_dir(dir)
        , m_config(config)
        , m_webPort(freePort())
        , m_clusterPort(freePort())
    {
    }
    ~AlertmanagerProcess() { kill(); }

    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_webPort)); }
    QString clusterAddress() const { return QStringLiteral("127.0.0.1:%1").arg(m_clusterPort); }

    bool start(const QString& peerClusterAddress)
    {
        m_peer = peerClusterAddress;
        m_process = std::make_unique<QProcess>();
        m_process->setProcessChannelMode(QProcess::MergedChannels);
        m_process->setStandardOutputFile(m_dir + QStringLiteral("/%1.log").arg(m_name), QIODevice::Append);
        // Short cluster intervals so that gossip (silences) and rejoining take well under a second.
        m_process->start(Binary,
            { QStringLiteral("--config.file=") + m_config,
                QStringLiteral("--storage.path=") + m_dir + QLatin1Char('/') + m_name,
                QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(m_webPort),
                QStringLiteral("--cluster.listen-address=") + clusterAddress(),
                QStringLiteral("--cluster.peer=") + m_peer, QStringLiteral("--cluster.gossip-interval=50ms"),
                QStringLiteral("--cluster.pushpull-interval=500ms"), QStringLiteral("--cluster.probe-interval=200ms"),
                QStringLiteral("--cluster.reconnect-interval=500ms"), QStringLiteral("--cluster.settle-timeout=0s"),
                QStringLiteral("--log.level=warn") });
        if (!m_process->waitForStarted(5000))
            return false;
        for (int i = 0; i < 100; ++i) {
            if (http("GET", url().resolved(QUrl(QStringLiteral("/-/ready")))).status == 200)
                return true;
            QTest::qWait(50);
        }
        return false;
    }

    void kill()
    {
        if (m_process && m_process->state() != QProcess::NotRunning) {
            m_process->kill();
            m_process->waitForFinished(5000);
        }
    }

    bool restart() { return start(m_peer); }

    HttpAnswer get(const QString& path) const { return http("GET", url().resolved(QUrl(path))); }
    HttpAnswer post(const QString& path, const QByteArray& body) const
    {
        return http("POST", url().resolved(QUrl(path)), body);
    }

private:
    QString m_name;
    QString m_dir;
    QString m_config;
    quint16 m_webPort;
    quint16 m_clusterPort;
    QString m_peer;
    std::unique_ptr<QProcess> m_process;
};

QJsonObject postableAlert(const QString& name, const QString& service, const QString& region, qint64 startsAtMs)
{
    return QJsonObject {
        { QStringLiteral("labels"),
            QJsonObject { { QStringLiteral("alertname"), name }, { QStringLiteral("service"), service },
                { QStringLiteral("region"), region },
                { QStringLiteral("instance"), QString(service + QStringLiteral("-1")) } } },
        { QStringLiteral("annotations"),
            QJsonObject { { QStringLiteral("summary"), QString(name + QStringLiteral(" fires")) } } },
        { QStringLiteral("generatorURL"), QString(QStringLiteral("http://prometheus:9090/graph?g0.expr=") + name) },
        { QStringLiteral("startsAt"), rfc3339(startsAtMs) },
    };
}

QByteArray toJson(const QJsonArray& array)
{
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

// fingerprint -> alertname, as the peer itself lists them.
QMap<QString, QString> listedBy(const AlertmanagerProcess& peer)
{
    QMap<QString, QString> out;
    const QJsonArray alerts = QJsonDocument::fromJson(peer.get(QStringLiteral("/api/v2/alerts")).body).array();
    for (const QJsonValue& alert : alerts) {
        out.insert(alert[QStringLiteral("fingerprint")].toString(),
            alert[QStringLiteral("labels")][QStringLiteral("alertname")].toString());
    }
    return out;
}

SourceHealth::State stateOf(const AlertmanagerClient& client, const QUrl& peer)
{
    for (const SourceHealth& health : client.health()) {
        if (health.name == AlertmanagerClient::peerName(peer))
            return health.state;
    }
    return SourceHealth::State::Unknown;
}

QString detailOf(const AlertmanagerClient& client, int index)
{
    return client.health().value(index).detail;
}

AlertmanagerClientOptions fastOptions()
{
    AlertmanagerClientOptions options;
    options.probeIntervalMs = 200;
    options.maxProbeIntervalMs = 400;
    options.requestTimeoutMs = 3000;
    options.syncDebounceMs = 50;
    return options;
}

AlertmanagerSettings settingsFor(const QList<QUrl>& peers)
{
    AlertmanagerSettings settings;
    settings.peers = peers;
    return settings;
}

Silence diskSilence(qint64 nowMs)
{
    Silence silence;
    silence.matchers = { { QStringLiteral("alertname"), QStringLiteral("DiskSpaceHigh"), false, true },
        { QStringLiteral("instance"), QStringLiteral("db-.*"), true, true } };
    silence.startsAtMs = nowMs;
    silence.endsAtMs = nowMs + 60 * 60 * 1000;
    silence.createdBy = QStringLiteral("firebreak integration test");
    silence.comment = QStringLiteral("suppress after disk cleanup");
    return silence;
}

std::optional<Silence> findSilence(const QSignalSpy& spy, const QString& id)
{
    if (spy.isEmpty())
        return std::nullopt;
    for (const Silence& silence : spy.last().at(0).value<QVector<Silence>>()) {
        if (silence.id == id)
            return silence;
    }
    return std::nullopt;
}

} // namespace

class TestAlertmanagerClient : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void syncReturnsTheClustersAlertsOnce();
    void pipelineMakesOneIncidentWithoutDuplicates();
    void silenceIsCreatedListedAndExpired();
    void refusedSilenceIsNotRetriedOnOtherPeers();
    void peerDownThenBack();
    void unreachablePeerIsShownDown();
    void silentPeerTimesOut();
    void oversizedAnswerIsRefused();
    void bearerTokenAndRoutePrefixAreSent();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<AlertmanagerProcess> m_a;
    std::unique_ptr<AlertmanagerProcess> m_b;
    qint64 m_startsAtMs = 0;
    QMap<QString, QString> m_expected; // fingerprint -> alertname over the whole cluster
};

void TestAlertmanagerClient::initTestCase()
{
    registerMetaTypes();
    if (!QFileInfo(Binary).isExecutable())
        QSKIP("prometheus-alertmanager is not installed at /usr/bin (Debian package prometheus-alertmanager)");
    QVERIFY(m_dir.isValid());
    const QString config = m_dir.filePath(QStringLiteral("alertmanager.yml"));
    QFile file(config);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("route:\n  receiver: 'null'\nreceivers:\n  - name: 'null'\n");
    file.close();

    m_a = std::make_unique<AlertmanagerProcess>(QStringLiteral("a"), m_dir.path(), config);
    m_b = std::make_unique<AlertmanagerProcess>(QStringLiteral("b"), m_dir.path(), config);
    QVERIFY2(m_a->start(m_b->clusterAddress()), "peer a did not become ready");
    QVERIFY2(m_b->start(m_a->clusterAddress()), "peer b did not become ready");
    QTRY_VERIFY_WITH_TIMEOUT(
        QJsonDocument::fromJson(
            m_a->get(QStringLiteral("/api/v2/status")).body)[QStringLiteral("cluster")][QStringLiteral("peers")]
                .toArray()
                .size()
            == 2,
        10000);

    // Prometheus sends every alert to every peer (Alertmanager does not gossip alerts), so the
    // two firing db alerts go to both. CacheDown reached only b, as if a had been down when
    // it fired; a resolved alert (endsAt in the past) is not listed by the API at all.
    m_startsAtMs = QDateTime::currentMSecsSinceEpoch() - 5 * 60 * 1000;
    const QJsonArray both { postableAlert(QStringLiteral("DiskSpaceHigh"), QStringLiteral("db"), QStringLiteral("eu"),
                                m_startsAtMs),
        postableAlert(QStringLiteral("DbLatencyHigh"), QStringLiteral("db"), QStringLiteral("eu"), m_startsAtMs) };
    QJsonObject resolved
        = postableAlert(QStringLiteral("OldNews"), QStringLiteral("web"), QStringLiteral("us"), m_startsAtMs);
    resolved.insert(QStringLiteral("endsAt"), rfc3339(m_startsAtMs + 1000));
    QJsonArray toA = both;
    toA.append(resolved);
    QCOMPARE(m_a->post(QStringLiteral("/api/v2/alerts"), toJson(toA)).status, 200);
    QCOMPARE(m_b->post(QStringLiteral("/api/v2/alerts"), toJson(both)).status, 200);
    QCOMPARE(m_b->post(QStringLiteral("/api/v2/alerts"),
                    toJson({ postableAlert(
                        QStringLiteral("CacheDown"), QStringLiteral("cache"), QStringLiteral("us"), m_startsAtMs) }))
                 .status,
        200);

    QTRY_COMPARE_WITH_TIMEOUT(listedBy(*m_b).size(), 3, 5000);
    QCOMPARE(listedBy(*m_a).size(), 2);
    m_expected = listedBy(*m_a);
    m_expected.insert(listedBy(*m_b));
    QCOMPARE(m_expected.size(), 3); // same labels, same fingerprint on both peers
}

void TestAlertmanagerClient::cleanupTestCase()
{
    m_a.reset();
    m_b.reset();
}

void TestAlertmanagerClient::syncReturnsTheClustersAlertsOnce()
{
    AlertmanagerClient client(settingsFor({ m_a->url(), m_b->url() }), fastOptions());
    QSignalSpy fetched(&client, &AlertmanagerClient::alertsFetched);
    QSignalSpy silences(&client, &AlertmanagerClient::silencesFetched);
    client.start();

    QTRY_COMPARE_WITH_TIMEOUT(fetched.count(), 1, 5000);
    const auto alerts = fetched.at(0).at(0).value<QVector<Alert>>();
    const QString source = fetched.at(0).at(1).toString();
    QVERIFY2(source.contains(AlertmanagerClient::peerName(m_a->url()))
            && source.contains(AlertmanagerClient::peerName(m_b->url())),
        qPrintable(source));

    QMap<QString, QString> got;
    for (const Alert& alert : alerts) {
        QVERIFY2(!got.contains(alert.fingerprint), qPrintable(QStringLiteral("twice: ") + alert.fingerprint));
        got.insert(alert.fingerprint, alert.name());
        QCOMPARE(alert.status, AlertStatus::Firing);
        QCOMPARE(alert.startsAtMs, m_startsAtMs);
        QCOMPARE(alert.endsAtMs, 0);
        QCOMPARE(alert.annotations.value(QStringLiteral("summary")), alert.name() + QStringLiteral(" fires"));
        QCOMPARE(alert.generatorUrl, QStringLiteral("http://prometheus:9090/graph?g0.expr=") + alert.name());
        QCOMPARE(alert.labels.size(), 4);
        QVERIFY(alert.source.startsWith(QStringLiteral("alertmanager 127.0.0.1:")));
    }
    QCOMPARE(got, m_expected);

    QTRY_VERIFY_WITH_TIMEOUT(client.health().at(0).state == SourceHealth::State::Up
            && client.health().at(1).state == SourceHealth::State::Up,
        3000);
    QVERIFY2(
        detailOf(client, 0).contains(QStringLiteral("cluster ready, 2 member(s)")), qPrintable(detailOf(client, 0)));
    QTRY_COMPARE_WITH_TIMEOUT(silences.count(), 1, 3000);

    // Probes go on, but peers that stay up trigger no further syncs.
    QTest::qWait(1000);
    QCOMPARE(fetched.count(), 1);
    QCOMPARE(silences.count(), 1);
}

void TestAlertmanagerClient::pipelineMakesOneIncidentWithoutDuplicates()
{
    WallClock clock;
    IngestPipeline pipeline(clock, CorrelationConfig {});
    AlertmanagerClient client(settingsFor({ m_a->url(), m_b->url() }), fastOptions());
    connect(&client, &AlertmanagerClient::alertsFetched, &pipeline,
        [&pipeline](const QVector<Alert>& alerts, const QString& source) { pipeline.ingestAlerts(alerts, source, 7); });
    QSignalSpy batches(&pipeline, &IngestPipeline::batchReady);
    client.start();

    QTRY_COMPARE_WITH_TIMEOUT(batches.count(), 1, 5000);
    const auto first = batches.at(0).at(0).value<WriteBatch>();
    QCOMPARE(first.ticket, quint64(7));
    QCOMPARE(first.alerts.size(), 3);
    // db/eu (DiskSpaceHigh + DbLatencyHigh, sent to both peers) is one incident; cache/us another.
    QCOMPARE(first.incidents.size(), 2);
    QSet<QString> fingerprints;
    QSet<qint64> dbIncidents;
    for (const Alert& alert : first.alerts) {
        fingerprints.insert(alert.fingerprint);
        if (alert.labels.value(QStringLiteral("service")) == QLatin1String("db"))
            dbIncidents.insert(alert.incidentId);
    }
    QCOMPARE(fingerprints.size(), 3);
    QCOMPARE(dbIncidents.size(), 1);
    for (const Incident& incident : first.incidents) {
        if (incident.id == *dbIncidents.constBegin())
            QCOMPARE(incident.alertCount, 2);
    }

    // A resync (as after a reconnect) brings the same alerts again: nothing new is written.
    client.sync();
    QTRY_COMPARE_WITH_TIMEOUT(batches.count(), 2, 5000);
    const auto second = batches.at(1).at(0).value<WriteBatch>();
    QCOMPARE(second.rowCount(), 0);
    QCOMPARE(pipeline.syncedDuplicates(), quint64(3));
    QCOMPARE(pipeline.alertsSynced(), quint64(6));
    QCOMPARE(pipeline.alertsReceived(), quint64(0)); // webhook counters are for webhook deliveries
}

void TestAlertmanagerClient::silenceIsCreatedListedAndExpired()
{
    AlertmanagerClient client(settingsFor({ m_a->url(), m_b->url() }), fastOptions());
    QSignalSpy created(&client, &AlertmanagerClient::silenceCreated);
    QSignalSpy expired(&client, &AlertmanagerClient::silenceExpired);
    QSignalSpy failed(&client, &AlertmanagerClient::silenceFailed);
    QSignalSpy silences(&client, &AlertmanagerClient::silencesFetched);
    QSignalSpy fetched(&client, &AlertmanagerClient::alertsFetched);
    client.start();
    QTRY_COMPARE_WITH_TIMEOUT(silences.count(), 1, 5000);

    const Silence wanted = diskSilence(QDateTime::currentMSecsSinceEpoch());
    client.createSilence(wanted, 41);
    QTRY_COMPARE_WITH_TIMEOUT(created.count(), 1, 5000);
    QCOMPARE(failed.count(), 0);
    QCOMPARE(created.at(0).at(0).toULongLong(), quint64(41));
    const QString id = created.at(0).at(1).toString();
    QVERIFY(!QUuid::fromString(id).isNull());

    QTRY_VERIFY_WITH_TIMEOUT(findSilence(silences, id).has_value(), 5000);
    const Silence listed = *findSilence(silences, id);
    QCOMPARE(listed.state, SilenceState::Active);
    QCOMPARE(listed.matchers, wanted.matchers);
    QCOMPARE(listed.createdBy, wanted.createdBy);
    QCOMPARE(listed.comment, wanted.comment);
    QCOMPARE(listed.endsAtMs, wanted.endsAtMs);
    // Gossiped: the other peer lists it too.
    QTRY_VERIFY_WITH_TIMEOUT(m_b->get(QStringLiteral("/api/v2/silence/") + id).status == 200, 5000);

    // A silenced alert still fires: it is in the next sync.
    client.sync();
    QTRY_COMPARE_WITH_TIMEOUT(fetched.count(), 2, 5000);
    bool diskListed = false;
    for (const Alert& alert : fetched.at(1).at(0).value<QVector<Alert>>())
        diskListed
            = diskListed || (alert.name() == QLatin1String("DiskSpaceHigh") && alert.status == AlertStatus::Firing);
    QVERIFY(diskListed);

    client.expireSilence(id, 42);
    QTRY_COMPARE_WITH_TIMEOUT(expired.count(), 1, 5000);
    QCOMPARE(expired.at(0).at(0).toULongLong(), quint64(42));
    QCOMPARE(expired.at(0).at(1).toString(), id);
    QTRY_VERIFY_WITH_TIMEOUT(
        findSilence(silences, id) && findSilence(silences, id)->state == SilenceState::Expired, 5000);
    QCOMPARE(failed.count(), 0);
}

void TestAlertmanagerClient::refusedSilenceIsNotRetriedOnOtherPeers()
{
    AlertmanagerClient client(settingsFor({ m_a->url(), m_b->url() }), fastOptions());
    QSignalSpy failed(&client, &AlertmanagerClient::silenceFailed);
    client.start();
    QTRY_VERIFY_WITH_TIMEOUT(client.health().at(0).state == SourceHealth::State::Up, 3000);

    Silence broken = diskSilence(QDateTime::currentMSecsSinceEpoch());
    broken.matchers = { { QStringLiteral("instance"), QStringLiteral("db-(unclosed"), true, true } };
    client.createSilence(broken, 5);
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 5000);
    const QString error = failed.at(0).at(1).toString();
    QVERIFY2(error.startsWith(QStringLiteral("silence not created: ") + AlertmanagerClient::peerName(m_a->url())
                 + QStringLiteral(": POST /api/v2/silences: HTTP 400")),
        qPrintable(error));
    QVERIFY2(!error.contains(AlertmanagerClient::peerName(m_b->url())), qPrintable(error));

    // An unknown silence: every peer is asked, and every answer is in the message.
    client.expireSilence(QStringLiteral("00000000-0000-0000-0000-000000000000"), 6);
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 2, 5000);
    const QString unknown = failed.at(1).at(1).toString();
    QVERIFY2(
        unknown.contains(AlertmanagerClient::peerName(m_a->url())) && unknown.contains(QStringLiteral("not found")),
        qPrintable(unknown));
}

void TestAlertmanagerClient::peerDownThenBack()
{
    // b first in the configuration, so that everything has to fall back to a while b is down.
    AlertmanagerClient client(settingsFor({ m_b->url(), m_a->url() }), fastOptions());
    QSignalSpy fetched(&client, &AlertmanagerClient::alertsFetched);
    QSignalSpy created(&client, &AlertmanagerClient::silenceCreated);
    QSignalSpy silences(&client, &AlertmanagerClient::silencesFetched);
    client.start();
    QTRY_VERIFY_WITH_TIMEOUT(stateOf(client, m_b->url()) == SourceHealth::State::Up
            && stateOf(client, m_a->url()) == SourceHealth::State::Up && fetched.count() == 1,
        5000);

    m_b->kill();
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(client, m_b->url()), SourceHealth::State::Down, 5000);
    QVERIFY2(detailOf(client, 0).startsWith(
                 AlertmanagerClient::peerName(m_b->url()) + QStringLiteral(": GET /api/v2/status: ")),
        qPrintable(detailOf(client, 0)));
    QCOMPARE(stateOf(client, m_a->url()), SourceHealth::State::Up);

    client.sync();
    QTRY_COMPARE_WITH_TIMEOUT(fetched.count(), 2, 5000);
    QCOMPARE(fetched.at(1).at(1).toString(), AlertmanagerClient::peerName(m_a->url()));
    QStringList names;
    for (const Alert& alert : fetched.at(1).at(0).value<QVector<Alert>>())
        names.append(alert.name());
    names.sort();
    QCOMPARE(names, (QStringList { QStringLiteral("DbLatencyHigh"), QStringLiteral("DiskSpaceHigh") }));

    client.createSilence(diskSilence(QDateTime::currentMSecsSinceEpoch()), 9);
    QTRY_COMPARE_WITH_TIMEOUT(created.count(), 1, 5000);
    QCOMPARE(created.at(0).at(2).toString(), AlertmanagerClient::peerName(m_a->url()));
    const QString id = created.at(0).at(1).toString();
    QTRY_VERIFY_WITH_TIMEOUT(findSilence(silences, id).has_value(), 5000);
    QCOMPARE(silences.last().at(1).toString(), AlertmanagerClient::peerName(m_a->url()));

    // Back up: shown Up again and synced without being asked. Alertmanager keeps alerts in
    // memory only, so b came back empty (until Prometheus resends); a still has the db alerts.
    const int before = int(fetched.count());
    QVERIFY(m_b->restart());
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(client, m_b->url()), SourceHealth::State::Up, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(fetched.count() > before, 5000);
    QVERIFY(fetched.last().at(1).toString().contains(AlertmanagerClient::peerName(m_b->url())));
    QCOMPARE(listedBy(*m_b).size(), 0);
    QCOMPARE(fetched.last().at(0).value<QVector<Alert>>().size(), 2);

    // Prometheus resends CacheDown to b only: the next sync has all three, each once.
    QCOMPARE(m_b->post(QStringLiteral("/api/v2/alerts"),
                    toJson({ postableAlert(
                        QStringLiteral("CacheDown"), QStringLiteral("cache"), QStringLiteral("us"), m_startsAtMs) }))
                 .status,
        200);
    const int beforeResend = int(fetched.count());
    client.sync();
    QTRY_VERIFY_WITH_TIMEOUT(fetched.count() > beforeResend, 5000);
    QMap<QString, QString> got;
    for (const Alert& alert : fetched.last().at(0).value<QVector<Alert>>())
        got.insert(alert.fingerprint, alert.name());
    QCOMPARE(got, m_expected);
    // The silence made while b was away reaches it by gossip once it rejoins.
    QTRY_VERIFY_WITH_TIMEOUT(m_b->get(QStringLiteral("/api/v2/silence/") + id).status == 200, 10000);
}

void TestAlertmanagerClient::unreachablePeerIsShownDown()
{
    const QUrl nobody(QStringLiteral("http://127.0.0.1:%1").arg(freePort()));
    AlertmanagerClient client(settingsFor({ nobody }), fastOptions());
    QSignalSpy health(&client, &AlertmanagerClient::healthChanged);
    QSignalSpy errors(&client, &AlertmanagerClient::errorOccurred);
    QSignalSpy failed(&client, &AlertmanagerClient::silenceFailed);
    client.start();
    QCOMPARE(health.count(), 1);
    QCOMPARE(health.at(0).at(0).value<SourceHealth>().state, SourceHealth::State::Unknown);
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(client, nobody), SourceHealth::State::Down, 3000);
    QCOMPARE(detailOf(client, 0),
        AlertmanagerClient::peerName(nobody) + QStringLiteral(": GET /api/v2/status: Connection refused"));
    QTRY_VERIFY_WITH_TIMEOUT(!errors.isEmpty(), 3000);

    client.createSilence(diskSilence(QDateTime::currentMSecsSinceEpoch()), 3);
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 3000);
    QCOMPARE(failed.at(0).at(1).toString(),
        QStringLiteral("silence not created: ") + AlertmanagerClient::peerName(nobody)
            + QStringLiteral(": POST /api/v2/silences: Connection refused"));
}

void TestAlertmanagerClient::silentPeerTimesOut()
{
    QTcpServer silent; // accepts and never answers
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    const QUrl peer(QStringLiteral("http://127.0.0.1:%1").arg(silent.serverPort()));
    AlertmanagerClientOptions options = fastOptions();
    options.requestTimeoutMs = 300;
    AlertmanagerClient client(settingsFor({ peer }), options);
    client.start();
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(client, peer), SourceHealth::State::Down, 3000);
    QCOMPARE(detailOf(client, 0),
        AlertmanagerClient::peerName(peer) + QStringLiteral(": GET /api/v2/status: no answer within 300 ms"));
}

void TestAlertmanagerClient::oversizedAnswerIsRefused()
{
    AlertmanagerClientOptions options = fastOptions();
    options.maxResponseBytes = 200; // the status answer carries the whole configuration: about 1 kB
    AlertmanagerClient client(settingsFor({ m_a->url() }), options);
    QSignalSpy errors(&client, &AlertmanagerClient::errorOccurred);
    client.start();
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(client, m_a->url()), SourceHealth::State::Degraded, 3000);
    QCOMPARE(detailOf(client, 0),
        AlertmanagerClient::peerName(m_a->url())
            + QStringLiteral(": GET /api/v2/status: answer larger than the limit of 200 bytes"));
}

void TestAlertmanagerClient::bearerTokenAndRoutePrefixAreSent()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QByteArray request;
    connect(&server, &QTcpServer::newConnection, this, [&server, &request] {
        QTcpSocket* socket = server.nextPendingConnection();
        connect(socket, &QTcpSocket::readyRead, socket, [socket, &request] {
            request += socket->readAll();
            if (request.contains("\r\n\r\n")) {
                socket->write(
                    "HTTP/1.1 401 Unauthorized\r\nContent-Length: 12\r\nConnection: close\r\n\r\nunauthorized");
                socket->disconnectFromHost();
            }
        });
    });
    const QUrl peer(QStringLiteral("http://127.0.0.1:%1/am/").arg(server.serverPort()));
    AlertmanagerSettings settings = settingsFor({ peer });
    settings.credential = Credential { QStringLiteral("/etc/firebreak/am-token"), QByteArray("s3cret-token") };
    AlertmanagerClient client(settings, fastOptions());
    client.start();
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(client, peer), SourceHealth::State::Degraded, 3000);
    QVERIFY2(request.startsWith("GET /am/api/v2/"), request.constData());
    QVERIFY2(request.contains("\r\nAuthorization: Bearer s3cret-token\r\n"), request.constData());
    QCOMPARE(
        AlertmanagerClient::peerName(peer), QStringLiteral("alertmanager 127.0.0.1:%1/am").arg(server.serverPort()));
    // A refusal is shown with what the peer said, and the token never appears in it.
    QVERIFY2(
        detailOf(client, 0).endsWith(QStringLiteral(": HTTP 401 (unauthorized)")), qPrintable(detailOf(client, 0)));
    QVERIFY(!detailOf(client, 0).contains(QStringLiteral("s3cret")));
}

QTEST_MAIN(TestAlertmanagerClient)
#include "tst_alertmanagerclient.moc"
