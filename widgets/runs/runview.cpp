#include "runview.h"

#include "itemmodels/runstepsmodel.h"
#include "roster/operatorsession.h"
#include "runactiondialog.h"
#include "runactiontext.h"
#include "runs/runstatemachine.h"
#include "style/panestyle.h"
#include "style/theme.h"
#include "verificationchart.h"

#include <QDateTime>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QTimer>
#include <QTreeView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace firebreak {

namespace {

QString clockTime(qint64 ms)
{
    return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("HH:mm:ss")) : QStringLiteral("—");
}

Theme::Tone stateTone(RunState state)
{
    switch (state) {
    case RunState::Succeeded:
    case RunState::RolledBack:
        return Theme::Tone::Good;
    case RunState::Blocked:
    case RunState::Rejected:
    case RunState::Failed:
    case RunState::RollbackFailed:
        return Theme::Tone::Bad;
    case RunState::AwaitingApproval:
    case RunState::Paused:
    case RunState::Interrupted:
        return Theme::Tone::Attention;
    case RunState::Proposed:
    case RunState::Gating:
    case RunState::Approved:
    case RunState::Executing:
    case RunState::Verifying:
    case RunState::RollingBack:
        return Theme::Tone::Automation;
    case RunState::Expired:
    case RunState::Aborted:
        break;
    }
    return Theme::Tone::Neutral;
}

Theme::Tone riskTone(const QString& risk)
{
    if (risk == QLatin1String("high") || risk == QLatin1String("critical"))
        return Theme::Tone::Bad;
    if (risk == QLatin1String("medium"))
        return Theme::Tone::Attention;
    return Theme::Tone::Neutral;
}

void paintBadge(QLabel& badge, const QColor& background, const QColor& text)
{
    badge.setStyleSheet(QStringLiteral("QLabel { background: %1; color: %2; border-radius: 3px; padding: 1px 7px; "
                                       "font-weight: 600; }")
                            .arg(background.name(), text.name()));
}

} // namespace

RunView::RunView(const Clock& clock, const Theme& theme, OperatorSession& session, QWidget* parent)
    : QWidget(parent)
    , m_clock(clock)
    , m_theme(theme)
    , m_session(session)
    , m_icons(theme)
    , m_steps(new RunStepsModel(clock, this))
    , m_tick(new QTimer(this))
{
    m_steps->setStatusColor(RunStepsModel::Status::Running, theme.toneColor(Theme::Tone::Automation));
    m_steps->setStatusColor(RunStepsModel::Status::Succeeded, theme.toneColor(Theme::Tone::Good));
    m_steps->setStatusColor(RunStepsModel::Status::Failed, theme.toneColor(Theme::Tone::Bad));
    m_steps->setStatusColor(RunStepsModel::Status::Unknown, theme.toneColor(Theme::Tone::Attention));
    m_steps->setStatusColor(RunStepsModel::Status::NotRun, theme.mutedText);
    m_steps->setStatusColor(RunStepsModel::Status::Pending, theme.mutedText);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 8);
    layout->setSpacing(6);
    layout->addWidget(buildHeader());
    layout->addWidget(buildActionBar());

    auto* body = new QSplitter(Qt::Horizontal, this);
    body->setChildrenCollapsible(false);
    auto* left = new QSplitter(Qt::Vertical, body);
    left->addWidget(buildSteps());
    auto* outputPane = new QWidget(left);
    auto* outputLayout = new QVBoxLayout(outputPane);
    outputLayout->setContentsMargins(0, 4, 0, 0);
    m_outputTitle = new QLabel(outputPane);
    PaneStyle::title(*m_outputTitle);
    m_output = new QPlainTextEdit(outputPane);
    m_output->setReadOnly(true);
    m_output->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_output->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_output->setPlaceholderText(tr("No output."));
    m_stepError = new QLabel(outputPane);
    m_stepError->setWordWrap(true);
    m_stepError->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_stepError->setStyleSheet(QStringLiteral("QLabel { background: %1; color: %2; padding: 4px 6px; }")
                                   .arg(theme.errorBackground.name(), theme.errorText.name()));
    outputLayout->addWidget(m_outputTitle);
    outputLayout->addWidget(m_output, 1);
    outputLayout->addWidget(m_stepError);
    left->addWidget(outputPane);
    left->setStretchFactor(0, 1);
    left->setStretchFactor(1, 3);

    auto* right = new QSplitter(Qt::Vertical, body);
    m_chart = new VerificationChart(theme, right);
    right->addWidget(m_chart);
    right->addWidget(buildTimeline());
    right->setStretchFactor(0, 3);
    right->setStretchFactor(1, 2);
    body->addWidget(left);
    body->addWidget(right);
    body->setStretchFactor(0, 1);
    body->setStretchFactor(1, 1);
    layout->addWidget(body, 1);

    m_tick->setInterval(TickMs);
    connect(m_tick, &QTimer::timeout, m_steps, &RunStepsModel::tick);
    connect(&m_session, &OperatorSession::changed, this, [this] { updateActions(); });
    updateActions();
    updateOutput();
}

