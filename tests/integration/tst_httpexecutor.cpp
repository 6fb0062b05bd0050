#include "executorprobe.h"
#include "executors/boundedoutput.h"
#include "executors/httpexecutor.h"
#include "recordinghttpserver.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QTest>
#include <QThread>
#include <memory>

using namespace firebreak;
using firebreak::testing::RecordingHttpServer;
using firebreak::testing::runExecution;
using firebreak::testing::ScriptedResponse;
using firebreak::testing::settle;
using firebreak::testing::startExecution;

namespace {
ExecutionRequest httpRequest(const QString& method, const QString& url, QVariantMap extra = {})
{
    ExecutionRequest request;
    request.action = method;
    extra.insert(QStringLiteral("url"), url);
    request.params = extra;
    return request;
}
} // namespace

class TestHttpExecutor : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sendsTheRenderedRequestExactly()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        server.script("POST", QStringLiteral("/hooks/restart"), ScriptedResponse { 200, "{\"accepted\":true}" });
        HttpExecutor executor;
        const QString url = server.url().toString() + QStringLiteral("/hooks/restart?fixed=1");
        const auto outcome = runExecution(executor,
            httpRequest(QStringLiteral("POST"), url,
                { { QStringLiteral("query"),
                      QVariantMap { { QStringLiteral("instance"), QStringLiteral("db-1:9100&x=y") } } },
                    { QStringLiteral("headers"),
                        QVariantMap { { QStringLiteral("X-Api-Key"), QStringLiteral("s3cret") } } },
                    { QStringLiteral("body"),
                        QVariantMap { { QStringLiteral("service"), QStringLiteral("billing") },
                            { QStringLiteral("reason"), QStringLiteral("firebreak run 7") } } } }));

        QCOMPARE(outcome->calls, 1);
        QVERIFY(!outcome->calledInsideExecute);
        QVERIFY(!outcome->calledOnOtherThread);
        QVERIFY2(outcome->result.ok, qPrintable(outcome->result.error));
        QCOMPARE(outcome->result.output, QStringLiteral("{\"accepted\":true}"));
        QVERIFY(outcome->result.summary.contains(QStringLiteral("HTTP 200")));
        // The query may carry secrets: it stays out of the timeline.
        QVERIFY(!outcome->result.summary.contains(QStringLiteral("instance")));

        QCOMPARE(server.requests().size(), 1);
        const auto request = server.requests().first();
        QCOMPARE(request.method, QByteArray("POST"));
        QCOMPARE(request.path, QStringLiteral("/hooks/restart"));
        QCOMPARE(request.queryValue(QStringLiteral("fixed")), QStringLiteral("1"));
        // A value holding '&' and '=' stays one value.
        QCOMPARE(request.queryValue(QStringLiteral("instance")), QStringLiteral("db-1:9100&x=y"));
        QCOMPARE(request.query.queryItems().size(), 2);
        QCOMPARE(request.header("X-Api-Key"), QByteArray("s3cret"));
        QCOMPARE(request.header("Content-Type"), QByteArray("application/json"));
        const QJsonObject body = request.json().object();
        QCOMPARE(body.size(), 2);
        QCOMPARE(body.value(QStringLiteral("service")).toString(), QStringLiteral("billing"));
        QCOMPARE(body.value(QStringLiteral("reason")).toString(), QStringLiteral("firebreak run 7"));
    }

    void getSendsNoBody()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        server.script("GET", QStringLiteral("/health"), ScriptedResponse { 204, {} });
        HttpExecutor executor;
        const auto outcome = runExecution(
            executor, httpRequest(QStringLiteral("GET"), server.url().toString() + QStringLiteral("/health")));
        QVERIFY2(outcome->result.ok, qPrintable(outcome->result.error));
        const auto request = server.requests().value(0);
        QVERIFY(request.body.isEmpty());
        QVERIFY(request.header("Content-Type").isEmpty());
    }

    void unexpectedStatusFailsWithTheServersWords()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        server.script("PUT", QStringLiteral("/x"), ScriptedResponse { 200, "fine" });
        server.script("DELETE", QStringLiteral("/y"), ScriptedResponse { 503, "database is locked" });
        HttpExecutor executor;

        const auto wrongCode = runExecution(executor,
            httpRequest(QStringLiteral("PUT"), server.url().toString() + QStringLiteral("/x"),
                { { QStringLiteral("expect_status"), QVariantList { 202, 204 } } }));
        QVERIFY(!wrongCode->result.ok);
        QVERIFY2(wrongCode->result.error.contains(QStringLiteral("HTTP 200, expected 202 or 204")),
            qPrintable(wrongCode->result.error));

        const auto serverError = runExecution(
            executor, httpRequest(QStringLiteral("DELETE"), server.url().toString() + QStringLiteral("/y")));
        QVERIFY(!serverError->result.ok);
        QVERIFY2(serverError->result.error.contains(QStringLiteral("HTTP 503, expected 2xx: database is locked")),
            qPrintable(serverError->result.error));
        QCOMPARE(serverError->result.output, QStringLiteral("database is locked"));

        // A listed non-2xx code is a success when the playbook says so.
        const auto listed = runExecution(executor,
            httpRequest(QStringLiteral("DELETE"), server.url().toString() + QStringLiteral("/y"),
                { { QStringLiteral("expect_status"), QVariantList { 503 } } }));
        QVERIFY2(listed->result.ok, qPrintable(listed->result.error));
    }

    void redirectsAreNotFollowed()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        server.script("GET", QStringLiteral("/moved"), ScriptedResponse { 302, {} });
        HttpExecutor executor;
        const auto outcome = runExecution(
            executor, httpRequest(QStringLiteral("GET"), server.url().toString() + QStringLiteral("/moved")));
        QVERIFY(!outcome->result.ok);
        QVERIFY(outcome->result.error.contains(QStringLiteral("HTTP 302")));
        QCOMPARE(server.requests().size(), 1);
    }

    void refusesHostileOrMalformedRequests_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("url");
        QTest::addColumn<QVariantMap>("extra");
        QTest::addColumn<QString>("expected");

        const QString ok = QStringLiteral("http://127.0.0.1:1/x");
        QTest::newRow("file url") << "GET"
                                  << "file:///etc/passwd" << QVariantMap {} << "must use http or https";
        QTest::newRow("ftp url") << "GET"
                                 << "ftp://example.org/x" << QVariantMap {} << "must use http or https";
        QTest::newRow("relative url") << "GET"
                                      << "/just/a/path" << QVariantMap {} << "not an absolute URL";
        QTest::newRow("user info") << "GET"
                                   << "http://admin:pw@127.0.0.1/x" << QVariantMap {} << "carries user information";
        QTest::newRow("newline in url") << "GET"
                                        << "http://127.0.0.1/x\r\nX-Evil: 1" << QVariantMap {}
                                        << "params.url contains a carriage return";
        QTest::newRow("lower-case method") << "post" << ok << QVariantMap {} << "is not a method";
        QTest::newRow("TRACE") << "TRACE" << ok << QVariantMap {} << "is not a method";
        QTest::newRow("CRLF in header value")
            << "GET" << ok << QVariantMap { { "headers", QVariantMap { { "X-Note", "a\r\nX-Injected: yes" } } } }
            << "params.headers.X-Note contains a carriage return (CR)";
        QTest::newRow("LF in header value")
            << "GET" << ok << QVariantMap { { "headers", QVariantMap { { "X-Note", "a\nb" } } } }
            << "params.headers.X-Note contains a line feed (LF)";
        QTest::newRow("space in header name")
            << "GET" << ok << QVariantMap { { "headers", QVariantMap { { "X Note", "a" } } } }
            << "'X Note' is not a valid header name";
        QTest::newRow("colon in header name")
            << "GET" << ok << QVariantMap { { "headers", QVariantMap { { "X:Note", "a" } } } }
            << "'X:Note' is not a valid header name";
        QTest::newRow("Host header") << "GET" << ok
                                     << QVariantMap { { "headers", QVariantMap { { "Host", "evil.example" } } } }
                                     << "params.headers.Host is set by the HTTP client";
        QTest::newRow("Content-Length header")
            << "POST" << ok << QVariantMap { { "headers", QVariantMap { { "content-length", "5" } } } }
            << "params.headers.content-length is set by the HTTP client";
        QTest::newRow("GET with body") << "GET" << ok << QVariantMap { { "body", QVariantMap { { "a", "b" } } } }
                                       << "a GET request carries no body";
        QTest::newRow("content type and body")
            << "POST" << ok
            << QVariantMap { { "headers", QVariantMap { { "Content-Type", "text/plain" } } },
                   { "body", QVariantMap { { "a", "b" } } } }
            << "conflicts with params.body";
        QTest::newRow("nested body") << "POST" << ok
                                     << QVariantMap { { "body", QVariantMap { { "a", QVariantList { 1 } } } } }
                                     << "params.body.a must be a string";
        QTest::newRow("headers not a map")
            << "GET" << ok << QVariantMap { { "headers", QStringLiteral("X: y") } } << "params.headers must be a map";
        QTest::newRow("unknown parameter")
            << "GET" << ok << QVariantMap { { "follow", "yes" } } << "unknown parameter 'follow'";
        QTest::newRow("status 99") << "GET" << ok << QVariantMap { { "expect_status", QVariantList { 99 } } }
                                   << "params.expect_status[0] '99' is not an HTTP status code";
        QTest::newRow("status text") << "GET" << ok << QVariantMap { { "expect_status", QVariantList { "ok" } } }
                                     << "params.expect_status[0] 'ok' is not an HTTP status code";
    }

    void refusesHostileOrMalformedRequests()
    {
        QFETCH(QString, method);
        QFETCH(QString, url);
        QFETCH(QVariantMap, extra);
        QFETCH(QString, expected);
        HttpExecutor executor;
        const auto outcome = runExecution(executor, httpRequest(method, url, extra));
        QCOMPARE(outcome->calls, 1);
        QVERIFY(!outcome->calledInsideExecute);
        QVERIFY(!outcome->result.ok);
        QVERIFY2(outcome->result.error.startsWith(QStringLiteral("http: ")), qPrintable(outcome->result.error));
        QVERIFY2(outcome->result.error.contains(expected), qPrintable(outcome->result.error));
    }

    void refusalSendsNothing()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        HttpExecutor executor;
        const auto outcome = runExecution(executor,
            httpRequest(QStringLiteral("POST"), server.url().toString() + QStringLiteral("/x"),
                { { QStringLiteral("headers"), QVariantMap { { QStringLiteral("X-A"), QStringLiteral("1\r\n") } } } }));
        QVERIFY(!outcome->result.ok);
        QTest::qWait(100);
        QCOMPARE(server.requests().size(), 0);
    }

    void timesOut()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        ScriptedResponse silent;
        silent.neverAnswer = true;
        server.script("POST", QStringLiteral("/slow"), silent);
        HttpExecutor executor;
        ExecutionRequest request
            = httpRequest(QStringLiteral("POST"), server.url().toString() + QStringLiteral("/slow"));
        request.timeoutMs = 200;
        QElapsedTimer clock;
        clock.start();
        const auto outcome = runExecution(executor, request);
        QCOMPARE(outcome->calls, 1);
        QVERIFY(!outcome->result.ok);
        QVERIFY2(outcome->result.error.contains(QStringLiteral("no answer within 200 ms")),
            qPrintable(outcome->result.error));
        QVERIFY(clock.elapsed() < 3000);
    }

    void abortReportsAborted()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        ScriptedResponse silent;
        silent.neverAnswer = true;
        server.script("POST", QStringLiteral("/slow"), silent);
        HttpExecutor executor;
        const auto outcome = startExecution(
            executor, httpRequest(QStringLiteral("POST"), server.url().toString() + QStringLiteral("/slow")));
        QVERIFY(server.waitFor("POST", QStringLiteral("/slow")));
        executor.abortAll(QStringLiteral("commander stopped run 4"));
        QCOMPARE(outcome->calls, 0); // never inside abortAll
        settle(outcome);
        QCOMPARE(outcome->calls, 1);
        QVERIFY(!outcome->result.ok);
        QVERIFY2(outcome->result.error.contains(QStringLiteral("aborted (commander stopped run 4)")),
            qPrintable(outcome->result.error));
    }

    void boundsTheResponseBody()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        const QByteArray big = QByteArray("HEAD") + QByteArray(200 * 1024, 'x') + QByteArray("TAIL");
        server.script("GET", QStringLiteral("/big"), ScriptedResponse { 200, big, "text/plain" });
        HttpExecutorOptions options;
        options.maxOutputBytes = 1000;
        HttpExecutor executor(options);
        const auto outcome = runExecution(
            executor, httpRequest(QStringLiteral("GET"), server.url().toString() + QStringLiteral("/big")));
        QVERIFY2(outcome->result.ok, qPrintable(outcome->result.error));
        const QString marker = QString::fromUtf8(BoundedOutput::marker(big.size() - 1000));
        QVERIFY(outcome->result.output.startsWith(QStringLiteral("HEAD")));
        QVERIFY(outcome->result.output.endsWith(QStringLiteral("TAIL")));
        QVERIFY2(outcome->result.output.contains(marker), qPrintable(outcome->result.output.left(200)));
        QCOMPARE(outcome->result.output.size(), 1000 + marker.size());
    }
};

QTEST_MAIN(TestHttpExecutor)
#include "tst_httpexecutor.moc"
