#pragma once

#include <QToolButton>

namespace firebreak {

class OperatorSession;

// Who the console acts for, always in view: every approval, note and rollback is recorded in this
// person's name. Clicking it signs in (or switches person, or signs out); the passphrase check is
// the app's business (signInRequested), never done on the GUI thread.
class SessionButton final : public QToolButton {
    Q_OBJECT
public:
    explicit SessionButton(OperatorSession& session, QWidget* parent = nullptr);

Q_SIGNALS:
    void signInRequested();

private:
    void update();

    OperatorSession& m_session;
};

} // namespace firebreak
