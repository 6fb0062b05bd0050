#pragma once

#include "domain/silence.h"
#include "interfaces/suppressor.h"

#include <QMutex>
#include <QVector>

namespace firebreak {

class Clock;

// Suppression on the sandbox, where there is no Alertmanager to hold a silence: keeps silences
// itself, on the sandbox's clock, and the sandbox's notifier asks mutes() before it sends, so that a
// suppressed alert stays quiet exactly as a real Alertmanager would keep it (firing and resolved
// notifications alike). Answers as Alertmanager does, including its refusals. `done` is called
// before suppress() and expire() return. Thread-safe.
class SandboxSuppressor final : public Suppressor {
public:
    // Expired silences are forgotten after this, like Alertmanager's default --data.retention.
    static constexpr qint64 RetentionMs = 120LL * 60 * 60 * 1000;

    explicit SandboxSuppressor(const Clock& clock);

    QString name() const override;
    // Starts at `startsAtMs` or now, whichever is later; ends at `endsAtMs` by the sandbox's clock.
    void suppress(const LabelSet& matchers, qint64 startsAtMs, qint64 endsAtMs, const QString& createdBy,
        const QString& comment, Callback done) override;
    // Ends the silence now; an unknown id is refused, an expired one left as it is.
    void expire(const QString& id, Callback done) override;

    // Whether a silence active at `atMs` (the sandbox's time of an evaluation) matches `labels`.
    bool mutes(const LabelSet& labels, qint64 atMs) const;
    // Every silence kept, with its state at the sandbox's current time, oldest first.
    QVector<Silence> silences() const;

private:
    static SilenceState stateAt(const Silence& silence, qint64 atMs);
    SuppressionResult add(Silence silence);
    SuppressionResult end(const QString& id);

    const Clock& m_clock;
    mutable QMutex m_mutex;
    QVector<Silence> m_silences;
    quint64 m_nextId = 1;
};

} // namespace firebreak
