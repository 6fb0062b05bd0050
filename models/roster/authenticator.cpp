#include "authenticator.h"

#include <algorithm>

namespace firebreak {

Authenticator::Authenticator(const Roster& roster, QObject* parent)
    : Authenticator(roster, Limits {}, parent)
{
}

Authenticator::Authenticator(const Roster& roster, const Limits& limits, QObject* parent)
    : QObject(parent)
    , m_roster(roster)
    , m_limits(limits)
{
    m_monotonic.start();
}

void Authenticator::verify(quint64 requestId, const QString& name, const QString& passphrase)
{
    // Tracked for any name, known or not, so that being locked out tells nothing either.
    Attempts& attempts = m_attempts[name];
    const auto waitMessage = [this](qint64 remainingMs) {
        return tr("Too many wrong passphrases for this name. Wait %1 s before trying again.")
            .arg((remainingMs + 999) / 1000);
    };
    qint64 now = m_monotonic.elapsed();
    if (attempts.lockedUntil > now) {
        Q_EMIT verified(requestId, name, false, waitMessage(attempts.lockedUntil - now));
        return;
    }
    const bool accepted = m_roster.verifyPassphrase(name, passphrase);
    now = m_monotonic.elapsed();
    if (accepted) {
        m_attempts.remove(name);
        Q_EMIT verified(requestId, name, true, tr("Passphrase accepted."));
        return;
    }
    attempts.failures.append(now);
    const qint64 since = now - m_limits.windowMs;
    attempts.failures.erase(
        std::remove_if(attempts.failures.begin(), attempts.failures.end(), [since](qint64 t) { return t <= since; }),
        attempts.failures.end());
    if (attempts.failures.size() >= m_limits.maxFailures) {
        attempts.failures.clear();
        attempts.lockedUntil = now + m_limits.lockoutMs;
        Q_EMIT verified(requestId, name, false, waitMessage(m_limits.lockoutMs));
        return;
    }
    Q_EMIT verified(requestId, name, false, tr("That name and passphrase do not match the roster."));
}

} // namespace firebreak

#include "moc_authenticator.cpp"
