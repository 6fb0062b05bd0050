#include "automationswitch.h"

#include "roster/operatorsession.h"
#include "style/theme.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace firebreak {

AutomationSwitch::AutomationSwitch(const Theme& theme, OperatorSession& session, QWidget* parent)
    : QToolButton(parent)
    , m_theme(theme)
    , m_session(session)
{
    setObjectName(QStringLiteral("automationSwitch"));
    setAutoRaise(true);
    connect(this, &QToolButton::clicked, this, &AutomationSwitch::ask);
    connect(&m_session, &OperatorSession::changed, this, &AutomationSwitch::update);
    update();
}

void AutomationSwitch::setFrozen(bool frozen)
{
    m_frozen = frozen;
    update();
}

void AutomationSwitch::update()
{
    setText(m_frozen ? tr("Automation FROZEN") : tr("Automation: on"));
    const QColor background = m_frozen ? m_theme.errorBackground : QColor(Qt::transparent);
    const QColor foreground = m_frozen ? m_theme.errorText : m_theme.text;
    setStyleSheet(QStringLiteral("QToolButton { background: %1; color: %2; font-weight: %3; padding: 1px 8px; "
                                 "border-radius: 3px; }")
                      .arg(background.name(QColor::HexArgb), foreground.name(),
                          m_frozen ? QStringLiteral("bold") : QStringLiteral("normal")));
    const bool allowed = m_session.canAct(Role::Commander);
    setEnabled(allowed);
    QString tip = m_frozen ? tr("Automation is frozen: no run starts or continues; rollbacks still finish.")
                           : tr("Automation is running: runs start when their gates and approvals allow.");
    tip += QLatin1Char('\n');
    tip += allowed ? (m_frozen ? tr("Click to unfreeze.") : tr("Click to freeze all automation."))
                   : tr("Only a signed-in commander can freeze or unfreeze automation.");
    setToolTip(tip);
}

void AutomationSwitch::ask()
{
    if (!m_session.canAct(Role::Commander))
        return;
    QDialog dialog(window());
    dialog.setWindowTitle(m_frozen ? tr("Unfreeze automation") : tr("Freeze automation"));
    auto* layout = new QVBoxLayout(&dialog);
    auto* what = new QLabel(m_frozen ? tr("Runs will start again when their gates and approvals allow; approved "
                                          "runs that waited carry on.")
                                     : tr("No new run will start, approved runs will wait, and a run in progress "
                                          "stops before its next step. Rollbacks still finish."),
        &dialog);
    what->setWordWrap(true);
    layout->addWidget(what);
    auto* reason = new QLineEdit(&dialog);
    reason->setObjectName(QStringLiteral("freezeReason"));
    reason->setPlaceholderText(tr("Reason (goes into the audit trail)"));
    layout->addWidget(reason);
    auto* buttons = new QDialogButtonBox(&dialog);
    QPushButton* cancel = buttons->addButton(QDialogButtonBox::Cancel);
    QPushButton* confirm = buttons->addButton(
        m_frozen ? tr("Unfreeze automation") : tr("Freeze all automation"), QDialogButtonBox::AcceptRole);
    confirm->setAutoDefault(false);
    cancel->setDefault(true);
    confirm->setEnabled(false);
    connect(reason, &QLineEdit::textChanged, confirm,
        [confirm](const QString& text) { confirm->setEnabled(!text.trimmed().isEmpty()); });
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    layout->addWidget(buttons);
    if (dialog.exec() == QDialog::Accepted && !reason->text().trimmed().isEmpty())
        Q_EMIT freezeRequested(!m_frozen, reason->text().trimmed());
}

} // namespace firebreak
