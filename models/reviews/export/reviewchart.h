#pragma once

#include <QString>
#include <QVector>
#include <optional>

namespace firebreak {

struct ReviewChartPoint {
    qint64 timeMs = 0;
    double value = 0;
    bool operator==(const ReviewChartPoint&) const = default;
};

struct ReviewChartSeries {
    QString name; // "instance=\"db-1\"", or a check's name
    QVector<ReviewChartPoint> points; // by time
    bool operator==(const ReviewChartSeries&) const = default;
};

struct ReviewChartThreshold {
    double value = 0;
    QString label; // "above 0.05", "< 80"
    bool operator==(const ReviewChartThreshold&) const = default;
};

struct ReviewChartMarker {
    qint64 timeMs = 0;
    QString label; // "approved (alice)", "step: restart", "rollback"
    bool operator==(const ReviewChartMarker&) const = default;
};

// One chart of an exported review: what a metric did around a gate's decision or while a fix was
// verified, with the line it was held against and when people and automation acted. Plain values,
// so the same chart is painted into a PNG for HTML and straight into the PDF.
struct ReviewChart {
    QString title; // "Run 3 · gate 1 (sustained)"
    QString caption; // one line: the query, the outcome
    QString unit; // the value axis label; may be empty
    QVector<ReviewChartSeries> series;
    std::optional<ReviewChartThreshold> threshold;
    QVector<ReviewChartMarker> markers; // by time; only those inside [startMs, endMs]
    qint64 startMs = 0;
    qint64 endMs = 0;

    bool operator==(const ReviewChart&) const = default;
};

} // namespace firebreak
