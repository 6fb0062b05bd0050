#pragma once

#include "cloudevent.h"
#include "webhookpayload.h"

#include <QByteArray>
#include <QString>
#include <QVector>
#include <variant>

namespace firebreak {

using CloudEventParseResult = std::variant<QVector<CloudEvent>, WebhookError>;

// Parses a structured-mode CloudEvents body: one event (application/cloudevents+json) or a batch
// (application/cloudevents-batch+json, a JSON array of events). A pure function, shared by the
// HTTP receiver and the WebSocket feeds, so both refuse the same things with the same words.
//
// A batch is all or nothing: the first bad event refuses the whole body, naming its index
// ("[3].specversion: expected \"1.0\", found \"0.3\""), so nothing is half-stored and the sender
// can fix the event and send the batch again (its good events are then not stored twice, because
// the pipeline drops re-delivered source + id pairs).
class CloudEventParser {
public:
    // Bounds for hostile or broken senders. The spec asks consumers to accept events of at least
    // 64 KiB; the body size itself is capped by the transport (receiver max_body_bytes, feed cap).
    static constexpr int MaxEventsPerBatch = 1000;
    static constexpr int MaxNestingDepth = 64; // arrays and objects, counting the batch array
    static constexpr int MaxAttributeBytes = 4096; // UTF-8 bytes of one attribute value
    static constexpr int MaxAttributeNameLength = 64; // the spec recommends at most 20
    static constexpr int MaxExtensions = 64;

    // `contentType` is the HTTP Content-Type (parameters allowed, charset must be UTF-8). Empty or
    // application/json means "structured, either shape" (WebSocket messages carry no content type).
    static CloudEventParseResult parse(const QByteArray& body, const QString& contentType);
};

} // namespace firebreak
