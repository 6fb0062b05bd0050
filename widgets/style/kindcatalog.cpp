#include "kindcatalog.h"

#include <QObject>

namespace firebreak {

namespace {
QVector<KindInfo> buildCatalog()
{
    using T = Theme::Tone;
    const QString alerts = QObject::tr("Alerts");
    const QString changes = QObject::tr("Changes");
    const QString incident = QObject::tr("Incident");
    const QString runs = QObject::tr("Runs and steps");
    const QString gates = QObject::tr("Gates and verification");
    const QString approvals = QObject::tr("Approvals");
    const QString suppression = QObject::tr("Suppression");
    const QString chaos = QObject::tr("Chaos");
    auto k = [](const char* kind, const char* icon, T tone, const QString& family) {
        return KindInfo { QString::fromLatin1(kind), QStringLiteral("kind-") + QLatin1String(icon), tone, family };
    };
    return {
        k("alert.firing", "alert-firing", T::Bad, alerts),
        k("alert.resolved", "alert-resolved", T::Good, alerts),
        k("metric.breach", "metric-breach", T::Bad, alerts),
        k("change.deploy", "deploy", T::Change, changes),
        k("change.cron", "cron", T::Change, changes),
        k("incident.opened", "incident", T::Attention, incident),
        k("incident.status", "status", T::Neutral, incident),
        k("incident.correlated", "incident", T::Attention, incident),
        k("incident.commander", "status", T::Neutral, incident),
        k("note", "note", T::Neutral, incident),
        k("run.proposed", "run", T::Automation, runs),
        k("action.executed", "run", T::Automation, runs),
        k("step.started", "run", T::Automation, runs),
        k("step.succeeded", "succeeded", T::Good, runs),
        k("step.failed", "failed", T::Bad, runs),
        k("rollback.started", "rollback", T::Automation, runs),
        k("rollback.succeeded", "rollback", T::Good, runs),
        k("rollback.failed", "rollback", T::Bad, runs),
        k("gate.passed", "gate-passed", T::Good, gates),
        k("gate.blocked", "gate-blocked", T::Bad, gates),
        k("verify.passed", "verify-passed", T::Good, gates),
        k("verify.failed", "verify-failed", T::Bad, gates),
        k("approval.requested", "approval-requested", T::Attention, approvals),
        k("approval.granted", "approval-granted", T::Good, approvals),
        k("approval.denied", "approval-denied", T::Bad, approvals),
        k("approval.expired", "expired", T::Attention, approvals),
        k("suppression.started", "suppressed", T::Neutral, suppression),
        k("suppression.ended", "alert-firing", T::Neutral, suppression),
        k("chaos.injected", "chaos", T::Chaos, chaos),
        k("chaos.cleared", "chaos-cleared", T::Chaos, chaos),
    };
}
} // namespace

const QVector<KindInfo>& KindCatalog::all()
{
    static const QVector<KindInfo> catalog = buildCatalog();
    return catalog;
}

KindInfo KindCatalog::lookup(const QString& kind)
{
    for (const KindInfo& info : all()) {
        if (info.kind == kind)
            return info;
    }
    return { kind, QStringLiteral("kind-event"), Theme::Tone::Neutral, QObject::tr("Other") };
}

QStringList KindCatalog::families()
{
    QStringList families;
    for (const KindInfo& info : all()) {
        if (!families.contains(info.family))
            families.append(info.family);
    }
    return families;
}

QStringList KindCatalog::chartMarkerKinds()
{
    return {
        QStringLiteral("alert.firing"),
        QStringLiteral("alert.resolved"),
        QStringLiteral("change.deploy"),
        QStringLiteral("change.cron"),
        QStringLiteral("chaos.injected"),
        QStringLiteral("chaos.cleared"),
        QStringLiteral("action.executed"),
        QStringLiteral("step.started"),
        QStringLiteral("step.succeeded"),
        QStringLiteral("step.failed"),
        QStringLiteral("rollback.started"),
        QStringLiteral("rollback.succeeded"),
        QStringLiteral("rollback.failed"),
        QStringLiteral("suppression.started"),
        QStringLiteral("suppression.ended"),
    };
}

} // namespace firebreak
