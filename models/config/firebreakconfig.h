#pragma once

#include "correlation/correlationsettings.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QVector>
#include <optional>

namespace firebreak {

// A secret read from a `token_file`: the file's absolute path (for messages) and its content, trimmed.
// The content is never printed anywhere; only the path is.
struct Credential {
    QString file;
    QByteArray token;
    bool isSet() const { return !file.isEmpty(); }
};

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
};

} // namespace firebreak
