#pragma once

#include "webhookpayload.h"

#include <QByteArray>

namespace firebreak {

// Parses an Alertmanager webhook v4 body. A pure function: no I/O, no clock, no state, so the
// sandbox, the HTTP receiver, the fuzzer and the tests all exercise the exact same path.
class WebhookParser {
public:
    static constexpr int MaxLabelValueBytes = 16 * 1024;
    static constexpr int MaxLabels = 128;

    // `source` is stamped on every alert (for example "alertmanager" or "sandbox").
    static WebhookParseResult parse(const QByteArray& body, const QString& source);
};

} // namespace firebreak
