#pragma once

#include "domain/rundetail.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QVBoxLayout;

namespace firebreak {

class VerificationChartView;
struct Theme;

// Whether the fix (or the rollback) took hold, as it is being judged: every check of the current
// phase as its own small chart (VerificationChartView) on one shared time axis, with how many samples
// were taken and how many failures are allowed. The phase is the rollback's verification once a
// rollback started, else the run's; when the plan has both, a selector switches, and a choice made
// there sticks until another run is shown.
class VerificationChart final : public QWidget {
    Q_OBJECT
public:
    explicit VerificationChart(const Theme& theme, QWidget* parent = nullptr);

    void setDetail(const RunDetail& detail);
    // As if picked in the selector; ignored when the plan has no checks for `phase`.
    void setPhase(VerifySample::Phase phase);

    VerifySample::Phase phase() const { return m_phase; }
    QComboBox* phaseSelector() const { return m_selector; }
    int checkCount() const { return int(m_views.size()); }
    VerificationChartView* checkView(int check) const { return m_views.at(check); }
    QString caption(int check) const;

private:
    void rebuild();
    void ensureViews(int count);
    static QString phaseKey(VerifySample::Phase phase);

    const Theme& m_theme;
    RunDetail m_detail;
    bool m_hasDetail = false;
    bool m_phaseChosen = false;
    VerifySample::Phase m_phase = VerifySample::Phase::Verify;
    QComboBox* m_selector = nullptr;
    QLabel* m_title = nullptr;
    QLabel* m_empty = nullptr;
    QVBoxLayout* m_checks = nullptr;
    QVector<QLabel*> m_captions;
    QVector<VerificationChartView*> m_views;
};

} // namespace firebreak