RunView::~RunView() = default;

QWidget* RunView::buildHeader()
{
    auto* header = new QWidget(this);
    auto* layout = new QVBoxLayout(header);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(3);
    auto* top = new QHBoxLayout;
    m_title = new QLabel(header);
    QFont big = m_title->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.3);
    m_title->setFont(big);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_riskBadge = new QLabel(header);
    m_stateBadge = new QLabel(header);
    top->addWidget(m_title);
    top->addSpacing(8);
    top->addWidget(m_riskBadge);
    top->addWidget(m_stateBadge);
    top->addStretch(1);
    layout->addLayout(top);
    m_reason = new QLabel(header);
    m_reason->setWordWrap(true);
    m_reason->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_reason);
    m_facts = new QLabel(header);
    m_facts->setTextInteractionFlags(Qt::TextSelectableByMouse);
    PaneStyle::muted(*m_facts, m_theme);
    layout->addWidget(m_facts);
    return header;
}

QWidget* RunView::buildActionBar()
{
    auto* bar = new QWidget(this);
    auto* layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 2, 0, 2);
    m_resume = new QPushButton(tr("&Resume…"), bar);
    m_resume->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_rollback = new QPushButton(tr("Roll back…"), bar);
    m_abort = new QPushButton(tr("Abort…"), bar);
    m_repropose = new QPushButton(tr("Re-a&pprove…"), bar);
    m_repropose->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    for (QPushButton* button : { m_resume, m_rollback, m_abort, m_repropose }) {
        button->setAutoDefault(false);
        layout->addWidget(button);
    }
    connect(m_resume, &QPushButton::clicked, this, [this] { confirm(Action::Resume); });
    connect(m_rollback, &QPushButton::clicked, this, [this] { confirm(Action::Rollback); });
    connect(m_abort, &QPushButton::clicked, this, [this] { confirm(Action::Abort); });
    connect(m_repropose, &QPushButton::clicked, this, [this] { confirm(Action::Repropose); });
    layout->addStretch(1);
    m_actor = new QLabel(bar);
    PaneStyle::muted(*m_actor, m_theme);
    layout->addWidget(m_actor);
    return bar;
}

QWidget* RunView::buildSteps()
{
    auto* pane = new QWidget(this);
    auto* layout = new QVBoxLayout(pane);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* title = new QLabel(tr("Steps"), pane);
    PaneStyle::title(*title);
    layout->addWidget(title);
    m_stepsView = new QTreeView(pane);
    PaneStyle::rowList(*m_stepsView);
    m_stepsView->setModel(m_steps);
    m_stepsView->setMinimumHeight(110);
    QHeaderView* header = m_stepsView->header();
    header->setStretchLastSection(true);
    for (int column : { RunStepsModel::PhaseColumn, RunStepsModel::NumberColumn, RunStepsModel::StatusColumn,
             RunStepsModel::StartedColumn, RunStepsModel::DurationColumn })
        header->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    m_stepsView->setColumnWidth(RunStepsModel::NameColumn, 220);
    m_stepsView->setColumnWidth(RunStepsModel::ExecutorColumn, 140);
    m_stepsView->setColumnWidth(RunStepsModel::SummaryColumn, 220);
    layout->addWidget(m_stepsView, 1);
    connect(m_stepsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        if (!m_selecting)
            m_followStep = false;
        updateOutput();
    });
    connect(m_steps, &QAbstractItemModel::dataChanged, this, [this] { updateOutput(); });
    return pane;
}

