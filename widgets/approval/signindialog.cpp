#include "signindialog.h"

#include "itemmodels/requestids.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace firebreak {

SignInDialog::SignInDialog(const QVector<OperatorIdentity>& people, const QString& preselect, QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Sign in"));
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    m_person = new QComboBox;
    for (const OperatorIdentity& person : people) {
        m_person->addItem(
            QStringLiteral("%1 (%2, %3)").arg(person.displayName, person.name, roleName(person.role)), person.name);
    }
    const int preselected = m_person->findData(preselect);
    if (preselected >= 0)
        m_person->setCurrentIndex(preselected);
    form->addRow(tr("&Person"), m_person);
    m_passphrase = new QLineEdit;
    m_passphrase->setEchoMode(QLineEdit::Password);
    form->addRow(tr("Pass&phrase"), m_passphrase);
    layout->addLayout(form);
    m_message = new QLabel;
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    layout->addWidget(m_message);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    m_signIn = new QPushButton(tr("&Sign in"));
    m_cancel = new QPushButton(tr("Cancel"));
    for (QPushButton* button : { m_signIn, m_cancel }) {
        button->setAutoDefault(false);
        button->setDefault(false);
        buttons->addWidget(button);
    }
    layout->addLayout(buttons);
    if (people.isEmpty())
        m_message->setText(tr("Nobody in the roster may sign in here."));

    connect(m_signIn, &QPushButton::clicked, this, &SignInDialog::submit);
    // Signing in only proves who someone is, it decides nothing: Enter in the passphrase may submit.
    connect(m_passphrase, &QLineEdit::returnPressed, this, &SignInDialog::submit);
    connect(m_cancel, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_passphrase, &QLineEdit::textChanged, this, &SignInDialog::updateState);
    connect(m_person, &QComboBox::currentIndexChanged, this, &SignInDialog::updateState);
    updateState();
    m_passphrase->setFocus();
}

QString SignInDialog::message() const
{
    return m_message->text();
}

void SignInDialog::updateState()
{
    const bool busy = isBusy();
    m_person->setEnabled(!busy);
    m_passphrase->setEnabled(!busy);
    m_signIn->setEnabled(!busy && m_person->currentIndex() >= 0 && !m_passphrase->text().isEmpty());
}

void SignInDialog::submit()
{
    if (isBusy() || !m_signIn->isEnabled())
        return;
    m_requestId = RequestIds::next();
    m_requestName = m_person->currentData().toString();
    m_message->setText(tr("Checking %1's passphrase…").arg(m_requestName));
    m_message->setStyleSheet(QString());
    updateState();
    Q_EMIT verifyRequested(m_requestId, m_requestName, m_passphrase->text());
}

void SignInDialog::onVerified(quint64 requestId, const QString& name, bool accepted, const QString& message)
{
    if (requestId == 0 || requestId != m_requestId || name != m_requestName)
        return;
    m_requestId = 0;
    m_passphrase->clear();
    if (accepted) {
        m_message->setText(tr("Signed in as %1.").arg(name));
        updateState();
        Q_EMIT signedIn(name);
        accept();
        return;
    }
    m_message->setText(message.isEmpty() ? tr("The passphrase was not accepted.") : message);
    m_message->setStyleSheet(QStringLiteral("color: palette(bright-text);"));
    updateState();
    m_passphrase->setFocus();
}

} // namespace firebreak
