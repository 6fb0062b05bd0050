#include "executorprobe.h"
#include "executors/kubernetesexecutor.h"
#include "recordinghttpserver.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QSslCertificate>
#include <QSslKey>
#include <QTemporaryDir>
#include <QTest>

using namespace firebreak;
using namespace firebreak::testing;

namespace {
const QString Data = QStringLiteral(FIREBREAK_TEST_DATA "/executors/kubernetes/");
const QString DeploymentPath = QStringLiteral("/apis/apps/v1/namespaces/shop/deployments/web");
const QString ReplicaSetsPath = QStringLiteral("/apis/apps/v1/namespaces/shop/replicasets");
const QByteArray Token = "eyJhbGciOiJSUzI1NiJ9.test-token";

ScriptedResponse fixture(const QString& name, int status = 200)
{
    return RecordingHttpServer::fromFile(Data + name, status);
}

KubernetesExecutorOptions loopbackOptions(const RecordingHttpServer& server)
{
    KubernetesExecutorOptions options;
    options.server = server.url();
    options.bearerToken = Token;
    options.allowInsecureLoopback = true;
    options.defaultTimeoutMs = 5000;
    return options;
}

ExecutionRequest k8sRequest(const QString& action, const QString& ns, const QString& name, QVariantMap extra = {})
{
    ExecutionRequest request;
    request.action = action;
    extra.insert(QStringLiteral("namespace"), ns);
    extra.insert(QStringLiteral("name"), name);
    request.params = extra;
    return request;
}

void verifyApiHeaders(const RecordedRequest& request)
{
    QCOMPARE(request.header("Authorization"), QByteArray("Bearer ") + Token);
    QCOMPARE(request.header("Accept"), QByteArray("application/json"));
}

QString imageOf(const QJsonObject& podTemplate)
{
    return podTemplate.value(QStringLiteral("spec"))
        .toObject()
        .value(QStringLiteral("containers"))
        .toArray()
        .first()
        .toObject()
        .value(QStringLiteral("image"))
        .toString();
}
} // namespace

