#pragma once

#include "roster.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QVector>

namespace firebreak {

// Checks a passphrase typed at the console. PBKDF2 at full strength takes about a second, so this
// lives on a worker thread of its own and answers by signal while the GUI keeps drawing. Its answer
// never tells whether a name exists (the roster spends as long on an unknown name), and it slows
// guessing: after too many failures for one name within a minute, that name is refused outright for
// a while, timed by a monotonic clock so that changing the system time does not lift it.
class Authenticator final : public QObject {
    Q_OBJECT
public:
    struct Limits {
        int maxFailures = 5;
        qint64 windowMs = 60'000;
        qint64 lockoutMs = 30'000;
    };

    explicit Authenticator(const Roster& roster, QObject* parent = nullptr);
    Authenticator(const Roster& roster, const Limits& limits, QObject* parent = nullptr);

public Q_SLOTS:
    void verify(quint64 requestId, const QString& name, const QString& passphrase);

Q_SIGNALS:
    // `message` is for the person at the keyboard: accepted, not accepted, or wait N s.
    void verified(quint64 requestId, const QString& name, bool accepted, const QString& message);

private:
    struct Attempts {
        QVector<qint64> failures; // monotonic ms
        qint64 lockedUntil = 0; // monotonic ms
    };

    Roster m_roster; // a copy: this object lives on another thread than the roster's owner
    Limits m_limits;
    QElapsedTimer m_monotonic;
    QHash<QString, Attempts> m_attempts;
};

} // namespace firebreak
