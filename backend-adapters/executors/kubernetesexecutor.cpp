#include "kubernetesexecutor.h"

#include "executorhttp.h"
#include "executorsupport.h"
#include "ingest/jsonpathreader.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QThread>
#include <climits>

namespace firebreak {

using namespace executorsupport;

struct KubernetesExecutor::Run {
    QString action;
    QString ns;
    QString name;
    qint64 replicas = -1;
    QString toRevision;
    qint64 timeoutMs = 0;
    QDeadlineTimer deadline;
    Callback done;
    quint64 callId = 0;
    QString what; // the step in flight, for abort messages
    bool mutating = false; // the step in flight changes the cluster
    QString label() const { return QStringLiteral("kubernetes %1 %2/%3").arg(action, ns, name); }
};

namespace {
const QString RolloutRestart = QStringLiteral("rollout-restart");
const QString RolloutUndo = QStringLiteral("rollout-undo");
const QString Scale = QStringLiteral("scale");
const QString DeletePod = QStringLiteral("delete-pod");
const QString RevisionAnnotation = QStringLiteral("deployment.kubernetes.io/revision");
const QString RestartedAtAnnotation = QStringLiteral("kubectl.kubernetes.io/restartedAt");
const QString PodTemplateHash = QStringLiteral("pod-template-hash");

// A Kubernetes Status (kind: Status) becomes "HTTP 404 NotFound: deployments.apps "web" not found";
// any other body is quoted.
QString statusText(const HttpReply& reply)
{
    const QJsonObject status = QJsonDocument::fromJson(reply.body).object();
    if (status.value(QStringLiteral("kind")).toString() == QLatin1String("Status")) {
        const QString reason = status.value(QStringLiteral("reason")).toString();
        const QString message = status.value(QStringLiteral("message")).toString();
        return QStringLiteral("HTTP %1%2%3")
            .arg(reply.status)
            .arg(reason.isEmpty() ? QString() : QLatin1Char(' ') + reason,
                message.isEmpty() ? QString() : QStringLiteral(": ") + message);
    }
    const QString body = snippet(reply.body);
    return QStringLiteral("HTTP %1%2").arg(reply.status).arg(body.isEmpty() ? QString() : QStringLiteral(": ") + body);
}

// Revisions are decimal annotation values; anything else is not a revision.
qint64 revisionOf(const QJsonObject& object)
{
    const QString text = object.value(QStringLiteral("metadata"))
                             .toObject()
                             .value(QStringLiteral("annotations"))
                             .toObject()
                             .value(RevisionAnnotation)
                             .toString();
    bool ok = false;
    const qint64 revision = text.toLongLong(&ok);
    return ok && revision > 0 ? revision : -1;
}

bool controlledBy(const QJsonObject& replicaSet, const QString& uid)
{
    const QJsonArray owners
        = replicaSet.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("ownerReferences")).toArray();
    for (const QJsonValue& owner : owners) {
        const QJsonObject reference = owner.toObject();
        if (reference.value(QStringLiteral("controller")).toBool()
            && reference.value(QStringLiteral("uid")).toString() == uid)
            return true;
    }
    return false;
}

QString readCount(const QVariant& value, const QString& what, qint64& out)
{
    QString text;
    if (const QString error = readString(value, what, text); !error.isEmpty())
        return error;
    static const QRegularExpression digits(QStringLiteral("^[0-9]{1,10}$"));
    bool ok = false;
    const qint64 number = digits.match(text).hasMatch() ? text.toLongLong(&ok) : -1;
    if (!ok || number < 0 || number > INT_MAX)
        return QStringLiteral("%1 '%2' is not a whole number from 0 to %3").arg(what, text).arg(INT_MAX);
    out = number;
    return {};
}
} // namespace

