#pragma once

#include <QVector>

namespace firebreak {

// A Prometheus-style histogram: counts of observations at or below fixed upper bounds, plus their
// sum and count. Not synchronised: it belongs to the thread that observes into it and renders it.
class Histogram {
public:
    explicit Histogram(QVector<double> upperBounds); // ascending; +Inf is implied
    void observe(double value);

    const QVector<double>& upperBounds() const { return m_bounds; }
    QVector<quint64> cumulativeCounts() const; // one per upper bound, each including those below
    quint64 count() const { return m_count; }
    double sum() const { return m_sum; }

private:
    QVector<double> m_bounds;
    QVector<quint64> m_buckets; // per bound, not cumulative
    quint64 m_count = 0;
    double m_sum = 0;
};

} // namespace firebreak
