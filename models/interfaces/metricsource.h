#pragma once

#include "domain/labelset.h"

#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVector>
#include <functional>

namespace firebreak {

struct Sample {
    qint64 timeMs = 0;
    double value = 0;
    bool operator==(const Sample&) const = default;
};

// One time series: labels (including __name__) and its samples in time order.
struct Series {
    LabelSet labels;
    QVector<Sample> samples;
    bool operator==(const Series&) const = default;
};

// The answer to a query. An empty `error` means success; `series` may still be empty (no data),
// which callers that gate on data must treat as "no data", never as "fine".
struct QueryResult {
    QVector<Series> series;
    QString error;
    // Set with `error` when the source did not answer (unreachable, timed out, overloaded): asking
    // again later may work. A query the source rejected (bad syntax) leaves it false.
    bool unavailable = false;
    QStringList warnings; // from the source, alongside a successful answer
    bool ok() const { return error.isEmpty(); }
};

// Something that answers PromQL-shaped queries: the sandbox now, Prometheus later. Implementations
// call `done` exactly once, on the thread the source lives on, possibly before returning.
class MetricSource {
public:
    using Callback = std::function<void(const QueryResult&)>;
    virtual ~MetricSource() = default;
    virtual QString name() const = 0;
    virtual void instantQuery(const QString& query, qint64 atMs, Callback done) = 0;
    virtual void rangeQuery(const QString& query, qint64 startMs, qint64 endMs, qint64 stepMs, Callback done) = 0;
};

} // namespace firebreak

Q_DECLARE_METATYPE(firebreak::QueryResult)
