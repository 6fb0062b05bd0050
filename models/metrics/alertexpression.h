#pragma once

#include <QString>
#include <optional>

namespace firebreak {

// The simple alerting expressions the console can chart: `selector OP number`, for example
// `disk_used_percent{instance="db-eu-1"} > 90`. Anything more complex is charted without a
// threshold line (selector only) or not at all, never guessed at.
struct AlertExpression {
    QString selector; // the series to chart
    QString op; // ">", ">=", "<", "<=", "==", "!=", or empty when there is no threshold
    double threshold = 0;
    bool hasThreshold() const { return !op.isEmpty(); }

    static std::optional<AlertExpression> parse(const QString& expression);
    // Prometheus puts the rule's expression into generatorURL as the g0.expr query parameter.
    static QString fromGeneratorUrl(const QString& generatorUrl);
    // The inverse, used by the sandbox to produce the same shape of URL Prometheus does.
    static QString toGeneratorUrl(const QString& baseUrl, const QString& expression);
};

} // namespace firebreak
