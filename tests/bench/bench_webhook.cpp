// Webhook ingest over loopback HTTP, as a user runs it: the real `firebreak --headless --config`
// binary with its receiver, fed Alertmanager webhook v4 bodies of 100 alerts each, against a real
// Alertmanager (`POST /api/v2/alerts`) fed the very same alerts by the same client, in one run.
//
// Firebreak answers 2xx only after a body is committed (WAL, synchronous=FULL): since schema v12 it
// commits a delivery that parsed raw to the store's inbox and answers, then correlates it into
// incidents, alerts and timeline events (DeliveryInbox). Alertmanager's API likewise puts alerts in
// its store and leaves grouping to its dispatcher. So "alerts per second" is alerts persisted and
// answered; both counts are checked afterwards (the store's alert rows, Alertmanager's
// GET /api/v2/alerts). Both sides get the same client and the same number of requests in flight:
// keep-alive connections with TCP_NODELAY, as Alertmanager's own Go client sends (KeepAlivePoster;
// QNetworkAccessManager's Nagle made the client's waits most of both figures). The two servers
// alternate over rounds and the median of each is reported, because the machine is shared and
// noisy. Target: Firebreak at least as fast as Alertmanager.
//
// After each of its turns the benchmark waits until every alert is on the timeline (the inbox is
// empty) and then until every event is indexed for search, so that no work is carried into
// Alertmanager's turn, and reports both rates too: they are what a storm longer than the inbox's
// lag bound would be held to.
//
// Fingerprints are hashes of the label set, as Alertmanager's are, so that the store's unique index
// on them takes inserts all over, as it does in use.

#include "benchutil.h"
#include "keepaliveposter.h"
#include "serverprocess.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>

using namespace firebreak;
using namespace firebreak::bench;
using namespace firebreak::testing;

