#include "approvaldialog.h"

#include "approvalview.h"
#include "roster/operatorsession.h"
#include "signindialog.h"
#include "style/theme.h"

#include <QFormLayout>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QShortcut>
#include <QVBoxLayout>

namespace firebreak {

namespace {
void setColor(QLabel* label, const QColor& color)
{
    QPalette palette = label->palette();
    palette.setColor(QPalette::WindowText, color);
    label->setPalette(palette);
}

QPushButton* plainButton(const QString& text)
{
    auto* button = new QPushButton(text);
    button->setAutoDefault(false);
    button->setDefault(false);
    return button;
}
} // namespace

ApprovalDialog::ApprovalDialog(const Clock& clock, const Theme& theme, OperatorSession& session, QWidget* parent)
    : QDialog(parent)
    , m_session(session)
    , m_theme(theme)
{
    setWindowTitle(tr("Approval"));
    setSizeGripEnabled(true);
    resize(980, 860);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 10);
    layout->setSpacing(0);
    m_view = new ApprovalView(clock, theme, this);
    layout->addWidget(m_view, 1);
    auto* rule = new QFrame;
    rule->setFrameShape(QFrame::HLine);
    layout->addWidget(rule);

    auto* decision = new QVBoxLayout;
    decision->setContentsMargins(14, 8, 14, 0);
    decision->setSpacing(6);
    layout->addLayout(decision);
    auto* who = new QHBoxLayout;
    m_approverLabel = new QLabel;
    QFont bold = m_approverLabel->font();
    bold.setBold(true);
    m_approverLabel->setFont(bold);
    who->addWidget(m_approverLabel, 1);
    m_signInOther = plainButton(tr("Sign in another commander…"));
    who->addWidget(m_signInOther);
    decision->addLayout(who);

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_reason = new QLineEdit;
    m_reason->setPlaceholderText(tr("Why you approve or deny — goes on the timeline and into the audit log"));
    auto* reasonLabel = new QLabel(tr("&Reason (Ctrl+R)"));
    reasonLabel->setBuddy(m_reason);
    form->addRow(reasonLabel, m_reason);
    m_passphrase = new QLineEdit;
    m_passphrase->setEchoMode(QLineEdit::Password);
    m_passphraseLabel = new QLabel(tr("Pa&ssphrase"));
    m_passphraseLabel->setBuddy(m_passphrase);
    form->addRow(m_passphraseLabel, m_passphrase);
    decision->addLayout(form);

    m_blocker = new QLabel;
    m_blocker->setWordWrap(true);
    m_blocker->setTextFormat(Qt::PlainText);
    setColor(m_blocker, theme.toneColor(Theme::Tone::Attention));
    auto* blockerRow = new QHBoxLayout;
    blockerRow->addWidget(m_blocker, 1);
    m_readPlan = plainButton(tr("I have read the new plan"));
    blockerRow->addWidget(m_readPlan);
    decision->addLayout(blockerRow);
    m_outcome = new QLabel;
    m_outcome->setWordWrap(true);
    m_outcome->setTextFormat(Qt::PlainText);
    m_outcome->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_outcome->setFont(bold);
    decision->addWidget(m_outcome);

    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    m_deny = plainButton(tr("&Deny…"));
    m_approve = plainButton(tr("&Approve"));
    m_close = plainButton(tr("Close"));
    buttons->addWidget(m_deny);
    buttons->addSpacing(18);
    buttons->addWidget(m_approve);
    buttons->addSpacing(18);
    buttons->addWidget(m_close);
    decision->addLayout(buttons);

    connect(m_approve, &QPushButton::clicked, this, &ApprovalDialog::approve);
    connect(m_deny, &QPushButton::clicked, this, &ApprovalDialog::deny);
    connect(m_close, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_signInOther, &QPushButton::clicked, this, &ApprovalDialog::openSignIn);
    connect(m_readPlan, &QPushButton::clicked, this, [this] {
        m_unreadPlanHash.clear();
        updateState();
    });
    connect(m_reason, &QLineEdit::textChanged, this, &ApprovalDialog::updateState);
    connect(m_passphrase, &QLineEdit::textChanged, this, &ApprovalDialog::updateState);
    connect(m_view, &ApprovalView::expiredChanged, this, &ApprovalDialog::updateState);
    connect(&m_session, &OperatorSession::changed, this, [this] {
        if (m_otherApprover.isEmpty())
            m_passphrase->clear();
        updateState();
    });
    auto* focusReason = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_R), this);
    connect(focusReason, &QShortcut::activated, m_reason, [this] {
        m_reason->setFocus(Qt::ShortcutFocusReason);
        m_reason->selectAll();
    });
    updateState();
    m_reason->setFocus();
}

