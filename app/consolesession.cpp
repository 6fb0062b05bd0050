#include "consolesession.h"

#include "approval/approvaldialog.h"
#include "approval/signindialog.h"
#include "roster/authenticator.h"
#include "roster/roster.h"

namespace firebreak {

ConsoleSession::ConsoleSession(std::shared_ptr<const Roster> roster, QObject* parent)
    : QObject(parent)
    , m_roster(std::move(roster))
    , m_session(m_roster ? OperatorSession::peopleOf(*m_roster) : QVector<OperatorIdentity> {})
{
    if (!m_roster || m_roster->isEmpty())
        return;
    m_thread.setObjectName(QStringLiteral("firebreak-auth"));
    m_authenticator = new Authenticator(*m_roster);
    m_authenticator->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_authenticator, &QObject::deleteLater);
    m_thread.start();
}

ConsoleSession::~ConsoleSession()
{
    m_thread.quit();
    m_thread.wait();
}

void ConsoleSession::attach(SignInDialog* dialog)
{
    if (!m_authenticator)
        return;
    connect(dialog, &SignInDialog::verifyRequested, m_authenticator, &Authenticator::verify, Qt::QueuedConnection);
    connect(m_authenticator, &Authenticator::verified, dialog, &SignInDialog::onVerified, Qt::QueuedConnection);
}

void ConsoleSession::attach(ApprovalDialog* dialog)
{
    if (!m_authenticator)
        return;
    connect(dialog, &ApprovalDialog::verifyRequested, m_authenticator, &Authenticator::verify, Qt::QueuedConnection);
    connect(m_authenticator, &Authenticator::verified, dialog, &ApprovalDialog::onVerified, Qt::QueuedConnection);
}

SignInDialog* ConsoleSession::signInDialog() const
{
    return m_signIn.data();
}

SignInDialog* ConsoleSession::openSignIn(QWidget* parent)
{
    if (!m_signIn) {
        m_signIn = new SignInDialog(m_session.people(), m_session.current().name, parent);
        m_signIn->setAttribute(Qt::WA_DeleteOnClose);
        attach(m_signIn);
        connect(m_signIn, &SignInDialog::signedIn, &m_session, &OperatorSession::signIn);
    }
    m_signIn->show();
    m_signIn->raise();
    m_signIn->activateWindow();
    return m_signIn;
}

} // namespace firebreak
