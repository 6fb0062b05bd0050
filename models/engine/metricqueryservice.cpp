#include "metricqueryservice.h"

#include <QPointer>

namespace firebreak {

MetricQueryService::MetricQueryService(MetricSource& source, QObject* parent)
    : QObject(parent)
    , m_source(source)
{
}

void MetricQueryService::requestRange(
    quint64 requestId, const QString& query, qint64 startMs, qint64 endMs, qint64 stepMs)
{
    QPointer<MetricQueryService> self(this);
    m_source.rangeQuery(query, startMs, endMs, stepMs, [self, requestId](const QueryResult& result) {
        if (self)
            Q_EMIT self->rangeReady(requestId, result);
    });
}

} // namespace firebreak
