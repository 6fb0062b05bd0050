#pragma once

#include <QRegularExpression>
#include <QString>

namespace firebreak {

// One `label OP "value"` condition of a series selector. A label the series does not carry counts
// as the empty string, and regular expressions are fully anchored, both as in Prometheus.
struct LabelMatcher {
    enum class Op { Equal, NotEqual, RegexMatch, RegexNoMatch };

    QString name;
    Op op = Op::Equal;
    QString value;
    QRegularExpression regex; // compiled, anchored form of `value` for the regex operators

    bool matches(const QString& labelValue) const;
    QString toString() const;
    static QString opText(Op op);
    // Builds a matcher; for the regex operators returns an error text when the expression is invalid.
    static LabelMatcher make(const QString& name, Op op, const QString& value, QString* error = nullptr);
};

} // namespace firebreak
