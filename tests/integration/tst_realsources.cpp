// Firebreak against the real systems its users run, all on free loopback ports: the simulated shop
// (`firebreak --serve-metrics`) scraped by a real Prometheus with the lab's rules, a real
// Alertmanager (or two, clustered) posting webhooks to `firebreak --headless --config`, and the
// store read back independently. The configuration files are the lab's own (resources/lab) with
// the ports filled in, as lab.sh does.

#include "domain/alert.h"
#include "domain/incident.h"
#include "serverprocess.h"
#include "store/database.h"
#include "store/storequeries.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <functional>
#include <memory>

using namespace firebreak;
using namespace firebreak::testing;

namespace {

const QString LabSource = QStringLiteral(FIREBREAK_TEST_DATA "/../../resources/lab");

QByteArray readFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return file.readAll();
}

bool writeFile(const QString& path, const QByteArray& content, QFile::Permissions permissions = {})
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        return false;
    file.close();
    return !permissions || file.setPermissions(permissions);
}

QString binary(const char* name)
{
    return QStandardPaths::findExecutable(QString::fromLatin1(name));
}

// What the store holds, read through a connection of the test's own.
struct StoreView {
    QVector<Incident> incidents;
    QVector<Alert> alerts; // every alert row
    QHash<QString, int> firingEventsByFingerprint;
    QString error;
};

StoreView readStore(const QString& path)
{
    StoreView view;
    if (!QFile::exists(path)) {
        view.error = QStringLiteral("no store yet");
        return view;
    }
    const QString connection = QStringLiteral("tst-realsources-view");
    {
        const StoreOpenResult opened = Database::open(connection, path, Database::Mode::ReadOnly);
        if (!opened.ok) {
            view.error = opened.problem;
        } else {
            QSqlDatabase db = Database::connection(connection);
            view.incidents = StoreQueries::incidents(db, &view.error);
            for (const Incident& incident : std::as_const(view.incidents))
                view.alerts += StoreQueries::alertsOfIncident(db, incident.id, &view.error);
            QSqlQuery query(db);
            query.exec(QStringLiteral("SELECT body FROM events WHERE kind = 'alert.firing'"));
            while (query.next()) {
                const QJsonObject body = QJsonDocument::fromJson(query.value(0).toByteArray()).object();
                ++view.firingEventsByFingerprint[body.value(QStringLiteral("fingerprint")).toString()];
            }
        }
    }
    Database::close(connection);
    return view;
}

bool waitFor(const std::function<bool()>& condition, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        if (condition())
            return true;
        QTest::qWait(250);
    }
    return condition();
}

} // namespace

