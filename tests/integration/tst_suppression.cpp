// AlertmanagerSuppressor against a real Alertmanager on loopback: the silence it creates is what
// Alertmanager's own API lists, expiring it shows there, and every failure (Alertmanager's refusal,
// nobody listening, nobody answering) reaches `done` exactly once, in time.
#include "alertmanager/alertmanagerclient.h"
#include "alertmanager/alertmanagersuppressor.h"
#include "domain/metatypes.h"
#include "serverprocess.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>
#include <memory>

using namespace firebreak;
using namespace firebreak::testing;

namespace {

const QString Binary = QStringLiteral("/usr/bin/prometheus-alertmanager");
constexpr qint64 Hour = 60 * 60 * 1000;

// Records the answers of one suppress() or expire() call.
struct Answers {
    QVector<SuppressionResult> results;
    Suppressor::Callback callback()
    {
        return [this](const SuppressionResult& result) { results.append(result); };
    }
};

AlertmanagerClientOptions fastOptions(int requestTimeoutMs = 3000)
{
    AlertmanagerClientOptions options;
    options.probeIntervalMs = 200;
    options.maxProbeIntervalMs = 400;
    options.requestTimeoutMs = requestTimeoutMs;
    options.syncDebounceMs = 50;
    return options;
}

AlertmanagerSettings settingsFor(const QUrl& peer)
{
    AlertmanagerSettings settings;
    settings.peers = { peer };
    return settings;
}

qint64 parseTime(const QString& text)
{
    return QDateTime::fromString(text, Qt::ISODateWithMs).toMSecsSinceEpoch();
}

} // namespace

class TestSuppression : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void silenceIsCreatedListedAndExpired();
    void expiringAnUnknownSilenceFailsWithAlertmanagersWords();
    void refusedSilenceFailsWithAlertmanagersWords();
    void unreachableAlertmanagerFailsWithinTheTimeout();
    void silentAlertmanagerFailsAtTheSuppressorsTimeout();
    void stoppedClientStillAnswers();

private:
    QJsonObject listedSilence(const QString& id) const;

    QTemporaryDir m_dir;
    std::unique_ptr<ServerProcess> m_alertmanager;
    QUrl m_url;
};

void TestSuppression::initTestCase()
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

    // A single instance without clustering; a new port if another program took the one we chose.
    QString lastError;
    for (int attempt = 0; attempt < 3 && !m_alertmanager; ++attempt) {
        const quint16 port = freeLoopbackPort();
        auto process = std::make_unique<ServerProcess>(Binary,
            QStringList { QStringLiteral("--config.file=") + config,
                QStringLiteral("--storage.path=") + m_dir.filePath(QStringLiteral("data%1").arg(attempt)),
                QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(port),
                QStringLiteral("--cluster.listen-address="), QStringLiteral("--log.level=warn") });
        const QUrl url(QStringLiteral("http://127.0.0.1:%1").arg(port));
        if (process->start(url.resolved(QUrl(QStringLiteral("/-/ready"))), 15000)) {
            m_alertmanager = std::move(process);
            m_url = url;
        } else {
            lastError = process->lastError();
        }
    }
    QVERIFY2(m_alertmanager, qPrintable(lastError));
}

void TestSuppression::cleanupTestCase()
{
    m_alertmanager.reset();
}

QJsonObject TestSuppression::listedSilence(const QString& id) const
{
    const HttpAnswer answer = httpGet(m_url.resolved(QUrl(QStringLiteral("/api/v2/silences"))));
    if (answer.status != 200)
        return {};
    for (const QJsonValue& value : QJsonDocument::fromJson(answer.body).array()) {
        if (value.toObject().value(QStringLiteral("id")).toString() == id)
            return value.toObject();
    }
    return {};
}

