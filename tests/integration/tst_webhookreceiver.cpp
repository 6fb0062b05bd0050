#include "alertmanager/webhookreceiver.h"
#include "domain/metatypes.h"
#include "domain/receiverstats.h"
#include "engine/ingestpipeline.h"
#include "interfaces/clock.h"
#include "metrics/expositionwriter.h"
#include "store/database.h"
#include "store/storecodec.h"
#include "store/storequeries.h"
#include "store/storewriter.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <memory>

using namespace firebreak;

namespace {

const QByteArray Token = "s3cret-token-for-tests";
constexpr qint64 MaxBody = 4 * 1024 * 1024;

class WallClock final : public Clock {
public:
    qint64 nowMs() const override { return QDateTime::currentMSecsSinceEpoch(); }
};

struct Reply {
    int status = 0; // 0: no HTTP answer at all
    QByteArray body;
    QMap<QByteArray, QByteArray> headers; // lower-case names
};

enum class Auth { Bearer, WrongBearer, None, Basic, WrongBasic, Digest, EmptyBearer };

QByteArray authorization(Auth auth)
{
    switch (auth) {
    case Auth::Bearer:
        return "Bearer " + Token;
    case Auth::WrongBearer:
        return "Bearer not-the-token";
    case Auth::None:
        return QByteArray();
    case Auth::Basic:
        return "Basic " + QByteArray("alertmanager:" + Token).toBase64();
    case Auth::WrongBasic:
        return "Basic " + QByteArray("alertmanager:guess").toBase64();
    case Auth::Digest:
        return "Digest username=\"am\"";
    case Auth::EmptyBearer:
        return "Bearer ";
    }
    return QByteArray();
}

QByteArray alertBody(const QString& fingerprint, const QString& labelsJson = QString(), int truncated = 0,
    const QString& version = QStringLiteral("4"))
{
    const QString labels = labelsJson.isEmpty()
        ? QStringLiteral(R"({"alertname":"DiskSpaceHigh","service":"db","region":"eu","severity":"critical"})")
        : labelsJson;
    // No backslash-quote inside raw strings in this file: moc 6.4 misreads them and generates nothing.
    return QString(QStringLiteral("{\"version\":\"%4\",\"groupKey\":\"{}:{alertname=\\\"DiskSpaceHigh\\\"}\",")
        + QStringLiteral(R"("truncatedAlerts":%3,
        "status":"firing","receiver":"firebreak","groupLabels":{},"commonLabels":{},"commonAnnotations":{},
        "externalURL":"http://am:9093","alerts":[{"status":"firing","labels":%2,"annotations":{},
        "startsAt":"2026-03-01T10:00:00Z","endsAt":"0001-01-01T00:00:00Z",
        "generatorURL":"http://prom:9090/graph","fingerprint":"%1"}]})"))
        .arg(fingerprint, labels)
        .arg(truncated)
        .arg(version)
        .toUtf8();
}

using ReplyHook = std::function<void(const Reply&)>;

// Parses the Prometheus text format 0.0.4 strictly enough to catch broken escaping: every line is
// a HELP, a TYPE, or `name{label="value",...} number`. Returns series (as written) -> value, and
// the families that have HELP and TYPE. Label values are unescaped into `labels`.
struct Exposition {
    bool ok = true;
    QString error;
    QMap<QString, double> series;
    QSet<QString> help;
    QMap<QString, QString> type;
    QMap<QString, QMap<QString, QString>> labels; // series -> label -> unescaped value
};

Exposition parseExposition(const QByteArray& text)
{
    Exposition out;
    static const QRegularExpression name(QStringLiteral("^[a-zA-Z_:][a-zA-Z0-9_:]*$"));
    static const QRegularExpression labelName(QStringLiteral("^[a-zA-Z_][a-zA-Z0-9_]*$"));
    const auto fail = [&](const QString& why) {
        out.ok = false;
        out.error = why;
        return out;
    };
    if (!text.endsWith('\n'))
        return fail(QStringLiteral("does not end with a line feed"));
    const QList<QByteArray> lines = text.chopped(1).split('\n');
    for (const QByteArray& raw : lines) {
        const QString line = QString::fromUtf8(raw);
        if (line.startsWith(QLatin1String("# HELP "))) {
            const QString rest = line.mid(7);
            const QString family = rest.section(QLatin1Char(' '), 0, 0);
            if (!name.match(family).hasMatch())
                return fail(QStringLiteral("bad HELP line: ") + line);
            out.help.insert(family);
            continue;
        }
        if (line.startsWith(QLatin1String("# TYPE "))) {
            const QStringList parts = line.mid(7).split(QLatin1Char(' '));
            static const QStringList types { QStringLiteral("counter"), QStringLiteral("gauge"),
                QStringLiteral("histogram"), QStringLiteral("summary"), QStringLiteral("untyped") };
            if (parts.size() != 2 || !name.match(parts.at(0)).hasMatch() || !types.contains(parts.at(1)))
                return fail(QStringLiteral("bad TYPE line: ") + line);
            out.type.insert(parts.at(0), parts.at(1));
            continue;
        }
        if (line.startsWith(QLatin1Char('#')) || line.isEmpty())
            return fail(QStringLiteral("unexpected line: ") + line);
        qsizetype i = 0;
        while (i < line.size() && line.at(i) != u'{' && line.at(i) != u' ')
            ++i;
        const QString metric = line.left(i);
        if (!name.match(metric).hasMatch())
            return fail(QStringLiteral("bad metric name: ") + line);
        QMap<QString, QString> labels;
        if (i < line.size() && line.at(i) == u'{') {
            ++i;
            while (i < line.size() && line.at(i) != u'}') {
                const qsizetype eq = line.indexOf(QLatin1Char('='), i);
                if (eq < 0 || eq + 1 >= line.size() || line.at(eq + 1) != u'"')
                    return fail(QStringLiteral("bad label: ") + line);
                const QString label = line.mid(i, eq - i);
                if (!labelName.match(label).hasMatch())
                    return fail(QStringLiteral("bad label name: ") + line);
                QString value;
                qsizetype j = eq + 2;
                for (; j < line.size() && line.at(j) != u'"'; ++j) {
                    if (line.at(j) == u'\\') {
                        if (++j >= line.size())
                            return fail(QStringLiteral("dangling escape: ") + line);
                        const QChar e = line.at(j);
                        if (e == u'n')
                            value += QLatin1Char('\n');
                        else if (e == u'\\' || e == u'"')
                            value += e;
                        else
                            return fail(QStringLiteral("bad escape: ") + line);
                    } else {
                        value += line.at(j);
                    }
                }
                if (j >= line.size())
                    return fail(QStringLiteral("unterminated label value: ") + line);
                labels.insert(label, value);
                i = j + 1;
                if (i < line.size() && line.at(i) == u',')
                    ++i;
            }
            if (i >= line.size())
                return fail(QStringLiteral("unterminated labels: ") + line);
            ++i;
        }
        if (i >= line.size() || line.at(i) != u' ')
            return fail(QStringLiteral("no value: ") + line);
        const QString valueText = line.mid(i + 1);
        bool ok = false;
        double value = valueText.toDouble(&ok);
        if (valueText == QLatin1String("+Inf") || valueText == QLatin1String("-Inf")
            || valueText == QLatin1String("NaN"))
            ok = true;
        if (!ok)
            return fail(QStringLiteral("bad value: ") + line);
        const QString key = line.left(i);
        out.series.insert(key, value);
        out.labels.insert(key, labels);
    }
    return out;
}

// One Firebreak ingest path as the app runs it: store writer, pipeline and receiver each on their
// own thread, talking by queued connections only.
class Harness {
public:
    explicit Harness(
        const QString& path, bool connectStore = true, int commitTimeoutMs = 10'000, DeliveryInbox::Limits inbox = {})
    {
        m_writer = new StoreWriter(path);
        m_writer->moveToThread(&m_storeThread);
        QObject::connect(&m_storeThread, &QThread::finished, m_writer, &QObject::deleteLater);
        m_pipeline = new IngestPipeline(m_clock, CorrelationSettings { CorrelationConfig {}, 0, {} }, inbox);
        m_pipeline->moveToThread(&m_engineThread);
        QObject::connect(&m_engineThread, &QThread::finished, m_pipeline, &QObject::deleteLater);
        if (connectStore)
            m_pipeline->connectTo(m_writer);

        ReceiverSettings settings;
        settings.listenHost = QStringLiteral("127.0.0.1");
        settings.listenPort = 0;
        settings.credential.file = QStringLiteral("/test/token");
        settings.credential.token = Token;
        settings.maxBodyBytes = MaxBody;
        m_receiver = new WebhookReceiver(settings);
        m_receiver->setCommitTimeoutMs(commitTimeoutMs);
        m_receiver->attach(m_pipeline, m_writer);
        m_receiver->moveToThread(&m_httpThread);
        QObject::connect(&m_httpThread, &QThread::finished, m_receiver, &QObject::deleteLater);
        m_httpThread.setObjectName(QStringLiteral("firebreak-http"));

        m_storeThread.start();
        m_engineThread.start();
        m_httpThread.start();
        QMetaObject::invokeMethod(m_writer, &StoreWriter::open, Qt::BlockingQueuedConnection);
        QMetaObject::invokeMethod(
            m_receiver, [this] { m_listening = m_receiver->listen(&m_error); }, Qt::BlockingQueuedConnection);
    }

    ~Harness()
    {
        m_httpThread.quit();
        m_httpThread.wait();
        m_engineThread.quit();
        m_engineThread.wait();
        QMetaObject::invokeMethod(m_writer, &StoreWriter::close, Qt::BlockingQueuedConnection);
        m_storeThread.quit();
        m_storeThread.wait();
    }

    bool listening() const { return m_listening; }
    QString error() const { return m_error; }
    quint16 port() const { return m_receiver->port(); }
    WebhookReceiver* receiver() const { return m_receiver; }
    ReceiverStats stats() const
    {
        ReceiverStats stats;
        QMetaObject::invokeMethod(
            m_receiver, [&] { stats = m_receiver->stats(); }, Qt::BlockingQueuedConnection);
        return stats;
    }

private:
    WallClock m_clock;
    QThread m_storeThread;
    QThread m_engineThread;
    QThread m_httpThread;
    StoreWriter* m_writer = nullptr;
    IngestPipeline* m_pipeline = nullptr;
    WebhookReceiver* m_receiver = nullptr;
    bool m_listening = false;
    QString m_error;
};

// The rows of TestWebhookReceiver::badRequests (outside the class: moc cannot read its raw strings).
void addBadRequestRows()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("auth");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("rawRequest"); // when set, sent as is over a socket
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("counter"); // series that must move by one; empty: none

