#include "markerfamilies.h"

#include "domain/event.h"

#include <QObject>

namespace firebreak {

namespace {
struct KindFamily {
    const char* kind;
    Theme::MarkerFamily family;
};

// Exact kinds rather than prefixes: the store query takes a list of kinds.
constexpr KindFamily MarkerKinds[] = {
    { EventKind::ChangeDeploy, Theme::MarkerFamily::Changes },
    { EventKind::ChangeCron, Theme::MarkerFamily::Changes },
    { EventKind::ChangeEvent, Theme::MarkerFamily::Changes },
    { EventKind::ChaosInjected, Theme::MarkerFamily::Changes },
    { EventKind::ChaosCleared, Theme::MarkerFamily::Changes },
    { EventKind::AlertFiring, Theme::MarkerFamily::Alerts },
    { EventKind::AlertResolved, Theme::MarkerFamily::Alerts },
    { EventKind::MetricBreach, Theme::MarkerFamily::Alerts },
    { EventKind::SuppressionStarted, Theme::MarkerFamily::Alerts },
    { EventKind::SuppressionEnded, Theme::MarkerFamily::Alerts },
    { EventKind::RunProposed, Theme::MarkerFamily::GatesApprovals },
    { EventKind::GatePassed, Theme::MarkerFamily::GatesApprovals },
    { EventKind::GateBlocked, Theme::MarkerFamily::GatesApprovals },
    { EventKind::ApprovalRequested, Theme::MarkerFamily::GatesApprovals },
    { EventKind::ApprovalGranted, Theme::MarkerFamily::GatesApprovals },
    { EventKind::ApprovalDenied, Theme::MarkerFamily::GatesApprovals },
    { EventKind::ApprovalRefused, Theme::MarkerFamily::GatesApprovals },
    { EventKind::ApprovalExpired, Theme::MarkerFamily::GatesApprovals },
    { EventKind::ActionExecuted, Theme::MarkerFamily::Steps },
    { EventKind::StepStarted, Theme::MarkerFamily::Steps },
    { EventKind::StepSucceeded, Theme::MarkerFamily::Steps },
    { EventKind::StepFailed, Theme::MarkerFamily::Steps },
    { EventKind::VerifyPassed, Theme::MarkerFamily::Verification },
    { EventKind::VerifyFailed, Theme::MarkerFamily::Verification },
    { EventKind::RollbackStarted, Theme::MarkerFamily::Rollback },
    { EventKind::RollbackSucceeded, Theme::MarkerFamily::Rollback },
    { EventKind::RollbackFailed, Theme::MarkerFamily::Rollback },
    { EventKind::Note, Theme::MarkerFamily::NotesStatus },
    { EventKind::IncidentOpened, Theme::MarkerFamily::NotesStatus },
    { EventKind::IncidentStatus, Theme::MarkerFamily::NotesStatus },
    { EventKind::IncidentCorrelated, Theme::MarkerFamily::NotesStatus },
};
} // namespace

QVector<MarkerFamilies::Family> MarkerFamilies::all()
{
    return { Family::Changes, Family::Alerts, Family::GatesApprovals, Family::Steps, Family::Verification,
        Family::Rollback, Family::NotesStatus };
}

std::optional<MarkerFamilies::Family> MarkerFamilies::of(const QString& kind)
{
    for (const KindFamily& entry : MarkerKinds) {
        if (kind == QLatin1String(entry.kind))
            return entry.family;
    }
    return std::nullopt;
}

QString MarkerFamilies::name(Family family)
{
    switch (family) {
    case Family::Changes:
        return QObject::tr("Changes");
    case Family::Alerts:
        return QObject::tr("Alerts");
    case Family::GatesApprovals:
        return QObject::tr("Gates & approvals");
    case Family::Steps:
        return QObject::tr("Steps");
    case Family::Verification:
        return QObject::tr("Verification");
    case Family::Rollback:
        return QObject::tr("Rollback");
    case Family::NotesStatus:
        break;
    }
    return QObject::tr("Notes & status");
}

QStringList MarkerFamilies::kinds()
{
    QStringList kinds;
    for (const KindFamily& entry : MarkerKinds)
        kinds.append(QString::fromLatin1(entry.kind));
    return kinds;
}

} // namespace firebreak
