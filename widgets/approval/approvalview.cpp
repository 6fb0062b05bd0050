#include "approvalview.h"

#include "gateevidencechart.h"
#include "interfaces/clock.h"
#include "plansections.h"
#include "style/theme.h"
#include "tokenstrip.h"

#include <QFontDatabase>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollBar>
#include <QTimer>
#include <QVBoxLayout>

namespace firebreak {

namespace {

QColor riskColor(const QString& risk, const Theme& theme)
{
    if (risk == QLatin1String("critical"))
        return theme.severity.eventColor(Severity::Critical);
    if (risk == QLatin1String("high"))
        return theme.severity.eventColor(Severity::Error);
    if (risk == QLatin1String("medium"))
        return theme.severity.eventColor(Severity::Warning);
    return theme.healthUp;
}

void setColor(QLabel* label, const QColor& color)
{
    QPalette palette = label->palette();
    palette.setColor(QPalette::WindowText, color);
    label->setPalette(palette);
}

QString stateText(RunState state)
{
    return runStateName(state).replace(QLatin1Char('_'), QLatin1Char(' '));
}

QString remainingText(qint64 ms)
{
    const qint64 seconds = (ms + 999) / 1000;
    const qint64 hours = seconds / 3600;
    const qint64 minutes = (seconds / 60) % 60;
    const QString mmss = QStringLiteral("%1:%2").arg(minutes).arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return hours > 0 ? QStringLiteral("%1:%2").arg(hours).arg(mmss.rightJustified(5, QLatin1Char('0'))) : mmss;
}

} // namespace

ApprovalView::ApprovalView(const Clock& clock, const Theme& theme, QWidget* parent)
    : QScrollArea(parent)
    , m_clock(clock)
    , m_theme(theme)
    , m_timer(new QTimer(this))
{
    setWidgetResizable(true);
    setFrameShape(QFrame::NoFrame);
    m_content = new QWidget;
    m_layout = new QVBoxLayout(m_content);
    m_layout->setContentsMargins(14, 12, 14, 14);
    m_layout->setSpacing(8);

    // Header: risk, run and playbook, incident and requester, the labels that filled the plan, countdown.
    auto* header = new QGridLayout;
    header->setHorizontalSpacing(14);
    header->setVerticalSpacing(2);
    m_risk = new QLabel;
    m_risk->setAlignment(Qt::AlignCenter);
    m_risk->setMinimumWidth(120);
    QFont riskFont = m_risk->font();
    riskFont.setBold(true);
    riskFont.setPointSizeF(riskFont.pointSizeF() * 1.35);
    m_risk->setFont(riskFont);
    m_risk->setAccessibleName(tr("Risk"));
    header->addWidget(m_risk, 0, 0, 3, 1, Qt::AlignTop);
    m_title = new QLabel;
    m_title->setWordWrap(true);
    m_title->setTextFormat(Qt::PlainText);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.25);
    m_title->setFont(titleFont);
    header->addWidget(m_title, 0, 1);
    m_subtitle = new QLabel;
    m_subtitle->setWordWrap(true);
    m_subtitle->setTextFormat(Qt::PlainText);
    m_subtitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
    header->addWidget(m_subtitle, 1, 1);
    auto* labelsRow = new QHBoxLayout;
    labelsRow->setSpacing(10);
    auto* labelsCaption = new QLabel(tr("Alert labels"));
    setColor(labelsCaption, theme.mutedText);
    labelsRow->addWidget(labelsCaption, 0, Qt::AlignTop);
    m_labels = new TokenStrip(theme);
    labelsRow->addWidget(m_labels, 1);
    header->addLayout(labelsRow, 2, 1);
    m_countdown = new QLabel;
    m_countdown->setAlignment(Qt::AlignRight | Qt::AlignTop);
    QFont countdownFont = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    countdownFont.setBold(true);
    countdownFont.setPointSizeF(font().pointSizeF() * 1.5);
    m_countdown->setFont(countdownFont);
    m_countdown->setAccessibleName(tr("Approval expires"));
    header->addWidget(m_countdown, 0, 2, 2, 1, Qt::AlignTop | Qt::AlignRight);
    header->setColumnStretch(1, 1);
    m_layout->addLayout(header);
    m_stateReason = new QLabel;
    m_stateReason->setWordWrap(true);
    m_stateReason->setTextFormat(Qt::PlainText);
    setColor(m_stateReason, theme.mutedText);
    m_layout->addWidget(m_stateReason);