class TestKubernetesExecutor : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void rolloutRestartPatchesTheRestartedAtAnnotation()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        server.script("PATCH", DeploymentPath, fixture(QStringLiteral("deployment.json")));
        KubernetesExecutor executor(loopbackOptions(server));
        const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-1);
        const auto outcome = runExecution(executor, k8sRequest(QStringLiteral("rollout-restart"), "shop", "web"));
        QCOMPARE(outcome->calls, 1);
        QVERIFY(!outcome->calledInsideExecute);
        QVERIFY(!outcome->calledOnOtherThread);
        QVERIFY2(outcome->result.ok, qPrintable(outcome->result.error));
        QVERIFY(outcome->result.summary.contains(QStringLiteral("restarted deployment shop/web")));

        QCOMPARE(server.requests().size(), 1);
        const RecordedRequest patch = server.requests().first();
        QCOMPARE(patch.method, QByteArray("PATCH"));
        QCOMPARE(patch.path, DeploymentPath);
        verifyApiHeaders(patch);
        QCOMPARE(patch.header("Content-Type"), QByteArray("application/strategic-merge-patch+json"));
        const QJsonObject body = patch.json().object();
        QCOMPARE(body.keys(), QStringList { QStringLiteral("spec") });
        const QJsonObject annotations = body["spec"]["template"]["metadata"]["annotations"].toObject();
        QCOMPARE(annotations.keys(), QStringList { QStringLiteral("kubectl.kubernetes.io/restartedAt") });
        const QString restartedAt = annotations.value(QStringLiteral("kubectl.kubernetes.io/restartedAt")).toString();
        // RFC 3339, UTC.
        QVERIFY2(QRegularExpression(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$"))
                     .match(restartedAt)
                     .hasMatch(),
            qPrintable(restartedAt));
        const QDateTime stamped = QDateTime::fromString(restartedAt, Qt::ISODate);
        QVERIFY(stamped >= before && stamped <= QDateTime::currentDateTimeUtc().addSecs(1));
    }

    void scalePatchesTheScaleSubresource()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        server.script("PATCH", DeploymentPath + QStringLiteral("/scale"), fixture(QStringLiteral("scale.json")));
        KubernetesExecutor executor(loopbackOptions(server));
        const auto outcome = runExecution(executor,
            k8sRequest(
                QStringLiteral("scale"), "shop", "web", { { QStringLiteral("replicas"), QStringLiteral("5") } }));
        QVERIFY2(outcome->result.ok, qPrintable(outcome->result.error));
        QCOMPARE(outcome->result.summary, QStringLiteral("scaled deployment shop/web to 5 replicas (3 running)"));
        const RecordedRequest patch = server.requests().value(0);
        QCOMPARE(patch.method, QByteArray("PATCH"));
        QCOMPARE(patch.path, DeploymentPath + QStringLiteral("/scale"));
        verifyApiHeaders(patch);
        QCOMPARE(patch.header("Content-Type"), QByteArray("application/merge-patch+json"));
        QCOMPARE(patch.body, QByteArray("{\"spec\":{\"replicas\":5}}"));
    }

    void scaleNotTakenIsAFailure()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        server.script("PATCH", DeploymentPath + QStringLiteral("/scale"), fixture(QStringLiteral("scale.json")));
        KubernetesExecutor executor(loopbackOptions(server));
        const auto outcome = runExecution(
            executor, k8sRequest(QStringLiteral("scale"), "shop", "web", { { QStringLiteral("replicas"), 2 } }));
        QVERIFY(!outcome->result.ok);
        QVERIFY2(outcome->result.error.contains(QStringLiteral("answered spec.replicas 5, not 2")),
            qPrintable(outcome->result.error));
    }

    void deletePodSendsDelete()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        const QString path = QStringLiteral("/api/v1/namespaces/shop/pods/web-85f6d4c7b9-x2kqz");
        server.script("DELETE", path, fixture(QStringLiteral("pod.json")));
        KubernetesExecutor executor(loopbackOptions(server));
        const auto outcome
            = runExecution(executor, k8sRequest(QStringLiteral("delete-pod"), "shop", "web-85f6d4c7b9-x2kqz"));
        QVERIFY2(outcome->result.ok, qPrintable(outcome->result.error));
        QCOMPARE(outcome->result.summary, QStringLiteral("deleted pod shop/web-85f6d4c7b9-x2kqz"));
        const RecordedRequest request = server.requests().value(0);
        QCOMPARE(request.method, QByteArray("DELETE"));
        QCOMPARE(request.path, path);
        verifyApiHeaders(request);
        QVERIFY(request.body.isEmpty());
    }

    void rolloutUndoRestoresThePreviousRevisionsTemplate()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        server.script("GET", DeploymentPath, fixture(QStringLiteral("deployment.json")));
        server.script("GET", ReplicaSetsPath, fixture(QStringLiteral("replicasets.json")));
        server.script("PATCH", DeploymentPath, fixture(QStringLiteral("deployment.json")));
        KubernetesExecutor executor(loopbackOptions(server));
        const auto outcome = runExecution(executor, k8sRequest(QStringLiteral("rollout-undo"), "shop", "web"));
        QVERIFY2(outcome->result.ok, qPrintable(outcome->result.error));
        QCOMPARE(outcome->result.summary,
            QStringLiteral("rolled back deployment shop/web from revision 3 to revision 2 (ReplicaSet web-7d9c5b6f8)"));

        const QList<RecordedRequest> requests = server.requests();
        QCOMPARE(requests.size(), 3);
        QCOMPARE(requests[0].method, QByteArray("GET"));
        QCOMPARE(requests[0].path, DeploymentPath);
        QCOMPARE(requests[1].method, QByteArray("GET"));
        QCOMPARE(requests[1].path, ReplicaSetsPath);
        // From spec.selector.matchLabels, sorted.
        QCOMPARE(requests[1].queryValue(QStringLiteral("labelSelector")), QStringLiteral("app=web,tier=frontend"));
        for (const RecordedRequest& request : requests)
            verifyApiHeaders(request);

        const RecordedRequest patch = requests[2];
        QCOMPARE(patch.method, QByteArray("PATCH"));
        QCOMPARE(patch.path, DeploymentPath);
        QCOMPARE(patch.header("Content-Type"), QByteArray("application/json-patch+json"));
        const QJsonArray operations = patch.json().array();
        QCOMPARE(operations.size(), 1);
        const QJsonObject operation = operations.first().toObject();
        QCOMPARE(operation.value(QStringLiteral("op")).toString(), QStringLiteral("replace"));
        QCOMPARE(operation.value(QStringLiteral("path")).toString(), QStringLiteral("/spec/template"));
        const QJsonObject podTemplate = operation.value(QStringLiteral("value")).toObject();
        // Revision 2 of this Deployment, not the other owner's ReplicaSet that also claims revision 2.
        QCOMPARE(imageOf(podTemplate), QStringLiteral("registry.example/web:2.0"));
        const QJsonObject labels = podTemplate["metadata"]["labels"].toObject();
        QCOMPARE(labels, (QJsonObject { { "app", "web" }, { "tier", "frontend" } }));
    }

    void rolloutUndoToANamedRevision()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        server.script("GET", DeploymentPath, fixture(QStringLiteral("deployment.json")));
        server.script("GET", ReplicaSetsPath, fixture(QStringLiteral("replicasets.json")));
        server.script("PATCH", DeploymentPath, fixture(QStringLiteral("deployment.json")));
        KubernetesExecutor executor(loopbackOptions(server));
        const auto outcome = runExecution(executor,
            k8sRequest(QStringLiteral("rollout-undo"), "shop", "web",
                { { QStringLiteral("to_revision"), QStringLiteral("1") } }));
        QVERIFY2(outcome->result.ok, qPrintable(outcome->result.error));
        const QJsonObject podTemplate
            = server.requests("PATCH", DeploymentPath).value(0).json().array().first()["value"].toObject();
        QCOMPARE(imageOf(podTemplate), QStringLiteral("registry.example/web:1.0"));
    }

    void rolloutUndoToAMissingRevisionChangesNothing()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        server.script("GET", DeploymentPath, fixture(QStringLiteral("deployment.json")));
        server.script("GET", ReplicaSetsPath, fixture(QStringLiteral("replicasets.json")));
        KubernetesExecutor executor(loopbackOptions(server));
        const auto outcome = runExecution(executor,
            k8sRequest(QStringLiteral("rollout-undo"), "shop", "web", { { QStringLiteral("to_revision"), 7 } }));
        QVERIFY(!outcome->result.ok);
        QVERIFY2(
            outcome->result.error.contains(QStringLiteral("no ReplicaSet of revision 7 (revisions found: 1, 2, 3)")),
            qPrintable(outcome->result.error));
        QCOMPARE(server.count("PATCH", DeploymentPath), 0);
    }

    void statusBodiesBecomeTheError()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        server.script("GET", DeploymentPath, fixture(QStringLiteral("status-notfound.json"), 404));
        server.script("PATCH", DeploymentPath, fixture(QStringLiteral("status-forbidden.json"), 403));
        KubernetesExecutor executor(loopbackOptions(server));

        const auto undo = runExecution(executor, k8sRequest(QStringLiteral("rollout-undo"), "shop", "web"));
        QVERIFY(!undo->result.ok);
        QCOMPARE(undo->result.error,
            QStringLiteral("kubernetes rollout-undo shop/web: reading the deployment (GET %1): HTTP 404 NotFound: "
                           "deployments.apps \"web\" not found")
                .arg(DeploymentPath));

        const auto restart = runExecution(executor, k8sRequest(QStringLiteral("rollout-restart"), "shop", "web"));
        QVERIFY(!restart->result.ok);
        QVERIFY2(restart->result.error.contains(QStringLiteral(
                     "patching the pod template (PATCH %1): HTTP 403 Forbidden: deployments.apps \"web\" is forbidden: "
                     "User \"system:serviceaccount:firebreak:remediator\" cannot patch")
                                                    .arg(DeploymentPath)),
            qPrintable(restart->result.error));
    }

    void malformedAnswersAreErrors()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        server.script("GET", DeploymentPath, fixture(QStringLiteral("deployment.json")));
        server.script("GET", ReplicaSetsPath, ScriptedResponse { 200, "{\"kind\":\"ReplicaSetList\",\"items\":{}}" });
        server.script("PATCH", DeploymentPath, ScriptedResponse { 200, "<html>proxy login</html>", "text/html" });
        KubernetesExecutor executor(loopbackOptions(server));

        const auto undo = runExecution(executor, k8sRequest(QStringLiteral("rollout-undo"), "shop", "web"));
        QVERIFY(!undo->result.ok);
        QVERIFY2(undo->result.error.contains(
                     QStringLiteral("the ReplicaSet list has an object for items, expected an array")),
            qPrintable(undo->result.error));

        const auto restart = runExecution(executor, k8sRequest(QStringLiteral("rollout-restart"), "shop", "web"));
        QVERIFY(!restart->result.ok);
        QVERIFY2(restart->result.error.contains(QStringLiteral("the answer is not a JSON object")),
            qPrintable(restart->result.error));
    }

    void refusesBadNamesBeforeAnyRequest_data()
    {
        QTest::addColumn<QString>("action");
        QTest::addColumn<QVariantMap>("params");
        QTest::addColumn<QString>("expected");
        const auto params = [](const QString& ns, const QString& name, QVariantMap extra = {}) {
            extra.insert(QStringLiteral("namespace"), ns);
            extra.insert(QStringLiteral("name"), name);
            return extra;
        };
        QTest::newRow("upper-case namespace")
            << "rollout-restart" << params("Shop", "web") << "is not a DNS-1123 label";
        QTest::newRow("namespace traversal")
            << "rollout-restart" << params("../kube-system", "web") << "params.namespace";
        QTest::newRow("namespace with dot")
            << "rollout-restart" << params("shop.prod", "web") << "is not a DNS-1123 label";
        QTest::newRow("long namespace") << "rollout-restart" << params(QString(64, 'a'), "web")
                                        << "is not a DNS-1123 label";
        QTest::newRow("name with slash") << "delete-pod" << params("shop", "web/../../secrets/x")
                                         << "is not a DNS-1123 subdomain";
        QTest::newRow("name with query") << "delete-pod" << params("shop", "web?dryRun=All")
                                         << "is not a DNS-1123 subdomain";
        QTest::newRow("name with newline") << "delete-pod" << params("shop", "web\nx") << "is not a DNS-1123 subdomain";
        QTest::newRow("unicode look-alike")
            << "delete-pod" << params("shop", QStringLiteral("w\u0435b")) << "is not a DNS-1123 subdomain";
        QTest::newRow("leading dash") << "delete-pod" << params("shop", "-web") << "is not a DNS-1123 subdomain";
        QTest::newRow("empty name") << "delete-pod" << params("shop", "") << "is not a DNS-1123 subdomain";
        QTest::newRow("negative replicas") << "scale" << params("shop", "web", { { "replicas", "-1" } })
                                           << "params.replicas '-1' is not a whole number";
        QTest::newRow("replicas with shell")
            << "scale" << params("shop", "web", { { "replicas", "3; rm -rf /" } }) << "is not a whole number";
        QTest::newRow("missing replicas") << "scale" << params("shop", "web") << "params.replicas must be a string";
        QTest::newRow("revision text") << "rollout-undo" << params("shop", "web", { { "to_revision", "last" } })
                                       << "params.to_revision 'last' is not a whole number";
        QTest::newRow("replicas on restart")
            << "rollout-restart" << params("shop", "web", { { "replicas", "3" } }) << "unknown parameter 'replicas'";
        QTest::newRow("unknown action") << "exec" << params("shop", "web") << "unknown action 'exec'";
    }

    void refusesBadNamesBeforeAnyRequest()
    {
        QFETCH(QString, action);
        QFETCH(QVariantMap, params);
        QFETCH(QString, expected);
        RecordingHttpServer server;
        QVERIFY(server.listen());
        KubernetesExecutor executor(loopbackOptions(server));
        ExecutionRequest request;
        request.action = action;
        request.params = params;
        const auto outcome = runExecution(executor, request);
        QCOMPARE(outcome->calls, 1);
        QVERIFY(!outcome->calledInsideExecute);
        QVERIFY(!outcome->result.ok);
        QVERIFY2(outcome->result.error.startsWith(QStringLiteral("kubernetes: ")), qPrintable(outcome->result.error));
        QVERIFY2(outcome->result.error.contains(expected), qPrintable(outcome->result.error));
        QCOMPARE(server.requests().size(), 0);
    }

    void requiresHttps()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        KubernetesExecutorOptions options = loopbackOptions(server);
        options.allowInsecureLoopback = false;
        KubernetesExecutor loopbackWithoutOption(options);
        const auto refused
            = runExecution(loopbackWithoutOption, k8sRequest(QStringLiteral("rollout-restart"), "shop", "web"));
        QVERIFY(!refused->result.ok);
        QVERIFY2(refused->result.error.contains(QStringLiteral("must use https")), qPrintable(refused->result.error));
        QCOMPARE(server.requests().size(), 0);

        options.allowInsecureLoopback = true;
        options.server = QUrl(QStringLiteral("http://10.1.2.3:6443"));
        KubernetesExecutor remote(options);
        const auto remoteRefused = runExecution(remote, k8sRequest(QStringLiteral("rollout-restart"), "shop", "web"));
        QVERIFY(remoteRefused->result.error.contains(QStringLiteral("must use https")));
    }

    void trustsExactlyTheConfiguredCa()
    {
        QTemporaryDir dir;
        QString certificate;
        QString key;
        QString error;
        if (!makeSelfSignedCertificate(dir.path(), certificate, key, error))
            QSKIP(qPrintable(error));
        QFile keyFile(key);
        QVERIFY(keyFile.open(QIODevice::ReadOnly));
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setLocalCertificate(QSslCertificate::fromPath(certificate).value(0));
        tls.setPrivateKey(QSslKey(keyFile.readAll(), QSsl::Rsa));
        RecordingHttpServer server;
        QVERIFY(server.listen(tls));
        server.script("PATCH", DeploymentPath, fixture(QStringLiteral("deployment.json")));

        KubernetesExecutorOptions options;
        options.server = server.url();
        options.bearerToken = Token;
        options.caCertificateFile = certificate;
        options.defaultTimeoutMs = 5000;
        KubernetesExecutor trusting(options);
        const auto outcome = runExecution(trusting, k8sRequest(QStringLiteral("rollout-restart"), "shop", "web"));
        QVERIFY2(outcome->result.ok, qPrintable(outcome->result.error));
        QCOMPARE(server.requests().value(0).header("Authorization"), QByteArray("Bearer ") + Token);

        // Another CA: the handshake fails and the token is never sent.
        QTemporaryDir otherDir;
        QString otherCertificate;
        QString otherKey;
        QVERIFY(makeSelfSignedCertificate(otherDir.path(), otherCertificate, otherKey, error));
        options.caCertificateFile = otherCertificate;
        KubernetesExecutor distrusting(options);
        const auto refused = runExecution(distrusting, k8sRequest(QStringLiteral("rollout-restart"), "shop", "web"));
        QVERIFY(!refused->result.ok);
        QVERIFY2(refused->result.error.contains(QStringLiteral("patching the pod template")),
            qPrintable(refused->result.error));
        QCOMPARE(server.requests().size(), 1);

        options.caCertificateFile = dir.path() + QStringLiteral("/missing.pem");
        KubernetesExecutor missing(options);
        const auto missingCa = runExecution(missing, k8sRequest(QStringLiteral("rollout-restart"), "shop", "web"));
        QVERIFY2(missingCa->result.error.contains(QStringLiteral("CA certificate file")),
            qPrintable(missingCa->result.error));
    }

    void timesOut()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        ScriptedResponse silent;
        silent.neverAnswer = true;
        server.script("GET", DeploymentPath, silent);
        KubernetesExecutor executor(loopbackOptions(server));
        ExecutionRequest request = k8sRequest(QStringLiteral("rollout-undo"), "shop", "web");
        request.timeoutMs = 300;
        const auto outcome = runExecution(executor, request);
        QCOMPARE(outcome->calls, 1);
        QVERIFY(!outcome->result.ok);
        QVERIFY2(outcome->result.error.contains(QStringLiteral("reading the deployment")),
            qPrintable(outcome->result.error));
        QVERIFY2(outcome->result.error.contains(QStringLiteral("no answer within")), qPrintable(outcome->result.error));
    }

    void abortReportsAborted()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        ScriptedResponse silent;
        silent.neverAnswer = true;
        server.script("PATCH", DeploymentPath, silent);
        KubernetesExecutor executor(loopbackOptions(server));
        const auto outcome = startExecution(executor, k8sRequest(QStringLiteral("rollout-restart"), "shop", "web"));
        QVERIFY(server.waitFor("PATCH", DeploymentPath));
        executor.abortAll(QStringLiteral("commander aborted run 9"));
        QCOMPARE(outcome->calls, 0);
        settle(outcome);
        QCOMPARE(outcome->calls, 1);
        QVERIFY(!outcome->result.ok);
        QVERIFY2(outcome->result.error.contains(
                     QStringLiteral("aborted (commander aborted run 9) while patching the pod template; "
                                    "the API server may already have applied the change")),
            qPrintable(outcome->result.error));
    }
};

QTEST_MAIN(TestKubernetesExecutor)
#include "tst_kubernetesexecutor.moc"
