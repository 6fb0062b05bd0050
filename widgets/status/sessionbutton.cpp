#include "sessionbutton.h"

#include "roster/operatorsession.h"

#include <QMenu>

namespace firebreak {

SessionButton::SessionButton(OperatorSession& session, QWidget* parent)
    : QToolButton(parent)
    , m_session(session)
{
    setObjectName(QStringLiteral("sessionButton"));
    setAutoRaise(true);
    setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(this);
    QAction* signIn = menu->addAction(tr("Sign in…"), this, &SessionButton::signInRequested);
    signIn->setObjectName(QStringLiteral("signInAction"));
    QAction* signOut = menu->addAction(tr("Sign out"), &m_session, &OperatorSession::signOut);
    signOut->setObjectName(QStringLiteral("signOutAction"));
    setMenu(menu);
    connect(menu, &QMenu::aboutToShow, this, [this, signIn, signOut] {
        signIn->setText(m_session.current().isValid() ? tr("Sign in as someone else…") : tr("Sign in…"));
        signOut->setEnabled(m_session.current().isValid());
    });
    connect(&m_session, &OperatorSession::changed, this, &SessionButton::update);
    update();
}

void SessionButton::update()
{
    const OperatorIdentity& who = m_session.current();
    if (!who.isValid()) {
        setText(tr("Not signed in — sign in to act"));
        setToolTip(tr("Viewing only. Sign in with your roster name and passphrase to approve, roll back or annotate."));
        return;
    }
    setText(tr("Signed in: %1 (%2)").arg(who.displayName, roleName(who.role)));
    setToolTip(tr("Actions are recorded in the audit trail as %1.").arg(who.name));
}

} // namespace firebreak