class TestRealSources : public QObject {
    Q_OBJECT

private:
    struct Lab {
        std::unique_ptr<QTemporaryDir> dir;
        quint16 shopPort = 0;
        quint16 prometheusPort = 0;
        QVector<quint16> alertmanagerPorts;
        QVector<quint16> clusterPorts;
        quint16 receiverPort = 0;
        std::unique_ptr<ServerProcess> shop;
        std::unique_ptr<ServerProcess> prometheus;
        std::vector<std::unique_ptr<ServerProcess>> alertmanagers;
        std::unique_ptr<ServerProcess> firebreak;
        QString path(const QString& name) const { return dir->filePath(name); }
        QString store() const { return path(QStringLiteral("firebreak.db")); }
        QUrl receiverUrl(const QString& path) const
        {
            return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(receiverPort).arg(path));
        }
    };

    QString m_prometheus;
    QString m_alertmanager;

    // The lab's files with this run's ports, `peers` Alertmanagers in one cluster.
    bool prepare(Lab& lab, int peers)
    {
        lab.dir = std::make_unique<QTemporaryDir>();
        lab.shopPort = freeLoopbackPort();
        lab.prometheusPort = freeLoopbackPort();
        lab.receiverPort = freeLoopbackPort();
        for (int i = 0; i < peers; ++i) {
            lab.alertmanagerPorts << freeLoopbackPort();
            lab.clusterPorts << freeLoopbackPort();
        }
        auto local = [](quint16 port) { return QStringLiteral("127.0.0.1:%1").arg(port).toUtf8(); };
        QByteArray token = QByteArrayLiteral("lab-token-") + QByteArray::number(QDateTime::currentMSecsSinceEpoch());
        if (!writeFile(lab.path(QStringLiteral("token")), token, QFile::ReadOwner | QFile::WriteOwner))
            return false;
        for (const QString& rules : QDir(LabSource + QStringLiteral("/rules")).entryList({ QStringLiteral("*.yml") }))
            writeFile(
                lab.path(QStringLiteral("rules/") + rules), readFile(LabSource + QStringLiteral("/rules/") + rules));

        QByteArray prometheus = readFile(LabSource + QStringLiteral("/prometheus.yml"));
        prometheus.replace("127.0.0.1:9101", local(lab.shopPort));
        QByteArrayList targets;
        for (quint16 port : std::as_const(lab.alertmanagerPorts))
            targets << '"' + local(port) + '"';
        prometheus.replace("\"127.0.0.1:9093\"", targets.join(", "));
        QByteArray alertmanager = readFile(LabSource + QStringLiteral("/alertmanager.yml"));
        alertmanager.replace("127.0.0.1:9095", local(lab.receiverPort));
        QByteArray firebreak = readFile(LabSource + QStringLiteral("/firebreak.yaml"));
        firebreak.replace("127.0.0.1:9095", local(lab.receiverPort));
        firebreak.replace("127.0.0.1:9090", local(lab.prometheusPort));
        QByteArrayList peerUrls;
        for (quint16 port : std::as_const(lab.alertmanagerPorts))
            peerUrls << "\"http://" + local(port) + '"';
        firebreak.replace("\"http://127.0.0.1:9093\"", peerUrls.join(", "));
        return writeFile(lab.path(QStringLiteral("prometheus.yml")), prometheus)
            && writeFile(lab.path(QStringLiteral("alertmanager.yml")), alertmanager)
            && writeFile(lab.path(QStringLiteral("firebreak.yaml")), firebreak);
    }

    bool startShop(Lab& lab, const QString& scenario)
    {
        lab.shop = std::make_unique<ServerProcess>(QStringLiteral(FIREBREAK_BINARY),
            QStringList { QStringLiteral("--serve-metrics"), QStringLiteral("127.0.0.1:%1").arg(lab.shopPort),
                QStringLiteral("--scenario"), scenario, QStringLiteral("--speed"), QStringLiteral("10") });
        return lab.shop->start(QUrl(QStringLiteral("http://127.0.0.1:%1/metrics").arg(lab.shopPort)));
    }

    bool startAlertmanagers(Lab& lab)
    {
        const int peers = int(lab.alertmanagerPorts.size());
        for (int i = 0; i < peers; ++i) {
            QStringList arguments { QStringLiteral("--config.file=") + lab.path(QStringLiteral("alertmanager.yml")),
                QStringLiteral("--storage.path=") + lab.path(QStringLiteral("am-%1").arg(i)),
                QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(lab.alertmanagerPorts[i]) };
            if (peers == 1) {
                arguments << QStringLiteral("--cluster.listen-address=");
            } else {
                arguments << QStringLiteral("--cluster.listen-address=127.0.0.1:%1").arg(lab.clusterPorts[i])
                          << QStringLiteral("--cluster.advertise-address=127.0.0.1:%1").arg(lab.clusterPorts[i])
                          // Gossip slower than notification, as across a congested link: both
                          // peers notify before they hear of each other's notification log, so
                          // Firebreak receives every alert twice.
                          << QStringLiteral("--cluster.peer-timeout=10ms")
                          << QStringLiteral("--cluster.gossip-interval=3s")
                          << QStringLiteral("--cluster.pushpull-interval=30s")
                          << QStringLiteral("--cluster.settle-timeout=0s");
                for (int j = 0; j < peers; ++j) {
                    if (j != i)
                        arguments << QStringLiteral("--cluster.peer=127.0.0.1:%1").arg(lab.clusterPorts[j]);
                }
            }
            QDir().mkpath(lab.path(QStringLiteral("am-%1").arg(i)));
            lab.alertmanagers.push_back(std::make_unique<ServerProcess>(m_alertmanager, arguments));
            const QUrl ready(QStringLiteral("http://127.0.0.1:%1/-/ready").arg(lab.alertmanagerPorts[i]));
            if (!lab.alertmanagers.back()->start(ready))
                return false;
        }
        return true;
    }

    bool startPrometheus(Lab& lab)
    {
        QDir().mkpath(lab.path(QStringLiteral("prometheus-data")));
        lab.prometheus = std::make_unique<ServerProcess>(m_prometheus,
            QStringList { QStringLiteral("--config.file=") + lab.path(QStringLiteral("prometheus.yml")),
                QStringLiteral("--storage.tsdb.path=") + lab.path(QStringLiteral("prometheus-data")),
                QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(lab.prometheusPort) });
        return lab.prometheus->start(QUrl(QStringLiteral("http://127.0.0.1:%1/-/ready").arg(lab.prometheusPort)));
    }

    bool startFirebreak(Lab& lab)
    {
        lab.firebreak = std::make_unique<ServerProcess>(QStringLiteral(FIREBREAK_BINARY),
            QStringList {
                QStringLiteral("--headless"), QStringLiteral("--config"), lab.path(QStringLiteral("firebreak.yaml")) });
        return lab.firebreak->start(lab.receiverUrl(QStringLiteral("/healthz")));
    }

    QString diagnostics(Lab& lab)
    {
        QString text = QStringLiteral("\n--- firebreak:\n") + QString::fromUtf8(lab.firebreak->output().right(3000));
        for (auto& alertmanager : lab.alertmanagers)
            text += QStringLiteral("\n--- alertmanager:\n") + QString::fromUtf8(alertmanager->output().right(1500));
        return text;
    }

    // Posts `count` alerts straight into every Alertmanager (as Prometheus would), `perGroup` to a
    // (service, region) group, numbered from `first`.
    void postAlerts(Lab& lab, int first, int count, qint64 startsMs)
    {
        QJsonArray alerts;
        for (int i = first; i < first + count; ++i) {
            alerts.append(QJsonObject {
                { QStringLiteral("labels"),
                    QJsonObject { { QStringLiteral("alertname"), QStringLiteral("BurstAlert") },
                        { QStringLiteral("service"), QStringLiteral("svc-%1").arg(i % 8) },
                        { QStringLiteral("region"), i % 2 ? QStringLiteral("eu") : QStringLiteral("us") },
                        { QStringLiteral("severity"), QStringLiteral("warning") },
                        { QStringLiteral("instance"), QStringLiteral("host-%1").arg(i) } } },
                { QStringLiteral("annotations"),
                    QJsonObject { { QStringLiteral("summary"), QStringLiteral("burst alert %1").arg(i) } } },
                { QStringLiteral("startsAt"),
                    QDateTime::fromMSecsSinceEpoch(startsMs + i, Qt::UTC).toString(Qt::ISODateWithMs) },
            });
        }
        const QByteArray body = QJsonDocument(alerts).toJson(QJsonDocument::Compact);
        for (quint16 port : std::as_const(lab.alertmanagerPorts)) {
            const HttpAnswer answer = httpPost(QUrl(QStringLiteral("http://127.0.0.1:%1/api/v2/alerts").arg(port)),
                body, QByteArrayLiteral("application/json"));
            QVERIFY2(answer.status == 200, qPrintable(answer.error + QString::fromUtf8(answer.body)));
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_prometheus = binary("prometheus");
        m_alertmanager = binary("prometheus-alertmanager");
        if (m_prometheus.isEmpty() || m_alertmanager.isEmpty())
            QSKIP("needs Debian's prometheus and prometheus-alertmanager (scripts/setup.sh release --with-lab)");
    }

    // A fault in the shop becomes a real alert (Prometheus rule), goes through a real Alertmanager
    // to the receiver, and is an incident in the store with the labels the rule gave it.
    void shopFaultBecomesIncident()
    {
        Lab lab;
        QVERIFY(prepare(lab, 1));
        QVERIFY2(startShop(lab, QStringLiteral("multi-region")), qPrintable(lab.shop->lastError()));
        QVERIFY2(startAlertmanagers(lab), qPrintable(lab.alertmanagers.back()->lastError()));
        QVERIFY2(startFirebreak(lab), qPrintable(lab.firebreak->lastError()));
        QVERIFY2(startPrometheus(lab), qPrintable(lab.prometheus->lastError()));

        // multi-region takes a cache down in eu first (CacheDown, critical, `for` 6 s in the lab).
        Alert cacheDown;
        Incident incident;
        const bool arrived = waitFor(
            [&] {
                const StoreView view = readStore(lab.store());
                for (const Alert& alert : view.alerts) {
                    if (alert.labels.value(QStringLiteral("alertname")) != QLatin1String("CacheDown"))
                        continue;
                    cacheDown = alert;
                    for (const Incident& candidate : view.incidents) {
                        if (candidate.id == alert.incidentId)
                            incident = candidate;
                    }
                    return true;
                }
                return false;
            },
            90000);
        QVERIFY2(arrived, qPrintable(QStringLiteral("no CacheDown alert in the store") + diagnostics(lab)));

        // The labels are the rule's and the shop's, with Prometheus' external label; the alert
        // came through the webhook (or the API sync) from the real Alertmanager.
        QCOMPARE(cacheDown.labels.value(QStringLiteral("service")), QStringLiteral("cache"));
        QCOMPARE(cacheDown.labels.value(QStringLiteral("region")), QStringLiteral("eu"));
        QCOMPARE(cacheDown.labels.value(QStringLiteral("severity")), QStringLiteral("critical"));
        QCOMPARE(cacheDown.labels.value(QStringLiteral("instance")), QStringLiteral("cache-eu-1"));
        QCOMPARE(cacheDown.labels.value(QStringLiteral("lab")), QStringLiteral("firebreak"));
        QCOMPARE(cacheDown.fingerprint.size(), 16);
        QVERIFY2(cacheDown.generatorUrl.contains(QStringLiteral("127.0.0.1:%1").arg(lab.prometheusPort))
                || cacheDown.generatorUrl.contains(QStringLiteral("/graph?g0.expr=")),
            qPrintable(cacheDown.generatorUrl));
        QCOMPARE(cacheDown.status, AlertStatus::Firing);
        QVERIFY(incident.id > 0);
        QCOMPARE(incident.groupLabels.value(QStringLiteral("service")), QStringLiteral("cache"));
        QCOMPARE(incident.groupLabels.value(QStringLiteral("region")), QStringLiteral("eu"));
        QVERIFY2(incident.title.contains(QStringLiteral("cache-eu-1")), qPrintable(incident.title));

        // The receiver counted what it took, in the Prometheus text format.
        const HttpAnswer metrics = httpGet(lab.receiverUrl(QStringLiteral("/metrics")));
        QCOMPARE(metrics.status, 200);
        QVERIFY2(metrics.body.contains("firebreak_alerts_received_total"), metrics.body.left(2000).constData());
    }

    // Two Alertmanager peers of one cluster both get every alert from Prometheus and may both
    // notify: Firebreak keeps one alert and one incident per group.
    void haPeersMakeOneIncident()
    {
        Lab lab;
        QVERIFY(prepare(lab, 2));
        QVERIFY2(startAlertmanagers(lab), qPrintable(lab.alertmanagers.back()->lastError()));
        QVERIFY2(startFirebreak(lab), qPrintable(lab.firebreak->lastError()));

        const qint64 startsMs = QDateTime::currentMSecsSinceEpoch() - 30000;
        postAlerts(lab, 0, 24, startsMs); // to both peers, as Prometheus sends to every Alertmanager
        const bool all = waitFor(
            [&] {
                const StoreView view = readStore(lab.store());
                return view.alerts.size() >= 24;
            },
            60000);
        QVERIFY2(all, qPrintable(QStringLiteral("not all alerts arrived") + diagnostics(lab)));
        QTest::qWait(6000); // a group_interval more, for any late duplicate from the other peer

        const StoreView view = readStore(lab.store());
        QVERIFY2(view.error.isEmpty(), qPrintable(view.error));
        QCOMPARE(view.alerts.size(), 24);
        QSet<QString> fingerprints;
        for (const Alert& alert : view.alerts)
            fingerprints.insert(alert.fingerprint);
        QCOMPARE(fingerprints.size(), 24);
        for (const QString& fingerprint : std::as_const(fingerprints))
            QCOMPARE(view.firingEventsByFingerprint.value(fingerprint), 1);
        // 8 services x 2 regions, but i % 8 and i % 2 pair up: 8 (service, region) groups.
        QHash<QString, int> incidentsPerGroup;
        for (const Incident& incident : view.incidents)
            ++incidentsPerGroup[incident.groupKey];
        QCOMPARE(incidentsPerGroup.size(), 8);
        for (auto it = incidentsPerGroup.cbegin(); it != incidentsPerGroup.cend(); ++it)
            QVERIFY2(it.value() == 1, qPrintable(it.key()));

        // Both peers really notified (each counts its webhook notifications), so the duplicates were
        // delivered and dropped, not merely never sent.
        int notifyingPeers = 0;
        for (quint16 port : std::as_const(lab.alertmanagerPorts)) {
            const HttpAnswer metrics = httpGet(QUrl(QStringLiteral("http://127.0.0.1:%1/metrics").arg(port)));
            for (const QByteArray& line : metrics.body.split('\n')) {
                if (line.startsWith("alertmanager_notifications_total{integration=\"webhook\"}")
                    && line.split(' ').last().toDouble() > 0)
                    ++notifyingPeers;
            }
        }
        qInfo("Alertmanager peers that sent webhooks: %d of %d", notifyingPeers, int(lab.alertmanagerPorts.size()));
        const HttpAnswer ours = httpGet(lab.receiverUrl(QStringLiteral("/metrics")));
        double deduplicated = -1;
        for (const QByteArray& line : ours.body.split('\n')) {
            if (line.startsWith("firebreak_alerts_deduplicated_total "))
                deduplicated = line.split(' ').last().toDouble();
        }
        qInfo("Firebreak dropped %g duplicate alerts", deduplicated);
        QCOMPARE(notifyingPeers, 2);
        // Each peer notifies each of the 8 groups on its own, so how many groups both peers sent
        // varies; some alerts certainly came twice.
        QVERIFY2(deduplicated > 0, "both peers notified, so alerts came twice");

        // Both peers are shown as up on the status line (stderr in headless mode).
        const QByteArray output = lab.firebreak->output();
        for (quint16 port : std::as_const(lab.alertmanagerPorts))
            QVERIFY2(output.contains(QStringLiteral("alertmanager 127.0.0.1:%1: up").arg(port).toUtf8()),
                output.right(2000).constData());
    }

    // Firebreak is killed with SIGKILL in the middle of a burst and started again: Alertmanager
    // retries what was not answered and the API v2 sync on start fills the gap, so every alert is
    // stored exactly once.
    void killedDuringBurstLosesNothing()
    {
        Lab lab;
        QVERIFY(prepare(lab, 1));
        QVERIFY2(startAlertmanagers(lab), qPrintable(lab.alertmanagers.back()->lastError()));
        QVERIFY2(startFirebreak(lab), qPrintable(lab.firebreak->lastError()));

        constexpr int Total = 240;
        const qint64 startsMs = QDateTime::currentMSecsSinceEpoch() - 30000;
        int posted = 0;
        while (posted < Total / 2) {
            postAlerts(lab, posted, 20, startsMs);
            posted += 20;
            QTest::qWait(150);
        }
        lab.firebreak->kill();
        const StoreView atKill = readStore(lab.store());
        while (posted < Total) { // the burst goes on while Firebreak is down
            postAlerts(lab, posted, 20, startsMs);
            posted += 20;
            QTest::qWait(150);
        }
        QVERIFY2(startFirebreak(lab), qPrintable(lab.firebreak->lastError()));

        const bool all = waitFor([&] { return readStore(lab.store()).alerts.size() >= Total; }, 60000);
        const StoreView view = readStore(lab.store());
        QVERIFY2(all,
            qPrintable(QStringLiteral("%1 of %2 alerts stored (%3 when killed)")
                           .arg(view.alerts.size())
                           .arg(Total)
                           .arg(atKill.alerts.size())
                + diagnostics(lab)));
        QVERIFY2(atKill.alerts.size() < Total, "the kill must land inside the burst for this test to mean anything");
        QTest::qWait(6000); // a group_interval more: retried deliveries must not add anything
        const StoreView settled = readStore(lab.store());
        QCOMPARE(settled.alerts.size(), Total);
        QSet<QString> fingerprints;
        for (const Alert& alert : settled.alerts)
            fingerprints.insert(alert.fingerprint);
        QCOMPARE(fingerprints.size(), Total);
        for (const QString& fingerprint : std::as_const(fingerprints))
            QVERIFY2(settled.firingEventsByFingerprint.value(fingerprint) == 1, qPrintable(fingerprint));
    }

    // CloudEvents posted to the running binary's receiver land on the timeline (single and batch);
    // a malformed one is refused with where and what, and without the token nothing gets in.
    void cloudEventsThroughTheReceiver()
    {
        Lab lab;
        QVERIFY(prepare(lab, 1));
        QVERIFY2(startFirebreak(lab), qPrintable(lab.firebreak->lastError()));
        const QByteArray bearer = "Bearer " + readFile(lab.path(QStringLiteral("token")));
        const QUrl hook = lab.receiverUrl(QStringLiteral("/hooks/cloudevents"));
        const QByteArray single
            = readFile(QStringLiteral(FIREBREAK_TEST_DATA "/cloudevents/cdevents-service-deployed.json"));
        const QByteArray batch = readFile(QStringLiteral(FIREBREAK_TEST_DATA "/cloudevents/batch-github-knative.json"));

        QCOMPARE(httpPost(hook, single, "application/cloudevents+json").status, 401);
        HttpAnswer answer = httpPost(hook, single, "application/cloudevents+json", bearer);
        QVERIFY2(answer.status == 200, answer.body.constData());
        answer = httpPost(hook, batch, "application/cloudevents-batch+json", bearer);
        QVERIFY2(answer.status == 200, answer.body.constData());
        QByteArray broken = single;
        broken.replace("\"specversion\": \"1.0\"", "\"specversion\": \"0.3\"");
        answer = httpPost(hook, broken, "application/cloudevents+json", bearer);
        QCOMPARE(answer.status, 400);
        QVERIFY2(answer.body.contains("specversion"), answer.body.constData());

        // 200 means committed: the three events are in the store now, at their own times.
        const QString connection = QStringLiteral("tst-realsources-events");
        QStringList kinds;
        {
            QVERIFY(Database::open(connection, lab.store(), Database::Mode::ReadOnly).ok);
            QSqlQuery query(Database::connection(connection));
            QVERIFY(query.exec(QStringLiteral("SELECT kind, time_ms FROM events ORDER BY time_ms")));
            while (query.next())
                kinds << query.value(0).toString();
        }
        Database::close(connection);
        QCOMPARE(kinds.size(), 3);
        QCOMPARE(kinds.count(QStringLiteral("change.deploy")), 2);
        QCOMPARE(kinds.count(QStringLiteral("change.cron")), 1);
    }
};

QTEST_GUILESS_MAIN(TestRealSources)
#include "tst_realsources.moc"
