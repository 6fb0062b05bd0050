#include "playbook.h"

namespace firebreak {

const PlaybookGate* Playbook::approvalGate() const
{
    for (const PlaybookGate& gate : gates) {
        if (gate.kind == PlaybookGate::Kind::Approval)
            return &gate;
    }
    return nullptr;
}

QString playbookRiskName(PlaybookRisk risk)
{
    switch (risk) {
    case PlaybookRisk::Low:
        return QStringLiteral("low");
    case PlaybookRisk::Medium:
        return QStringLiteral("medium");
    case PlaybookRisk::High:
        return QStringLiteral("high");
    case PlaybookRisk::Critical:
        return QStringLiteral("critical");
    }
    return {};
}

std::optional<PlaybookRisk> playbookRiskFromName(const QString& name)
{
    for (PlaybookRisk risk : { PlaybookRisk::Low, PlaybookRisk::Medium, PlaybookRisk::High, PlaybookRisk::Critical }) {
        if (playbookRiskName(risk) == name)
            return risk;
    }
    return std::nullopt;
}

QString verifyFailureActionName(VerifyFailureAction action)
{
    return action == VerifyFailureAction::Rollback ? QStringLiteral("rollback") : QStringLiteral("pause");
}

} // namespace firebreak
