#include "webhookparser.h"

#include "jsonpathreader.h"
#include "rfc3339.h"
#include "utf8.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>
#include <cmath>
#include <limits>

namespace firebreak {

namespace {

// Go's zero time.Time, which Alertmanager writes for an alert that has no end yet.
constexpr qint64 GoZeroTimeMs = -62135596800000LL;
constexpr int MaxQuotedChars = 64;

// A value from the payload, quoted for an error message: control characters escaped and long
// values cut, so that hostile input stays inert text in logs and on screen.
QString quoted(const QString& text)
{
    QString out = QStringLiteral("\"");
    const qsizetype shown = qMin<qsizetype>(text.size(), MaxQuotedChars);
    for (qsizetype i = 0; i < shown; ++i) {
        const QChar c = text.at(i);
        if (c == u'"' || c == u'\\')
            out += QLatin1Char('\\') + c;
        else if (c.unicode() < 0x20 || c.unicode() == 0x7F)
            out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
        else
            out += c;
    }
    out += QLatin1Char('"');
    if (text.size() > shown)
        out += QStringLiteral("... (%1 characters)").arg(text.size());
    return out;
}

// What a document that is a lone JSON scalar holds, judged by its first character; empty when
// it does not look like one.
QString scalarKind(const QByteArray& body)
{
    const QByteArray text = body.trimmed();
    const QJsonDocument wrapped = QJsonDocument::fromJson('[' + text + ']');
    if (!wrapped.isArray() || wrapped.array().size() != 1)
        return QString();
    return JsonPathReader::typeName(wrapped.array().at(0));
}

bool isValidLabelName(const QString& name)
{
    if (name.isEmpty())
        return false;
    for (qsizetype i = 0; i < name.size(); ++i) {
        const char16_t c = name.at(i).unicode();
        const bool letter = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || c == u'_';
        const bool digit = c >= u'0' && c <= u'9';
        if (!letter && !(digit && i > 0))
            return false;
    }
    return true;
}

qsizetype utf8Size(const QString& text)
{
    // Every UTF-16 unit becomes at most 3 UTF-8 bytes; only count exactly near the limit.
    if (text.size() * 3 <= WebhookParser::MaxLabelValueBytes)
        return text.size();
    return text.toUtf8().size();
}

// Reads one payload, stopping at the first problem. Fields are checked in document order of
// Alertmanager's Message so that the first error reported is stable.
class Reader {
public:
    std::optional<WebhookError> error;

    bool fail(const QString& field, const QString& message)
    {
        error = WebhookError { field, message, false };
        return false;
    }

    bool wrongType(const QString& field, const QString& expected, const QJsonValue& found)
    {
        return fail(field, QStringLiteral("expected %1, found %2").arg(expected, JsonPathReader::typeName(found)));
    }

    // `present` is false (and true is returned) when an optional field is absent or null.
    bool lookup(const QJsonObject& object, const QString& key, const QString& path, bool required, QJsonValue& value,
        bool& present)
    {
        value = object.value(key);
        present = !value.isUndefined() && !(value.isNull() && !required);
        if (value.isUndefined() && required)
            return fail(path, QStringLiteral("required field is missing"));
        return true;
    }

    bool readString(const QJsonObject& object, const QString& key, const QString& path, bool required, QString& out)
    {
        QJsonValue value;
        bool present = false;
        if (!lookup(object, key, path, required, value, present))
            return false;
        if (!present)
            return true;
        if (!value.isString())
            return wrongType(path, QStringLiteral("a string"), value);
        out = value.toString();
        return true;
    }

    bool readStatus(const QJsonObject& object, const QString& path, QString& out)
    {
        if (!readString(object, QStringLiteral("status"), path, true, out))
            return false;
        if (out != QLatin1String("firing") && out != QLatin1String("resolved"))
            return fail(path, QStringLiteral("expected \"firing\" or \"resolved\", found %1").arg(quoted(out)));
        return true;
    }

