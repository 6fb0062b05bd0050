#include "planrenderer.h"

#include "playbook/playbooktemplate.h"

#include <QSet>

namespace firebreak {

namespace {

void collectLabels(const QString& value, QSet<QString>* labels)
{
    const PlaybookTemplate::Value parsed = PlaybookTemplate::parseValue(value);
    if (parsed.isTemplate())
        labels->insert(parsed.label);
}

void collectLabels(const QMap<QString, QString>& values, QSet<QString>* labels)
{
    for (const QString& value : values)
        collectLabels(value, labels);
}

// What a step acts on: the labels its templates select, or its fixed operation.
QString stepTarget(const PlaybookRequest& request, const PlaybookRequest& rendered, const LabelSet& labels)
{
    QSet<QString> used;
    for (const QString& arg : request.argv)
        collectLabels(arg, &used);
    collectLabels(request.params, &used);
    collectLabels(request.env, &used);
    collectLabels(request.query, &used);
    collectLabels(request.headers, &used);
    if (!used.isEmpty()) {
        QStringList names(used.cbegin(), used.cend());
        names.sort();
        QStringList parts;
        for (const QString& name : names)
            parts << name + QLatin1Char('=') + labels.value(name);
        return parts.join(QLatin1Char(','));
    }
    QStringList parts { rendered.executor };
    if (!rendered.action.isEmpty())
        parts << rendered.action;
    if (!rendered.url.isEmpty())
        parts << rendered.url;
    if (!rendered.argv.isEmpty())
        parts << rendered.argv.first();
    if (rendered.params.contains(QStringLiteral("namespace")) || rendered.params.contains(QStringLiteral("name")))
        parts << rendered.params.value(QStringLiteral("namespace")) + QLatin1Char('/')
                + rendered.params.value(QStringLiteral("name"));
    return parts.join(QLatin1Char(' '));
}

std::optional<TemplateRefusal> renderSteps(const TemplateRenderer& renderer, const QVector<PlaybookStep>& steps,
    const LabelSet& labels, QVector<RenderedStep>* out)
{
    for (const PlaybookStep& step : steps) {
        auto rendered = renderer.renderRequest(step.run, labels);
        if (const auto* refusal = std::get_if<TemplateRefusal>(&rendered))
            return *refusal;
        const auto& request = std::get<PlaybookRequest>(rendered);
        out->append(RenderedStep { step.name, request, stepTarget(step.run, request, labels) });
    }
    return std::nullopt;
}

std::optional<TemplateRefusal> renderChecks(const TemplateRenderer& renderer, const QVector<VerifyCheck>& checks,
    const LabelSet& labels, QVector<RenderedCheck>* out)
{
    for (const VerifyCheck& check : checks) {
        auto query = renderer.renderQuery(check.query, labels);
        if (const auto* refusal = std::get_if<TemplateRefusal>(&query))
            return *refusal;
        out->append(RenderedCheck { check, std::get<QString>(query) });
    }
    return std::nullopt;
}

} // namespace

std::variant<RenderedPlan, TemplateRefusal> PlanRenderer::render(const Playbook& playbook, const LabelSet& labels)
{
    const TemplateRenderer renderer(playbook.parameterPatterns);
    RenderedPlan plan;
    plan.playbookId = playbook.id;
    plan.playbookTitle = playbook.title;
    plan.risk = playbook.risk;
    plan.sourceFile = playbook.sourceFile;
    plan.onVerifyFailure = playbook.onVerifyFailure;

    for (const PlaybookGate& gate : playbook.gates) {
        RenderedGate rendered { gate, QString() };
        if (!gate.query.isEmpty()) {
            auto query = renderer.renderQuery(gate.query, labels);
            if (const auto* refusal = std::get_if<TemplateRefusal>(&query))
                return *refusal;
            rendered.query = std::get<QString>(query);
        }
        plan.gates.append(rendered);
    }
    if (auto refusal = renderSteps(renderer, playbook.steps, labels, &plan.steps))
        return *refusal;
    if (auto refusal = renderSteps(renderer, playbook.rollback, labels, &plan.rollback))
        return *refusal;
    if (auto refusal = renderChecks(renderer, playbook.verify, labels, &plan.verify))
        return *refusal;
    if (auto refusal = renderChecks(renderer, playbook.rollbackVerify, labels, &plan.rollbackVerify))
        return *refusal;
    if (playbook.suppress) {
        auto matchers = renderer.renderMap(playbook.suppress->matchers, labels);
        if (const auto* refusal = std::get_if<TemplateRefusal>(&matchers))
            return *refusal;
        plan.suppress = RenderedSuppression { playbook.suppress->forMs, std::get<QMap<QString, QString>>(matchers) };
    }
    return plan;
}

} // namespace firebreak
