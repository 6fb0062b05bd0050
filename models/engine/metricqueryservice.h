#pragma once

#include "interfaces/metricsource.h"

#include <QObject>

namespace firebreak {

// Lets the GUI ask a MetricSource for data without touching it: lives on the engine thread beside
// the source, answers by queued signal, and tags each answer with the caller's request id.
class MetricQueryService : public QObject {
    Q_OBJECT
public:
    explicit MetricQueryService(MetricSource& source, QObject* parent = nullptr);

public Q_SLOTS:
    void requestRange(quint64 requestId, const QString& query, qint64 startMs, qint64 endMs, qint64 stepMs);

Q_SIGNALS:
    void rangeReady(quint64 requestId, const firebreak::QueryResult& result);

private:
    MetricSource& m_source;
};

} // namespace firebreak