QWidget* RunView::buildTimeline()
{
    auto* pane = new QWidget(this);
    auto* layout = new QVBoxLayout(pane);
    layout->setContentsMargins(0, 4, 0, 0);
    auto* title = new QLabel(tr("Run timeline"), pane);
    PaneStyle::title(*title);
    layout->addWidget(title);
    m_timeline = new QTreeWidget(pane);
    m_timeline->setColumnCount(3);
    m_timeline->setHeaderLabels({ tr("Time"), tr("Kind"), tr("What happened") });
    PaneStyle::rowList(*m_timeline);
    m_timeline->setColumnWidth(0, 70);
    m_timeline->setColumnWidth(1, 150);
    layout->addWidget(m_timeline, 1);
    return pane;
}

void RunView::setDetail(const RunDetail& detail)
{
    if (m_hasDetail && detail.run.id != m_detail.run.id) {
        m_followStep = true;
        m_timeline->clear();
    }
    m_detail = detail;
    m_hasDetail = true;
    m_steps->setDetail(detail);
    bool rollbackRows = false;
    for (int row = 0; row < m_steps->rowCount(); ++row)
        rollbackRows = rollbackRows
            || m_steps->index(row, 0).data(RunStepsModel::PhaseRole).toInt() == int(RunStepRecord::Phase::Rollback);
    m_stepsView->setColumnHidden(RunStepsModel::PhaseColumn, !rollbackRows);
    m_chart->setDetail(detail);
    updateHeader();
    updateActions();
    updateTimeline();
    if (m_followStep)
        followCurrentStep();
    updateOutput();
    if (m_steps->hasRunningStep())
        m_tick->start();
    else
        m_tick->stop();
    // A confirmation for an action the run no longer allows would be refused by the engine anyway;
    // closing it says so at once.
    if (m_confirmation && !refusal(m_confirming).isEmpty())
        m_confirmation->reject();
}

void RunView::updateHeader()
{
    const Run& run = m_detail.run;
    setWindowTitle(tr("Run %1 · %2 · %3").arg(run.id).arg(run.playbookTitle, runStateName(run.state)));
    m_title->setText(tr("Run %1 · %2").arg(run.id).arg(run.playbookTitle));
    m_riskBadge->setText(tr("%1 risk").arg(run.risk).toUpper());
    const QColor risk = m_theme.toneColor(riskTone(run.risk));
    paintBadge(*m_riskBadge, risk, m_theme.surface);
    m_stateBadge->setText(runStateName(run.state).replace(QLatin1Char('_'), QLatin1Char(' ')).toUpper());
    paintBadge(*m_stateBadge, m_theme.toneColor(stateTone(run.state)), m_theme.surface);
    m_reason->setText(run.stateReason);
    m_reason->setVisible(!run.stateReason.isEmpty());
    QStringList facts;
    facts.append(tr("Incident #%1").arg(run.incidentId));
    facts.append(tr("playbook %1").arg(run.playbookId));
    facts.append(tr("proposed by %1 at %2").arg(run.requester, clockTime(run.createdMs)));
    facts.append(tr("updated %1").arg(clockTime(run.updatedMs)));
    if (!run.silenceId.isEmpty())
        facts.append(tr("silence %1 until %2").arg(run.silenceId, clockTime(run.silenceEndsMs)));
    else
        facts.append(tr("no silence"));
    m_facts->setText(facts.join(QStringLiteral("  ·  ")));
}

