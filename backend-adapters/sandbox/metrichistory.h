#pragma once

#include "interfaces/metricsource.h"
#include "metricpoint.h"
#include "seriesring.h"

#include <QHash>
#include <QVector>
#include <optional>

namespace firebreak {

class SeriesSelector;

// Every series the sandbox has scraped, each with a bounded ring of samples, answering instant and
// range lookups with Prometheus semantics: a value is the newest sample within the 5-minute
// lookback, and a series that stops being scraped is ended by a staleness marker at once.
class MetricHistory {
public:
    static constexpr qint64 LookbackMs = 5LL * 60 * 1000;

    explicit MetricHistory(int capacityPerSeries);

    // One scrape: appends every point, and a staleness marker to every live series not among them.
    void record(qint64 timeMs, const QVector<MetricPoint>& points);

    QVector<Series> instant(const SeriesSelector& selector, qint64 atMs) const;
    QVector<Series> range(const SeriesSelector& selector, qint64 startMs, qint64 endMs, qint64 stepMs) const;
    std::optional<double> valueAt(const LabelSet& labels, qint64 atMs) const;
    int seriesCount() const { return static_cast<int>(m_entries.size()); }

private:
    struct Entry {
        LabelSet labels;
        QString key;
        SeriesRing ring;
        bool live = true;
    };
    static QString keyOf(const LabelSet& labels);
    std::optional<double> lookup(const Entry& entry, qint64 atMs) const;
    void dropExpired(qint64 nowMs);

    int m_capacity;
    QVector<Entry> m_entries; // in order of first appearance
    QHash<QString, int> m_index;
    int m_recordsSinceCleanup = 0;
};

} // namespace firebreak
