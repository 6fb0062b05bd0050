#include "executorprobe.h"
#include "executors/stackstormexecutor.h"
#include "recordinghttpserver.h"

#include <QJsonObject>
#include <QTest>

using namespace firebreak;
using namespace firebreak::testing;

namespace {
const QString Data = QStringLiteral(FIREBREAK_TEST_DATA "/executors/stackstorm/");
const QString ExecutionsPath = QStringLiteral("/api/v1/executions");
const QString ExecutionPath = QStringLiteral("/api/v1/executions/6a1f0c2b9e4d7a3c5b8e1f20");
const QByteArray ApiKey = "st2-key-abcdef";

ScriptedResponse fixture(const QString& name, int status = 200)
{
    return RecordingHttpServer::fromFile(Data + name, status);
}

StackStormExecutorOptions options(const RecordingHttpServer& server)
{
    StackStormExecutorOptions options;
    options.baseUrl = server.url();
    options.apiKey = ApiKey;
    options.timing.pollIntervalMs = 10;
    options.timing.requestTimeoutMs = 2000;
    options.timing.defaultTimeoutMs = 5000;
    return options;
}

ExecutionRequest actionRequest(QVariantMap params = {})
{
    ExecutionRequest request;
    request.action = QStringLiteral("ops.restart_service");
    request.params = params;
    request.tag = QStringLiteral("firebreak run 12 step 1/2 (restart billing)");
    return request;
}

void verifyHeaders(const RecordedRequest& request)
{
    QCOMPARE(request.header("St2-Api-Key"), ApiKey);
    QCOMPARE(request.header("Accept"), QByteArray("application/json"));
}
} // namespace