QString RunView::refusal(Action action) const
{
    if (!m_hasDetail)
        return tr("No run is shown.");
    const RunState state = m_detail.run.state;
    const QString stateName = runStateName(state).replace(QLatin1Char('_'), QLatin1Char(' '));
    switch (action) {
    case Action::Resume:
        if (state != RunState::Paused)
            return tr("Only a run paused on a failed verification can be resumed; this one is %1.").arg(stateName);
        break;
    case Action::Rollback:
        if (state != RunState::Paused && state != RunState::Succeeded)
            return tr("Only a succeeded or paused run can be rolled back; this one is %1.").arg(stateName);
        if (m_detail.plan.value(QStringLiteral("rollback")).toArray().isEmpty())
            return tr("This playbook has no rollback steps.");
        break;
    case Action::Abort:
        if (state == RunState::RollingBack)
            return tr("A rollback in progress is not stopped halfway: that would leave the system neither fixed "
                      "nor restored.");
        if (!RunStateMachine::allowed(state, RunState::Aborted))
            return tr("A run that is %1 cannot be aborted.").arg(stateName);
        break;
    case Action::Repropose:
        if (state != RunState::Interrupted)
            return tr("Only an interrupted run can be proposed again; this one is %1.").arg(stateName);
        break;
    }
    const OperatorIdentity& who = m_session.current();
    if (!who.isValid())
        return tr("Sign in as a commander to act on runs.");
    if (!m_session.canAct(Role::Commander))
        return tr("%1 is a %2: only a commander can act on runs.")
            .arg(who.displayName.isEmpty() ? who.name : who.displayName, roleName(who.role));
    return QString();
}

void RunView::updateActions()
{
    const QList<std::pair<QPushButton*, Action>> buttons { { m_resume, Action::Resume },
        { m_rollback, Action::Rollback }, { m_abort, Action::Abort }, { m_repropose, Action::Repropose } };
    const QStringList shortcuts { tr(" (Ctrl+R)"), QString(), QString(), tr(" (Ctrl+P)") };
    const QStringList what { tr("Verify again: the checks sample from the start"),
        tr("Run the playbook's rollback steps, then its rollback checks"),
        tr("Stop the run where it is; nothing is rolled back"),
        tr("Propose this run again as a new run that needs approval") };
    for (int i = 0; i < buttons.size(); ++i) {
        const QString why = refusal(buttons.at(i).second);
        buttons.at(i).first->setEnabled(why.isEmpty());
        buttons.at(i).first->setToolTip(why.isEmpty() ? what.at(i) + shortcuts.at(i) : why);
    }
    const OperatorIdentity& who = m_session.current();
    m_actor->setText(who.isValid()
            ? tr("Acting as %1 (%2)").arg(who.displayName.isEmpty() ? who.name : who.displayName, roleName(who.role))
            : tr("Nobody signed in"));
}

