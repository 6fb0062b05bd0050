#include "histogram.h"

#include <algorithm>

namespace firebreak {

Histogram::Histogram(QVector<double> upperBounds)
    : m_bounds(std::move(upperBounds))
    , m_buckets(m_bounds.size(), 0)
{
    std::sort(m_bounds.begin(), m_bounds.end());
}

void Histogram::observe(double value)
{
    const auto bound = std::lower_bound(m_bounds.cbegin(), m_bounds.cend(), value);
    if (bound != m_bounds.cend())
        ++m_buckets[bound - m_bounds.cbegin()];
    ++m_count;
    m_sum += value;
}

QVector<quint64> Histogram::cumulativeCounts() const
{
    QVector<quint64> counts(m_buckets.size(), 0);
    quint64 running = 0;
    for (qsizetype i = 0; i < m_buckets.size(); ++i) {
        running += m_buckets.at(i);
        counts[i] = running;
    }
    return counts;
}

} // namespace firebreak
