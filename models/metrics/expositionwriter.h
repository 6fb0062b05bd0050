#pragma once

#include <QByteArray>
#include <QPair>
#include <QString>
#include <QVector>

namespace firebreak {

class Histogram;

using MetricLabels = QVector<QPair<QByteArray, QString>>; // label name (a valid identifier), value

// Writes metrics in the Prometheus text exposition format 0.0.4, so that anything Firebreak
// publishes (the receiver's own counters, the sandbox's simulated shop) is scraped by a real
// Prometheus without surprises: one HELP and TYPE per family, label values and help text escaped
// as the format requires, +Inf/NaN spelt as Prometheus spells them.
class ExpositionWriter {
public:
    static constexpr auto ContentType = "text/plain; version=0.0.4; charset=utf-8";

    // Starts a family; `type` is counter, gauge, histogram, summary or untyped.
    void family(const QByteArray& name, const QByteArray& type, const QString& help);
    void sample(const QByteArray& name, const MetricLabels& labels, double value);
    // name_bucket{le=...} for every bound and +Inf, then name_sum and name_count.
    void histogram(const QByteArray& name, const MetricLabels& labels, const Histogram& histogram);
    const QByteArray& text() const { return m_out; }

    static QByteArray escapeLabelValue(const QString& value); // \ " and line feed
    static QByteArray escapeHelp(const QString& help); // \ and line feed
    static QByteArray formatValue(double value);

private:
    void writeLabels(const MetricLabels& labels);

    QByteArray m_out;
};

} // namespace firebreak
