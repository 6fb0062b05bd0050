#include "executorprobe.h"
#include "executors/rundeckexecutor.h"
#include "recordinghttpserver.h"

#include <QJsonObject>
#include <QTest>

using namespace firebreak;
using namespace firebreak::testing;

namespace {
const QString Data = QStringLiteral(FIREBREAK_TEST_DATA "/executors/rundeck/");
const QString JobId = QStringLiteral("3f2a9c1e-7b4d-4e8f-a6c2-9d1e0b5a7c34");
const QString RunPath = QStringLiteral("/api/41/job/3f2a9c1e-7b4d-4e8f-a6c2-9d1e0b5a7c34/run");
const QString ExecutionPath = QStringLiteral("/api/41/execution/1042");
const QString OutputPath = QStringLiteral("/api/41/execution/1042/output");
const QString AbortPath = QStringLiteral("/api/41/execution/1042/abort");
const QByteArray Token = "rd-token-0123";

ScriptedResponse fixture(const QString& name, int status = 200)
{
    return RecordingHttpServer::fromFile(Data + name, status);
}

RundeckExecutorOptions options(const RecordingHttpServer& server)
{
    RundeckExecutorOptions options;
    options.baseUrl = server.url();
    options.apiToken = Token;
    options.apiVersion = 41;
    options.outputLines = 50;
    options.timing.pollIntervalMs = 10;
    options.timing.requestTimeoutMs = 2000;
    options.timing.defaultTimeoutMs = 5000;
    return options;
}

ExecutionRequest jobRequest(QVariantMap params = {})
{
    ExecutionRequest request;
    request.action = JobId;
    request.params = params;
    return request;
}

void verifyHeaders(const RecordedRequest& request)
{
    QCOMPARE(request.header("X-Rundeck-Auth-Token"), Token);
    QCOMPARE(request.header("Accept"), QByteArray("application/json"));
}
} // namespace