void TestSuppression::silenceIsCreatedListedAndExpired()
{
    AlertmanagerClient client(settingsFor(m_url), fastOptions());
    AlertmanagerSuppressor suppressor(client, 10000);
    QCOMPARE(suppressor.name(), QStringLiteral("alertmanager"));
    client.start();

    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    const QString comment = QStringLiteral("Firebreak incident 12, run 34 (disk cleanup): silenced for 1h");
    Answers created;
    suppressor.suppress({ { QStringLiteral("alertname"), QStringLiteral("DiskSpaceHigh") },
                            { QStringLiteral("instance"), QStringLiteral("db-eu-1") } },
        nowMs, nowMs + Hour, QStringLiteral("firebreak"), comment, created.callback());
    QTRY_COMPARE_WITH_TIMEOUT(created.results.size(), 1, 10000);
    QVERIFY2(created.results.at(0).ok, qPrintable(created.results.at(0).error));
    const QString id = created.results.at(0).id;
    QVERIFY2(!QUuid::fromString(id).isNull(), qPrintable(id));

    // What Alertmanager itself lists.
    const QJsonObject listed = listedSilence(id);
    QVERIFY2(!listed.isEmpty(), "the silence is not in GET /api/v2/silences");
    QCOMPARE(listed.value("createdBy").toString(), QStringLiteral("firebreak"));
    QCOMPARE(listed.value("comment").toString(), comment);
    QCOMPARE(listed.value("status").toObject().value("state").toString(), QStringLiteral("active"));
    QCOMPARE(parseTime(listed.value("endsAt").toString()), nowMs + Hour);
    QMap<QString, QString> matchers;
    for (const QJsonValue& value : listed.value("matchers").toArray()) {
        const QJsonObject matcher = value.toObject();
        QCOMPARE(matcher.value("isRegex").toBool(), false);
        QCOMPARE(matcher.value("isEqual").toBool(true), true);
        matchers.insert(matcher.value("name").toString(), matcher.value("value").toString());
    }
    QCOMPARE(matchers, (QMap<QString, QString> { { "alertname", "DiskSpaceHigh" }, { "instance", "db-eu-1" } }));

    Answers expired;
    suppressor.expire(id, expired.callback());
    QTRY_COMPARE_WITH_TIMEOUT(expired.results.size(), 1, 10000);
    QVERIFY2(expired.results.at(0).ok, qPrintable(expired.results.at(0).error));
    QCOMPARE(expired.results.at(0).id, id);
    QCOMPARE(listedSilence(id).value("status").toObject().value("state").toString(), QStringLiteral("expired"));

    // Exactly once each: nothing more arrives later.
    QTest::qWait(300);
    QCOMPARE(created.results.size(), 1);
    QCOMPARE(expired.results.size(), 1);
    QCOMPARE(suppressor.pendingCount(), 0);
}

void TestSuppression::expiringAnUnknownSilenceFailsWithAlertmanagersWords()
{
    AlertmanagerClient client(settingsFor(m_url), fastOptions());
    AlertmanagerSuppressor suppressor(client, 10000);

    Answers unknown;
    suppressor.expire(QStringLiteral("00000000-0000-0000-0000-000000000000"), unknown.callback());
    QTRY_COMPARE_WITH_TIMEOUT(unknown.results.size(), 1, 10000);
    QVERIFY(!unknown.results.at(0).ok);
    const QString error = unknown.results.at(0).error;
    QVERIFY2(error.startsWith(QStringLiteral("silence 00000000-0000-0000-0000-000000000000 not expired: ")
                 + AlertmanagerClient::peerName(m_url) + QStringLiteral(": DELETE /api/v2/silence/")),
        qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("silence not found")), qPrintable(error));

    Answers malformed;
    suppressor.expire(QStringLiteral("not-a-uuid"), malformed.callback());
    QTRY_COMPARE_WITH_TIMEOUT(malformed.results.size(), 1, 10000);
    QVERIFY(!malformed.results.at(0).ok);
    QVERIFY2(malformed.results.at(0).error.contains(QStringLiteral("silenceID in path must be of type uuid")),
        qPrintable(malformed.results.at(0).error));
}

