#include "domain/metatypes.h"
#include "interfaces/clock.h"
#include "prometheus/prometheusclient.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QUrlQuery>
#include <optional>

using namespace firebreak;

namespace {

class ManualClock final : public Clock {
public:
    qint64 nowMs() const override { return m_now; }
    qint64 m_now = 1'700'000'000'000;
};

// A one-route HTTP server on loopback that records each request and answers with a canned reply
// (or never, to test the deadline). Enough HTTP/1.1 for QNetworkAccessManager.
class FakePrometheus : public QObject {
public:
    struct Request {
        QByteArray method;
        QByteArray target;
        QMap<QByteArray, QByteArray> headers; // lower-case names
        QByteArray body;
    };

    FakePrometheus()
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* socket = m_server.nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onData(socket); });
            }
        });
    }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort()); }

    int status = 200;
    QByteArray body;
    bool silent = false;
    QVector<Request> requests;

private:
    void onData(QTcpSocket* socket)
    {
        QByteArray& buffer = m_buffers[socket];
        buffer += socket->readAll();
        const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0)
            return;
        Request request;
        const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
        const QList<QByteArray> first = lines.first().trimmed().split(' ');
        request.method = first.value(0);
        request.target = first.value(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon > 0)
                request.headers.insert(lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
        }
        const qsizetype length = request.headers.value("content-length", "0").toLongLong();
        if (buffer.size() < headerEnd + 4 + length)
            return;
        request.body = buffer.mid(headerEnd + 4, length);
        buffer.clear();
        requests.append(request);
        if (silent)
            return;
        socket->write("HTTP/1.1 " + QByteArray::number(status)
            + " X\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n"
            + body);
    }

    QTcpServer m_server;
    QHash<QTcpSocket*, QByteArray> m_buffers;
};

const QByteArray Vector
    = R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"up"},"value":[1700000000.25,"1"]}]}})";

QueryResult wait(std::optional<QueryResult>& answer)
{
    if (!QTest::qWaitFor([&answer] { return answer.has_value(); }, 10'000)) {
        QueryResult none;
        none.error = QStringLiteral("test: no answer within 10 s");
        return none;
    }
    return *answer;
}

} // namespace

