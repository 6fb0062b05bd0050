#include "domain/metatypes.h"
#include "engine/ingestpipeline.h"
#include "feeds/cloudeventfeed.h"
#include "interfaces/clock.h"
#include "store/database.h"
#include "store/storequeries.h"
#include "store/storewriter.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketServer>

using namespace firebreak;

namespace {

class WallClock final : public Clock {
public:
    qint64 nowMs() const override { return QDateTime::currentMSecsSinceEpoch(); }
};

QByteArray readFile(const QString& name)
{
    QFile file(QStringLiteral(FIREBREAK_TEST_DATA "/cloudevents/") + name);
    if (!file.open(QIODevice::ReadOnly))
        return QByteArray();
    return file.readAll();
}

QString deployEvent(const QString& id)
{
    return QStringLiteral(
        R"({"specversion":"1.0","id":"%1","source":"/ci/deployer","type":"com.example.deploy.finished",
        "region":"eu","data":{"service":"web","version":"2.0.%1"}})")
        .arg(id);
}

// A loopback CloudEvents feed server: records each handshake and runs `onConnect` for each client.
class FeedServer : public QObject {
public:
    FeedServer()
        : m_server(QStringLiteral("test feed"), QWebSocketServer::NonSecureMode)
    {
        m_server.setSupportedSubprotocols({ QStringLiteral("cloudevents.json") });
        m_server.listen(QHostAddress::LocalHost, 0);
        QObject::connect(&m_server, &QWebSocketServer::newConnection, this, [this] {
            while (QWebSocket* socket = m_server.nextPendingConnection()) {
                socket->setParent(this);
                authorizations.append(socket->request().rawHeader("Authorization"));
                subprotocols.append(socket->subprotocol());
                connectedAt.append(m_clock.elapsed());
                clients.append(socket);
                if (onConnect)
                    onConnect(socket);
            }
        });
        m_clock.start();
    }

    QUrl url() const { return QUrl(QStringLiteral("ws://127.0.0.1:%1/events").arg(m_server.serverPort())); }
    QWebSocket* last() const { return clients.isEmpty() ? nullptr : clients.last(); }

    std::function<void(QWebSocket*)> onConnect;
    QList<QByteArray> authorizations;
    QStringList subprotocols;
    QList<qint64> connectedAt;
    QList<QWebSocket*> clients;

private:
    QWebSocketServer m_server;
    QElapsedTimer m_clock;
};

// A server that completes the WebSocket handshake by hand and then never says anything again, not
// even a pong: what a half-open connection behind a dead proxy looks like to the client.
class SilentServer : public QObject {
public:
    SilentServer()
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        QObject::connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* socket = m_server.nextPendingConnection()) {
                socket->setParent(this);
                ++connections;
                QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket] {
                    if (socket->property("upgraded").toBool()) {
                        socket->readAll(); // pings go unanswered
                        return;
                    }
                    const QByteArray request = socket->peek(socket->bytesAvailable());
                    if (!request.contains("\r\n\r\n"))
                        return;
                    socket->readAll();
                    QByteArray key;
                    for (const QByteArray& line : request.split('\n')) {
                        if (line.toLower().startsWith("sec-websocket-key:"))
                            key = line.mid(18).trimmed();
                    }
                    const QByteArray accept = QCryptographicHash::hash(
                        QByteArray(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"), QCryptographicHash::Sha1)
                                                  .toBase64();
                    socket->write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                  "Sec-WebSocket-Accept: "
                        + accept + "\r\nSec-WebSocket-Protocol: cloudevents.json\r\n\r\n");
                    socket->setProperty("upgraded", true);
                });
            }
        });
    }

    QUrl url() const { return QUrl(QStringLiteral("ws://127.0.0.1:%1/events").arg(m_server.serverPort())); }
    int connections = 0;

private:
    QTcpServer m_server;
};

