#pragma once

#include "roster/operatoridentity.h"

#include <QDialog>
#include <QVector>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace firebreak {

// Proves that a person at the console is who they say, by their roster passphrase, without checking
// it here: PBKDF2 takes about a second, so the check goes to the Authenticator on another thread
// (verifyRequested) and its answer comes back to onVerified. Used to sign in at the console and, from
// the approval dialog, to let a second commander give the second approval on the same machine.
class SignInDialog final : public QDialog {
    Q_OBJECT
public:
    // `people` to choose from (OperatorSession::people() or peopleWith(role)); `preselect` a name.
    explicit SignInDialog(
        const QVector<OperatorIdentity>& people, const QString& preselect = QString(), QWidget* parent = nullptr);

    bool isBusy() const { return m_requestId != 0; }
    QString message() const;
    QComboBox* personBox() const { return m_person; }
    QLineEdit* passphraseField() const { return m_passphrase; }
    QPushButton* signInButton() const { return m_signIn; }

public Q_SLOTS:
    // The Authenticator's answer. Answers to other requests (other dialogs) are ignored.
    void onVerified(quint64 requestId, const QString& name, bool accepted, const QString& message);

Q_SIGNALS:
    void verifyRequested(quint64 requestId, const QString& name, const QString& passphrase);
    void signedIn(const QString& name);

private:
    void submit();
    void updateState();

    QComboBox* m_person = nullptr;
    QLineEdit* m_passphrase = nullptr;
    QLabel* m_message = nullptr;
    QPushButton* m_signIn = nullptr;
    QPushButton* m_cancel = nullptr;
    quint64 m_requestId = 0;
    QString m_requestName;
};

} // namespace firebreak