void ApprovalDialog::setDetail(const RunDetail& detail)
{
    // A plan that changes under the reader's eyes is not approved by a click meant for the old one.
    if (m_view->hasDetail() && m_view->detail().run.id == detail.run.id
        && m_view->detail().run.planHash != detail.run.planHash)
        m_unreadPlanHash = detail.run.planHash;
    m_view->setDetail(detail);
    setWindowTitle(tr("Run #%1 — %2 — approval").arg(detail.run.id).arg(detail.run.playbookTitle));
    updateState();
}

qint64 ApprovalDialog::runId() const
{
    return m_view->hasDetail() ? m_view->detail().run.id : 0;
}

OperatorIdentity ApprovalDialog::approver() const
{
    if (!m_otherApprover.isEmpty()) {
        if (const std::optional<OperatorIdentity> other = m_session.person(m_otherApprover))
            return *other;
    }
    return m_session.current();
}

QString ApprovalDialog::approveBlocker() const
{
    return blocker(true);
}

// Why a grant (or a denial) cannot be sent now, in the order ApprovalPolicy checks, the inputs last.
QString ApprovalDialog::blocker(bool grant) const
{
    if (!m_view->hasDetail())
        return tr("No run is shown.");
    const Run& run = m_view->detail().run;
    if (m_pending)
        return tr("Waiting for the engine to answer…");
    if (m_deniedHere || run.state != RunState::AwaitingApproval) {
        const QString state = m_deniedHere ? QStringLiteral("denied")
                                           : runStateName(run.state).replace(QLatin1Char('_'), QLatin1Char(' '));
        return tr("Run #%1 is no longer awaiting approval (%2).").arg(run.id).arg(state);
    }
    if (m_view->isExpired())
        return tr("The approval window has closed: nothing will run.");
    const OperatorIdentity person = approver();
    if (!person.isValid())
        return tr("Nobody is signed in at this console: sign in to decide.");
    const Role required = roleFromName(m_view->tally().role).value_or(Role::Commander);
    if (!roleIncludes(person.role, required))
        return tr("%1 is a %2; this run needs a %3 to decide.")
            .arg(person.displayName, roleName(person.role), roleName(required));
    if (grant && person.name == run.requester)
        return tr("%1 requested this run; nobody approves their own run.").arg(person.displayName);
    if (grant
        && (m_view->tally().hasGranted(person.name)
            || m_grantedHere.contains(person.name + QLatin1Char('\n') + run.planHash)))
        return tr("%1 already approved this plan; the next approval must come from another %2 (\"Sign in another "
                  "commander…\").")
            .arg(person.displayName, m_view->tally().role);
    if (grant && !m_unreadPlanHash.isEmpty())
        return tr("The plan changed while this dialog was open (now %1…): read it again, then press \"I have read "
                  "the new plan\".")
            .arg(run.planHash.left(12));
    if (m_reason->text().trimmed().isEmpty())
        return tr("Give a reason (Ctrl+R): it goes on the timeline and into the audit log.");
    if (grant && m_view->tally().highRisk && m_passphrase->text().isEmpty())
        return tr("%1 risk: re-enter %2's passphrase to approve.").arg(run.risk, person.displayName);
    return {};
}

void ApprovalDialog::updateState()
{
    const OperatorIdentity person = approver();
    if (!person.isValid()) {
        m_approverLabel->setText(tr("Approving as: nobody is signed in"));
    } else {
        m_approverLabel->setText(
            tr("Approving as: %1 (%2)%3")
                .arg(person.displayName, roleName(person.role),
                    m_otherApprover.isEmpty() ? QString() : tr(" — signed in for this dialog only")));
    }
    const bool highRisk = m_view->hasDetail() && m_view->tally().highRisk;
    m_passphrase->setVisible(highRisk);
    m_passphraseLabel->setVisible(highRisk);
    m_passphrase->setPlaceholderText(
        person.isValid() ? tr("%1's passphrase, checked by the engine").arg(person.displayName) : QString());
    m_reason->setEnabled(!m_pending);
    m_passphrase->setEnabled(!m_pending);
    m_signInOther->setEnabled(!m_pending);
    const QString approveWhy = approveBlocker();
    const QString denyWhy = blocker(false);
    m_approve->setEnabled(approveWhy.isEmpty());
    m_deny->setEnabled(denyWhy.isEmpty());
    m_approve->setToolTip(approveWhy);
    m_deny->setToolTip(denyWhy);
    m_blocker->setText(approveWhy.isEmpty() ? QString() : tr("Approve is disabled: %1").arg(approveWhy));
    m_blocker->setVisible(!approveWhy.isEmpty() && !m_pending);
    m_readPlan->setVisible(!m_unreadPlanHash.isEmpty());
}

