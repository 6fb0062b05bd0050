#pragma once

#include "domain/labelset.h"
#include "labelmatcher.h"
#include "selectorerror.h"

#include <QString>
#include <QVector>
#include <variant>

namespace firebreak {

// A PromQL instant-vector selector and nothing more: `name`, `name{label="v",label=~"re",...}` or
// `{label="v"}`. Sources that cannot run full PromQL (the sandbox) still answer these exactly as
// Prometheus would, and refuse everything else with a precise error instead of guessing.
class SeriesSelector {
public:
    // Accepts the PromQL selector syntax: "..." and '...' strings with \\ \" \' \n \t \r escapes,
    // `...` raw strings, whitespace between tokens and a trailing comma inside the braces.
    static std::variant<SeriesSelector, SelectorError> parse(const QString& text);

    // `labels` carry the metric name as __name__, as in Series::labels.
    bool matches(const LabelSet& labels) const;
    // The name fixed by the selector (bare name or __name__="..."), empty when it is not fixed.
    QString metricName() const;
    const QVector<LabelMatcher>& matchers() const { return m_matchers; }
    // Canonical text: name{matchers} with the name matcher folded into the name.
    QString toString() const;

private:
    QVector<LabelMatcher> m_matchers;
};

} // namespace firebreak