class TestRundeckExecutor : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void runsTheJobAndPollsUntilItSucceeds()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        server.script("POST", RunPath, fixture(QStringLiteral("run-job.json")));
        server.script("GET", ExecutionPath,
            QList<ScriptedResponse> { fixture(QStringLiteral("execution-running.json")),
                fixture(QStringLiteral("execution-running.json")),
                fixture(QStringLiteral("execution-succeeded.json")) });
        server.script("GET", OutputPath, fixture(QStringLiteral("output.json")));
        RundeckExecutor executor(options(server));
        const auto outcome = runExecution(executor,
            jobRequest({ { QStringLiteral("options"),
                QVariantMap { { QStringLiteral("service"), QStringLiteral("billing") },
                    { QStringLiteral("reason"), QStringLiteral("firebreak run 12") } } } }));
        QCOMPARE(outcome->calls, 1);
        QVERIFY(!outcome->calledInsideExecute);
        QVERIFY(!outcome->calledOnOtherThread);
        QVERIFY2(outcome->result.ok, qPrintable(outcome->result.error));
        QVERIFY(
            outcome->result.summary.startsWith(QStringLiteral("rundeck job %1: execution 1042 succeeded").arg(JobId)));
        QCOMPARE(outcome->result.output, QStringLiteral("Stopping billing.service\nStarted billing.service"));

        const RecordedRequest run = server.requests("POST", RunPath).value(0);
        verifyHeaders(run);
        QCOMPARE(run.header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(run.json().object(),
            (QJsonObject {
                { "options", QJsonObject { { "service", "billing" }, { "reason", "firebreak run 12" } } } }));
        QCOMPARE(server.count("GET", ExecutionPath), 3);
        for (const RecordedRequest& poll : server.requests("GET", ExecutionPath))
            verifyHeaders(poll);
        const RecordedRequest output = server.requests("GET", OutputPath).value(0);
        verifyHeaders(output);
        QCOMPARE(output.queryValue(QStringLiteral("lastlines")), QStringLiteral("50"));
        QCOMPARE(server.count("POST", AbortPath), 0);
    }

    void failedExecutionIsAFailure()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        server.script("POST", RunPath, fixture(QStringLiteral("run-job.json")));
        server.script("GET", ExecutionPath, fixture(QStringLiteral("execution-failed.json")));
        server.script(
            "GET", OutputPath, ScriptedResponse { 500, "{\"error\":true,\"message\":\"log storage offline\"}" });
        RundeckExecutor executor(options(server));
        const auto outcome = runExecution(executor, jobRequest());
        QVERIFY(!outcome->result.ok);
        QCOMPARE(outcome->result.error,
            QStringLiteral("rundeck job %1: execution 1042 ended with status 'failed'").arg(JobId));
        // The execution is over; output that cannot be had is said, not fatal.
        QCOMPARE(outcome->result.output, QStringLiteral("(output unavailable: HTTP 500: log storage offline)"));
    }

    void serverErrorTextIsKept()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        server.script("POST", RunPath, fixture(QStringLiteral("error-job-not-found.json"), 404));
        RundeckExecutor executor(options(server));
        const auto outcome = runExecution(executor, jobRequest());
        QVERIFY(!outcome->result.ok);
        QCOMPARE(outcome->result.error,
            QStringLiteral(
                "rundeck job %1: starting the execution: HTTP 404 (api.error.item.doesnotexist): Job ID does "
                "not exist: %1")
                .arg(JobId));
        QCOMPARE(server.requests().size(), 1);
    }

    void malformedAnswersAreErrors()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        server.script("POST", RunPath, ScriptedResponse { 200, "{\"href\":\"x\"}" });
        RundeckExecutor executor(options(server));
        const auto noId = runExecution(executor, jobRequest());
        QVERIFY(!noId->result.ok);
        QVERIFY2(
            noId->result.error.contains(QStringLiteral("starting the execution: unreadable answer: no execution id")),
            qPrintable(noId->result.error));

        RecordingHttpServer second;
        QVERIFY(second.listen());
        second.script("POST", RunPath, fixture(QStringLiteral("run-job.json")));
        second.script("GET", ExecutionPath, ScriptedResponse { 200, "<html>login</html>", "text/html" });
        RundeckExecutor secondExecutor(options(second));
        const auto badPoll = runExecution(secondExecutor, jobRequest());
        QVERIFY(!badPoll->result.ok);
        QVERIFY2(badPoll->result.error.contains(
                     QStringLiteral("polling execution 1042 (GET %1): unreadable answer: not JSON").arg(ExecutionPath)),
            qPrintable(badPoll->result.error));
    }

    void timeoutAbortsTheExecution()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        server.script("POST", RunPath, fixture(QStringLiteral("run-job.json")));
        server.script("GET", ExecutionPath, fixture(QStringLiteral("execution-running.json")));
        server.script("POST", AbortPath, fixture(QStringLiteral("abort.json")));
        RundeckExecutor executor(options(server));
        ExecutionRequest request = jobRequest();
        request.timeoutMs = 300;
        const auto outcome = runExecution(executor, request);
        QCOMPARE(outcome->calls, 1);
        QVERIFY(!outcome->result.ok);
        QCOMPARE(outcome->result.error,
            QStringLiteral("rundeck job %1: timed out after 0.3 s; execution 1042: abort status 'aborted'").arg(JobId));
        QCOMPARE(server.count("POST", AbortPath), 1);
        verifyHeaders(server.requests("POST", AbortPath).first());
        QVERIFY(server.count("GET", ExecutionPath) >= 2);
    }

    void abortAllAbortsTheExecution()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        server.script("POST", RunPath, fixture(QStringLiteral("run-job.json")));
        server.script("GET", ExecutionPath, fixture(QStringLiteral("execution-running.json")));
        server.script("POST", AbortPath, fixture(QStringLiteral("abort.json")));
        RundeckExecutor executor(options(server));
        const auto outcome = startExecution(executor, jobRequest());
        QVERIFY(server.waitFor("GET", ExecutionPath));
        executor.abortAll(QStringLiteral("commander aborted run 12"));
        QCOMPARE(outcome->calls, 0);
        settle(outcome);
        QCOMPARE(outcome->calls, 1);
        QVERIFY(!outcome->result.ok);
        QCOMPARE(outcome->result.error,
            QStringLiteral("rundeck job %1: aborted (commander aborted run 12); execution 1042: abort status 'aborted'")
                .arg(JobId));
        QCOMPARE(server.count("POST", AbortPath), 1);
    }

    void abortDuringStartAbortsTheExecutionItStarted()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        ScriptedResponse slowStart = fixture(QStringLiteral("run-job.json"));
        slowStart.delayMs = 200;
        server.script("POST", RunPath, slowStart);
        server.script("POST", AbortPath, fixture(QStringLiteral("abort.json")));
        RundeckExecutor executor(options(server));
        const auto outcome = startExecution(executor, jobRequest());
        QVERIFY(server.waitFor("POST", RunPath));
        executor.abortAll(QStringLiteral("freeze"));
        settle(outcome);
        QCOMPARE(outcome->calls, 1);
        QVERIFY(
            outcome->result.error.contains(QStringLiteral("aborted (freeze); execution 1042: abort status 'aborted'")));
        QCOMPARE(server.count("POST", AbortPath), 1);
        QCOMPARE(server.count("GET", ExecutionPath), 0);
    }

    void refusesBadRequests_data()
    {
        QTest::addColumn<QString>("action");
        QTest::addColumn<QVariantMap>("params");
        QTest::addColumn<QString>("expected");
        QTest::newRow("path in job id") << "../../system/info" << QVariantMap {} << "is not a job id";
        QTest::newRow("query in job id") << "abc?x=1" << QVariantMap {} << "is not a job id";
        QTest::newRow("empty job id") << "" << QVariantMap {} << "is not a job id";
        QTest::newRow("unknown parameter")
            << JobId << QVariantMap { { "argString", "-x 1" } } << "unknown parameter 'argString'";
        QTest::newRow("nested option") << JobId
                                       << QVariantMap { { "options", QVariantMap { { "a", QVariantMap {} } } } }
                                       << "params.options.a must be a string";
    }

    void refusesBadRequests()
    {
        QFETCH(QString, action);
        QFETCH(QVariantMap, params);
        QFETCH(QString, expected);
        RecordingHttpServer server;
        QVERIFY(server.listen());
        RundeckExecutor executor(options(server));
        ExecutionRequest request;
        request.action = action;
        request.params = params;
        const auto outcome = runExecution(executor, request);
        QCOMPARE(outcome->calls, 1);
        QVERIFY(!outcome->calledInsideExecute);
        QVERIFY2(outcome->result.error.startsWith(QStringLiteral("rundeck: ")), qPrintable(outcome->result.error));
        QVERIFY2(outcome->result.error.contains(expected), qPrintable(outcome->result.error));
        QCOMPARE(server.requests().size(), 0);
    }
};

QTEST_MAIN(TestRundeckExecutor)
#include "tst_rundeckexecutor.moc"
