#pragma once

#include "domain/run.h"

#include <QChartView>
#include <QJsonObject>
#include <QVector>
#include <optional>

class QDateTimeAxis;
class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace firebreak {

struct Theme;

// The samples of one verification check against its success condition: the values over time, the
// threshold as a dashed line named by the condition ("space reclaimed < 80"), and every sample marked
// by its outcome (filled ok or error colour; hollow grey for inconclusive, drawn at the plot bottom
// when it had no value). One chart per check, because the checks of a run measure different things
// on scales that would flatten each other on a shared axis (bytes, restarts, an error ratio).
// A check has at most tens of samples, so they go to Qt Charts as they are, without decimation.
class VerificationChartView final : public QChartView {
    Q_OBJECT
public:
    explicit VerificationChartView(const Theme& theme, QWidget* parent = nullptr);

    // `check` is one item of the plan's "verify" or "rollback_verify" list; `samples` are its samples
    // (every round, in the order taken); the time axis spans startMs..endMs.
    void setCheck(const QJsonObject& check, const QVector<VerifySample>& samples, qint64 startMs, qint64 endMs);

    // "3 of 5 samples · 1 failure of 1 allowed", for the latest round of sampling.
    static QString caption(const QJsonObject& check, const QVector<VerifySample>& samples);
    // The threshold of a condition as written ("< 80" -> 80), if it has one.
    static std::optional<double> conditionThreshold(const QString& condition);

    QString checkName() const { return m_name; }
    QString captionText() const { return m_caption; }
    QLineSeries* valueSeries() const { return m_values; }
    QLineSeries* thresholdSeries() const { return m_threshold; }
    QScatterSeries* outcomeSeries(VerifySample::Outcome outcome) const;
    QValueAxis* valueAxis() const { return m_yAxis; }
    QDateTimeAxis* timeAxis() const { return m_xAxis; }

private:
    void updateRange(const QVector<VerifySample>& samples, std::optional<double> threshold);

    const Theme& m_theme;
    QDateTimeAxis* m_xAxis = nullptr;
    QValueAxis* m_yAxis = nullptr;
    QLineSeries* m_values = nullptr;
    QLineSeries* m_threshold = nullptr;
    QScatterSeries* m_success = nullptr;
    QScatterSeries* m_failure = nullptr;
    QScatterSeries* m_inconclusive = nullptr;
    QString m_name;
    QString m_caption;
};

} // namespace firebreak
