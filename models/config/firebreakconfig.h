#pragma once

#include "correlation/correlationsettings.h"
#include "credential.h"
#include "executorsettings.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QVector>
#include <optional>

namespace firebreak {

struct StoreSettings {
    QString path; // absolute
};

struct ReceiverSettings {
    static constexpr qint64 DefaultMaxBodyBytes = 4 * 1024 * 1024;
    static constexpr qint64 MaxBodyBytesCap = 64 * 1024 * 1024;

    QString listenHost; // an IPv4 or IPv6 literal, or "localhost"; IPv6 without brackets
    quint16 listenPort = 0;
    Credential credential; // always set: the receiver refuses unauthenticated requests
    qint64 maxBodyBytes = DefaultMaxBodyBytes;
};

struct AlertmanagerSettings {
    QList<QUrl> peers; // at least one, no duplicates, http or https
    Credential credential; // optional
};

struct PrometheusSettings {
    QUrl url; // http or https
    Credential credential; // optional
};

struct FeedSettings {
    QUrl websocket; // ws or wss
    Credential credential; // optional
};

// At most `maxRuns` playbook runs start within any `perMs` (a sliding window).
struct RateLimit {
    int maxRuns = 0;
    qint64 perMs = 0;
    bool operator==(const RateLimit&) const = default;
};

// A planned window (UTC ms, start inclusive, end exclusive) during which `quiet` gates block, as a
// change event of kind "maintenance" would.
struct MaintenanceWindow {
    qint64 startMs = 0;
    qint64 endMs = 0; // after startMs
    QString comment;
    bool operator==(const MaintenanceWindow&) const = default;
};

// The `automation:` section: where playbooks and the roster are, and the global brakes.
struct AutomationSettings {
    QString playbooksDir; // absolute, an existing directory; empty when not given
    QString rosterFile; // absolute, an existing file; empty when not given
    bool frozen = false; // the "freeze automation" switch as Firebreak starts
    bool autoApproveLow = false; // low-risk playbooks without an approval gate run without approval
    std::optional<RateLimit> rateLimit; // global, across all playbooks
    QVector<MaintenanceWindow> maintenance; // in the order written
};

// Everything a Firebreak configuration file can say, validated and with relative paths made absolute.
// A section left out of the file is std::nullopt (or empty): that backend is simply not used.
struct FirebreakConfig {
    QString sourceFile; // absolute path of the file it was loaded from
    std::optional<StoreSettings> store;
    std::optional<ReceiverSettings> receiver;
    std::optional<AlertmanagerSettings> alertmanager;
    std::optional<PrometheusSettings> prometheus;
    QVector<FeedSettings> feeds;
    CorrelationSettings correlation;
    std::optional<AutomationSettings> automation;
    std::optional<ExecutorSettings> executors;
};

} // namespace firebreak
