#include "ruleevaluator.h"

#include "alertfingerprint.h"
#include "alerttemplate.h"

#include <QSet>
#include <algorithm>
#include <cmath>

namespace firebreak {

RuleEvaluator::RuleEvaluator(const QVector<AlertRule>& rules)
    : m_rules(rules)
{
    for (const AlertRule& rule : rules) {
        const auto expression = AlertExpression::parse(rule.expression);
        if (!expression || !expression->hasThreshold()) {
            m_errors.append(
                QStringLiteral("rule %1: expression '%2' is not `selector OP number`").arg(rule.name, rule.expression));
            continue;
        }
        auto selector = SeriesSelector::parse(expression->selector);
        if (const auto* error = std::get_if<SelectorError>(&selector)) {
            m_errors.append(QStringLiteral("rule %1: %2").arg(rule.name, error->toString()));
            continue;
        }
        m_compiled.append(Compiled { rule, *expression, std::get<SeriesSelector>(selector),
            AlertExpression::toGeneratorUrl(QString::fromLatin1(GeneratorBaseUrl), rule.expression) });
    }
    m_active.resize(m_compiled.size());
}

bool RuleEvaluator::holds(const AlertExpression& expression, double value)
{
    if (std::isnan(value))
        return false;
    const QString& op = expression.op;
    const double threshold = expression.threshold;
    if (op == QLatin1String(">"))
        return value > threshold;
    if (op == QLatin1String(">="))
        return value >= threshold;
    if (op == QLatin1String("<"))
        return value < threshold;
    if (op == QLatin1String("<="))
        return value <= threshold;
    if (op == QLatin1String("=="))
        return value == threshold;
    if (op == QLatin1String("!="))
        return value != threshold;
    return false;
}

QVector<AlertInstance> RuleEvaluator::evaluate(qint64 nowMs, const QVector<MetricPoint>& points)
{
    QVector<AlertInstance> changes;
    for (int r = 0; r < m_compiled.size(); ++r) {
        const Compiled& compiled = m_compiled.at(r);
        QHash<QString, AlertInstance>& active = m_active[r];
        QSet<QString> seen;
        QVector<AlertInstance> fired;
        for (const MetricPoint& point : points) {
            if (!compiled.selector.matches(point.labels) || !holds(compiled.expression, point.value))
                continue;
            LabelSet labels = point.labels;
            labels.remove(QStringLiteral("__name__"));
            for (auto it = compiled.rule.labels.cbegin(); it != compiled.rule.labels.cend(); ++it)
                labels.insert(it.key(), it.value());
            labels.insert(QStringLiteral("alertname"), compiled.rule.name);
            const QString fingerprint = AlertFingerprint::of(labels);
            seen.insert(fingerprint);
            auto found = active.find(fingerprint);
            if (found == active.end()) {
                AlertInstance alert;
                alert.labels = labels;
                alert.fingerprint = fingerprint;
                alert.generatorUrl = compiled.generatorUrl;
                alert.activeAtMs = nowMs;
                found = active.insert(fingerprint, alert);
            }
            AlertInstance& alert = *found;
            alert.value = point.value;
            if (!alert.firing && nowMs - alert.activeAtMs >= compiled.rule.forMs) {
                alert.firing = true;
                alert.firedAtMs = nowMs;
                for (auto it = compiled.rule.annotations.cbegin(); it != compiled.rule.annotations.cend(); ++it)
                    alert.annotations.insert(it.key(), AlertTemplate::expand(it.value(), alert.labels, point.value));
                fired.append(alert);
            }
        }
        QVector<AlertInstance> resolved;
        for (auto it = active.begin(); it != active.end();) {
            if (seen.contains(it.key())) {
                ++it;
                continue;
            }
            if (it->firing) {
                AlertInstance alert = *it;
                alert.firing = false;
                alert.resolvedAtMs = nowMs;
                resolved.append(alert);
            }
            it = active.erase(it);
        }
        // QHash order is not stable across runs; sort so that the same seed gives the same output.
        const auto byFingerprint
            = [](const AlertInstance& a, const AlertInstance& b) { return a.fingerprint < b.fingerprint; };
        std::sort(resolved.begin(), resolved.end(), byFingerprint);
        std::sort(fired.begin(), fired.end(), byFingerprint);
        changes += resolved;
        changes += fired;
    }
    return changes;
}

QVector<AlertInstance> RuleEvaluator::firing() const
{
    QVector<AlertInstance> result;
    for (const auto& active : m_active) {
        QVector<AlertInstance> rule;
        for (const AlertInstance& alert : active) {
            if (alert.firing)
                rule.append(alert);
        }
        std::sort(rule.begin(), rule.end(),
            [](const AlertInstance& a, const AlertInstance& b) { return a.fingerprint < b.fingerprint; });
        result += rule;
    }
    return result;
}

} // namespace firebreak