// Short intervals so that the whole suite runs in a few seconds.
CloudEventFeedOptions fastOptions()
{
    CloudEventFeedOptions options;
    options.initialBackoffMs = 50;
    options.maxBackoffMs = 400;
    options.stableAfterMs = 5000;
    options.handshakeTimeoutMs = 2000;
    options.pingIntervalMs = 50;
    options.pongTimeoutMs = 150;
    options.maxMessageBytes = 8 * 1024;
    options.jitter = [] { return 1.0; }; // delays at their ceiling, so their growth can be measured
    return options;
}

FeedSettings settingsFor(const QUrl& url, const QByteArray& token = QByteArray())
{
    FeedSettings settings;
    settings.websocket = url;
    if (!token.isEmpty())
        settings.credential = Credential { QStringLiteral("/etc/firebreak/feed-token"), token };
    return settings;
}

} // namespace

class TestCloudEventFeed : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { registerMetaTypes(); }

    void init()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(QStringLiteral("feed-%1.db").arg(++m_count));
        m_writer = std::make_unique<StoreWriter>(m_path);
        m_pipeline = std::make_unique<IngestPipeline>(m_clock, CorrelationConfig {});
        QSignalSpy opened(m_writer.get(), &StoreWriter::opened);
        m_writer->open();
        QCOMPARE(opened.count(), 1);
        connect(m_pipeline.get(), &IngestPipeline::batchReady, m_writer.get(), &StoreWriter::enqueue);
    }

    void cleanup()
    {
        m_pipeline.reset();
        if (m_writer)
            m_writer->close();
        m_writer.reset();
    }

    void eventsReachTheTimelineWithTheToken()
    {
        FeedServer server;
        server.onConnect = [](QWebSocket* socket) {
            socket->sendTextMessage(QString::fromUtf8(readFile(QStringLiteral("cdevents-service-deployed.json"))));
            socket->sendTextMessage(deployEvent(QStringLiteral("1")));
        };
        CloudEventFeed feed(settingsFor(server.url(), "s3cret-token"), m_clock, fastOptions());
        feed.attach(m_pipeline.get());
        feed.start();

        QTRY_COMPARE(storedEvents().size(), 2);
        QCOMPARE(server.authorizations, QList<QByteArray> { "Bearer s3cret-token" });
        QCOMPARE(server.subprotocols, QStringList { QStringLiteral("cloudevents.json") });
        const QVector<Event> events = storedEvents(); // newest first
        QCOMPARE(events.at(1).kind, QStringLiteral("change.deploy"));
        QCOMPARE(events.at(1).timeMs, qint64(1772355510250)); // the CloudEvent's own time
        QCOMPARE(events.at(1).source, feed.name());
        QCOMPARE(feed.name(), QStringLiteral("feed ") + server.url().toString());
        QVERIFY(events.at(1).body.contains("dev.cdevents.service.deployed.0.3.0"));
        QCOMPARE(events.at(0).title, QStringLiteral("com.example.deploy.finished (service web, version 2.0.1)"));
        QCOMPARE(feed.health().state, SourceHealth::State::Up);
        QCOMPARE(feed.health().name, feed.name());
        QCOMPARE(feed.messagesReceived(), quint64(2));

        // Pings are answered by a live server: several ping intervals later it is the same connection.
        QTest::qWait(400);
        QCOMPARE(server.clients.size(), 1);
        QCOMPARE(feed.connectionsOpened(), quint64(1));
        QCOMPARE(feed.health().state, SourceHealth::State::Up);
    }

    void malformedMessageIsCountedAndTheNextOneStored()
    {
        FeedServer server;
        CloudEventFeed feed(settingsFor(server.url()), m_clock, fastOptions());
        feed.attach(m_pipeline.get());
        feed.start();
        QTRY_VERIFY(server.last() != nullptr);

        server.last()->sendTextMessage(QStringLiteral(
            R"([{"specversion":"1.0","id":"x","source":"/ci","type":"com.example.deploy","time":"yesterday"}])"));
        server.last()->sendTextMessage(QStringLiteral("{not json"));
        server.last()->sendBinaryMessage("\x01\x02");
        server.last()->sendTextMessage(deployEvent(QStringLiteral("2")));

        QTRY_COMPARE(storedEvents().size(), 1);
        QVERIFY(storedEvents().first().body.contains("\"id\":\"2\""));
        QTRY_COMPARE(feed.malformedMessages(), quint64(3));
        QCOMPARE(feed.health().state, SourceHealth::State::Degraded);
        QVERIFY2(feed.health().detail.startsWith(QStringLiteral("3 malformed events, last: ")),
            qPrintable(feed.health().detail));
        QCOMPARE(server.clients.size(), 1); // malformed messages do not cost the connection
    }

    void malformedReasonNamesTheAttribute()
    {
        FeedServer server;
        server.onConnect = [](QWebSocket* socket) {
            socket->sendTextMessage(QStringLiteral(
                R"([{"specversion":"1.0","id":"x","source":"/ci","type":"com.example.deploy","time":"yesterday"}])"));
        };
        CloudEventFeed feed(settingsFor(server.url()), m_clock, fastOptions());
        feed.attach(m_pipeline.get());
        feed.start();
        QTRY_COMPARE(feed.health().state, SourceHealth::State::Degraded);
        QVERIFY2(feed.health().detail.startsWith(QStringLiteral("1 malformed event, last: [0].time: not RFC 3339")),
            qPrintable(feed.health().detail));
    }

    void reconnectsWithGrowingDelays()
    {
        FeedServer server;
        server.onConnect = [](QWebSocket* socket) {
            socket->close(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("restarting"));
        };
        CloudEventFeed feed(settingsFor(server.url()), m_clock, fastOptions());
        QSignalSpy scheduled(&feed, &CloudEventFeed::reconnectScheduled);
        QSignalSpy health(&feed, &CloudEventFeed::healthChanged);
        feed.start();

        QTRY_VERIFY_WITH_TIMEOUT(server.connectedAt.size() >= 5, 5000);
        QList<int> ceilings;
        for (int i = 0; i < 4; ++i) {
            QCOMPARE(scheduled.at(i).at(0).toInt(), i + 1);
            ceilings.append(scheduled.at(i).at(2).toInt());
        }
        QCOMPARE(ceilings, (QList<int> { 50, 100, 200, 400 }));
        // The gaps between connections follow the delays: each at least its delay (less the 5% a
        // coarse QTimer may fire early), the 400 ms one clearly longer than the 50 ms one.
        for (int i = 1; i < 5; ++i) {
            const qint64 gap = server.connectedAt.at(i) - server.connectedAt.at(i - 1);
            QVERIFY2(gap >= scheduled.at(i - 1).at(1).toInt() * 95 / 100, qPrintable(QString::number(gap)));
        }
        QVERIFY(
            server.connectedAt.at(4) - server.connectedAt.at(3) > server.connectedAt.at(1) - server.connectedAt.at(0));

        bool sawCountdown = false;
        for (const auto& arguments : health) {
            const auto reported = arguments.at(0).value<SourceHealth>();
            if (reported.state == SourceHealth::State::Down
                && reported.detail.contains(
                    QStringLiteral("connection closed (code 1001: restarting); reconnecting in ")))
                sawCountdown = true;
        }
        QVERIFY(sawCountdown);
        QVERIFY(feed.attempt() >= 4);
    }

    void stableConnectionResetsTheBackoff()
    {
        FeedServer server;
        server.onConnect = [](QWebSocket* socket) { QTimer::singleShot(250, socket, [socket] { socket->close(); }); };
        CloudEventFeedOptions options = fastOptions();
        options.stableAfterMs = 100;
        CloudEventFeed feed(settingsFor(server.url()), m_clock, options);
        QSignalSpy scheduled(&feed, &CloudEventFeed::reconnectScheduled);
        feed.start();
        QTRY_VERIFY_WITH_TIMEOUT(scheduled.count() >= 3, 3000);
        for (const auto& arguments : scheduled) {
            QCOMPARE(arguments.at(0).toInt(), 1);
            QCOMPARE(arguments.at(2).toInt(), 50);
        }
    }

    void oversizedMessageIsRefusedAndTheFeedContinues()
    {
        FeedServer server;
        server.onConnect = [&server](QWebSocket* socket) {
            if (server.clients.size() == 1)
                socket->sendTextMessage(QString(20 * 1024, QLatin1Char('x')));
            else
                socket->sendTextMessage(deployEvent(QStringLiteral("3")));
        };
        CloudEventFeed feed(settingsFor(server.url()), m_clock, fastOptions());
        feed.attach(m_pipeline.get());
        feed.start();

        QTRY_COMPARE(storedEvents().size(), 1);
        QCOMPARE(feed.oversizedMessages(), quint64(1));
        QCOMPARE(server.clients.size(), 2);
        QCOMPARE(feed.health().state, SourceHealth::State::Degraded);
        QVERIFY2(
            feed.health().detail.contains(QStringLiteral("1 oversized message, last: message larger than 8192 bytes")),
            qPrintable(feed.health().detail));
    }

    void noPongMeansReconnect()
    {
        SilentServer server;
        CloudEventFeed feed(settingsFor(server.url()), m_clock, fastOptions());
        QSignalSpy health(&feed, &CloudEventFeed::healthChanged);
        QSignalSpy connected(&feed, &CloudEventFeed::connected);
        feed.start();

        QTRY_VERIFY_WITH_TIMEOUT(server.connections >= 2, 3000);
        QVERIFY(connected.count() >= 1);
        bool sawPongTimeout = false;
        for (const auto& arguments : health) {
            const auto reported = arguments.at(0).value<SourceHealth>();
            if (reported.state == SourceHealth::State::Down
                && reported.detail.startsWith(QStringLiteral("no pong within 0.1 s; reconnecting in")))
                sawPongTimeout = true;
        }
        QVERIFY(sawPongTimeout);
    }

    void refusedConnectionIsShownAsDown()
    {
        QTcpServer placeholder;
        placeholder.listen(QHostAddress::LocalHost, 0);
        const quint16 port = placeholder.serverPort();
        placeholder.close(); // nothing listens there now
        CloudEventFeed feed(
            settingsFor(QUrl(QStringLiteral("ws://127.0.0.1:%1/events").arg(port))), m_clock, fastOptions());
        QSignalSpy scheduled(&feed, &CloudEventFeed::reconnectScheduled);
        feed.start();
        QTRY_VERIFY(scheduled.count() >= 2);
        QCOMPARE(feed.health().state, SourceHealth::State::Down);
        QVERIFY2(feed.health().detail.contains(QStringLiteral("reconnecting in")), qPrintable(feed.health().detail));
        feed.stop();
        QCOMPARE(feed.health().detail, QStringLiteral("stopped"));
        const int count = int(scheduled.count());
        QTest::qWait(200);
        QCOMPARE(scheduled.count(), count);
    }

private:
    QVector<Event> storedEvents()
    {
        m_writer->flush();
        const QString name = QStringLiteral("feed-probe");
        QVector<Event> events;
        {
            Database::open(name, m_path, Database::Mode::ReadOnly);
            QSqlDatabase db = Database::connection(name);
            bool more = false;
            QString error;
            events = StoreQueries::events(db, EventQuery {}, &more, &error);
        }
        Database::close(name);
        return events;
    }

    WallClock m_clock;
    QTemporaryDir m_dir;
    QString m_path;
    int m_count = 0;
    std::unique_ptr<StoreWriter> m_writer;
    std::unique_ptr<IngestPipeline> m_pipeline;
};

QTEST_GUILESS_MAIN(TestCloudEventFeed)
#include "tst_cloudeventfeed.moc"
