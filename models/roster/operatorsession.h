#pragma once

#include "operatoridentity.h"

#include <QObject>
#include <QVector>
#include <optional>

namespace firebreak {

class Roster;

// The person signed in at this console, on the GUI thread. Every operator action (approve, deny,
// abort, roll back, note, status) is taken in this person's name, so the console needs one place
// that says who that is; the passphrase check itself happens off the GUI thread (Authenticator), and
// only its answer reaches signIn(). Holds the roster's people without their hashes.
class OperatorSession final : public QObject {
    Q_OBJECT
public:
    explicit OperatorSession(QVector<OperatorIdentity> people, QObject* parent = nullptr);
    // The people of `roster`, each with their highest role.
    static QVector<OperatorIdentity> peopleOf(const Roster& roster);

    const QVector<OperatorIdentity>& people() const { return m_people; }
    std::optional<OperatorIdentity> person(const QString& name) const;
    // Those who hold `role` (or a role that includes it).
    QVector<OperatorIdentity> peopleWith(Role role) const;
    const OperatorIdentity& current() const { return m_current; }
    // Whether the signed-in person may act where `required` is asked for; false when nobody is.
    bool canAct(Role required) const;

public Q_SLOTS:
    // After the Authenticator accepted this person's passphrase. Ignored for a name not in the roster.
    void signIn(const QString& name);
    void signOut();

Q_SIGNALS:
    void changed(const firebreak::OperatorIdentity& current);

private:
    QVector<OperatorIdentity> m_people;
    OperatorIdentity m_current;
};

} // namespace firebreak
