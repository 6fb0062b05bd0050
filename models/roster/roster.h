#pragma once

#include "rosteruser.h"

#include <QString>
#include <QVector>
#include <optional>

namespace firebreak {

// Who may see, respond to and approve remediation, read from the roster file (RosterLoader). The
// approval rules ask it who a person is and what they hold; the approval dialog asks it to check a
// re-entered passphrase. An empty roster knows nobody, so nobody can approve anything.
class Roster {
public:
    Roster() = default;
    // `users` with distinct names (RosterLoader checks that); `contentHash` is the lower-case hex
    // SHA-256 of the file's bytes, so that the engine can audit a changed roster.
    explicit Roster(const QVector<RosterUser>& users, const QString& sourceFile = {}, const QString& contentHash = {});

    std::optional<RosterUser> user(const QString& name) const;
    bool contains(const QString& name) const;
    // False for a name not in the roster.
    bool hasRole(const QString& name, Role role) const;
    // Whether `passphrase` is the user's. For a name not in the roster the answer is false, but only
    // after a PBKDF2 derivation as costly as a real user's, so that timing does not tell who exists.
    bool verifyPassphrase(const QString& name, const QString& passphrase) const;

    const QVector<RosterUser>& users() const { return m_users; }
    bool isEmpty() const { return m_users.isEmpty(); }
    QString sourceFile() const { return m_sourceFile; }
    QString contentHash() const { return m_contentHash; }

    bool operator==(const Roster&) const = default;

private:
    const RosterUser* find(const QString& name) const;

    QVector<RosterUser> m_users;
    QString m_sourceFile;
    QString m_contentHash;
    PassphraseHash m_dummy; // what an unknown name is checked against
};

} // namespace firebreak