void TestSuppression::refusedSilenceFailsWithAlertmanagersWords()
{
    AlertmanagerClient client(settingsFor(m_url), fastOptions());
    AlertmanagerSuppressor suppressor(client, 10000);
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    Answers refused;
    suppressor.suppress({ { QStringLiteral("instance"), QString() } }, nowMs, nowMs + Hour, QStringLiteral("firebreak"),
        QStringLiteral("matches everything"), refused.callback());
    QTRY_COMPARE_WITH_TIMEOUT(refused.results.size(), 1, 10000);
    QVERIFY(!refused.results.at(0).ok);
    QVERIFY2(
        refused.results.at(0).error.contains(QStringLiteral("at least one matcher must not match the empty string")),
        qPrintable(refused.results.at(0).error));

    // Refused before anything is sent: `done` may run before suppress() returns.
    Answers inverted;
    suppressor.suppress({ { QStringLiteral("alertname"), QStringLiteral("DiskSpaceHigh") } }, nowMs + Hour, nowMs,
        QStringLiteral("firebreak"), QString(), inverted.callback());
    QCOMPARE(inverted.results.size(), 1);
    QVERIFY(!inverted.results.at(0).ok);
    QVERIFY2(inverted.results.at(0).error.startsWith(QStringLiteral("silence not created: the end time")),
        qPrintable(inverted.results.at(0).error));
    QCOMPARE(suppressor.pendingCount(), 0);
}

void TestSuppression::unreachableAlertmanagerFailsWithinTheTimeout()
{
    const QUrl nobody(QStringLiteral("http://127.0.0.1:%1").arg(freeLoopbackPort()));
    AlertmanagerClient client(settingsFor(nobody), fastOptions());
    AlertmanagerSuppressor suppressor(client, 2000);
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    QElapsedTimer timer;
    timer.start();
    Answers answers;
    suppressor.suppress({ { QStringLiteral("alertname"), QStringLiteral("DiskSpaceHigh") } }, nowMs, nowMs + Hour,
        QStringLiteral("firebreak"), QStringLiteral("incident 1, run 1"), answers.callback());
    QTRY_COMPARE_WITH_TIMEOUT(answers.results.size(), 1, 2000);
    QVERIFY(timer.elapsed() < 2000);
    QVERIFY(!answers.results.at(0).ok);
    QCOMPARE(answers.results.at(0).error,
        QStringLiteral("silence not created: ") + AlertmanagerClient::peerName(nobody)
            + QStringLiteral(": POST /api/v2/silences: Connection refused"));
}

void TestSuppression::silentAlertmanagerFailsAtTheSuppressorsTimeout()
{
    QTcpServer silent; // accepts connections and never answers
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    const QUrl peer(QStringLiteral("http://127.0.0.1:%1").arg(silent.serverPort()));
    // The client would wait 1.5 s; the suppressor gives up at 400 ms and ignores the late failure.
    AlertmanagerClient client(settingsFor(peer), fastOptions(1500));
    AlertmanagerSuppressor suppressor(client, 400);
    QElapsedTimer timer;
    timer.start();
    Answers answers;
    suppressor.expire(QStringLiteral("00000000-0000-0000-0000-000000000001"), answers.callback());
    QTRY_COMPARE_WITH_TIMEOUT(answers.results.size(), 1, 1400);
    QVERIFY(timer.elapsed() >= 400);
    QVERIFY(!answers.results.at(0).ok);
    QCOMPARE(answers.results.at(0).error,
        QStringLiteral("silence 00000000-0000-0000-0000-000000000001 not expired: no answer from Alertmanager "
                       "within 400 ms"));
    QSignalSpy late(&client, &AlertmanagerClient::silenceFailed);
    QTRY_COMPARE_WITH_TIMEOUT(late.size(), 1, 3000);
    QCOMPARE(answers.results.size(), 1);
    QCOMPARE(suppressor.pendingCount(), 0);
}

void TestSuppression::stoppedClientStillAnswers()
{
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    const QUrl peer(QStringLiteral("http://127.0.0.1:%1").arg(silent.serverPort()));
    AlertmanagerClient client(settingsFor(peer), fastOptions(10000));
    AlertmanagerSuppressor suppressor(client, 500);
    client.start();
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    Answers answers;
    suppressor.suppress({ { QStringLiteral("alertname"), QStringLiteral("DiskSpaceHigh") } }, nowMs, nowMs + Hour,
        QStringLiteral("firebreak"), QStringLiteral("incident 1, run 1"), answers.callback());
    client.stop(); // abandons the request without a word
    QTRY_COMPARE_WITH_TIMEOUT(answers.results.size(), 1, 2000);
    QCOMPARE(
        answers.results.at(0).error, QStringLiteral("silence not created: no answer from Alertmanager within 500 ms"));
}

QTEST_GUILESS_MAIN(TestSuppression)
#include "tst_suppression.moc"
