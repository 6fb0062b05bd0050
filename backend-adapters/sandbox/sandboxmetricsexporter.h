#pragma once

#include "metricpoint.h"

#include <QByteArray>
#include <QHostAddress>
#include <QObject>
#include <QVector>
#include <memory>

class QHttpServer;

namespace firebreak {

class SandboxWorld;

// Publishes the simulated shop's current series at `GET /metrics` in the Prometheus text exposition
// format 0.0.4, so that a real Prometheus can scrape the sandbox and evaluate real alerting rules
// over it (the lab). Samples carry no timestamps: the sandbox's clock runs faster than the wall
// clock, and Prometheus stamps each scrape with its own time, which is what its rules expect.
// Lives on the thread of the world it reads.
class SandboxMetricsExporter final : public QObject {
    Q_OBJECT
public:
    static constexpr QByteArrayView ContentType = "text/plain; version=0.0.4; charset=utf-8";

    explicit SandboxMetricsExporter(const SandboxWorld& world, QObject* parent = nullptr);
    ~SandboxMetricsExporter() override;

    // Starts serving; port 0 picks a free one. Returns false with a reason in `error`.
    bool listen(const QHostAddress& address, quint16 port, QString* error);
    quint16 port() const { return m_port; }
    qint64 scrapes() const { return m_scrapes; }

    // One exposition of `points`: families in order of first appearance, one # TYPE line each
    // (`counter` for *_total, `gauge` otherwise), label values escaped, NaN/+Inf/-Inf spelled out.
    static QByteArray render(const QVector<MetricPoint>& points);

private:
    const SandboxWorld& m_world;
    std::unique_ptr<QHttpServer> m_server;
    quint16 m_port = 0;
    qint64 m_scrapes = 0;
};

} // namespace firebreak
