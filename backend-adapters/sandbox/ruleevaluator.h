#pragma once

#include "alertinstance.h"
#include "alertrule.h"
#include "metricpoint.h"
#include "metrics/alertexpression.h"
#include "metrics/seriesselector.h"

#include <QHash>
#include <QStringList>
#include <QVector>

namespace firebreak {

// Evaluates alerting rules over each scrape the way Prometheus does: a series that meets the
// condition makes its alert pending, the alert fires once the condition held for the rule's `for`,
// and it resolves at the first evaluation where the condition fails or the series is gone.
class RuleEvaluator {
public:
    static constexpr auto GeneratorBaseUrl = "http://sandbox.firebreak";

    // Rules whose expression does not parse are left out and reported by errors().
    explicit RuleEvaluator(const QVector<AlertRule>& rules);

    // Returns the alerts that started firing or resolved at this evaluation, in rule order.
    QVector<AlertInstance> evaluate(qint64 nowMs, const QVector<MetricPoint>& points);

    QVector<AlertInstance> firing() const;
    QStringList errors() const { return m_errors; }
    const QVector<AlertRule>& rules() const { return m_rules; }

private:
    struct Compiled {
        AlertRule rule;
        AlertExpression expression;
        SeriesSelector selector;
        QString generatorUrl;
    };
    static bool holds(const AlertExpression& expression, double value);

    QVector<AlertRule> m_rules;
    QVector<Compiled> m_compiled;
    QStringList m_errors;
    // Per compiled rule: fingerprint -> pending or firing alert.
    QVector<QHash<QString, AlertInstance>> m_active;
};

} // namespace firebreak
