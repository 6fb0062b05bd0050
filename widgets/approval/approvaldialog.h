#pragma once

#include "roster/operatoridentity.h"

#include <QDialog>
#include <QPointer>

class QLabel;
class QLineEdit;
class QPushButton;

namespace firebreak {

class ApprovalView;
class Clock;
class OperatorSession;
class SignInDialog;
struct RunDetail;
struct Theme;

// Where a commander says yes or no to one run, having seen all of it (ApprovalView above the
// decision). Built so that nothing is decided by accident: no button is ever the default, so Enter in
// a field does nothing; a reason is always required; high and critical runs ask for the passphrase
// again; a denial asks for a confirmation whose default is Cancel; and Approve stays disabled, with the
// reason shown, whenever the engine would refuse anyway. The decision carries the hash of the plan on
// screen, so an approval can never apply to a plan the approver did not see. A second commander can
// sign in for this dialog only, to give the second approval on the same console.
class ApprovalDialog final : public QDialog {
    Q_OBJECT
public:
    ApprovalDialog(const Clock& clock, const Theme& theme, OperatorSession& session, QWidget* parent = nullptr);

    void setDetail(const RunDetail& detail);
    ApprovalView* view() const { return m_view; }
    qint64 runId() const;
    // Who decides from this dialog: the person signed in at the console, or the commander who signed
    // in here for the second approval.
    OperatorIdentity approver() const;
    bool isBusy() const { return m_pending; }
    // Why Approve is disabled, empty when it is enabled.
    QString approveBlocker() const;
    QString outcomeText() const;

    QLineEdit* reasonField() const { return m_reason; }
    QLineEdit* passphraseField() const { return m_passphrase; }
    QPushButton* approveButton() const { return m_approve; }
    QPushButton* denyButton() const { return m_deny; }
    QPushButton* closeButton() const { return m_close; }
    QPushButton* signInButton() const { return m_signInOther; }
    QPushButton* readPlanButton() const { return m_readPlan; }
    SignInDialog* signInDialog() const;

public Q_SLOTS:
    void onDecisionAnswered(qint64 runId, const QString& person, bool accepted, const QString& reason);
    // Forwarded to the open SignInDialog (Authenticator::verified).
    void onVerified(quint64 requestId, const QString& name, bool accepted, const QString& message);
    void openSignIn();

Q_SIGNALS:
    void decisionRequested(qint64 runId, const QString& approver, const QString& planHash, const QString& passphrase,
        const QString& reason, bool grant);
    // From the SignInDialog, for the Authenticator.
    void verifyRequested(quint64 requestId, const QString& name, const QString& passphrase);

private:
    void approve();
    void deny();
    void request(bool grant);
    void updateState();
    void showOutcome(const QString& text, bool good);
    QString blocker(bool grant) const;

    OperatorSession& m_session;
    const Theme& m_theme;
    ApprovalView* m_view = nullptr;
    QLabel* m_approverLabel = nullptr;
    QPushButton* m_signInOther = nullptr;
    QLineEdit* m_reason = nullptr;
    QLabel* m_passphraseLabel = nullptr;
    QLineEdit* m_passphrase = nullptr;
    QLabel* m_blocker = nullptr;
    QLabel* m_outcome = nullptr;
    QPushButton* m_approve = nullptr;
    QPushButton* m_deny = nullptr;
    QPushButton* m_close = nullptr;
    QPushButton* m_readPlan = nullptr;
    QPointer<SignInDialog> m_signIn;

    QString m_otherApprover; // signed in here for this dialog only; empty = the console's person
    bool m_pending = false;
    bool m_pendingGrant = false;
    QString m_pendingPerson;
    QString m_pendingHash;
    QStringList m_grantedHere; // "person\nhash" accepted while the detail has not caught up yet
    bool m_deniedHere = false;
    QString m_unreadPlanHash; // the plan changed while the dialog was open and has not been re-read
};

} // namespace firebreak
