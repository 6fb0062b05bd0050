#pragma once

#include "domain/alert.h"
#include "domain/labelset.h"

#include <QMetaType>
#include <QString>
#include <QVector>
#include <variant>

namespace firebreak {

// An Alertmanager webhook notification, version "4" (Alertmanager notify/webhook Message).
struct WebhookPayload {
    QString version;
    QString groupKey;
    int truncatedAlerts = 0;
    QString status; // "firing" | "resolved"
    QString receiver;
    LabelSet groupLabels;
    LabelSet commonLabels;
    LabelSet commonAnnotations;
    QString externalUrl;
    QVector<Alert> alerts;
};

// Why a payload was refused: the JSON path of the offending field ("alerts[3].startsAt", or "" for
// the document itself) and what was expected there. `unknownVersion` marks a well-formed payload of
// another version, which the receiver quarantines instead of rejecting.
struct WebhookError {
    QString field;
    QString message;
    bool unknownVersion = false;
    QString toString() const { return field.isEmpty() ? message : field + QStringLiteral(": ") + message; }
};

using WebhookParseResult = std::variant<WebhookPayload, WebhookError>;

} // namespace firebreak

Q_DECLARE_METATYPE(firebreak::WebhookError)
