#include "unavailablemetricsource.h"

namespace firebreak {

namespace {

QueryResult unavailable()
{
    QueryResult result;
    result.error = QStringLiteral("no Prometheus is configured (prometheus: in the configuration file)");
    return result;
}

} // namespace

QString UnavailableMetricSource::name() const
{
    return QStringLiteral("none");
}

void UnavailableMetricSource::instantQuery(const QString&, qint64, Callback done)
{
    done(unavailable());
}

void UnavailableMetricSource::rangeQuery(const QString&, qint64, qint64, qint64, Callback done)
{
    done(unavailable());
}

} // namespace firebreak
