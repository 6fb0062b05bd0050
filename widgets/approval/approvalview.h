#pragma once

#include "approvaltally.h"
#include "domain/rundetail.h"

#include <QScrollArea>
#include <QVector>

class QLabel;
class QTimer;
class QVBoxLayout;

namespace firebreak {

class Clock;
class GateEvidenceChart;
class TokenStrip;
struct Theme;

// Everything an approver must see before saying yes, on one scrollable page: what run, how risky, how
// long the window stays open, exactly what will run (every executor, argument, request and target, each
// argument in its own box), what every gate saw, what will be checked afterwards, what a rollback would
// do, what gets silenced, who has approved this exact plan so far and how many more are needed. Live
// updates (a new approval, a gate outcome, a state change) rebuild only the parts that changed and keep
// what the reader is looking at where it was.
class ApprovalView final : public QScrollArea {
    Q_OBJECT
public:
    ApprovalView(const Clock& clock, const Theme& theme, QWidget* parent = nullptr);

    void setDetail(const RunDetail& detail);
    // The incident's title, when the caller knows it (RunDetail carries only its id).
    void setIncidentTitle(const QString& title);

    const RunDetail& detail() const { return m_detail; }
    const ApprovalTally& tally() const { return m_tally; }
    bool hasDetail() const { return m_hasDetail; }
    bool isExpired() const;

    // What is shown, as text, for tests and for copying: the rendered plan (header, blast radius, steps,
    // gates and evidence, checks, rollback, suppression, plan hash), each argument between ⟦ and ⟧.
    QString planText() const;
    QString approvalsText() const { return m_approvalsText; }
    QString countdownText() const;
    QString planHashText() const;
    QVector<GateEvidenceChart*> gateCharts() const { return m_charts; }
    QVector<TokenStrip*> tokenStrips() const;

public Q_SLOTS:
    // Once a second while shown: the countdown, from the clock (the demo's clock runs faster).
    void tick();

Q_SIGNALS:
    void expiredChanged(bool expired);

private:
    void updateHeader();
    void rebuildApprovals();
    void rebuildPlan();
    void rebuildGates();
    QWidget* section(const QString& title, QLabel** titleLabel = nullptr);
    void replaceContent(QWidget* holder, QWidget* content);

    const Clock& m_clock;
    const Theme& m_theme;
    RunDetail m_detail;
    ApprovalTally m_tally;
    bool m_hasDetail = false;
    bool m_expired = false;
    QString m_incidentTitle;
    QTimer* m_timer = nullptr;

    QWidget* m_content = nullptr;
    QVBoxLayout* m_layout = nullptr;
    QLabel* m_risk = nullptr;
    QLabel* m_title = nullptr;
    QLabel* m_subtitle = nullptr;
    QLabel* m_stateReason = nullptr;
    TokenStrip* m_labels = nullptr;
    QLabel* m_countdown = nullptr;
    QLabel* m_hash = nullptr;
    QLabel* m_blast = nullptr;
    QLabel* m_stepsTitle = nullptr;
    QLabel* m_verifyTitle = nullptr;
    QLabel* m_rollbackNote = nullptr;
    QWidget* m_approvals = nullptr;
    QWidget* m_steps = nullptr;
    QWidget* m_gates = nullptr;
    QWidget* m_verify = nullptr;
    QWidget* m_rollback = nullptr;
    QWidget* m_rollbackVerify = nullptr;
    QWidget* m_rollbackVerifyHeading = nullptr;
    QWidget* m_suppression = nullptr;

    QString m_approvalsText;
    QString m_stepsText;
    QString m_gatesText;
    QString m_verifyText;
    QString m_rollbackText;
    QString m_suppressionText;
    QVector<GateEvidenceChart*> m_charts;
    QVector<TokenStrip*> m_planStrips;
    QVector<TokenStrip*> m_gateStrips;
};

} // namespace firebreak