    QLabel* approvalsTitle = nullptr;
    QWidget* approvals = section(tr("Approvals"), &approvalsTitle);
    m_approvals = new QWidget(approvals);
    approvals->layout()->addWidget(m_approvals);
    auto* hashRow = new QHBoxLayout;
    auto* hashCaption = new QLabel(tr("Plan SHA-256"));
    setColor(hashCaption, theme.mutedText);
    hashRow->addWidget(hashCaption);
    m_hash = new QLabel;
    m_hash->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_hash->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    hashRow->addWidget(m_hash, 1);
    static_cast<QVBoxLayout*>(approvals->layout())->addLayout(hashRow);

    QWidget* blast = section(tr("Blast radius"));
    m_blast = new QLabel;
    m_blast->setWordWrap(true);
    m_blast->setTextFormat(Qt::PlainText);
    m_blast->setTextInteractionFlags(Qt::TextSelectableByMouse);
    blast->layout()->addWidget(m_blast);

    QWidget* steps = section(tr("What will run"), &m_stepsTitle);
    m_steps = new QWidget(steps);
    steps->layout()->addWidget(m_steps);
    QWidget* gates = section(tr("Gates and what they saw"));
    m_gates = new QWidget(gates);
    gates->layout()->addWidget(m_gates);
    QWidget* verify = section(tr("Verification afterwards"), &m_verifyTitle);
    m_verify = new QWidget(verify);
    verify->layout()->addWidget(m_verify);
    QWidget* rollback = section(tr("Rollback"));
    m_rollbackNote = new QLabel;
    m_rollbackNote->setWordWrap(true);
    rollback->layout()->addWidget(m_rollbackNote);
    m_rollback = new QWidget(rollback);
    rollback->layout()->addWidget(m_rollback);
    auto* rollbackChecks = new QLabel(tr("Checks after a rollback"));
    QFont bold = rollbackChecks->font();
    bold.setBold(true);
    rollbackChecks->setFont(bold);
    m_rollbackVerifyHeading = rollbackChecks;
    rollback->layout()->addWidget(rollbackChecks);
    m_rollbackVerify = new QWidget(rollback);
    rollback->layout()->addWidget(m_rollbackVerify);
    QWidget* suppression = section(tr("Suppression"));
    m_suppression = new QWidget(suppression);
    suppression->layout()->addWidget(m_suppression);
    for (QWidget* holder : { m_approvals, m_steps, m_gates, m_verify, m_rollback, m_rollbackVerify, m_suppression }) {
        auto* holderLayout = new QVBoxLayout(holder);
        holderLayout->setContentsMargins(0, 0, 0, 0);
    }
    m_layout->addStretch(1);
    setWidget(m_content);

    connect(m_timer, &QTimer::timeout, this, &ApprovalView::tick);
    m_timer->start(1000);
    tick();
}

QWidget* ApprovalView::section(const QString& title, QLabel** titleLabel)
{
    auto* box = new QWidget(m_content);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 6, 0, 0);
    layout->setSpacing(4);
    auto* caption = new QLabel(title.toUpper(), box);
    QFont font = caption->font();
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 0.9);
    font.setLetterSpacing(QFont::AbsoluteSpacing, 0.6);
    caption->setFont(font);
    setColor(caption, m_theme.mutedText);
    layout->addWidget(caption);
    auto* rule = new QFrame(box);
    rule->setFrameShape(QFrame::HLine);
    rule->setFixedHeight(1);
    rule->setAutoFillBackground(true);
    QPalette palette = rule->palette();
    palette.setColor(QPalette::Window, m_theme.border);
    rule->setPalette(palette);
    layout->addWidget(rule);
    m_layout->addWidget(box);
    if (titleLabel)
        *titleLabel = caption;
    return box;
}

