#pragma once

#include "domain/labelset.h"

#include <QString>
#include <functional>

namespace firebreak {

// The outcome of creating or expiring a suppression. `id` is the Alertmanager silence id (or the
// sandbox's local id) on success; `error` says why not otherwise.
struct SuppressionResult {
    bool ok = false;
    QString id;
    QString error;
};

// Mutes an alert after a remediation so that it does not storm while the fix takes hold: an
// Alertmanager silence through API v2 in production, local suppression on the sandbox. The engine
// only knows this interface. `done` is called exactly once, on the suppressor's thread, possibly
// before the call returns.
class Suppressor {
public:
    using Callback = std::function<void(const SuppressionResult&)>;
    virtual ~Suppressor() = default;
    virtual QString name() const = 0;
    // Equality matchers; `createdBy` is "firebreak"; `comment` names the incident and run.
    virtual void suppress(const LabelSet& matchers, qint64 startsAtMs, qint64 endsAtMs, const QString& createdBy,
        const QString& comment, Callback done)
        = 0;
    virtual void expire(const QString& id, Callback done) = 0;
};

} // namespace firebreak
