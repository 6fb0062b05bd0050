#pragma once

#include "interfaces/metricsource.h"

#include <QVector>

namespace firebreak {

// The bounded history of one series: the newest `capacity` samples, oldest first, so that a
// sandbox running for days keeps constant memory. Appends must come in time order.
class SeriesRing {
public:
    explicit SeriesRing(int capacity);

    void append(const Sample& sample);
    int size() const { return m_count; }
    const Sample& at(int index) const; // 0 = oldest
    const Sample& last() const { return at(m_count - 1); }
    // Index of the newest sample at or before `timeMs`, or -1.
    int lastAtOrBefore(qint64 timeMs) const;

private:
    QVector<Sample> m_samples;
    int m_start = 0;
    int m_count = 0;
};

} // namespace firebreak
