#pragma once

#include "roster/operatoridentity.h"

#include <QToolButton>

namespace firebreak {

class OperatorSession;
struct Theme;

// Freezing automation is the commander's emergency brake: no new run starts, approved runs wait, a
// run in progress stops before its next step (rollbacks still finish). It sits in the status bar,
// always visible, red while frozen, and asks for a reason and a deliberate confirmation either way:
// the change is audited in the signed-in person's name by the engine.
class AutomationSwitch final : public QToolButton {
    Q_OBJECT
public:
    AutomationSwitch(const Theme& theme, OperatorSession& session, QWidget* parent = nullptr);

    bool isFrozen() const { return m_frozen; }

public Q_SLOTS:
    // What the engine says (at start, and after every change).
    void setFrozen(bool frozen);

Q_SIGNALS:
    void freezeRequested(bool frozen, const QString& reason);

private:
    void ask();
    void update();

    const Theme& m_theme;
    OperatorSession& m_session;
    bool m_frozen = false;
};

} // namespace firebreak