    const QString hook = QStringLiteral("/hooks/alertmanager");
    const QByteArray json = "application/json";
    const auto rejected = [](const char* reason) {
        return QStringLiteral("firebreak_webhook_rejected_total{reason=\"%1\"}").arg(QLatin1String(reason));
    };
    const auto requests = [](const char* endpoint, int code) {
        return QStringLiteral("firebreak_http_requests_total{endpoint=\"%1\",code=\"%2\"}")
            .arg(QLatin1String(endpoint))
            .arg(code);
    };
    const QByteArray good = alertBody(QStringLiteral("table-good"));
    const auto row = [&](const char* name, int auth, const QByteArray& body, int status, const QString& counter,
                         const QByteArray& method = "POST", const QString& path = QString(),
                         const QByteArray& type = "application/json") {
        QTest::newRow(name) << method << (path.isEmpty() ? QStringLiteral("/hooks/alertmanager") : path) << auth << type
                            << body << QByteArray() << status << counter;
    };
    const auto rawRow = [&](const char* name, const QByteArray& request, int status, const QString& counter) {
        QTest::newRow(name) << QByteArray() << hook << 0 << json << QByteArray() << request << status << counter;
    };

    row("wrong bearer token", int(Auth::WrongBearer), good, 401, rejected("unauthorized"));
    row("no credentials", int(Auth::None), good, 401,
        QStringLiteral("firebreak_webhook_auth_failures_total{cause=\"missing\"}"));
    row("wrong basic password", int(Auth::WrongBasic), good, 401,
        QStringLiteral("firebreak_webhook_auth_failures_total{cause=\"wrong\"}"));
    row("empty bearer token", int(Auth::EmptyBearer), good, 401, rejected("unauthorized"));
    row("digest scheme", int(Auth::Digest), good, 401,
        QStringLiteral("firebreak_webhook_auth_failures_total{cause=\"unsupported_scheme\"}"));
    rawRow("Content-Length over the cap",
        "POST /hooks/alertmanager HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + Token
            + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(MaxBody + 1)
            + "\r\n\r\n{\"version\":",
        413, rejected("too_large"));
    rawRow("Content-Length of 2 GB, no body",
        "POST /hooks/alertmanager HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000000\r\n\r\n", 413,
        requests("/hooks/alertmanager", 413));
    QByteArray chunked = "POST /hooks/alertmanager HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + Token
        + "\r\nTransfer-Encoding: chunked\r\n\r\n";
    const QByteArray chunk(64 * 1024, 'x');
    for (qint64 sent = 0; sent <= MaxBody + 128 * 1024; sent += chunk.size())
        chunked += QByteArray::number(chunk.size(), 16) + "\r\n" + chunk + "\r\n";
    rawRow("chunked body running past the cap", chunked, 413, rejected("too_large"));
    rawRow("header without end", "POST /hooks/alertmanager HTTP/1.1\r\nX-Filler: " + QByteArray(70 * 1024, 'a'), 431,
        rejected("header_too_large"));
    rawRow(
        "not HTTP at all", QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 hello\r\n\r\n", 24), 0, QString());
    row("truncated JSON", int(Auth::Bearer), good.left(good.size() / 2), 400, rejected("malformed"));
    row("alerts is an object", int(Auth::Bearer), R"({"version":"4","status":"firing","alerts":{"fingerprint":"x"}})",
        400, rejected("malformed"));
    QByteArray numericStart = alertBody(QStringLiteral("table-num"));
    numericStart.replace(R"("startsAt":"2026-03-01T10:00:00Z")", R"("startsAt":1772359200)");
    row("startsAt is a number", int(Auth::Bearer), numericStart, 400, rejected("malformed"));
    row("unknown version", int(Auth::Bearer), alertBody(QStringLiteral("v5"), QString(), 0, QStringLiteral("5")), 202,
        rejected("quarantined"));
    QByteArray noVersion = alertBody(QStringLiteral("table-nov"));
    noVersion.replace(R"("version":"4",)", "");
    row("missing version", int(Auth::Bearer), noVersion, 400, rejected("malformed"));
    QByteArray latin1 = alertBody(QStringLiteral("table-latin1"));
    latin1.replace("DiskSpaceHigh", "Disk\xe9Space");
    row("not UTF-8", int(Auth::Bearer), latin1, 400, rejected("malformed"));
    row("100k nested arrays", int(Auth::Bearer), QByteArray(100'000, '['), 400, rejected("malformed"));
    QString manyLabels = QStringLiteral("{\"alertname\":\"Many\"");
    for (int i = 0; i < 100'000; ++i)
        manyLabels += QStringLiteral(",\"l%1\":\"v\"").arg(i);
    manyLabels += QLatin1Char('}');
    row("100k labels on one alert", int(Auth::Bearer), alertBody(QStringLiteral("table-many"), manyLabels), 400,
        rejected("malformed"));
    row("empty body", int(Auth::Bearer), QByteArray(), 400, rejected("malformed"));
    row("top level array", int(Auth::Bearer), "[]", 400, rejected("malformed"));
    QByteArray noFingerprint = alertBody(QString());
    row("empty fingerprint", int(Auth::Bearer), noFingerprint, 400, rejected("malformed"));
    row("text/plain body", int(Auth::Bearer), good, 415, rejected("unsupported_media_type"), "POST", QString(),
        "text/plain");
    row("GET on the hook", int(Auth::Bearer), QByteArray(), 405, requests("/hooks/alertmanager", 405), "GET");
    row("PUT on /metrics", int(Auth::None), "x", 405, requests("/metrics", 405), "PUT", QStringLiteral("/metrics"));
    row("unknown path", int(Auth::Bearer), good, 404, requests("other", 404), "POST",
        QStringLiteral("/hooks/alertmanager/extra"));
    row("hostile label values", int(Auth::Bearer),
        alertBody(QStringLiteral("table-hostile"),
            QStringLiteral("{\"alertname\":\"Hostile\",\"q\":\"a\\\"b\",\"nl\":\"x\\ny\",\"nul\":\"p\\u0000q\","
                           "\"bs\":\"c:\\\\d\"}")),
        200, QStringLiteral("firebreak_webhook_accepted_total"));
}

QString hostileLabels()
{
    return QStringLiteral("{\"alertname\":\"Hostile\",\"quote\":\"say \\\"hi\\\"\",\"newline\":\"one\\ntwo\","
                          "\"nul\":\"a\\u0000b\",\"backslash\":\"C:\\\\temp\\\\\","
                          "\"script\":\"<script>alert(1)</script>\",\"emoji\":\"🔥 über\"}");
}

} // namespace

class TestWebhookReceiver : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_path;
    std::unique_ptr<Harness> m_harness;
    QNetworkAccessManager m_nam;
    QString m_readConnection;
    int m_connectionNumber = 0;
    // Called from a reply's finished handler, before the test sees the reply.
    ReplyHook m_onReply;

    QUrl url(const QString& path) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_harness->port()).arg(path));
    }

