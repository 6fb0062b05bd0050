#include "metrichistory.h"

#include "metrics/seriesselector.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace firebreak {

namespace {
// Prometheus marks the end of a series with a special NaN; a plain quiet NaN does the same job
// here because the simulation never produces NaN as a real value.
constexpr double StaleMarker = std::numeric_limits<double>::quiet_NaN();
constexpr int CleanupEveryRecords = 240;
} // namespace

MetricHistory::MetricHistory(int capacityPerSeries)
    : m_capacity(qMax(2, capacityPerSeries))
{
}

QString MetricHistory::keyOf(const LabelSet& labels)
{
    QString key;
    for (auto it = labels.cbegin(); it != labels.cend(); ++it)
        key += it.key() + QChar(0x1f) + it.value() + QChar(0x1e);
    return key;
}

void MetricHistory::record(qint64 timeMs, const QVector<MetricPoint>& points)
{
    QVector<bool> seen(m_entries.size(), false);
    for (const MetricPoint& point : points) {
        const QString key = keyOf(point.labels);
        auto found = m_index.constFind(key);
        int index = 0;
        if (found == m_index.cend()) {
            index = static_cast<int>(m_entries.size());
            m_entries.append(Entry { point.labels, key, SeriesRing(m_capacity), true });
            m_index.insert(key, index);
            seen.append(true);
        } else {
            index = *found;
            seen[index] = true;
        }
        Entry& entry = m_entries[index];
        entry.ring.append(Sample { timeMs, point.value });
        entry.live = true;
    }
    for (int i = 0; i < seen.size(); ++i) {
        Entry& entry = m_entries[i];
        if (!seen.at(i) && entry.live) {
            entry.ring.append(Sample { timeMs, StaleMarker });
            entry.live = false;
        }
    }
    if (++m_recordsSinceCleanup >= CleanupEveryRecords) {
        m_recordsSinceCleanup = 0;
        dropExpired(timeMs);
    }
}

void MetricHistory::dropExpired(qint64 nowMs)
{
    // A dead series whose last sample fell out of the retention of a live one is of no use any more.
    qint64 retentionMs = 0;
    for (const Entry& entry : std::as_const(m_entries)) {
        if (entry.live && entry.ring.size() > 1)
            retentionMs = qMax(retentionMs, entry.ring.last().timeMs - entry.ring.at(0).timeMs);
    }
    const auto expired
        = [&](const Entry& entry) { return !entry.live && entry.ring.last().timeMs < nowMs - retentionMs; };
    if (std::none_of(m_entries.cbegin(), m_entries.cend(), expired))
        return;
    m_entries.removeIf(expired);
    m_index.clear();
    for (int i = 0; i < m_entries.size(); ++i)
        m_index.insert(m_entries.at(i).key, i);
}

std::optional<double> MetricHistory::lookup(const Entry& entry, qint64 atMs) const
{
    const int index = entry.ring.lastAtOrBefore(atMs);
    if (index < 0)
        return std::nullopt;
    const Sample& sample = entry.ring.at(index);
    if (std::isnan(sample.value) || sample.timeMs <= atMs - LookbackMs)
        return std::nullopt;
    return sample.value;
}

QVector<Series> MetricHistory::instant(const SeriesSelector& selector, qint64 atMs) const
{
    QVector<std::pair<QString, Series>> found;
    for (const Entry& entry : m_entries) {
        if (!selector.matches(entry.labels))
            continue;
        if (const auto value = lookup(entry, atMs))
            found.append({ entry.key, Series { entry.labels, { Sample { atMs, *value } } } });
    }
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    QVector<Series> result;
    result.reserve(found.size());
    for (auto& item : found)
        result.append(std::move(item.second));
    return result;
}

QVector<Series> MetricHistory::range(const SeriesSelector& selector, qint64 startMs, qint64 endMs, qint64 stepMs) const
{
    QVector<std::pair<QString, Series>> found;
    for (const Entry& entry : m_entries) {
        if (!selector.matches(entry.labels))
            continue;
        Series series { entry.labels, {} };
        for (qint64 t = startMs; t <= endMs; t += stepMs) {
            if (const auto value = lookup(entry, t))
                series.samples.append(Sample { t, *value });
        }
        if (!series.samples.isEmpty())
            found.append({ entry.key, std::move(series) });
    }
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    QVector<Series> result;
    result.reserve(found.size());
    for (auto& item : found)
        result.append(std::move(item.second));
    return result;
}

std::optional<double> MetricHistory::valueAt(const LabelSet& labels, qint64 atMs) const
{
    const auto found = m_index.constFind(keyOf(labels));
    if (found == m_index.cend())
        return std::nullopt;
    return lookup(m_entries.at(*found), atMs);
}

} // namespace firebreak