void RunView::confirm(Action action)
{
    if (!refusal(action).isEmpty() || m_confirmation)
        return;
    QString title;
    QString text;
    QString button;
    switch (action) {
    case Action::Rollback:
        title = tr("Roll back run %1").arg(m_detail.run.id);
        text = RunActionText::rollback(m_detail);
        button = tr("Roll back run %1").arg(m_detail.run.id);
        break;
    case Action::Abort:
        title = tr("Abort run %1").arg(m_detail.run.id);
        text = RunActionText::abort(m_detail);
        button = tr("Abort run %1").arg(m_detail.run.id);
        break;
    case Action::Resume:
        title = tr("Resume run %1").arg(m_detail.run.id);
        text = RunActionText::resume(m_detail);
        button = tr("Resume run %1").arg(m_detail.run.id);
        break;
    case Action::Repropose:
        title = tr("Propose run %1 again").arg(m_detail.run.id);
        text = RunActionText::repropose(m_detail);
        button = tr("Propose again");
        break;
    }
    auto* dialog = new RunActionDialog(title, text, button, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_confirmation = dialog;
    m_confirming = action;
    const qint64 runId = m_detail.run.id;
    connect(dialog, &QDialog::finished, this, [this] { m_confirmation.clear(); });
    connect(dialog, &QDialog::accepted, this, [this, dialog, action, runId] {
        const QString reason = dialog->reason();
        if (reason.isEmpty() || m_detail.run.id != runId || !refusal(action).isEmpty())
            return;
        switch (action) {
        case Action::Abort:
            Q_EMIT abortRequested(runId, reason);
            break;
        case Action::Rollback:
            Q_EMIT rollbackRequested(runId, reason);
            break;
        case Action::Resume:
            Q_EMIT resumeRequested(runId, reason);
            break;
        case Action::Repropose:
            Q_EMIT reproposeRequested(runId, reason);
            break;
        }
    });
    dialog->open();
}

void RunView::updateTimeline()
{
    const QVector<Event>& events = m_detail.events;
    QScrollBar* bar = m_timeline->verticalScrollBar();
    const bool atBottom = bar->value() >= bar->maximum() - 2;
    // Events only grow for one run; anything else (a store re-read that differs) rebuilds the list.
    int shown = m_timeline->topLevelItemCount();
    if (shown > events.size()
        || (shown > 0
            && m_timeline->topLevelItem(shown - 1)->data(0, Qt::UserRole).toLongLong() != events.at(shown - 1).id)) {
        m_timeline->clear();
        shown = 0;
    }
    for (qsizetype i = shown; i < events.size(); ++i) {
        const Event& event = events.at(i);
        auto* item
            = new QTreeWidgetItem({ QDateTime::fromMSecsSinceEpoch(event.timeMs).toString(QStringLiteral("HH:mm:ss")),
                event.kind, event.title });
        item->setData(0, Qt::UserRole, event.id);
        item->setIcon(1, m_icons.kindIcon(event.kind));
        item->setToolTip(2, event.actor.isEmpty() ? event.title : tr("%1\nby %2").arg(event.title, event.actor));
        m_timeline->addTopLevelItem(item);
    }
    if (atBottom && events.size() > shown)
        m_timeline->scrollToBottom();
}

void RunView::followCurrentStep()
{
    const int row = m_steps->currentRow();
    if (row < 0)
        return;
    m_selecting = true;
    m_stepsView->setCurrentIndex(m_steps->index(row, RunStepsModel::NameColumn));
    m_selecting = false;
}

void RunView::updateOutput()
{
    const QModelIndex current = m_stepsView->currentIndex();
    if (!current.isValid()) {
        m_outputTitle->setText(tr("Output"));
        m_output->setPlainText(m_steps->rowCount() > 0 ? tr("No step has started yet.") : QString());
        m_stepError->setVisible(false);
        return;
    }
    const QModelIndex row = current.siblingAtColumn(RunStepsModel::NameColumn);
    const bool rollback = row.data(RunStepsModel::PhaseRole).toInt() == int(RunStepRecord::Phase::Rollback);
    m_outputTitle->setText(
        tr("Output of %1 %2 · %3 · %4")
            .arg(rollback ? tr("rollback step") : tr("step"))
            .arg(row.data(RunStepsModel::StepIndexRole).toInt() + 1)
            .arg(row.data().toString(), current.siblingAtColumn(RunStepsModel::StatusColumn).data().toString()));
    const QStringList lines = row.data(RunStepsModel::OutputRole).toString().split(QLatin1Char('\n'));
    const QString tail = lines.mid(std::max<qsizetype>(0, lines.size() - TailLines)).join(QLatin1Char('\n'));
    if (m_output->toPlainText() != tail) {
        m_output->setPlainText(tail);
        m_output->verticalScrollBar()->setValue(m_output->verticalScrollBar()->maximum());
    }
    const QString error = row.data(RunStepsModel::ErrorTextRole).toString();
    m_stepError->setText(error);
    m_stepError->setVisible(!error.isEmpty());
}

RunActionDialog* RunView::confirmation() const
{
    return m_confirmation.data();
}

} // namespace firebreak
