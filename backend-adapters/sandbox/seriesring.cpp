#include "seriesring.h"

namespace firebreak {

SeriesRing::SeriesRing(int capacity)
    : m_samples(qMax(1, capacity))
{
}

void SeriesRing::append(const Sample& sample)
{
    const int capacity = static_cast<int>(m_samples.size());
    if (m_count < capacity) {
        m_samples[(m_start + m_count) % capacity] = sample;
        ++m_count;
    } else {
        m_samples[m_start] = sample;
        m_start = (m_start + 1) % capacity;
    }
}

const Sample& SeriesRing::at(int index) const
{
    return m_samples.at((m_start + index) % static_cast<int>(m_samples.size()));
}

int SeriesRing::lastAtOrBefore(qint64 timeMs) const
{
    int low = 0;
    int high = m_count; // first index with time > timeMs lies in [low, high]
    while (low < high) {
        const int mid = (low + high) / 2;
        if (at(mid).timeMs <= timeMs)
            low = mid + 1;
        else
            high = mid;
    }
    return low - 1;
}

} // namespace firebreak