    bool readLabels(const QJsonObject& object, const QString& key, const QString& path, bool required,
        bool isAnnotation, LabelSet& out)
    {
        QJsonValue value;
        bool present = false;
        if (!lookup(object, key, path, required, value, present))
            return false;
        if (!present)
            return true;
        if (!value.isObject())
            return wrongType(path, QStringLiteral("an object"), value);
        const QJsonObject map = value.toObject();
        const QString noun = isAnnotation ? QStringLiteral("annotation") : QStringLiteral("label");
        if (map.size() > WebhookParser::MaxLabels) {
            return fail(path,
                QStringLiteral("has %1 %2s, more than the limit of %3")
                    .arg(map.size())
                    .arg(noun)
                    .arg(WebhookParser::MaxLabels));
        }
        for (auto it = map.constBegin(); it != map.constEnd(); ++it) {
            const QString name = it.key();
            if (!isValidLabelName(name)) {
                return fail(path,
                    QStringLiteral("invalid %1 name %2 (expected [a-zA-Z_][a-zA-Z0-9_]*)").arg(noun, quoted(name)));
            }
            const QString valuePath = path + QLatin1Char('.') + name;
            if (!it.value().isString())
                return wrongType(valuePath, QStringLiteral("a string"), it.value());
            const QString text = it.value().toString();
            const qsizetype bytes = utf8Size(text);
            if (bytes > WebhookParser::MaxLabelValueBytes) {
                return fail(valuePath,
                    QStringLiteral("value is %1 bytes, more than the limit of %2")
                        .arg(bytes)
                        .arg(WebhookParser::MaxLabelValueBytes));
            }
            out.insert(name, text);
        }
        return true;
    }

    bool readTime(const QJsonObject& object, const QString& key, const QString& path, bool required, qint64& out)
    {
        QString text;
        if (!readString(object, key, path, required, text))
            return false;
        if (!object.contains(key) || object.value(key).isNull())
            return true;
        QString reason;
        const std::optional<qint64> ms = Rfc3339::parse(text, &reason);
        if (!ms) {
            return fail(path,
                QStringLiteral("expected an RFC 3339 time such as 2026-03-01T10:00:00.123Z, found %1 (%2)")
                    .arg(quoted(text), reason));
        }
        out = *ms;
        return true;
    }

    bool readTruncated(const QJsonObject& object, int& out)
    {
        const QString path = QStringLiteral("truncatedAlerts");
        QJsonValue value;
        bool present = false;
        if (!lookup(object, path, path, false, value, present))
            return false;
        if (!present)
            return true;
        if (!value.isDouble())
            return wrongType(path, QStringLiteral("a non-negative integer"), value);
        const double number = value.toDouble();
        if (number < 0 || number != std::floor(number) || number > std::numeric_limits<int>::max()) {
            return fail(path, QStringLiteral("expected a non-negative integer, found %1").arg(QString::number(number)));
        }
        out = static_cast<int>(number);
        return true;
    }

    bool readAlert(const QJsonValue& value, const QString& path, const QString& source, Alert& alert)
    {
        if (!value.isObject())
            return wrongType(path, QStringLiteral("an object"), value);
        const QJsonObject object = value.toObject();
        const QString dot = path + QLatin1Char('.');
        QString status;
        if (!readStatus(object, dot + QStringLiteral("status"), status))
            return false;
        alert.status = status == QLatin1String("firing") ? AlertStatus::Firing : AlertStatus::Resolved;
        if (!readLabels(object, QStringLiteral("labels"), dot + QStringLiteral("labels"), true, false, alert.labels))
            return false;
        if (alert.labels.isEmpty())
            return fail(dot + QStringLiteral("labels"), QStringLiteral("expected at least one label"));
        if (!readLabels(object, QStringLiteral("annotations"), dot + QStringLiteral("annotations"), false, true,
                alert.annotations))
            return false;
        if (!readTime(object, QStringLiteral("startsAt"), dot + QStringLiteral("startsAt"), true, alert.startsAtMs))
            return false;
        if (alert.startsAtMs == GoZeroTimeMs)
            return fail(dot + QStringLiteral("startsAt"), QStringLiteral("must be set, found the zero time"));
        if (!readTime(object, QStringLiteral("endsAt"), dot + QStringLiteral("endsAt"), false, alert.endsAtMs))
            return false;
        if (alert.endsAtMs == GoZeroTimeMs)
            alert.endsAtMs = 0;
        if (!readString(object, QStringLiteral("generatorURL"), dot + QStringLiteral("generatorURL"), false,
                alert.generatorUrl))
            return false;
        if (!readString(
                object, QStringLiteral("fingerprint"), dot + QStringLiteral("fingerprint"), true, alert.fingerprint))
            return false;
        if (alert.fingerprint.isEmpty())
            return fail(dot + QStringLiteral("fingerprint"), QStringLiteral("must not be empty"));
        alert.source = source;
        return true;
    }

