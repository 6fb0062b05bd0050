#include "sandboxsuppressor.h"

#include "interfaces/clock.h"

#include <QMutexLocker>

namespace firebreak {

namespace {
// An absent label matches the empty value, as in Alertmanager.
bool matches(const Silence& silence, const LabelSet& labels)
{
    for (const SilenceMatcher& matcher : silence.matchers) {
        if (labels.value(matcher.name) != matcher.value)
            return false;
    }
    return true;
}
} // namespace

SandboxSuppressor::SandboxSuppressor(const Clock& clock)
    : m_clock(clock)
{
}

QString SandboxSuppressor::name() const
{
    return QStringLiteral("sandbox");
}

void SandboxSuppressor::suppress(const LabelSet& matchers, qint64 startsAtMs, qint64 endsAtMs, const QString& createdBy,
    const QString& comment, Callback done)
{
    Silence silence;
    for (auto it = matchers.cbegin(); it != matchers.cend(); ++it)
        silence.matchers.append(SilenceMatcher { it.key(), it.value(), false, true });
    silence.startsAtMs = startsAtMs;
    silence.endsAtMs = endsAtMs;
    silence.createdBy = createdBy.isEmpty() ? QStringLiteral("firebreak") : createdBy;
    silence.comment = comment;
    const SuppressionResult result = add(std::move(silence));
    if (done)
        done(result);
}

void SandboxSuppressor::expire(const QString& id, Callback done)
{
    const SuppressionResult result = end(id);
    if (done)
        done(result);
}

SuppressionResult SandboxSuppressor::add(Silence silence)
{
    // Alertmanager 0.25's refusals, in its words.
    const auto refuse = [](const QString& why) {
        return SuppressionResult { false, QString(), QStringLiteral("silence not created: ") + why };
    };
    if (silence.matchers.isEmpty())
        return refuse(QStringLiteral("matchers in body should have at least 1 items"));
    bool matchesNonEmpty = false;
    for (const SilenceMatcher& matcher : std::as_const(silence.matchers)) {
        if (matcher.name.isEmpty())
            return refuse(QStringLiteral("silence invalid: invalid label name \"\""));
        matchesNonEmpty = matchesNonEmpty || !matcher.value.isEmpty();
    }
    if (!matchesNonEmpty)
        return refuse(QStringLiteral("silence invalid: at least one matcher must not match the empty string"));
    // A start in the past means now, so a silence that has already ended starts after its end.
    const qint64 nowMs = m_clock.nowMs();
    silence.startsAtMs = qMax(silence.startsAtMs, nowMs);
    if (silence.startsAtMs > silence.endsAtMs)
        return refuse(QStringLiteral("Failed to create silence: start time must be before end time"));
    silence.updatedAtMs = nowMs;

    QMutexLocker lock(&m_mutex);
    m_silences.removeIf([nowMs](const Silence& kept) { return kept.endsAtMs + RetentionMs < nowMs; });
    silence.id = QStringLiteral("sandbox-silence-%1").arg(m_nextId++);
    m_silences.append(silence);
    return SuppressionResult { true, silence.id, QString() };
}

SuppressionResult SandboxSuppressor::end(const QString& id)
{
    const qint64 nowMs = m_clock.nowMs();
    QMutexLocker lock(&m_mutex);
    for (Silence& silence : m_silences) {
        if (silence.id != id)
            continue;
        // Expiring an expired silence succeeds and changes nothing, as in Alertmanager 0.25.
        const SilenceState state = stateAt(silence, nowMs);
        if (state == SilenceState::Expired)
            return SuppressionResult { true, id, QString() };
        if (state == SilenceState::Pending)
            silence.startsAtMs = nowMs;
        silence.endsAtMs = nowMs;
        silence.updatedAtMs = nowMs;
        return SuppressionResult { true, id, QString() };
    }
    return SuppressionResult { false, QString(), QStringLiteral("silence %1 not expired: silence not found").arg(id) };
}

bool SandboxSuppressor::mutes(const LabelSet& labels, qint64 atMs) const
{
    QMutexLocker lock(&m_mutex);
    for (const Silence& silence : m_silences) {
        if (stateAt(silence, atMs) == SilenceState::Active && matches(silence, labels))
            return true;
    }
    return false;
}

QVector<Silence> SandboxSuppressor::silences() const
{
    const qint64 nowMs = m_clock.nowMs();
    QMutexLocker lock(&m_mutex);
    QVector<Silence> out = m_silences;
    for (Silence& silence : out)
        silence.state = stateAt(silence, nowMs);
    return out;
}

SilenceState SandboxSuppressor::stateAt(const Silence& silence, qint64 atMs)
{
    if (atMs >= silence.endsAtMs)
        return SilenceState::Expired;
    if (atMs < silence.startsAtMs)
        return SilenceState::Pending;
    return SilenceState::Active;
}

} // namespace firebreak
