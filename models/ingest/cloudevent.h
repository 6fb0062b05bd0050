#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <optional>

namespace firebreak {

// One CloudEvents 1.0 event as the JSON event format carries it (CloudEvents spec.md and
// formats/json-format.md), validated. Kept apart from the timeline Event because a feed's event
// says what happened elsewhere; CloudEventMapper decides what it means on the timeline.
struct CloudEvent {
    QString specVersion; // always "1.0" once parsed
    QString id;
    QString source; // URI-reference, non-empty
    QString type;
    QString dataContentType; // empty = unset (JSON data is then implied)
    QString dataSchema; // absolute URI; empty = unset
    QString subject; // empty = unset
    std::optional<qint64> timeMs; // UTC ms of the `time` attribute, if set
    QString timeText; // `time` as sent, for the body
    // Extension attributes (lower-case a-z0-9 names) with their JSON values: string, integer or boolean.
    QJsonObject extensions;
    // `data` as sent (any JSON value, including null); Undefined when the event has no `data` member.
    QJsonValue data = QJsonValue(QJsonValue::Undefined);
    bool hasDataBase64 = false;
    QByteArray dataBase64; // decoded bytes of `data_base64`

    bool hasData() const { return !data.isUndefined() || hasDataBase64; }
    // Consumers may assume that events with the same source and id are duplicates (spec.md, `id`).
    QString deliveryKey() const { return source + QLatin1Char('\n') + id; }
};

} // namespace firebreak