class TestStackStormExecutor : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void runsTheActionAndPollsUntilItSucceeds()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        server.script("POST", ExecutionsPath, fixture(QStringLiteral("execution-requested.json"), 201));
        server.script("GET", ExecutionPath,
            QList<ScriptedResponse> { fixture(QStringLiteral("execution-running.json")),
                fixture(QStringLiteral("execution-succeeded.json")) });
        StackStormExecutor executor(options(server));
        const auto outcome = runExecution(executor,
            actionRequest({ { QStringLiteral("parameters"),
                QVariantMap { { QStringLiteral("service"), QStringLiteral("billing") } } } }));
        QCOMPARE(outcome->calls, 1);
        QVERIFY(!outcome->calledInsideExecute);
        QVERIFY(!outcome->calledOnOtherThread);
        QVERIFY2(outcome->result.ok, qPrintable(outcome->result.error));
        QVERIFY(outcome->result.summary.startsWith(
            QStringLiteral("stackstorm action ops.restart_service: execution 6a1f0c2b9e4d7a3c5b8e1f20 succeeded")));
        QCOMPARE(outcome->result.output, QStringLiteral("billing restarted"));

        const RecordedRequest start = server.requests("POST", ExecutionsPath).value(0);
        verifyHeaders(start);
        QCOMPARE(start.header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(start.json().object(),
            (QJsonObject {
                { "action", "ops.restart_service" }, { "parameters", QJsonObject { { "service", "billing" } } } }));
        QCOMPARE(QJsonDocument::fromJson(start.header("St2-Context")).object(),
            (QJsonObject { { "firebreak", "firebreak run 12 step 1/2 (restart billing)" } }));
        QCOMPARE(server.count("GET", ExecutionPath), 2);
        for (const RecordedRequest& poll : server.requests("GET", ExecutionPath))
            verifyHeaders(poll);
        QCOMPARE(server.count("DELETE", ExecutionPath), 0);
    }

    void failedExecutionKeepsItsOutput()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        server.script("POST", ExecutionsPath, fixture(QStringLiteral("execution-requested.json"), 201));
        server.script("GET", ExecutionPath, fixture(QStringLiteral("execution-failed.json")));
        StackStormExecutor executor(options(server));
        const auto outcome = runExecution(executor, actionRequest());
        QVERIFY(!outcome->result.ok);
        QCOMPARE(outcome->result.error,
            QStringLiteral(
                "stackstorm action ops.restart_service: execution 6a1f0c2b9e4d7a3c5b8e1f20 ended with status "
                "'failed'"));
        QCOMPARE(outcome->result.output, QStringLiteral("Unit billing.service not found."));
    }

    void serverErrorTextIsKept()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        server.script("POST", ExecutionsPath, fixture(QStringLiteral("error-action-not-found.json"), 404));
        StackStormExecutor executor(options(server));
        const auto outcome = runExecution(executor, actionRequest());
        QVERIFY(!outcome->result.ok);
        QCOMPARE(outcome->result.error,
            QStringLiteral("stackstorm action ops.restart_service: starting the execution: HTTP 404: Action "
                           "\"ops.restart_servce\" cannot be found."));
    }

    void pollErrorsAreRetriedUntilTheDeadline()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        server.script("POST", ExecutionsPath, fixture(QStringLiteral("execution-requested.json"), 201));
        server.script("GET", ExecutionPath,
            QList<ScriptedResponse> { ScriptedResponse { 503, "{\"faultstring\":\"st2api restarting\"}" },
                fixture(QStringLiteral("execution-succeeded.json")) });
        StackStormExecutor executor(options(server));
        const auto outcome = runExecution(executor, actionRequest());
        QVERIFY2(outcome->result.ok, qPrintable(outcome->result.error));
        QCOMPARE(server.count("GET", ExecutionPath), 2);
    }

    void malformedPollIsAnError()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        server.script("POST", ExecutionsPath, fixture(QStringLiteral("execution-requested.json"), 201));
        server.script(
            "GET", ExecutionPath, ScriptedResponse { 200, "{\"id\":\"6a1f0c2b9e4d7a3c5b8e1f20\",\"status\":7}" });
        StackStormExecutor executor(options(server));
        const auto outcome = runExecution(executor, actionRequest());
        QVERIFY(!outcome->result.ok);
        QVERIFY2(
            outcome->result.error.contains(QStringLiteral("unreadable answer: status is a number, expected a string")),
            qPrintable(outcome->result.error));
    }

    void timeoutCancelsTheExecution()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        server.script("POST", ExecutionsPath, fixture(QStringLiteral("execution-requested.json"), 201));
        server.script("GET", ExecutionPath, fixture(QStringLiteral("execution-running.json")));
        server.script("DELETE", ExecutionPath, fixture(QStringLiteral("execution-canceling.json")));
        StackStormExecutor executor(options(server));
        ExecutionRequest request = actionRequest();
        request.timeoutMs = 300;
        const auto outcome = runExecution(executor, request);
        QCOMPARE(outcome->calls, 1);
        QVERIFY(!outcome->result.ok);
        QCOMPARE(outcome->result.error,
            QStringLiteral("stackstorm action ops.restart_service: timed out after 0.3 s; execution "
                           "6a1f0c2b9e4d7a3c5b8e1f20: cancel requested, status 'canceling'"));
        QCOMPARE(server.count("DELETE", ExecutionPath), 1);
        const RecordedRequest cancel = server.requests("DELETE", ExecutionPath).first();
        verifyHeaders(cancel);
        QVERIFY(cancel.body.isEmpty());
    }

    void abortAllCancelsTheExecution()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        server.script("POST", ExecutionsPath, fixture(QStringLiteral("execution-requested.json"), 201));
        server.script("GET", ExecutionPath, fixture(QStringLiteral("execution-running.json")));
        server.script("DELETE", ExecutionPath, fixture(QStringLiteral("execution-canceling.json")));
        StackStormExecutor executor(options(server));
        const auto outcome = startExecution(executor, actionRequest());
        QVERIFY(server.waitFor("GET", ExecutionPath));
        executor.abortAll(QStringLiteral("commander aborted run 12"));
        QCOMPARE(outcome->calls, 0);
        settle(outcome);
        QCOMPARE(outcome->calls, 1);
        QVERIFY(!outcome->result.ok);
        QVERIFY2(outcome->result.error.contains(QStringLiteral("aborted (commander aborted run 12); execution "
                                                               "6a1f0c2b9e4d7a3c5b8e1f20: cancel requested")),
            qPrintable(outcome->result.error));
        QCOMPARE(server.count("DELETE", ExecutionPath), 1);
    }

    void cancelFailureIsReported()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        server.script("POST", ExecutionsPath, fixture(QStringLiteral("execution-requested.json"), 201));
        server.script("GET", ExecutionPath, fixture(QStringLiteral("execution-running.json")));
        server.script(
            "DELETE", ExecutionPath, ScriptedResponse { 403, "{\"faultstring\":\"User lacks execution_stop\"}" });
        StackStormExecutor executor(options(server));
        const auto outcome = startExecution(executor, actionRequest());
        QVERIFY(server.waitFor("GET", ExecutionPath));
        executor.abortAll(QStringLiteral("stop"));
        settle(outcome);
        QVERIFY2(outcome->result.error.contains(
                     QStringLiteral("the abort request failed: HTTP 403: User lacks execution_stop")),
            qPrintable(outcome->result.error));
    }

    void refusesBadRequests_data()
    {
        QTest::addColumn<QString>("action");
        QTest::addColumn<QVariantMap>("params");
        QTest::addColumn<QString>("expected");
        QTest::newRow("no pack") << "restart" << QVariantMap {} << "is not an action ref";
        QTest::newRow("path") << "../executions" << QVariantMap {} << "is not an action ref";
        QTest::newRow("space") << "ops.restart service" << QVariantMap {} << "is not an action ref";
        QTest::newRow("unknown parameter")
            << "ops.restart" << QVariantMap { { "user", "root" } } << "unknown parameter 'user'";
        QTest::newRow("parameters not a map")
            << "ops.restart" << QVariantMap { { "parameters", "service=x" } } << "params.parameters must be a map";
    }

    void refusesBadRequests()
    {
        QFETCH(QString, action);
        QFETCH(QVariantMap, params);
        QFETCH(QString, expected);
        RecordingHttpServer server;
        QVERIFY(server.listen());
        StackStormExecutor executor(options(server));
        ExecutionRequest request;
        request.action = action;
        request.params = params;
        const auto outcome = runExecution(executor, request);
        QCOMPARE(outcome->calls, 1);
        QVERIFY(!outcome->calledInsideExecute);
        QVERIFY2(outcome->result.error.startsWith(QStringLiteral("stackstorm: ")), qPrintable(outcome->result.error));
        QVERIFY2(outcome->result.error.contains(expected), qPrintable(outcome->result.error));
        QCOMPARE(server.requests().size(), 0);
    }
};

QTEST_MAIN(TestStackStormExecutor)
#include "tst_stackstormexecutor.moc"
