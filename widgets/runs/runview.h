#pragma once

#include "domain/rundetail.h"
#include "style/iconprovider.h"

#include <QPointer>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTimer;
class QTreeView;
class QTreeWidget;

namespace firebreak {

class Clock;
class OperatorSession;
class RunActionDialog;
class RunStepsModel;
class VerificationChart;
struct Theme;

// Everything a commander needs to follow one run and act on it, in its own non-modal window: what
// it is and where it stands (header), the actions the engine would accept now (action bar), the
// steps with live status, duration and the tail of their output, the verification as it is being
// judged, and the run's own timeline. Every action asks for a confirmation that says what will
// happen and a reason; the view only emits the request, and the app adds who asked (the signed-in
// person) and sends it to the engine, whose answer arrives as the next RunDetail.
class RunView final : public QWidget {
    Q_OBJECT
public:
    static constexpr int TailLines = 40;
    static constexpr int TickMs = 1000;

    RunView(const Clock& clock, const Theme& theme, OperatorSession& session, QWidget* parent = nullptr);
    ~RunView() override;

    void setDetail(const RunDetail& detail);
    const RunDetail& detail() const { return m_detail; }

    // For tests.
    QTreeView* stepsView() const { return m_stepsView; }
    RunStepsModel* stepsModel() const { return m_steps; }
    VerificationChart* verificationChart() const { return m_chart; }
    QTreeWidget* timelineView() const { return m_timeline; }
    QPushButton* rollbackButton() const { return m_rollback; }
    QPushButton* abortButton() const { return m_abort; }
    QPushButton* resumeButton() const { return m_resume; }
    QPushButton* reproposeButton() const { return m_repropose; }
    QLabel* stateBadge() const { return m_stateBadge; }
    QPlainTextEdit* outputTail() const { return m_output; }
    QLabel* stepError() const { return m_stepError; }
    // The confirmation on screen, if any.
    RunActionDialog* confirmation() const;

Q_SIGNALS:
    void abortRequested(qint64 runId, const QString& reason);
    void rollbackRequested(qint64 runId, const QString& reason);
    void resumeRequested(qint64 runId, const QString& reason);
    void reproposeRequested(qint64 runId, const QString& reason);

private:
    enum class Action { Abort, Rollback, Resume, Repropose };

    QWidget* buildHeader();
    QWidget* buildActionBar();
    QWidget* buildSteps();
    QWidget* buildTimeline();
    void updateHeader();
    void updateActions();
    void updateTimeline();
    void updateOutput();
    void followCurrentStep();
    // Why `action` cannot be taken now (state, plan or who is signed in), or empty when it can.
    QString refusal(Action action) const;
    void confirm(Action action);

    const Clock& m_clock;
    const Theme& m_theme;
    OperatorSession& m_session;
    IconProvider m_icons;
    RunDetail m_detail;
    bool m_hasDetail = false;
    bool m_followStep = true; // select the step the run is at, until the commander picks one
    bool m_selecting = false;
    RunStepsModel* m_steps = nullptr;
    QTimer* m_tick = nullptr;

    QLabel* m_title = nullptr;
    QLabel* m_riskBadge = nullptr;
    QLabel* m_stateBadge = nullptr;
    QLabel* m_reason = nullptr;
    QLabel* m_facts = nullptr;
    QLabel* m_actor = nullptr;
    QPushButton* m_resume = nullptr;
    QPushButton* m_rollback = nullptr;
    QPushButton* m_abort = nullptr;
    QPushButton* m_repropose = nullptr;
    QTreeView* m_stepsView = nullptr;
    QLabel* m_outputTitle = nullptr;
    QPlainTextEdit* m_output = nullptr;
    QLabel* m_stepError = nullptr;
    VerificationChart* m_chart = nullptr;
    QTreeWidget* m_timeline = nullptr;
    QPointer<RunActionDialog> m_confirmation;
    Action m_confirming = Action::Abort;
};

} // namespace firebreak