void ApprovalView::replaceContent(QWidget* holder, QWidget* content)
{
    QLayout* layout = holder->layout();
    while (QLayoutItem* item = layout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    layout->addWidget(content);
    // Shown now rather than by the layout's queued show, so that the layout computed right away (to keep
    // the scroll position) already counts it.
    content->setVisible(true);
}

void ApprovalView::setIncidentTitle(const QString& title)
{
    m_incidentTitle = title;
    updateHeader();
}

void ApprovalView::setDetail(const RunDetail& detail)
{
    const bool first = !m_hasDetail;
    const Run& before = m_detail.run;
    const Run& after = detail.run;
    const bool planChanged = first || before.plan != after.plan || m_detail.plan != detail.plan;
    const bool gatesChanged = planChanged || m_detail.gates != detail.gates;
    const bool approvalsChanged = first || m_detail.approvals != detail.approvals || before.planHash != after.planHash
        || before.approvalsRequired != after.approvalsRequired || before.approvalRole != after.approvalRole
        || before.requester != after.requester || before.risk != after.risk;

    // Keep what the reader looks at in place: the first part that starts at or below the top of the
    // viewport (or, when there is none, the part the top is in) stays where it is on screen, whatever
    // grew or shrank above it.
    QWidget* anchor = nullptr;
    int anchorOffset = 0;
    const int scrolled = verticalScrollBar()->value();
    if (!first && scrolled > 0) {
        for (int i = 0; i < m_layout->count(); ++i) {
            QWidget* part = m_layout->itemAt(i)->widget();
            if (!part || !part->isVisible())
                continue;
            if (part->y() >= scrolled || (!anchor && part->geometry().bottom() >= scrolled))
                anchor = part;
            if (part->y() >= scrolled)
                break;
        }
        if (anchor)
            anchorOffset = scrolled - anchor->y();
    }

    m_detail = detail;
    m_hasDetail = true;
    m_tally = ApprovalTally::of(detail);
    updateHeader();
    if (approvalsChanged)
        rebuildApprovals();
    if (planChanged)
        rebuildPlan();
    if (gatesChanged)
        rebuildGates();
    tick();

    if (anchor) {
        m_layout->activate();
        const int width = viewport()->width();
        const int height
            = m_content->hasHeightForWidth() ? m_content->heightForWidth(width) : m_content->sizeHint().height();
        m_content->resize(width, qMax(height, viewport()->height()));
        m_layout->activate();
        verticalScrollBar()->setValue(anchor->y() + anchorOffset);
    }
}

void ApprovalView::updateHeader()
{
    if (!m_hasDetail) {
        m_title->setText(tr("No run selected"));
        return;
    }
    const Run& run = m_detail.run;
    const QString risk = run.risk.isEmpty() ? QStringLiteral("unknown") : run.risk;
    m_risk->setText(risk.toUpper() + QStringLiteral("\nRISK"));
    const QColor color = riskColor(risk, m_theme);
    m_risk->setStyleSheet(QStringLiteral("QLabel { background: %1; color: %2; border-radius: 4px; padding: 6px 12px; }")
                              .arg(color.name(), SeverityPalette::textOn(color).name()));
    m_title->setText(QStringLiteral("Run #%1 · %2").arg(run.id).arg(run.playbookTitle));
    const QString incident = m_incidentTitle.isEmpty()
        ? QStringLiteral("Incident #%1").arg(run.incidentId)
        : QStringLiteral("Incident #%1 — %2").arg(run.incidentId).arg(m_incidentTitle);
    m_subtitle->setText(
        QStringLiteral("%1 · playbook %2 · requested by %3 at %4 · %5")
            .arg(incident, run.playbookId, run.requester.isEmpty() ? QStringLiteral("?") : run.requester,
                PlanSections::clockText(run.createdMs), stateText(run.state)));
    QVector<TokenStrip::Token> labels;
    for (auto it = run.labels.cbegin(); it != run.labels.cend(); ++it)
        labels.append(TokenStrip::Token { it.key(), it.value() });
    m_labels->setTokens(labels);
    m_stateReason->setText(run.stateReason);
    m_stateReason->setVisible(!run.stateReason.isEmpty());
    m_hash->setText(run.planHash.left(16) + (run.planHash.size() > 16 ? QStringLiteral("…") : QString()));
    m_hash->setToolTip(run.planHash);
    m_blast->setText(PlanSections::blastRadiusText(m_detail.plan));
}

void ApprovalView::rebuildApprovals()
{
    auto* box = new QWidget;
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    const int have = int(m_tally.counted.size());
    const int remaining = m_tally.remaining();
    auto* summary
        = new QLabel(QStringLiteral("%1 of %2 approvals for this plan · %3%4")
                         .arg(have)
                         .arg(m_tally.required)
                         .arg(ApprovalTally::neededText(remaining, m_tally.role),
                             m_tally.highRisk ? QStringLiteral(" · each re-enters their passphrase; not the requester")
                                              : QString()));
    QFont bold = summary->font();
    bold.setBold(true);
    summary->setFont(bold);
    summary->setWordWrap(true);
    setColor(summary, remaining > 0 ? m_theme.toneColor(Theme::Tone::Attention) : m_theme.toneColor(Theme::Tone::Good));
    layout->addWidget(summary);
    m_approvalsText = summary->text() + QLatin1Char('\n');
    auto addRecord = [&](const ApprovalRecord& record, const QString& mark, const QColor& color, const QString& note) {
        const QString line = QStringLiteral("%1 %2 at %3%4 — %5")
                                 .arg(mark, record.approver, PlanSections::clockText(record.timeMs), note,
                                     record.reason.isEmpty() ? QStringLiteral("(no reason given)") : record.reason);
        auto* label = new QLabel(line);
        label->setTextFormat(Qt::PlainText);
        label->setWordWrap(true);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        setColor(label, color);
        layout->addWidget(label);
        m_approvalsText += line + QLatin1Char('\n');
    };
    for (const ApprovalRecord& record : m_tally.counted)
        addRecord(record, QStringLiteral("✓ approved by"), m_theme.text, QString());
    for (const ApprovalRecord& record : m_tally.denials)
        addRecord(record, QStringLiteral("✗ denied by"), m_theme.toneColor(Theme::Tone::Bad), QString());
    for (const ApprovalRecord& record : m_tally.voided)
        addRecord(record, QStringLiteral("– approved by"), m_theme.mutedText,
            QStringLiteral(" for plan %1, not this one: does not count").arg(record.planHash.left(12)));
    if (m_tally.counted.isEmpty() && m_tally.denials.isEmpty() && m_tally.voided.isEmpty()) {
        auto* none = new QLabel(tr("Nobody has decided yet."));
        setColor(none, m_theme.mutedText);
        layout->addWidget(none);
        m_approvalsText += none->text() + QLatin1Char('\n');
    }
    replaceContent(m_approvals, box);
}

void ApprovalView::rebuildPlan()
{
    const QJsonObject& plan = m_detail.plan;
    const QJsonArray steps = plan.value(QStringLiteral("steps")).toArray();
    m_stepsTitle->setText(tr("WHAT WILL RUN — %n STEP(S), IN ORDER", nullptr, int(steps.size())));
    PlanSections::Built builtSteps = PlanSections::steps(steps, QString(), m_theme);
    m_stepsText = builtSteps.text;
    m_planStrips = builtSteps.strips;
    replaceContent(m_steps, builtSteps.widget);

    const bool rollsBack = plan.value(QStringLiteral("on_verify_failure")).toString() == QLatin1String("rollback");
    const QJsonArray verify = plan.value(QStringLiteral("verify")).toArray();
    m_verifyTitle->setText(verify.isEmpty() ? tr("VERIFICATION AFTERWARDS — NONE")
                                            : (rollsBack ? tr("VERIFICATION AFTERWARDS — ON FAILURE: ROLL BACK")
                                                         : tr("VERIFICATION AFTERWARDS — ON FAILURE: PAUSE")));
    PlanSections::Built builtVerify = PlanSections::checks(verify, m_theme);
    m_verifyText = QStringLiteral("Verification (on failure: %1)\n")
                       .arg(plan.value(QStringLiteral("on_verify_failure")).toString())
        + builtVerify.text;
    replaceContent(m_verify, builtVerify.widget);

    const QJsonArray rollback = plan.value(QStringLiteral("rollback")).toArray();
    QString note;
    if (rollback.isEmpty())
        note = tr("No rollback: a failed verification pauses the run.");
    else if (rollsBack)
        note = tr("A failed verification runs these steps:");
    else
        note = tr("A failed verification pauses the run; a commander may then choose to run these steps:");
    m_rollbackNote->setText(note);
    setColor(m_rollbackNote, rollback.isEmpty() ? m_theme.toneColor(Theme::Tone::Attention) : m_theme.text);
    PlanSections::Built builtRollback = PlanSections::steps(rollback, QStringLiteral("R"), m_theme);
    m_planStrips += builtRollback.strips;
    replaceContent(m_rollback, builtRollback.widget);
    m_rollback->setVisible(!rollback.isEmpty());
    const QJsonArray rollbackVerify = plan.value(QStringLiteral("rollback_verify")).toArray();
    PlanSections::Built builtRollbackVerify = PlanSections::checks(rollbackVerify, m_theme);
    replaceContent(m_rollbackVerify, builtRollbackVerify.widget);
    m_rollbackVerify->setVisible(!rollbackVerify.isEmpty());
    m_rollbackVerifyHeading->setVisible(!rollbackVerify.isEmpty());
    m_rollbackText = QStringLiteral("Rollback: %1\n").arg(note) + builtRollback.text
        + (rollbackVerify.isEmpty() ? QString() : QStringLiteral("Rollback checks\n") + builtRollbackVerify.text);

    PlanSections::Built builtSuppression = PlanSections::suppression(plan, m_theme);
    m_suppressionText = builtSuppression.text;
    m_planStrips += builtSuppression.strips;
    replaceContent(m_suppression, builtSuppression.widget);
}

void ApprovalView::rebuildGates()
{
    PlanSections::Built built
        = PlanSections::gates(m_detail.plan.value(QStringLiteral("gates")).toArray(), m_detail.gates, m_theme);
    m_gatesText = built.text;
    m_charts = built.charts;
    m_gateStrips = built.strips;
    replaceContent(m_gates, built.widget);
}

QString ApprovalView::planText() const
{
    if (!m_hasDetail)
        return {};
    const Run& run = m_detail.run;
    QString text = QStringLiteral("Run #%1: %2\nRisk: %3\n").arg(run.id).arg(run.playbookTitle, run.risk);
    text += QStringLiteral("Alert labels: %1\n").arg(TokenStrip::text(m_labels->tokens()));
    text += QStringLiteral("Blast radius: %1\n").arg(m_blast->text());
    text += m_stepsText + m_gatesText + m_verifyText + m_rollbackText + m_suppressionText;
    text += QStringLiteral("Plan SHA-256: %1\n").arg(run.planHash);
    return text;
}

QString ApprovalView::countdownText() const
{
    return m_countdown->text();
}

QString ApprovalView::planHashText() const
{
    return m_hash->text();
}

QVector<TokenStrip*> ApprovalView::tokenStrips() const
{
    return QVector<TokenStrip*> { m_labels } + m_planStrips + m_gateStrips;
}

bool ApprovalView::isExpired() const
{
    return m_expired;
}

void ApprovalView::tick()
{
    bool expired = false;
    if (!m_hasDetail) {
        m_countdown->clear();
    } else if (m_detail.run.state != RunState::AwaitingApproval) {
        expired = m_detail.run.state == RunState::Expired;
        m_countdown->setText(expired ? tr("Expired") : stateText(m_detail.run.state));
        setColor(m_countdown, expired ? m_theme.toneColor(Theme::Tone::Bad) : m_theme.mutedText);
    } else if (m_detail.run.approvalExpiresMs <= 0) {
        m_countdown->setText(tr("No expiry"));
        setColor(m_countdown, m_theme.mutedText);
    } else {
        const qint64 left = m_detail.run.approvalExpiresMs - m_clock.nowMs();
        expired = left <= 0;
        if (expired) {
            m_countdown->setText(tr("Expired"));
            setColor(m_countdown, m_theme.toneColor(Theme::Tone::Bad));
        } else {
            m_countdown->setText(tr("Expires in %1").arg(remainingText(left)));
            setColor(m_countdown, left < 120'000 ? m_theme.toneColor(Theme::Tone::Attention) : m_theme.text);
        }
        m_countdown->setToolTip(
            tr("The approval window closes at %1").arg(PlanSections::clockText(m_detail.run.approvalExpiresMs)));
    }
    if (expired != m_expired) {
        m_expired = expired;
        Q_EMIT expiredChanged(expired);
    }
}

} // namespace firebreak
