#include "renderedrundetail.h"

#include "playbook/playbookloader.h"
#include "runs/planrenderer.h"

#include <QJsonDocument>

using namespace firebreak;

std::optional<RunDetail> renderedRunDetail(
    const QString& playbookPath, const LabelSet& labels, qint64 runId, RunState state, qint64 createdMs)
{
    const auto loaded = PlaybookLoader::load(playbookPath);
    if (const auto* errors = std::get_if<QList<ConfigError>>(&loaded)) {
        for (const ConfigError& error : *errors)
            qWarning("%s", qPrintable(error.toString()));
        return std::nullopt;
    }
    const Playbook& playbook = std::get<Playbook>(loaded);
    const auto rendered = PlanRenderer::render(playbook, labels);
    if (const auto* refusal = std::get_if<TemplateRefusal>(&rendered)) {
        qWarning("%s does not render for these labels: %s", qPrintable(playbookPath), qPrintable(refusal->reason));
        return std::nullopt;
    }
    const RenderedPlan& plan = std::get<RenderedPlan>(rendered);
    RunDetail detail;
    detail.run.id = runId;
    detail.run.incidentId = 7;
    detail.run.playbookId = plan.playbookId;
    detail.run.playbookTitle = plan.playbookTitle;
    detail.run.risk = playbookRiskName(plan.risk);
    detail.run.state = state;
    detail.run.labels = labels;
    detail.run.alertFingerprint = QStringLiteral("fp-%1").arg(runId);
    detail.run.plan = plan.canonicalJson();
    detail.run.planHash = plan.hash();
    detail.run.requester = QStringLiteral("firebreak");
    detail.run.createdMs = createdMs;
    detail.run.updatedMs = createdMs;
    QJsonParseError error;
    detail.plan = QJsonDocument::fromJson(detail.run.plan, &error).object();
    if (error.error != QJsonParseError::NoError) {
        qWarning("the canonical plan of %s is not JSON: %s", qPrintable(playbookPath), qPrintable(error.errorString()));
        return std::nullopt;
    }
    return detail;
}