KubernetesExecutor::KubernetesExecutor(KubernetesExecutorOptions options, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_http(new ExecutorHttp(this))
{
    if (const QString error = checkBaseUrl(m_options.server, true, m_options.allowInsecureLoopback); !error.isEmpty()) {
        m_configError = QStringLiteral("API server URL ") + error;
    } else if (!m_options.caCertificateFile.isEmpty()) {
        QSslConfiguration ssl;
        m_configError = loadCaConfiguration(m_options.caCertificateFile, ssl);
        if (m_configError.isEmpty())
            m_http->setSslConfiguration(ssl);
    }
}

KubernetesExecutor::~KubernetesExecutor() = default;

QString KubernetesExecutor::name() const
{
    return QStringLiteral("kubernetes");
}

QStringList KubernetesExecutor::actions() const
{
    return { RolloutRestart, RolloutUndo, Scale, DeletePod };
}

bool KubernetesExecutor::isDnsLabel(const QString& text)
{
    static const QRegularExpression label(QStringLiteral("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"));
    return text.size() <= 63 && label.match(text).hasMatch();
}

bool KubernetesExecutor::isDnsSubdomain(const QString& text)
{
    static const QRegularExpression subdomain(
        QStringLiteral("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"));
    return text.size() <= 253 && subdomain.match(text).hasMatch();
}

QString KubernetesExecutor::prepare(const ExecutionRequest& request, Run& run) const
{
    if (!m_configError.isEmpty())
        return m_configError;
    if (!actions().contains(request.action))
        return QStringLiteral("unknown action '%1' (accepted: %2)")
            .arg(request.action, actions().join(QStringLiteral(", ")));
    run.action = request.action;
    QStringList accepted { QStringLiteral("namespace"), QStringLiteral("name") };
    if (run.action == Scale)
        accepted.append(QStringLiteral("replicas"));
    if (run.action == RolloutUndo)
        accepted.append(QStringLiteral("to_revision"));
    if (const QString error = checkParamNames(request.params, accepted); !error.isEmpty())
        return error;
    if (const QString error
        = readString(request.params.value(QStringLiteral("namespace")), QStringLiteral("params.namespace"), run.ns);
        !error.isEmpty())
        return error;
    if (!isDnsLabel(run.ns))
        return QStringLiteral("params.namespace '%1' is not a DNS-1123 label (lower-case letters, digits and '-', "
                              "at most 63)")
            .arg(JsonPathReader::quoted(run.ns));
    if (const QString error
        = readString(request.params.value(QStringLiteral("name")), QStringLiteral("params.name"), run.name);
        !error.isEmpty())
        return error;
    if (!isDnsSubdomain(run.name))
        return QStringLiteral("params.name '%1' is not a DNS-1123 subdomain (lower-case letters, digits, '-' and "
                              "'.', at most 253)")
            .arg(JsonPathReader::quoted(run.name));
    if (run.action == Scale) {
        if (const QString error = readCount(
                request.params.value(QStringLiteral("replicas")), QStringLiteral("params.replicas"), run.replicas);
            !error.isEmpty())
            return error;
    }
    if (run.action == RolloutUndo && request.params.contains(QStringLiteral("to_revision"))) {
        qint64 revision = 0;
        const QVariant value = request.params.value(QStringLiteral("to_revision"));
        if (!(value.typeId() == QMetaType::QString && value.toString().isEmpty())) {
            if (const QString error = readCount(value, QStringLiteral("params.to_revision"), revision);
                !error.isEmpty())
                return error;
            if (revision == 0)
                return QStringLiteral(
                    "params.to_revision is 0; leave it empty for the revision before the current one");
            run.toRevision = QString::number(revision);
        }
    }
    return resolveTimeout(request, m_options.defaultTimeoutMs, run.timeoutMs);
}

void KubernetesExecutor::execute(const ExecutionRequest& request, Callback done)
{
    Q_ASSERT(QThread::currentThread() == thread());
    Run run;
    if (const QString error = prepare(request, run); !error.isEmpty()) {
        deliverLater(this, std::move(done), failure(QStringLiteral("kubernetes: ") + error));
        return;
    }
    const quint64 id = m_nextId++;
    run.done = std::move(done);
    run.deadline = QDeadlineTimer(run.timeoutMs);
    m_runs.emplace(id, std::move(run));
    const QString action = m_runs.at(id).action;
    if (action == RolloutRestart)
        restart(id);
    else if (action == Scale)
        scale(id);
    else if (action == DeletePod)
        deletePod(id);
    else
        undoReadDeployment(id);
}

HttpCall KubernetesExecutor::call(const Run& run, const QByteArray& method, const QString& path) const
{
    Q_UNUSED(run);
    HttpCall call;
    call.method = method;
    call.url = endpoint(m_options.server, path);
    call.headers.append(qMakePair(QByteArray("Accept"), QByteArray("application/json")));
    if (!m_options.bearerToken.isEmpty())
        call.headers.append(qMakePair(QByteArray("Authorization"), QByteArray("Bearer ") + m_options.bearerToken));
    call.maxBodyBytes = m_options.maxResponseBytes;
    return call;
}

void KubernetesExecutor::step(quint64 id, const QString& what, HttpCall httpCall, Handler handler)
{
    Run& run = m_runs.at(id);
    const qint64 remaining = run.deadline.remainingTime();
    if (remaining == 0) {
        fail(id, QStringLiteral("%1: timed out after %2 s before %3").arg(run.label(), seconds(run.timeoutMs), what));
        return;
    }
    httpCall.timeoutMs = remaining;
    run.what = what;
    run.mutating = httpCall.method != "GET";
    const QString request = describe(httpCall);
    run.callId
        = m_http->send(httpCall, [this, id, what, request, handler = std::move(handler)](const HttpReply& reply) {
              const auto it = m_runs.find(id);
              if (it == m_runs.end())
                  return;
              const QString where = QStringLiteral("%1: %2 (%3)").arg(it->second.label(), what, request);
              if (!reply.answered()) {
                  fail(id, QStringLiteral("%1: %2").arg(where, reply.error));
                  return;
              }
              if (!reply.success()) {
                  fail(id, QStringLiteral("%1: %2").arg(where, statusText(reply)));
                  return;
              }
              if (reply.body.trimmed().isEmpty()) {
                  handler({});
                  return;
              }
              QJsonParseError error;
              const QJsonDocument document = QJsonDocument::fromJson(reply.body, &error);
              if (error.error != QJsonParseError::NoError || !document.isObject()) {
                  fail(id,
                      QStringLiteral("%1: the answer is not a JSON object (%2)")
                          .arg(where,
                              error.error != QJsonParseError::NoError
                                  ? QStringLiteral("%1 at offset %2").arg(error.errorString()).arg(error.offset)
                                  : JsonPathReader::typeName(
                                      document.isArray() ? QJsonValue(document.array()) : QJsonValue())));
                  return;
              }
              handler(document.object());
          });
}

void KubernetesExecutor::succeed(quint64 id, const QString& summary, const QString& output)
{
    const auto it = m_runs.find(id);
    if (it == m_runs.end())
        return;
    Callback done = std::move(it->second.done);
    m_runs.erase(it);
    ExecutionResult result;
    result.ok = true;
    result.summary = summary;
    result.output = output;
    deliverLater(this, std::move(done), result);
}

void KubernetesExecutor::fail(quint64 id, const QString& message)
{
    const auto it = m_runs.find(id);
    if (it == m_runs.end())
        return;
    Callback done = std::move(it->second.done);
    m_runs.erase(it);
    deliverLater(this, std::move(done), failure(message));
}

void KubernetesExecutor::restart(quint64 id)
{
    const Run& run = m_runs.at(id);
    // What `kubectl rollout restart` does: a new pod template annotation makes the Deployment
    // controller replace every pod through the usual rolling update.
    const QString restartedAt = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    HttpCall patch
        = call(run, "PATCH", QStringLiteral("/apis/apps/v1/namespaces/%1/deployments/%2").arg(run.ns, run.name));
    patch.headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/strategic-merge-patch+json")));
    const QJsonObject annotations { { RestartedAtAnnotation, restartedAt } };
    const QJsonObject body { { QStringLiteral("spec"),
        QJsonObject { { QStringLiteral("template"),
            QJsonObject { { QStringLiteral("metadata"),
                QJsonObject { { QStringLiteral("annotations"), annotations } } } } } } } };
    patch.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    const QString label = QStringLiteral("deployment %1/%2").arg(run.ns, run.name);
    step(id, QStringLiteral("patching the pod template"), patch, [this, id, label, restartedAt](const QJsonObject&) {
        succeed(id, QStringLiteral("restarted %1 (restartedAt %2)").arg(label, restartedAt));
    });
}

void KubernetesExecutor::scale(quint64 id)
{
    const Run& run = m_runs.at(id);
    HttpCall patch
        = call(run, "PATCH", QStringLiteral("/apis/apps/v1/namespaces/%1/deployments/%2/scale").arg(run.ns, run.name));
    patch.headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/merge-patch+json")));
    const QJsonObject body { { QStringLiteral("spec"), QJsonObject { { QStringLiteral("replicas"), run.replicas } } } };
    patch.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    const qint64 wanted = run.replicas;
    const QString label = QStringLiteral("deployment %1/%2").arg(run.ns, run.name);
    step(id, QStringLiteral("patching the scale subresource"), patch,
        [this, id, label, wanted](const QJsonObject& scale) {
            const QJsonValue replicas
                = scale.value(QStringLiteral("spec")).toObject().value(QStringLiteral("replicas"));
            if (!replicas.isDouble() || replicas.toInteger() != wanted) {
                fail(id,
                    QStringLiteral("kubernetes scale %1: the API server answered spec.replicas %2, not %3")
                        .arg(label,
                            replicas.isDouble() ? QString::number(replicas.toInteger())
                                                : JsonPathReader::typeName(replicas))
                        .arg(wanted));
                return;
            }
            const QJsonValue current
                = scale.value(QStringLiteral("status")).toObject().value(QStringLiteral("replicas"));
            succeed(id,
                QStringLiteral("scaled %1 to %2 replicas%3")
                    .arg(label)
                    .arg(wanted)
                    .arg(current.isDouble() ? QStringLiteral(" (%1 running)").arg(current.toInteger()) : QString()));
        });
}

void KubernetesExecutor::deletePod(quint64 id)
{
    const Run& run = m_runs.at(id);
    const HttpCall request = call(run, "DELETE", QStringLiteral("/api/v1/namespaces/%1/pods/%2").arg(run.ns, run.name));
    const QString label = QStringLiteral("pod %1/%2").arg(run.ns, run.name);
    step(id, QStringLiteral("deleting the pod"), request,
        [this, id, label](const QJsonObject&) { succeed(id, QStringLiteral("deleted %1").arg(label)); });
}

// Rollout undo the way `kubectl rollout undo` does it: the Deployment's revisions live in the
// ReplicaSets it controls (annotation deployment.kubernetes.io/revision); the chosen ReplicaSet's pod
// template, without the pod-template-hash label the controller added, replaces the Deployment's
// template with a JSON patch, and the controller rolls out that template as a new revision. (kubectl
// also copies the ReplicaSet's change-cause annotations back; Firebreak leaves annotations alone.)
void KubernetesExecutor::undoReadDeployment(quint64 id)
{
    const Run& run = m_runs.at(id);
    const HttpCall get
        = call(run, "GET", QStringLiteral("/apis/apps/v1/namespaces/%1/deployments/%2").arg(run.ns, run.name));
    step(id, QStringLiteral("reading the deployment"), get,
        [this, id](const QJsonObject& deployment) { undoListReplicaSets(id, deployment); });
}

void KubernetesExecutor::undoListReplicaSets(quint64 id, const QJsonObject& deployment)
{
    const Run& run = m_runs.at(id);
    const QJsonObject spec = deployment.value(QStringLiteral("spec")).toObject();
    if (spec.value(QStringLiteral("paused")).toBool()) {
        fail(id, QStringLiteral("%1: the deployment is paused; resume it before rolling back").arg(run.label()));
        return;
    }
    const QJsonObject matchLabels
        = spec.value(QStringLiteral("selector")).toObject().value(QStringLiteral("matchLabels")).toObject();
    QStringList selector;
    for (auto it = matchLabels.constBegin(); it != matchLabels.constEnd(); ++it) {
        if (!it.value().isString()) {
            fail(id,
                QStringLiteral("%1: spec.selector.matchLabels.%2 is %3, expected a string")
                    .arg(run.label(), it.key(), JsonPathReader::typeName(it.value())));
            return;
        }
        selector.append(it.key() + QLatin1Char('=') + it.value().toString());
    }
    if (selector.isEmpty()) {
        fail(id,
            QStringLiteral("%1: the deployment has no spec.selector.matchLabels to find its ReplicaSets by")
                .arg(run.label()));
        return;
    }
    selector.sort();
    HttpCall list = call(run, "GET", QStringLiteral("/apis/apps/v1/namespaces/%1/replicasets").arg(run.ns));
    list.url.setQuery(QStringLiteral("labelSelector=")
            + QString::fromLatin1(QUrl::toPercentEncoding(selector.join(QLatin1Char(',')))),
        QUrl::StrictMode);
    step(id, QStringLiteral("listing the ReplicaSets"), list,
        [this, id, deployment](const QJsonObject& replicaSets) { undoPatch(id, deployment, replicaSets); });
}

void KubernetesExecutor::undoPatch(quint64 id, const QJsonObject& deployment, const QJsonObject& replicaSets)
{
    const Run& run = m_runs.at(id);
    const QJsonValue items = replicaSets.value(QStringLiteral("items"));
    if (!items.isArray()) {
        fail(id,
            QStringLiteral("%1: the ReplicaSet list has %2 for items, expected an array")
                .arg(run.label(), JsonPathReader::typeName(items)));
        return;
    }
    const QString uid = deployment.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("uid")).toString();
    std::map<qint64, QJsonObject> revisions;
    for (const QJsonValue& item : items.toArray()) {
        const QJsonObject replicaSet = item.toObject();
        const qint64 revision = revisionOf(replicaSet);
        // The selector can match ReplicaSets of another owner; only this Deployment's count.
        if (revision > 0 && (uid.isEmpty() || controlledBy(replicaSet, uid)))
            revisions[revision] = replicaSet;
    }
    QStringList known;
    for (const auto& [revision, replicaSet] : revisions)
        known.append(QString::number(revision));
    const QString knownText = known.isEmpty() ? QStringLiteral("none") : known.join(QStringLiteral(", "));
    qint64 current = revisionOf(deployment);
    if (current < 0 && !revisions.empty())
        current = revisions.rbegin()->first;

    qint64 target = -1;
    if (!run.toRevision.isEmpty()) {
        target = run.toRevision.toLongLong();
        if (!revisions.count(target)) {
            fail(id,
                QStringLiteral("%1: no ReplicaSet of revision %2 (revisions found: %3)")
                    .arg(run.label(), run.toRevision, knownText));
            return;
        }
    } else {
        for (const auto& [revision, replicaSet] : revisions) {
            if (revision < current)
                target = revision;
        }
        if (target < 0) {
            fail(id,
                QStringLiteral("%1: no revision before the current one (%2; revisions found: %3)")
                    .arg(run.label())
                    .arg(current)
                    .arg(knownText));
            return;
        }
    }
    const QJsonObject replicaSet = revisions.at(target);
    const QString replicaSetName
        = replicaSet.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")).toString();
    if (target == current) {
        succeed(id,
            QStringLiteral("skipped rollback of deployment %1/%2: revision %3 is already the current one")
                .arg(run.ns, run.name)
                .arg(target));
        return;
    }
    QJsonObject podTemplate
        = replicaSet.value(QStringLiteral("spec")).toObject().value(QStringLiteral("template")).toObject();
    if (podTemplate.isEmpty()) {
        fail(id,
            QStringLiteral("%1: ReplicaSet %2 (revision %3) has no spec.template")
                .arg(run.label(), replicaSetName)
                .arg(target));
        return;
    }
    QJsonObject metadata = podTemplate.value(QStringLiteral("metadata")).toObject();
    QJsonObject labels = metadata.value(QStringLiteral("labels")).toObject();
    labels.remove(PodTemplateHash);
    metadata.insert(QStringLiteral("labels"), labels);
    podTemplate.insert(QStringLiteral("metadata"), metadata);

    HttpCall patch
        = call(run, "PATCH", QStringLiteral("/apis/apps/v1/namespaces/%1/deployments/%2").arg(run.ns, run.name));
    patch.headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json-patch+json")));
    const QJsonArray operations { QJsonObject {
        { QStringLiteral("op"), QStringLiteral("replace") },
        { QStringLiteral("path"), QStringLiteral("/spec/template") },
        { QStringLiteral("value"), podTemplate },
    } };
    patch.body = QJsonDocument(operations).toJson(QJsonDocument::Compact);
    const QString summary
        = QStringLiteral("rolled back deployment %1/%2 from revision %3 to revision %4 (ReplicaSet %5)")
              .arg(run.ns, run.name)
              .arg(current)
              .arg(target)
              .arg(replicaSetName);
    step(id, QStringLiteral("patching the deployment's template"), patch,
        [this, id, summary](const QJsonObject&) { succeed(id, summary); });
}

void KubernetesExecutor::abortAll(const QString& reason)
{
    std::map<quint64, Run> runs = std::exchange(m_runs, {});
    for (auto& [id, run] : runs) {
        m_http->cancel(run.callId);
        deliverLater(this, std::move(run.done),
            failure(QStringLiteral("%1: aborted (%2) while %3%4")
                        .arg(run.label(), reason, run.what,
                            run.mutating ? QStringLiteral("; the API server may already have applied the change")
                                         : QString())));
    }
}

} // namespace firebreak