    Reply send(const QByteArray& method, const QString& path, const QByteArray& body, Auth auth,
        const QByteArray& contentType = "application/json")
    {
        QNetworkRequest request(url(path));
        if (!contentType.isEmpty())
            request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
        if (const QByteArray value = authorization(auth); !value.isEmpty())
            request.setRawHeader("Authorization", value);
        request.setTransferTimeout(30'000);
        QNetworkReply* reply = m_nam.sendCustomRequest(request, method, body);
        Reply out;
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, [&] {
            out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            out.body = reply->readAll();
            for (const auto& [name, value] : reply->rawHeaderPairs())
                out.headers.insert(name.toLower(), value);
            if (m_onReply)
                m_onReply(out);
            loop.quit();
        });
        loop.exec();
        reply->deleteLater();
        return out;
    }

    Reply post(
        const QByteArray& body, Auth auth = Auth::Bearer, const QString& path = QStringLiteral("/hooks/alertmanager"))
    {
        return send("POST", path, body, auth);
    }

    // For requests QNetworkAccessManager will not send: reads until the server closes or a whole
    // answer (by Content-Length) is in.
    Reply raw(const QByteArray& request)
    {
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), m_harness->port());
        if (!socket.waitForConnected(5000))
            return {};
        socket.write(request);
        QByteArray received;
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 10'000) {
            if (socket.bytesToWrite() > 0)
                socket.waitForBytesWritten(50);
            if (socket.waitForReadyRead(50) || socket.bytesAvailable() > 0)
                received += socket.readAll();
            const qsizetype end = received.indexOf("\r\n\r\n");
            if (end >= 0) {
                const QRegularExpression length(QStringLiteral("(?i)content-length: *(\\d+)"));
                const auto match = length.match(QString::fromLatin1(received.left(end)));
                if (match.hasMatch() && received.size() >= end + 4 + match.captured(1).toLongLong())
                    break;
            }
            if (socket.state() == QAbstractSocket::UnconnectedState) {
                received += socket.readAll();
                break;
            }
        }
        Reply out;
        const QList<QByteArray> statusLine = received.left(received.indexOf("\r\n")).split(' ');
        if (statusLine.size() >= 2 && statusLine.first().startsWith("HTTP/1."))
            out.status = statusLine.at(1).toInt();
        out.body = received.mid(received.indexOf("\r\n\r\n") + 4);
        return out;
    }

    Exposition metrics()
    {
        const Reply reply = send("GET", QStringLiteral("/metrics"), QByteArray(), Auth::None, QByteArray());
        Exposition parsed = parseExposition(reply.body);
        if (reply.status != 200) {
            parsed.ok = false;
            parsed.error = QStringLiteral("GET /metrics answered %1").arg(reply.status);
        }
        return parsed;
    }

    QSqlDatabase readDb() { return Database::connection(m_readConnection); }

    qint64 scalar(const QString& sql, const QVariantList& values = {})
    {
        QSqlDatabase db = readDb();
        QSqlQuery query(db);
        query.prepare(sql);
        for (int i = 0; i < values.size(); ++i)
            query.bindValue(i, values.at(i));
        if (!query.exec() || !query.next())
            return -1;
        return query.value(0).toLongLong();
    }

    // Waits until every delivery answered is on the timeline: the store's inbox is empty (its rows
    // are deleted in the transaction that writes the alerts they held).
    bool onTimeline()
    {
        QElapsedTimer waited;
        waited.start();
        while (scalar(QStringLiteral("SELECT count(*) FROM inbox")) != 0) {
            if (waited.elapsed() > 10'000)
                return false;
            QTest::qWait(5);
        }
        return true;
    }

    qint64 alertRows(const QString& fingerprint)
    {
        return scalar(QStringLiteral("SELECT count(*) FROM alerts WHERE fingerprint = ?"), { fingerprint });
    }

    void openReader()
    {
        m_readConnection = QStringLiteral("tst-reader-%1").arg(++m_connectionNumber);
        const StoreOpenResult result = Database::open(m_readConnection, m_path, Database::Mode::ReadOnly);
        QVERIFY2(result.ok, qPrintable(result.problem));
    }

private Q_SLOTS:
    void initTestCase()
    {
        registerMetaTypes();
        QVERIFY(m_dir.isValid());
    }

    void init()
    {
        m_path = m_dir.filePath(QStringLiteral("store-%1.db").arg(++m_connectionNumber));
        m_harness = std::make_unique<Harness>(m_path);
        QVERIFY2(m_harness->listening(), qPrintable(m_harness->error()));
        QVERIFY(m_harness->port() != 0);
        openReader();
    }

    void cleanup()
    {
        m_onReply = nullptr;
        m_harness.reset();
        Database::close(m_readConnection);
    }

    void goodDeliveryIsAnsweredOnlyOnceStored()
    {
        // Durable before the 200 went out, seen by another connection: the delivery byte for byte in
        // the inbox, or already its alert on the timeline, never both or neither (one statement, so
        // one snapshot of the store).
        const QByteArray body = alertBody(QStringLiteral("good-1"));
        qint64 storedWhenAnswered = -1;
        m_onReply = [&](const Reply&) {
            storedWhenAnswered = scalar(QStringLiteral("SELECT (SELECT count(*) FROM inbox WHERE body = ?)"
                                                       " + (SELECT count(*) FROM alerts WHERE fingerprint = ?)"),
                { body, QStringLiteral("good-1") });
        };
        const Reply reply = post(body);
        QCOMPARE(reply.status, 200);
        QCOMPARE(storedWhenAnswered, 1);
        QVERIFY(onTimeline());
        QCOMPARE(alertRows(QStringLiteral("good-1")), 1);

        // Alertmanager redelivers, and an HA peer sends its own copy: still one alert, one firing event.
        QCOMPARE(post(alertBody(QStringLiteral("good-1"))).status, 200);
        QCOMPARE(post(alertBody(QStringLiteral("good-1")), Auth::Basic).status, 200);
        QVERIFY(onTimeline());
        QCOMPARE(alertRows(QStringLiteral("good-1")), 1);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM events WHERE kind = 'alert.firing'")), 1);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM incidents")), 1);
        const Exposition exposition = metrics();
        QVERIFY2(exposition.ok, qPrintable(exposition.error));
        QCOMPARE(exposition.series.value(QStringLiteral("firebreak_alerts_received_total")), 3.0);
        QCOMPARE(exposition.series.value(QStringLiteral("firebreak_alerts_deduplicated_total")), 2.0);
        QCOMPARE(exposition.series.value(QStringLiteral("firebreak_webhook_accepted_total")), 3.0);
    }

    void badRequests_data() { addBadRequestRows(); }

    // Each bad request gets its status and moves its counter, and nothing else breaks: the alert
    // stored before is still there once, and a good delivery right after still succeeds.
    void badRequests()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(int, auth);
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, rawRequest);
        QFETCH(int, status);
        QFETCH(QString, counter);

        QCOMPARE(post(alertBody(QStringLiteral("before"))).status, 200);
        const Exposition before = metrics();
        QVERIFY2(before.ok, qPrintable(before.error));

        const Reply reply
            = rawRequest.isEmpty() ? send(method, path, body, static_cast<Auth>(auth), contentType) : raw(rawRequest);
        QVERIFY2(reply.status == status,
            qPrintable(QStringLiteral("got %1 (%2), expected %3")
                           .arg(reply.status)
                           .arg(QString::fromUtf8(reply.body.left(300)))
                           .arg(status)));
        if (status == 401)
            QVERIFY(reply.headers.value("www-authenticate").contains("Bearer"));
        if (status == 405)
            QVERIFY(!reply.headers.value("allow").isEmpty());
        if (status == 400)
            QVERIFY2(!reply.body.trimmed().isEmpty(), "a 400 says why");

        const Exposition after = metrics();
        QVERIFY2(after.ok, qPrintable(after.error));
        if (!counter.isEmpty()) {
            QVERIFY2(after.series.contains(counter), qPrintable(counter));
            QCOMPARE(after.series.value(counter) - before.series.value(counter), 1.0);
        }

        QVERIFY(onTimeline());
        QCOMPARE(alertRows(QStringLiteral("before")), 1);
        QCOMPARE(post(alertBody(QStringLiteral("after"))).status, 200);
        QVERIFY(onTimeline());
        QCOMPARE(alertRows(QStringLiteral("after")), 1);
        const ReceiverStats stats = m_harness->stats();
        if (status >= 400 && status != 404 && status != 405 && !counter.isEmpty())
            QVERIFY(!stats.lastReason.isEmpty());
    }

    // While more alerts wait to be correlated than the inbox takes, a delivery gets 503, which
    // Alertmanager retries; it is counted, and /metrics shows what waits.
    void fullInboxAnswers503AndCounts()
    {
        m_harness.reset();
        DeliveryInbox::Limits limits;
        limits.idleMs = 60'000; // nothing is correlated during this test
        limits.maxLagMs = 60'000;
        limits.maxHeldAlerts = 1;
        m_harness = std::make_unique<Harness>(m_path, true, 10'000, limits);
        QVERIFY2(m_harness->listening(), qPrintable(m_harness->error()));
        QSignalSpy statsSpy(m_harness->receiver(), &WebhookReceiver::statsChanged);

        QCOMPARE(post(alertBody(QStringLiteral("held"))).status, 200);
        const Reply refused = post(alertBody(QStringLiteral("refused")));
        QCOMPARE(refused.status, 503);
        QVERIFY2(refused.body.contains("limit is 1"), refused.body.constData());
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM inbox")), 1); // the first, durable
        QCOMPARE(alertRows(QStringLiteral("held")), 0); // and not yet correlated
        const Exposition exposition = metrics();
        QVERIFY2(exposition.ok, qPrintable(exposition.error));
        QCOMPARE(
            exposition.series.value(QStringLiteral("firebreak_webhook_rejected_total{reason=\"overloaded\"}")), 1.0);
        QCOMPARE(exposition.series.value(QStringLiteral("firebreak_inbox_deliveries")), 1.0);
        QCOMPARE(exposition.series.value(QStringLiteral("firebreak_inbox_alerts")), 1.0);
        QCOMPARE(m_harness->stats().lastReason, QStringLiteral("overloaded"));

        // The console is told, again and again while it lasts, that an answered alert is not on the
        // timeline yet and for how long (ReceiverBanners shows it past a second).
        const auto longestWait = [&statsSpy] {
            qint64 longest = -1;
            for (const QList<QVariant>& emitted : std::as_const(statsSpy)) {
                const auto stats = emitted.first().value<ReceiverStats>();
                if (stats.waitingAlerts == 1)
                    longest = qMax(longest, stats.waitingForMs);
            }
            return longest;
        };
        QTRY_VERIFY_WITH_TIMEOUT(longestWait() >= 1000, 5000);
    }

    void unknownVersionIsKeptRawInQuarantine()
    {
        QByteArray body = alertBody(QStringLiteral("q1"), QString(), 0, QStringLiteral("5\\\"\\n"));
        body += "   \n"; // trailing bytes too: kept exactly
        qint64 rowsWhenAnswered = -1;
        m_onReply = [&](const Reply&) { rowsWhenAnswered = scalar(QStringLiteral("SELECT count(*) FROM quarantine")); };
        const Reply reply = post(body);
        QCOMPARE(reply.status, 202);
        QCOMPARE(rowsWhenAnswered, 1);
        QSqlDatabase db = readDb();
        QString error;
        const QVector<QuarantinedPayload> kept = StoreQueries::quarantined(db, 10, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(kept.size(), 1);
        QCOMPARE(kept.first().body, body);
        QCOMPARE(kept.first().source, QStringLiteral("alertmanager"));
        QVERIFY2(kept.first().reason.contains(QLatin1String("unsupported webhook version")),
            qPrintable(kept.first().reason));
        QCOMPARE(StoreQueries::quarantineCount(db, &error), 1);
        QCOMPARE(alertRows(QStringLiteral("q1")), 0);
        QCOMPARE(
            scalar(QStringLiteral("SELECT count(*) FROM events WHERE kind = 'ingest.quarantined' AND severity = 1")),
            1);

        // The reason, which quotes the sender's version text, is escaped in /metrics and reads back intact.
        const Exposition exposition = metrics();
        QVERIFY2(exposition.ok, qPrintable(exposition.error));
        bool found = false;
        for (auto it = exposition.labels.cbegin(); it != exposition.labels.cend(); ++it) {
            if (it.key().startsWith(QLatin1String("firebreak_webhook_last_rejection_timestamp_seconds"))) {
                QCOMPARE(it.value().value(QStringLiteral("reason")), QStringLiteral("quarantined"));
                QCOMPARE(it.value().value(QStringLiteral("message")), kept.first().reason);
                found = true;
            }
        }
        QVERIFY(found);
        QTRY_COMPARE(m_harness->stats().rejected(QStringLiteral("quarantined")), quint64(1));
    }

    void hostileLabelValuesRoundTrip()
    {
        const QString labels = hostileLabels();
        QCOMPARE(post(alertBody(QStringLiteral("hostile"), labels)).status, 200);
        QVERIFY(onTimeline());
        QSqlDatabase db = readDb();
        QSqlQuery query(db);
        QVERIFY(query.exec(QStringLiteral("SELECT labels FROM alerts WHERE fingerprint = 'hostile'")) && query.next());
        const LabelSet stored = StoreCodec::labelsFromJson(query.value(0).toString());
        QCOMPARE(stored.value(QStringLiteral("quote")), QStringLiteral("say \"hi\""));
        QCOMPARE(stored.value(QStringLiteral("newline")), QStringLiteral("one\ntwo"));
        QCOMPARE(stored.value(QStringLiteral("nul")), QString(QStringLiteral("a")) + QChar(0) + QStringLiteral("b"));
        QCOMPARE(stored.value(QStringLiteral("backslash")), QStringLiteral("C:\\temp\\"));
        QCOMPARE(stored.value(QStringLiteral("emoji")), QStringLiteral("🔥 über"));
        QCOMPARE(stored.value(QStringLiteral("script")), QStringLiteral("<script>alert(1)</script>"));
    }

    void expositionEscapesLabelValuesAndHelp()
    {
        const QString hostile = QStringLiteral("a\"b\\c\nd") + QChar(0) + QStringLiteral("e");
        ExpositionWriter writer;
        writer.family("x_total", "counter", QStringLiteral("help with \\ and\nnewline"));
        writer.sample("x_total", { { "v", hostile } }, 3);
        QCOMPARE(writer.text(),
            QByteArray(
                "# HELP x_total help with \\\\ and\\nnewline\n# TYPE x_total counter\nx_total{v=\"a\\\"b\\\\c\\nd")
                + QByteArray(1, '\0') + QByteArray("e\"} 3\n"));
        const Exposition parsed = parseExposition(writer.text());
        QVERIFY2(parsed.ok, qPrintable(parsed.error));
        QCOMPARE(parsed.labels.first().value(QStringLiteral("v")), hostile);
        QCOMPARE(ExpositionWriter::formatValue(0.005), QByteArray("0.005"));
        QCOMPARE(ExpositionWriter::formatValue(qInf()), QByteArray("+Inf"));
    }

    void metricsAndHealth()
    {
        for (int i = 0; i < 5; ++i)
            QCOMPARE(post(alertBody(QStringLiteral("m%1").arg(i))).status, 200);
        QCOMPARE(post(alertBody(QStringLiteral("m0")), Auth::WrongBearer).status, 401);

        const Reply reply = send("GET", QStringLiteral("/metrics"), QByteArray(), Auth::None, QByteArray());
        QCOMPARE(reply.status, 200);
        QVERIFY(reply.headers.value("content-type").startsWith("text/plain; version=0.0.4"));
        const Exposition exposition = parseExposition(reply.body);
        QVERIFY2(exposition.ok, qPrintable(exposition.error));
        for (const char* family : { "firebreak_http_requests_total", "firebreak_webhook_rejected_total",
                 "firebreak_alerts_received_total", "firebreak_alerts_deduplicated_total", "firebreak_store_batch_rows",
                 "firebreak_ingest_latency_seconds" }) {
            QVERIFY2(exposition.help.contains(QLatin1String(family)), family);
            QVERIFY2(exposition.type.contains(QLatin1String(family)), family);
        }
        QCOMPARE(
            exposition.type.value(QStringLiteral("firebreak_ingest_latency_seconds")), QStringLiteral("histogram"));
        const auto value = [&](const char* series) { return exposition.series.value(QLatin1String(series), -1); };
        QCOMPARE(value("firebreak_http_requests_total{endpoint=\"/hooks/alertmanager\",code=\"200\"}"), 5.0);
        QCOMPARE(value("firebreak_http_requests_total{endpoint=\"/hooks/alertmanager\",code=\"401\"}"), 1.0);
        QCOMPARE(value("firebreak_webhook_rejected_total{reason=\"unauthorized\"}"), 1.0);
        QCOMPARE(value("firebreak_webhook_rejected_total{reason=\"store_unavailable\"}"), 0.0);
        QCOMPARE(value("firebreak_alerts_received_total"), 5.0);
        QCOMPARE(value("firebreak_ingest_latency_seconds_count"), 5.0);
        QCOMPARE(value("firebreak_ingest_latency_seconds_bucket{le=\"+Inf\"}"), 5.0);
        QVERIFY(value("firebreak_ingest_latency_seconds_sum") > 0);
        QVERIFY(value("firebreak_store_batch_rows_count") >= 5.0); // a transaction per delivery, or fewer
        QVERIFY(value("firebreak_store_batch_rows_bucket{le=\"1\"}")
            <= value("firebreak_store_batch_rows_bucket{le=\"5\"}"));

        const Reply health = send("GET", QStringLiteral("/healthz"), QByteArray(), Auth::None, QByteArray());
        QCOMPARE(health.status, 200);
        QCOMPARE(health.body, QByteArray("ok\n"));
        QTRY_COMPARE(m_harness->stats().rejected(QStringLiteral("unauthorized")), quint64(1));
    }

    void statsAreSignalledAtMostFourTimesASecond()
    {
        QSignalSpy spy(m_harness->receiver(), &WebhookReceiver::statsChanged);
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < 20; ++i)
            QCOMPARE(post(alertBody(QStringLiteral("s")), Auth::None).status, 401);
        QTRY_VERIFY(!spy.isEmpty());
        QTest::qWait(300);
        const qint64 elapsed = timer.elapsed();
        QVERIFY2(spy.size() <= elapsed / 250 + 1,
            qPrintable(QStringLiteral("%1 signals in %2 ms").arg(spy.size()).arg(elapsed)));
        const auto last = spy.last().first().value<ReceiverStats>();
        QCOMPARE(last.rejected(QStringLiteral("unauthorized")), quint64(20));
        QCOMPARE(last.lastReason, QStringLiteral("unauthorized"));
        QVERIFY(last.lastRejectionMs > 0);
    }

    void truncatedAlertsAreShownOnTheIncident()
    {
        QCOMPARE(post(alertBody(QStringLiteral("trunc"), QString(), 5)).status, 200);
        QVERIFY(onTimeline());
        QCOMPARE(scalar(QStringLiteral("SELECT truncated_alerts FROM incidents")), 5);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM events WHERE kind = 'alert.truncated' AND incident_id = "
                                       "(SELECT id FROM incidents)")),
            1);
        QSqlDatabase db = readDb();
        QString error;
        const QVector<Incident> incidents = StoreQueries::incidents(db, &error);
        QCOMPARE(incidents.size(), 1);
        QCOMPARE(incidents.first().truncatedAlerts, 5);
    }

    void unavailableStoreIsA503()
    {
        m_harness.reset();
        Database::close(m_readConnection);
        {
            // A store from a newer Firebreak: the writer opens it read-only and refuses to write.
            const QString name = QStringLiteral("tst-newer");
            QVERIFY(Database::open(name, m_path, Database::Mode::ReadWrite).ok);
            QSqlDatabase db = Database::connection(name);
            QVERIFY(QSqlQuery(db).exec(QStringLiteral("PRAGMA user_version = 99")));
            db = QSqlDatabase();
            Database::close(name);
        }
        m_harness = std::make_unique<Harness>(m_path);
        QVERIFY(m_harness->listening());
        openReader();

        const Reply reply = post(alertBody(QStringLiteral("down")));
        QCOMPARE(reply.status, 503);
        QVERIFY2(reply.body.contains("99"), reply.body.constData());
        const Exposition exposition = metrics();
        QCOMPARE(
            exposition.series.value(QStringLiteral("firebreak_webhook_rejected_total{reason=\"store_unavailable\"}")),
            1.0);
        const Reply health = send("GET", QStringLiteral("/healthz"), QByteArray(), Auth::None, QByteArray());
        QCOMPARE(health.status, 503);
        QVERIFY2(health.body.contains("not taking writes"), health.body.constData());
        QCOMPARE(alertRows(QStringLiteral("down")), 0);
    }

    void storeThatNeverAnswersTimesOut()
    {
        m_harness.reset();
        m_harness = std::make_unique<Harness>(m_path, false, 300);
        QVERIFY(m_harness->listening());
        QElapsedTimer timer;
        timer.start();
        const Reply reply = post(alertBody(QStringLiteral("stuck")));
        QCOMPARE(reply.status, 503);
        QVERIFY(timer.elapsed() >= 250 && timer.elapsed() < 5000);
        QCOMPARE(metrics().series.value(QStringLiteral("firebreak_webhook_rejected_total{reason=\"timeout\"}")), 1.0);
    }
};

QTEST_GUILESS_MAIN(TestWebhookReceiver)
#include "tst_webhookreceiver.moc"