    bool readPayload(const QJsonObject& root, const QString& source, WebhookPayload& payload)
    {
        if (!readString(root, QStringLiteral("groupKey"), QStringLiteral("groupKey"), true, payload.groupKey))
            return false;
        if (!readTruncated(root, payload.truncatedAlerts))
            return false;
        if (!readStatus(root, QStringLiteral("status"), payload.status))
            return false;
        if (!readString(root, QStringLiteral("receiver"), QStringLiteral("receiver"), true, payload.receiver))
            return false;
        const QString groupLabels = QStringLiteral("groupLabels");
        const QString commonLabels = QStringLiteral("commonLabels");
        const QString commonAnnotations = QStringLiteral("commonAnnotations");
        if (!readLabels(root, groupLabels, groupLabels, false, false, payload.groupLabels)
            || !readLabels(root, commonLabels, commonLabels, false, false, payload.commonLabels)
            || !readLabels(root, commonAnnotations, commonAnnotations, false, true, payload.commonAnnotations))
            return false;
        if (!readString(root, QStringLiteral("externalURL"), QStringLiteral("externalURL"), false, payload.externalUrl))
            return false;

        const QString alertsPath = QStringLiteral("alerts");
        QJsonValue alertsValue;
        bool present = false;
        if (!lookup(root, alertsPath, alertsPath, true, alertsValue, present))
            return false;
        if (!alertsValue.isArray())
            return wrongType(alertsPath, QStringLiteral("an array"), alertsValue);
        const QJsonArray alerts = alertsValue.toArray();
        payload.alerts.reserve(alerts.size());
        for (qsizetype i = 0; i < alerts.size(); ++i) {
            Alert alert;
            if (!readAlert(alerts.at(i), QStringLiteral("alerts[%1]").arg(i), source, alert))
                return false;
            payload.alerts.append(std::move(alert));
        }
        return true;
    }
};

} // namespace

WebhookParseResult WebhookParser::parse(const QByteArray& body, const QString& source)
{
    if (body.trimmed().isEmpty())
        return WebhookError { QString(), QStringLiteral("body is empty"), false };
    if (const qsizetype bad = Utf8::firstInvalidByte(body); bad >= 0)
        return WebhookError { QString(), QStringLiteral("body is not valid UTF-8 at byte offset %1").arg(bad), false };

    QJsonParseError jsonError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &jsonError);
    if (jsonError.error != QJsonParseError::NoError) {
        // Qt refuses a scalar document outright; say what it was rather than "illegal value".
        if (const QString scalar = scalarKind(body); !scalar.isEmpty()) {
            return WebhookError { QString(),
                QStringLiteral("expected a JSON object at the top level, found %1").arg(scalar), false };
        }
        return WebhookError { QString(),
            QStringLiteral("body is not valid JSON: %1 at byte offset %2")
                .arg(jsonError.errorString())
                .arg(jsonError.offset),
            false };
    }
    if (!document.isObject()) {
        const QString found = document.isArray() ? QStringLiteral("an array") : JsonPathReader::typeName(QJsonValue());
        return WebhookError { QString(), QStringLiteral("expected a JSON object at the top level, found %1").arg(found),
            false };
    }

    const QJsonObject root = document.object();
    Reader reader;
    WebhookPayload payload;
    if (!reader.readString(root, QStringLiteral("version"), QStringLiteral("version"), true, payload.version))
        return *reader.error;
    if (payload.version != QLatin1String("4")) {
        return WebhookError { QStringLiteral("version"),
            QStringLiteral("unsupported webhook version %1 (only \"4\" is understood)").arg(quoted(payload.version)),
            true };
    }
    if (!reader.readPayload(root, source, payload))
        return *reader.error;
    return payload;
}

} // namespace firebreak