void ApprovalDialog::approve()
{
    if (approveBlocker().isEmpty())
        request(true);
}

void ApprovalDialog::deny()
{
    if (!blocker(false).isEmpty())
        return;
    const qint64 id = runId();
    QMessageBox box(QMessageBox::Warning, tr("Deny run #%1?").arg(id),
        tr("Deny run #%1 (%2)?\n\nThe run is rejected and nothing of its plan will run. This cannot be undone; a new "
           "run would have to be proposed.")
            .arg(id)
            .arg(m_view->detail().run.playbookTitle),
        QMessageBox::NoButton, this);
    box.setObjectName(QStringLiteral("denyConfirmation"));
    QPushButton* confirm = box.addButton(tr("Deny run %1 — nothing will run").arg(id), QMessageBox::DestructiveRole);
    QPushButton* cancel = box.addButton(QMessageBox::Cancel);
    confirm->setAutoDefault(false);
    box.setDefaultButton(cancel);
    box.setEscapeButton(cancel);
    box.exec();
    if (box.clickedButton() == confirm && blocker(false).isEmpty())
        request(false);
}

void ApprovalDialog::request(bool grant)
{
    const Run& run = m_view->detail().run;
    const OperatorIdentity person = approver();
    m_pending = true;
    m_pendingGrant = grant;
    m_pendingPerson = person.name;
    m_pendingHash = run.planHash;
    const QString passphrase = m_view->tally().highRisk ? m_passphrase->text() : QString();
    showOutcome(grant ? tr("Checking %1's approval…").arg(person.displayName)
                      : tr("Sending %1's denial…").arg(person.displayName),
        true);
    setColor(m_outcome, m_theme.mutedText);
    updateState();
    Q_EMIT decisionRequested(run.id, person.name, run.planHash, passphrase, m_reason->text().trimmed(), grant);
}

void ApprovalDialog::onDecisionAnswered(qint64 runId, const QString& person, bool accepted, const QString& reason)
{
    if (!m_pending || runId != this->runId() || person != m_pendingPerson)
        return;
    m_pending = false;
    m_passphrase->clear();
    const QString name
        = m_session.person(person).value_or(OperatorIdentity { person, person, Role::Viewer }).displayName;
    if (!accepted) {
        showOutcome(tr("Refused for %1: %2").arg(name, reason), false);
    } else if (m_pendingGrant) {
        m_grantedHere.append(person + QLatin1Char('\n') + m_pendingHash);
        const ApprovalTally& tally = m_view->tally();
        const int counted = int(tally.counted.size()) + (tally.hasGranted(person) ? 0 : 1);
        const int remaining = qMax(0, tally.required - counted);
        showOutcome(remaining > 0
                ? tr("Approved by %1 — %2").arg(name, ApprovalTally::neededText(remaining, tally.role))
                : tr("Approved by %1 — the run starts").arg(name),
            true);
        m_reason->clear();
    } else {
        m_deniedHere = true;
        showOutcome(tr("Denied by %1 — nothing will run").arg(name), true);
    }
    updateState();
}

void ApprovalDialog::showOutcome(const QString& text, bool good)
{
    m_outcome->setText(text);
    setColor(m_outcome, good ? m_theme.toneColor(Theme::Tone::Good) : m_theme.toneColor(Theme::Tone::Bad));
}

QString ApprovalDialog::outcomeText() const
{
    return m_outcome->text();
}

void ApprovalDialog::openSignIn()
{
    if (m_signIn) {
        m_signIn->raise();
        return;
    }
    const Role required = roleFromName(m_view->tally().role).value_or(Role::Commander);
    m_signIn = new SignInDialog(m_session.peopleWith(required), QString(), this);
    m_signIn->setAttribute(Qt::WA_DeleteOnClose);
    m_signIn->setWindowTitle(tr("Sign in another %1 for run #%2").arg(roleName(required)).arg(runId()));
    connect(m_signIn, &SignInDialog::verifyRequested, this, &ApprovalDialog::verifyRequested);
    connect(m_signIn, &SignInDialog::signedIn, this, [this](const QString& name) {
        m_otherApprover = name;
        m_passphrase->clear(); // whatever was typed belongs to the previous approver
        m_outcome->clear();
        updateState();
        m_reason->setFocus();
    });
    m_signIn->open();
}

void ApprovalDialog::onVerified(quint64 requestId, const QString& name, bool accepted, const QString& message)
{
    if (m_signIn)
        m_signIn->onVerified(requestId, name, accepted, message);
}

SignInDialog* ApprovalDialog::signInDialog() const
{
    return m_signIn.data();
}

} // namespace firebreak
