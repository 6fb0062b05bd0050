#pragma once

#include <QMetaType>
#include <QString>

namespace firebreak {

// Whether the metric source behind the charts answers, for the stale-data banner: when it stopped,
// how old the newest good data is, the last error and when the next attempt will be made.
struct MetricStaleness {
    bool stale = false;
    QString source; // MetricSource::name(), e.g. "prometheus"
    QString error; // the last failure, as the source worded it
    qint64 failingSinceMs = 0; // first failure of this outage (the service's clock)
    qint64 lastGoodMs = 0; // last successful answer; 0 = none since start
    qint64 retryInMs = 0; // from the moment this was emitted
    int failures = 0; // attempts failed in this outage
};

} // namespace firebreak

Q_DECLARE_METATYPE(firebreak::MetricStaleness)