class TestPrometheusClient : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { registerMetaTypes(); }

    void sendsTheApiParametersWithTheBearerToken()
    {
        FakePrometheus server;
        server.body = Vector;
        ManualClock clock;
        PrometheusSettings settings;
        settings.url = QUrl(server.url() + QStringLiteral("/prom/")); // behind a path prefix
        settings.credential = Credential { QStringLiteral("/etc/token"), "s3cret" };
        PrometheusClient client(settings, clock);
        QSignalSpy health(&client, &PrometheusClient::healthChanged);

        std::optional<QueryResult> answer;
        client.instantQuery(QStringLiteral("up{job=\"a b\"}"), 1'700'000'000'250,
            [&answer](const QueryResult& result) { answer = result; });
        const QueryResult result = wait(answer);
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.series.at(0).samples.at(0).timeMs, 1'700'000'000'250LL);
        QCOMPARE(server.requests.size(), 1);
        const auto& request = server.requests.at(0);
        QCOMPARE(request.method, QByteArray("GET"));
        QVERIFY2(request.target.startsWith("/prom/api/v1/query?"), request.target.constData());
        const QUrlQuery query(QUrl(QString::fromLatin1(request.target)).query());
        QCOMPARE(query.queryItemValue(QStringLiteral("query"), QUrl::FullyDecoded), QStringLiteral("up{job=\"a b\"}"));
        QCOMPARE(query.queryItemValue(QStringLiteral("time")), QStringLiteral("1700000000.250"));
        QCOMPARE(request.headers.value("authorization"), QByteArray("Bearer s3cret"));
        QCOMPARE(health.size(), 1);
        QCOMPARE(client.health().state, SourceHealth::State::Up);
        QCOMPARE(client.health().sinceMs, clock.m_now);

        // query_range with start, end and step in seconds; a query too long for a URL goes by POST.
        const QString longQuery = QStringLiteral("up{job=~\"%1\"}").arg(QString(3000, QLatin1Char('x')));
        answer.reset();
        client.rangeQuery(
            longQuery, 1'700'000'000'000, 1'700'000'060'000, 15'000, [&answer](const QueryResult& r) { answer = r; });
        QVERIFY2(wait(answer).ok(), qPrintable(answer->error));
        const auto& post = server.requests.at(1);
        QCOMPARE(post.method, QByteArray("POST"));
        QCOMPARE(post.target, QByteArray("/prom/api/v1/query_range"));
        QCOMPARE(post.headers.value("content-type"), QByteArray("application/x-www-form-urlencoded"));
        const QUrlQuery form(QString::fromLatin1(post.body));
        QCOMPARE(form.queryItemValue(QStringLiteral("query"), QUrl::FullyDecoded), longQuery);
        QCOMPARE(form.queryItemValue(QStringLiteral("start")), QStringLiteral("1700000000.000"));
        QCOMPARE(form.queryItemValue(QStringLiteral("end")), QStringLiteral("1700000060.000"));
        QCOMPARE(form.queryItemValue(QStringLiteral("step")), QStringLiteral("15.000"));
        QCOMPARE(post.headers.value("authorization"), QByteArray("Bearer s3cret"));
    }

    void aServerThatDoesNotAnswerTimesOut()
    {
        FakePrometheus server;
        server.silent = true;
        ManualClock clock;
        PrometheusSettings settings;
        settings.url = QUrl(server.url());
        PrometheusClient client(settings, clock);
        client.setTimeoutMs(300);
        std::optional<QueryResult> answer;
        client.instantQuery(QStringLiteral("up"), 0, [&answer](const QueryResult& r) { answer = r; });
        const QueryResult result = wait(answer);
        QCOMPARE(result.error, QStringLiteral("Prometheus %1: timeout after 0.3 s").arg(server.url()));
        QVERIFY(result.unavailable);
        QCOMPARE(client.health().state, SourceHealth::State::Down);
        QCOMPARE(client.health().detail, result.error);
    }

    void anAnswerOverTheCapIsRefused()
    {
        FakePrometheus server;
        server.body = Vector;
        ManualClock clock;
        PrometheusSettings settings;
        settings.url = QUrl(server.url());
        PrometheusClient client(settings, clock);
        client.setMaxResponseBytes(64);
        std::optional<QueryResult> answer;
        client.instantQuery(QStringLiteral("up"), 0, [&answer](const QueryResult& r) { answer = r; });
        const QueryResult result = wait(answer);
        QVERIFY2(
            result.error.startsWith(QStringLiteral("Prometheus %1: answer larger than the limit").arg(server.url())),
            qPrintable(result.error));
        QVERIFY(!result.unavailable); // the same query would be as large next time
        QVERIFY(result.series.isEmpty());
    }

    void errorsNameTheServer()
    {
        FakePrometheus server;
        server.status = 422;
        server.body = R"({"status":"error","errorType":"execution","error":"many-to-many matching not allowed"})";
        ManualClock clock;
        PrometheusSettings settings;
        settings.url = QUrl(server.url());
        PrometheusClient client(settings, clock);
        std::optional<QueryResult> answer;
        client.instantQuery(QStringLiteral("a / b"), 0, [&answer](const QueryResult& r) { answer = r; });
        QCOMPARE(wait(answer).error,
            QStringLiteral("Prometheus %1: execution: many-to-many matching not allowed").arg(server.url()));
        QVERIFY(!answer->unavailable);
        QCOMPARE(client.health().state, SourceHealth::State::Up);

        // Nobody listening: a connection error, and the source is down.
        PrometheusSettings closed;
        closed.url = QUrl(QStringLiteral("http://127.0.0.1:1"));
        PrometheusClient nowhere(closed, clock);
        answer.reset();
        nowhere.rangeQuery(QStringLiteral("up"), 0, 1000, 1000, [&answer](const QueryResult& r) { answer = r; });
        QVERIFY2(wait(answer).error.startsWith(QLatin1String("Prometheus http://127.0.0.1:1: cannot connect: ")),
            qPrintable(answer->error));
        QVERIFY(answer->unavailable);
        QCOMPARE(nowhere.health().state, SourceHealth::State::Down);
    }
};

QTEST_GUILESS_MAIN(TestPrometheusClient)
#include "tst_prometheusclient.moc"
