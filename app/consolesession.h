#pragma once

#include "roster/operatorsession.h"

#include <QObject>
#include <QPointer>
#include <QThread>
#include <memory>

class QWidget;

namespace firebreak {

class ApprovalDialog;
class Authenticator;
class Roster;
class SignInDialog;

// Who is at the console, and the one way to prove it: the roster's people (without their hashes) in
// an OperatorSession on the GUI thread, and an Authenticator on its own thread, because checking a
// passphrase costs a second of PBKDF2 and the console must keep repainting meanwhile. Every sign-in
// dialog, the console's own and an approval dialog's second-commander one, goes through here.
class ConsoleSession final : public QObject {
    Q_OBJECT
public:
    // `roster` may be null: nobody can sign in, and the console stays view-only.
    explicit ConsoleSession(std::shared_ptr<const Roster> roster, QObject* parent = nullptr);
    ~ConsoleSession() override;

    OperatorSession& session() { return m_session; }
    bool hasRoster() const { return m_authenticator != nullptr; }
    // Sends the dialog's passphrase checks to the Authenticator and its answers back.
    void attach(SignInDialog* dialog);
    void attach(ApprovalDialog* dialog);
    // The console's sign-in dialog (non-modal); a person it accepts becomes the signed-in one.
    SignInDialog* openSignIn(QWidget* parent);
    SignInDialog* signInDialog() const;

private:
    std::shared_ptr<const Roster> m_roster;
    OperatorSession m_session;
    QThread m_thread;
    Authenticator* m_authenticator = nullptr; // lives on m_thread
    QPointer<SignInDialog> m_signIn;
};

} // namespace firebreak
