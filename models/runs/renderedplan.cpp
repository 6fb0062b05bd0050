#include "renderedplan.h"

#include "audit/canonicaljson.h"

#include <QCryptographicHash>
#include <QJsonArray>

namespace firebreak {

namespace {

QJsonObject stringMap(const QMap<QString, QString>& values)
{
    QJsonObject object;
    for (auto it = values.cbegin(); it != values.cend(); ++it)
        object.insert(it.key(), it.value());
    return object;
}

QJsonObject requestJson(const PlaybookRequest& request)
{
    QJsonObject object { { QStringLiteral("executor"), request.executor }, { QStringLiteral("action"), request.action },
        { QStringLiteral("argv"), QJsonArray::fromStringList(request.argv) },
        { QStringLiteral("params"), stringMap(request.params) }, { QStringLiteral("env"), stringMap(request.env) },
        { QStringLiteral("url"), request.url }, { QStringLiteral("query"), stringMap(request.query) },
        { QStringLiteral("headers"), stringMap(request.headers) },
        { QStringLiteral("timeout_ms"), double(request.timeoutMs) } };
    QJsonArray statuses;
    for (int status : request.expectStatus)
        statuses.append(status);
    object.insert(QStringLiteral("expect_status"), statuses);
    return object;
}

QJsonArray stepsJson(const QVector<RenderedStep>& steps)
{
    QJsonArray array;
    for (const RenderedStep& step : steps)
        array.append(QJsonObject { { QStringLiteral("name"), step.name }, { QStringLiteral("target"), step.target },
            { QStringLiteral("run"), requestJson(step.request) } });
    return array;
}

QJsonArray checksJson(const QVector<RenderedCheck>& checks)
{
    QJsonArray array;
    for (const RenderedCheck& rendered : checks) {
        const VerifyCheck& check = rendered.check;
        array.append(QJsonObject { { QStringLiteral("name"), check.name }, { QStringLiteral("query"), rendered.query },
            { QStringLiteral("success"), check.success }, { QStringLiteral("interval_ms"), double(check.intervalMs) },
            { QStringLiteral("initial_delay_ms"), double(check.initialDelayMs) },
            { QStringLiteral("count"), check.count }, { QStringLiteral("failure_limit"), check.failureLimit },
            { QStringLiteral("inconclusive_limit"), check.inconclusiveLimit } });
    }
    return array;
}

QJsonObject gateJson(const RenderedGate& rendered)
{
    const PlaybookGate& gate = rendered.gate;
    QJsonObject object { { QStringLiteral("kind"), playbookGateKindName(gate.kind) } };
    switch (gate.kind) {
    case PlaybookGate::Kind::Sustained:
    case PlaybookGate::Kind::Confirm:
        object.insert(QStringLiteral("query"), rendered.query);
        object.insert(
            gate.comparison == PlaybookGate::Comparison::Above ? QStringLiteral("above") : QStringLiteral("below"),
            gate.threshold);
        object.insert(QStringLiteral("for_ms"), double(gate.forMs));
        break;
    case PlaybookGate::Kind::Quiet:
        object.insert(QStringLiteral("window_ms"), double(gate.windowMs));
        object.insert(QStringLiteral("kinds"), QJsonArray::fromStringList(gate.changeKinds));
        break;
    case PlaybookGate::Kind::Approval:
        object.insert(QStringLiteral("role"), gate.role);
        object.insert(QStringLiteral("approvers"), gate.approvers);
        object.insert(QStringLiteral("expires_ms"), double(gate.expiresMs));
        break;
    case PlaybookGate::Kind::RateLimit:
        object.insert(QStringLiteral("max_runs"), gate.maxRuns);
        object.insert(QStringLiteral("per_ms"), double(gate.perMs));
        break;
    case PlaybookGate::Kind::BlastRadius:
        object.insert(QStringLiteral("max_targets"), gate.maxTargets);
        break;
    }
    return object;
}

} // namespace

QStringList RenderedPlan::targets() const
{
    QStringList out;
    for (const RenderedStep& step : steps) {
        if (!out.contains(step.target))
            out.append(step.target);
    }
    return out;
}

QJsonObject RenderedPlan::toJson() const
{
    QJsonArray gateArray;
    for (const RenderedGate& gate : gates)
        gateArray.append(gateJson(gate));
    QJsonObject object { { QStringLiteral("playbook"), playbookId }, { QStringLiteral("title"), playbookTitle },
        { QStringLiteral("risk"), playbookRiskName(risk) }, { QStringLiteral("gates"), gateArray },
        { QStringLiteral("steps"), stepsJson(steps) }, { QStringLiteral("rollback"), stepsJson(rollback) },
        { QStringLiteral("verify"), checksJson(verify) },
        { QStringLiteral("rollback_verify"), checksJson(rollbackVerify) },
        { QStringLiteral("on_verify_failure"), verifyFailureActionName(onVerifyFailure) },
        { QStringLiteral("targets"), QJsonArray::fromStringList(targets()) } };
    if (suppress) {
        object.insert(QStringLiteral("suppress"),
            QJsonObject { { QStringLiteral("for_ms"), double(suppress->forMs) },
                { QStringLiteral("matchers"), stringMap(suppress->matchers) } });
    }
    return object;
}

QByteArray RenderedPlan::canonicalJson() const
{
    return CanonicalJson::write(toJson());
}

QString RenderedPlan::hash() const
{
    return QString::fromLatin1(QCryptographicHash::hash(canonicalJson(), QCryptographicHash::Sha256).toHex());
}

} // namespace firebreak