namespace {

constexpr int AlertsPerBody = 100;
constexpr int BodiesPerRound = 150;
constexpr int Rounds = 5;
constexpr int InFlight = 6; // keep-alive connections, one request at a time on each

struct Workload {
    QVector<QByteArray> webhookBodies; // Alertmanager webhook v4, for Firebreak
    QVector<QByteArray> postableBodies; // Alertmanager API v2 postableAlerts, for Alertmanager
};

QString rfc3339(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

// Like Alertmanager's (a 64-bit hash of the label set, in hex): spread evenly, not in insertion order.
QString fingerprintOf(const QJsonObject& labels)
{
    const QByteArray digest
        = QCryptographicHash::hash(QJsonDocument(labels).toJson(QJsonDocument::Compact), QCryptographicHash::Sha256);
    return QString::fromLatin1(digest.left(8).toHex());
}

// Distinct alerts for one round: every alert of every round is new to both servers.
Workload buildRound(int round)
{
    Workload workload;
    const qint64 startsMs = QDateTime::currentMSecsSinceEpoch() - 60'000;
    for (int body = 0; body < BodiesPerRound; ++body) {
        QJsonArray webhookAlerts;
        QJsonArray postable;
        const QString service = QStringLiteral("svc-%1").arg(body % 12);
        const QString region = body % 2 ? QStringLiteral("eu-west") : QStringLiteral("us-east");
        for (int i = 0; i < AlertsPerBody; ++i) {
            QJsonObject labels { { QStringLiteral("alertname"), QStringLiteral("HighLatency") },
                { QStringLiteral("service"), service }, { QStringLiteral("region"), region },
                { QStringLiteral("severity"), QStringLiteral("warning") },
                { QStringLiteral("instance"), QStringLiteral("r%1-b%2-i%3:9100").arg(round).arg(body).arg(i) } };
            QJsonObject annotations { { QStringLiteral("summary"),
                QStringLiteral("p99 latency of %1 in %2 above 500 ms").arg(service, region) } };
            const QString starts = rfc3339(startsMs + i);
            const QString url = QStringLiteral("http://prometheus:9090/graph?g0.expr=latency_p99_seconds%3E0.5");
            webhookAlerts.append(QJsonObject { { QStringLiteral("status"), QStringLiteral("firing") },
                { QStringLiteral("labels"), labels }, { QStringLiteral("annotations"), annotations },
                { QStringLiteral("startsAt"), starts },
                { QStringLiteral("endsAt"), QStringLiteral("0001-01-01T00:00:00Z") },
                { QStringLiteral("generatorURL"), url }, { QStringLiteral("fingerprint"), fingerprintOf(labels) } });
            postable.append(
                QJsonObject { { QStringLiteral("labels"), labels }, { QStringLiteral("annotations"), annotations },
                    { QStringLiteral("startsAt"), starts }, { QStringLiteral("generatorURL"), url } });
        }
        const QJsonObject group { { QStringLiteral("service"), service }, { QStringLiteral("region"), region } };
        const QJsonObject message { { QStringLiteral("version"), QStringLiteral("4") },
            { QStringLiteral("groupKey"), QStringLiteral("{}:{service=\"%1\",region=\"%2\"}").arg(service, region) },
            { QStringLiteral("truncatedAlerts"), 0 }, { QStringLiteral("status"), QStringLiteral("firing") },
            { QStringLiteral("receiver"), QStringLiteral("firebreak") }, { QStringLiteral("groupLabels"), group },
            { QStringLiteral("commonLabels"), group }, { QStringLiteral("commonAnnotations"), QJsonObject {} },
            { QStringLiteral("externalURL"), QStringLiteral("http://alertmanager:9093") },
            { QStringLiteral("alerts"), webhookAlerts } };
        workload.webhookBodies.append(QJsonDocument(message).toJson(QJsonDocument::Compact));
        workload.postableBodies.append(QJsonDocument(postable).toJson(QJsonDocument::Compact));
    }
    return workload;
}

// Posts every body with InFlight requests outstanding; returns seconds, or fails on any non-2xx.
double postAll(const QUrl& url, const QVector<QByteArray>& bodies, const QByteArray& authorization)
{
    const KeepAlivePoster::Result result = KeepAlivePoster(url, InFlight).postAll(bodies, authorization);
    if (!result.error.isEmpty())
        fail(result.error);
    return result.seconds;
}

void writeFile(const QString& path, const QByteArray& content, QFile::Permissions permissions = {})
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        fail(QStringLiteral("cannot write %1").arg(path));
    file.close();
    if (permissions)
        file.setPermissions(permissions);
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QString alertmanagerBinary = QStandardPaths::findExecutable(QStringLiteral("prometheus-alertmanager"));
    if (alertmanagerBinary.isEmpty())
        fail(QStringLiteral("prometheus-alertmanager is not installed (scripts/setup.sh release --with-lab)"));

    QTemporaryDir dir;
    const QByteArray token = QByteArrayLiteral("bench-token-0123456789");
    writeFile(dir.filePath(QStringLiteral("token")), token + '\n', QFile::ReadOwner | QFile::WriteOwner);

    // Firebreak headless with its receiver on a free port.
    const quint16 receiverPort = freeLoopbackPort();
    const QString store = dir.filePath(QStringLiteral("bench.db"));
    writeFile(dir.filePath(QStringLiteral("firebreak.yaml")),
        QStringLiteral("store: {path: %1}\nreceiver: {listen: \"127.0.0.1:%2\", token_file: %3}\n")
            .arg(store)
            .arg(receiverPort)
            .arg(dir.filePath(QStringLiteral("token")))
            .toUtf8());
    ServerProcess firebreak(QStringLiteral(FIREBREAK_BINARY),
        { QStringLiteral("--headless"), QStringLiteral("--config"), dir.filePath(QStringLiteral("firebreak.yaml")) });
    if (!firebreak.start(QUrl(QStringLiteral("http://127.0.0.1:%1/healthz").arg(receiverPort))))
        fail(firebreak.lastError());

    // A real Alertmanager, single node, routing everything to a receiver that sends nothing.
    const quint16 alertmanagerPort = freeLoopbackPort();
    writeFile(dir.filePath(QStringLiteral("alertmanager.yml")),
        "route: {receiver: blackhole, group_wait: 1h}\nreceivers: [{name: blackhole}]\n");
    QDir().mkpath(dir.filePath(QStringLiteral("am-data")));
    ServerProcess alertmanager(alertmanagerBinary,
        { QStringLiteral("--config.file=%1").arg(dir.filePath(QStringLiteral("alertmanager.yml"))),
            QStringLiteral("--storage.path=%1").arg(dir.filePath(QStringLiteral("am-data"))),
            QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(alertmanagerPort),
            QStringLiteral("--cluster.listen-address=") });
    if (!alertmanager.start(QUrl(QStringLiteral("http://127.0.0.1:%1/-/ready").arg(alertmanagerPort))))
        fail(alertmanager.lastError());

    const QUrl hook(QStringLiteral("http://127.0.0.1:%1/hooks/alertmanager").arg(receiverPort));
    const QUrl amAlerts(QStringLiteral("http://127.0.0.1:%1/api/v2/alerts").arg(alertmanagerPort));
    const QByteArray bearer = QByteArrayLiteral("Bearer ") + token;

    say(QStringLiteral("bench_webhook: %1 rounds of %2 bodies x %3 alerts, %4 requests in flight")
            .arg(Rounds)
            .arg(BodiesPerRound)
            .arg(AlertsPerBody)
            .arg(InFlight));
    QVector<double> firebreakRates;
    QVector<double> timelineRates;
    QVector<double> searchableRates;
    QVector<double> alertmanagerRates;
    sqlite3* progress = sqlOpenStore(store);
    // Seconds until every delivery answered is on the timeline: none left in the inbox.
    const auto waitForTimeline = [progress] {
        QElapsedTimer waited;
        waited.start();
        while (sqlInteger(progress, "SELECT count(*) FROM inbox") > 0) {
            if (waited.elapsed() > 60'000)
                fail(QStringLiteral("the inbox was not emptied within 60 s"));
            QThread::msleep(5);
        }
        return double(waited.nsecsElapsed()) / 1e9;
    };
    // Seconds until the search index holds every event the store has.
    const auto waitForSearchIndex = [progress] {
        QElapsedTimer waited;
        waited.start();
        while (sqlInteger(progress, "SELECT indexed_upto FROM search_progress")
            < sqlInteger(progress, "SELECT COALESCE(max(id), 0) FROM events")) {
            if (waited.elapsed() > 60'000)
                fail(QStringLiteral("the search index did not catch up within 60 s"));
            QThread::msleep(5);
        }
        return double(waited.nsecsElapsed()) / 1e9;
    };
    const double alertsPerRound = double(BodiesPerRound) * AlertsPerBody;
    for (int round = 0; round < Rounds; ++round) {
        const Workload workload = buildRound(round);
        // Alternate which server goes first, so neither always meets a warmer machine.
        const bool firebreakFirst = round % 2 == 0;
        for (int turn = 0; turn < 2; ++turn) {
            if ((turn == 0) == firebreakFirst) {
                const double seconds = postAll(hook, workload.webhookBodies, bearer);
                firebreakRates.append(alertsPerRound / seconds);
                const double onTimeline = seconds + waitForTimeline();
                timelineRates.append(alertsPerRound / onTimeline);
                searchableRates.append(alertsPerRound / (onTimeline + waitForSearchIndex()));
            } else
                alertmanagerRates.append(alertsPerRound / postAll(amAlerts, workload.postableBodies, {}));
        }
        say(QStringLiteral("  round %1: firebreak %2 alerts/s (%3 until on the timeline, %4 until searchable), "
                           "alertmanager %5 alerts/s")
                .arg(round + 1)
                .arg(number(firebreakRates.constLast(), 0), number(timelineRates.constLast(), 0),
                    number(searchableRates.constLast(), 0), number(alertmanagerRates.constLast(), 0)));
    }

    // Every alert must really be there: persisted by Firebreak, held by Alertmanager.
    const qint64 expected = qint64(alertsPerRound) * Rounds;
    sqlite3_close(progress);
    firebreak.terminate();
    sqlite3* db = sqlOpenStore(store);
    const qint64 stored = sqlInteger(db, "SELECT count(*) FROM alerts");
    sqlite3_close(db);
    if (stored != expected)
        fail(QStringLiteral("Firebreak stored %1 alerts, expected %2").arg(stored).arg(expected));
    const HttpAnswer held = httpGet(amAlerts, 30000);
    const qint64 inAlertmanager = QJsonDocument::fromJson(held.body).array().size();
    if (inAlertmanager != expected)
        fail(QStringLiteral("Alertmanager holds %1 alerts, expected %2").arg(inAlertmanager).arg(expected));

    const double firebreakRate = median(firebreakRates);
    const double alertmanagerRate = median(alertmanagerRates);
    figure(QStringLiteral("webhook_alerts_per_s"), firebreakRate,
        QStringLiteral("(persisted and answered, median of rounds)"), 0);
    figure(QStringLiteral("webhook_timeline_alerts_per_s"), median(timelineRates),
        QStringLiteral("(persisted and correlated onto the timeline, median of rounds)"), 0);
    figure(QStringLiteral("webhook_searchable_alerts_per_s"), median(searchableRates),
        QStringLiteral("(persisted and indexed for search, median of rounds)"), 0);
    figure(QStringLiteral("alertmanager_api_alerts_per_s"), alertmanagerRate,
        QStringLiteral("(POST /api/v2/alerts, same alerts, median of rounds)"), 0);
    figure(QStringLiteral("webhook_vs_alertmanager_ratio"), firebreakRate / alertmanagerRate, {}, false, 1.0);
    return 0;
}
