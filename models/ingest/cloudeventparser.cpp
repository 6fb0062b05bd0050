#include "cloudeventparser.h"

#include "jsonpathreader.h"
#include "rfc3339.h"
#include "utf8.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSet>
#include <cmath>
#include <limits>

namespace firebreak {

namespace {

constexpr int MaxQuotedChars = 64;
const QString CloudEventsJson = QStringLiteral("application/cloudevents+json");
const QString CloudEventsBatchJson = QStringLiteral("application/cloudevents-batch+json");

enum class Shape { Single, Batch, Either };

// A value from the body, quoted for an error message: control characters escaped and long values
// cut, so that hostile input stays inert text in logs and on screen.
QString quoted(const QString& text)
{
    QString out = QStringLiteral("\"");
    const qsizetype shown = qMin<qsizetype>(text.size(), MaxQuotedChars);
    for (qsizetype i = 0; i < shown; ++i) {
        const QChar c = text.at(i);
        if (c == u'"' || c == u'\\')
            out += QLatin1Char('\\') + c;
        else if (c.unicode() < 0x20 || (c.unicode() >= 0x7F && c.unicode() <= 0x9F))
            out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
        else
            out += c;
    }
    out += QLatin1Char('"');
    if (text.size() > shown)
        out += QStringLiteral("... (%1 characters)").arg(text.size());
    return out;
}

WebhookError failure(const QString& field, const QString& message)
{
    return WebhookError { field, message, false };
}

// Media type without parameters, lower-cased; `charset` receives the charset parameter if any.
QString mediaType(const QString& contentType, QString* charset)
{
    const QStringList parts = contentType.split(QLatin1Char(';'));
    for (qsizetype i = 1; i < parts.size(); ++i) {
        const QString parameter = parts.at(i).trimmed();
        if (parameter.startsWith(QLatin1String("charset="), Qt::CaseInsensitive)) {
            QString value = parameter.mid(8).trimmed();
            if (value.size() >= 2 && value.startsWith(QLatin1Char('"')) && value.endsWith(QLatin1Char('"')))
                value = value.mid(1, value.size() - 2);
            *charset = value.toLower();
        }
    }
    return parts.first().trimmed().toLower();
}

// Depth of arrays and objects, checked before QJsonDocument builds anything, so that a body of a
// million '[' costs a scan and not a recursion. Returns the offending byte offset, or -1.
qsizetype tooDeepAt(const QByteArray& body, int limit)
{
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    for (qsizetype i = 0; i < body.size(); ++i) {
        const char c = body.at(i);
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            if (++depth > limit)
                return i;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return -1;
}

bool isNonCharacter(char32_t codePoint)
{
    return (codePoint >= 0xFDD0 && codePoint <= 0xFDEF) || (codePoint & 0xFFFE) == 0xFFFE;
}

// The spec's String type: no control characters (U+0000-U+001F, U+007F-U+009F), no noncharacters,
// no unpaired surrogates. Returns an empty string when `text` is acceptable.
QString stringProblem(const QString& text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t unit = text.at(i).unicode();
        char32_t codePoint = unit;
        if (QChar::isHighSurrogate(unit)) {
            if (i + 1 >= text.size() || !QChar::isLowSurrogate(text.at(i + 1).unicode()))
                return QStringLiteral("unpaired surrogate at character %1").arg(i + 1);
            codePoint = QChar::surrogateToUcs4(unit, text.at(i + 1).unicode());
            ++i;
        } else if (QChar::isLowSurrogate(unit)) {
            return QStringLiteral("unpaired surrogate at character %1").arg(i + 1);
        }
        if (codePoint < 0x20 || (codePoint >= 0x7F && codePoint <= 0x9F))
            return QStringLiteral("control character U+%1 at character %2")
                .arg(uint(codePoint), 4, 16, QLatin1Char('0'))
                .arg(i + 1);
        if (isNonCharacter(codePoint))
            return QStringLiteral("noncharacter U+%1 at character %2")
                .arg(uint(codePoint), 4, 16, QLatin1Char('0'))
                .arg(i + 1);
    }
    return QString();
}

bool isSchemeChar(QChar c, bool first)
{
    const bool alpha = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z');
    if (first)
        return alpha;
    return alpha || (c >= u'0' && c <= u'9') || c == u'+' || c == u'-' || c == u'.';
}

// RFC 3986 URI-reference at the character level: only unreserved, reserved and percent-encoded
// characters, and a colon before the first '/', '?' or '#' only after a valid scheme (otherwise a
// relative reference would be mistaken for one with a scheme). `scheme` is set when there is one.
QString uriProblem(const QString& text, bool* hasScheme)
{
    static const QString Allowed = QStringLiteral("-._~:/?#[]@!$&'()*+,;=%");
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        const bool alnum = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9');
        if (!alnum && !Allowed.contains(c))
            return QStringLiteral("character %1 (%2) is not allowed in a URI").arg(i + 1).arg(quoted(QString(c)));
        if (c == u'%') {
            const auto isHex = [&](qsizetype k) {
                return k < text.size() && QStringLiteral("0123456789abcdefABCDEF").contains(text.at(k));
            };
            if (!isHex(i + 1) || !isHex(i + 2))
                return QStringLiteral("'%' at character %1 is not followed by two hex digits").arg(i + 1);
        }
    }
    *hasScheme = false;
    const qsizetype colon = text.indexOf(QLatin1Char(':'));
    if (colon < 0)
        return QString();
    for (const QChar stop : { u'/', u'?', u'#' }) {
        const qsizetype at = text.indexOf(stop);
        if (at >= 0 && at < colon)
            return QString();
    }
    for (qsizetype i = 0; i < colon; ++i) {
        if (!isSchemeChar(text.at(i), i == 0))
            return QStringLiteral("%1 before ':' is not a valid URI scheme").arg(quoted(text.left(colon)));
    }
    *hasScheme = colon > 0;
    if (colon == 0)
        return QStringLiteral("empty URI scheme before ':'");
    return QString();
}

bool isExtensionName(const QString& name)
{
    if (name.isEmpty())
        return false;
    for (const QChar c : name) {
        if (!((c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9')))
            return false;
    }
    return true;
}

qsizetype utf8Size(const QString& text)
{
    if (text.size() * 3 <= CloudEventParser::MaxAttributeBytes)
        return text.size();
    return text.toUtf8().size();
}

// Reads one event object; stops at the first problem. `prefix` is "" for a single event and
// "[i]." inside a batch.
class EventReader {
public:
    EventReader(const QJsonObject& object, QString prefix)
        : m_object(object)
        , m_prefix(std::move(prefix))
    {
    }

    std::optional<WebhookError> error;

    bool read(CloudEvent& event)
    {
        return readSpecVersion(event) && readRequired(QStringLiteral("id"), event.id) && readSource(event)
            && readRequired(QStringLiteral("type"), event.type) && readContentType(event) && readSchema(event)
            && readOptional(QStringLiteral("subject"), event.subject) && readTime(event) && readExtensions(event)
            && readData(event);
    }

private:
    QString path(const QString& name) const
    {
        if (name.isEmpty() && m_prefix.endsWith(QLatin1Char('.')))
            return m_prefix.left(m_prefix.size() - 1);
        return m_prefix + name;
    }

    bool fail(const QString& name, const QString& message)
    {
        error = failure(path(name), message);
        return false;
    }

    // A string attribute. Returns false on error; `present` says whether it was set (null = unset).
    bool readString(const QString& name, bool required, QString& out, bool& present)
    {
        const QJsonValue value = m_object.value(name);
        present = !value.isUndefined() && !value.isNull();
        if (!present) {
            if (required)
                return fail(name,
                    value.isNull() ? QStringLiteral("required attribute is null")
                                   : QStringLiteral("required attribute is missing"));
            return true;
        }
        if (!value.isString())
            return fail(name, QStringLiteral("expected a string, found %1").arg(JsonPathReader::typeName(value)));
        out = value.toString();
        if (out.isEmpty())
            return fail(name, QStringLiteral("must not be empty"));
        if (const qsizetype bytes = utf8Size(out); bytes > CloudEventParser::MaxAttributeBytes)
            return fail(name,
                QStringLiteral("value is %1 bytes, more than the limit of %2")
                    .arg(bytes)
                    .arg(CloudEventParser::MaxAttributeBytes));
        if (const QString problem = stringProblem(out); !problem.isEmpty())
            return fail(name, problem);
        return true;
    }

    bool readRequired(const QString& name, QString& out)
    {
        bool present = false;
        return readString(name, true, out, present);
    }

    bool readOptional(const QString& name, QString& out)
    {
        bool present = false;
        return readString(name, false, out, present);
    }

    bool readSpecVersion(CloudEvent& event)
    {
        const QString name = QStringLiteral("specversion");
        if (!readRequired(name, event.specVersion))
            return false;
        if (event.specVersion != QLatin1String("1.0"))
            return fail(name, QStringLiteral("expected \"1.0\", found %1").arg(quoted(event.specVersion)));
        return true;
    }

    bool readSource(CloudEvent& event)
    {
        const QString name = QStringLiteral("source");
        if (!readRequired(name, event.source))
            return false;
        bool hasScheme = false;
        if (const QString problem = uriProblem(event.source, &hasScheme); !problem.isEmpty())
            return fail(name, QStringLiteral("not a URI-reference: %1 (%2)").arg(quoted(event.source), problem));
        return true;
    }

    bool readSchema(CloudEvent& event)
    {
        const QString name = QStringLiteral("dataschema");
        if (!readOptional(name, event.dataSchema))
            return false;
        if (event.dataSchema.isEmpty())
            return true;
        bool hasScheme = false;
        const QString problem = uriProblem(event.dataSchema, &hasScheme);
        if (!problem.isEmpty() || !hasScheme) {
            return fail(name,
                QStringLiteral("not an absolute URI: %1 (%2)")
                    .arg(quoted(event.dataSchema), problem.isEmpty() ? QStringLiteral("no scheme") : problem));
        }
        return true;
    }

    bool readContentType(CloudEvent& event)
    {
        const QString name = QStringLiteral("datacontenttype");
        if (!readOptional(name, event.dataContentType))
            return false;
        if (event.dataContentType.isEmpty())
            return true;
        const QString type = event.dataContentType.section(QLatin1Char(';'), 0, 0).trimmed();
        const qsizetype slash = type.indexOf(QLatin1Char('/'));
        if (slash <= 0 || slash == type.size() - 1 || type.contains(QLatin1Char(' '))
            || type.indexOf(QLatin1Char('/'), slash + 1) >= 0) {
            return fail(name,
                QStringLiteral("expected a media type such as application/json, found %1")
                    .arg(quoted(event.dataContentType)));
        }
        return true;
    }

    bool readTime(CloudEvent& event)
    {
        const QString name = QStringLiteral("time");
        if (!readOptional(name, event.timeText))
            return false;
        if (event.timeText.isEmpty())
            return true;
        QString reason;
        event.timeMs = Rfc3339::parse(event.timeText, &reason);
        if (!event.timeMs)
            return fail(name, QStringLiteral("not RFC 3339: %1 (%2)").arg(quoted(event.timeText), reason));
        return true;
    }

    bool readExtensions(CloudEvent& event)
    {
        static const QSet<QString> Known { QStringLiteral("specversion"), QStringLiteral("id"),
            QStringLiteral("source"), QStringLiteral("type"), QStringLiteral("datacontenttype"),
            QStringLiteral("dataschema"), QStringLiteral("subject"), QStringLiteral("time"), QStringLiteral("data"),
            QStringLiteral("data_base64") };
        for (auto it = m_object.constBegin(); it != m_object.constEnd(); ++it) {
            const QString name = it.key();
            if (Known.contains(name))
                continue;
            if (!isExtensionName(name))
                return fail(name,
                    QStringLiteral("invalid attribute name %1 (CloudEvents attribute names are lower-case a-z and "
                                   "0-9 only)")
                        .arg(quoted(name)));
            if (name.size() > CloudEventParser::MaxAttributeNameLength)
                return fail(name.left(CloudEventParser::MaxAttributeNameLength) + QStringLiteral("..."),
                    QStringLiteral("attribute name is %1 characters, more than the limit of %2")
                        .arg(name.size())
                        .arg(CloudEventParser::MaxAttributeNameLength));
            const QJsonValue value = it.value();
            if (value.isNull())
                continue; // null means unset (json-format.md 2.2)
            if (value.isString()) {
                QString text;
                if (!readOptional(name, text))
                    return false;
            } else if (value.isDouble()) {
                const double number = value.toDouble();
                if (number != std::floor(number) || number < std::numeric_limits<qint32>::min()
                    || number > std::numeric_limits<qint32>::max())
                    return fail(name,
                        QStringLiteral("expected an Integer (32-bit, no fraction), found %1")
                            .arg(QString::number(number, 'g', 17)));
            } else if (!value.isBool()) {
                return fail(name,
                    QStringLiteral("an extension attribute must be a string, integer or boolean, found %1")
                        .arg(JsonPathReader::typeName(value)));
            }
            if (event.extensions.size() >= CloudEventParser::MaxExtensions)
                return fail(QString(),
                    QStringLiteral("more than %1 extension attributes").arg(CloudEventParser::MaxExtensions));
            event.extensions.insert(name, value);
        }
        return true;
    }

    bool readData(CloudEvent& event)
    {
        const QString base64Name = QStringLiteral("data_base64");
        const QJsonValue base64 = m_object.value(base64Name);
        event.data = m_object.value(QStringLiteral("data"));
        if (base64.isUndefined() || base64.isNull())
            return true;
        if (!event.data.isUndefined())
            return fail(base64Name, QStringLiteral("must not appear together with \"data\" (json-format.md 3.1)"));
        if (!base64.isString())
            return fail(
                base64Name, QStringLiteral("expected a Base64 string, found %1").arg(JsonPathReader::typeName(base64)));
        const auto decoded
            = QByteArray::fromBase64Encoding(base64.toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            return fail(base64Name, QStringLiteral("not valid Base64 (RFC 4648)"));
        event.hasDataBase64 = true;
        event.dataBase64 = *decoded;
        return true;
    }

    const QJsonObject& m_object;
    QString m_prefix;
};

std::optional<WebhookError> readEvent(const QJsonValue& value, const QString& prefix, CloudEvent& event)
{
    if (!value.isObject()) {
        QString field = prefix;
        if (field.endsWith(QLatin1Char('.')))
            field.chop(1);
        return failure(field,
            QStringLiteral("expected a CloudEvent (a JSON object), found %1").arg(JsonPathReader::typeName(value)));
    }
    const QJsonObject object = value.toObject();
    EventReader reader(object, prefix);
    if (!reader.read(event))
        return reader.error;
    return std::nullopt;
}

} // namespace

CloudEventParseResult CloudEventParser::parse(const QByteArray& body, const QString& contentType)
{
    QString charset;
    const QString media = mediaType(contentType, &charset);
    Shape shape = Shape::Either;
    if (media == CloudEventsJson)
        shape = Shape::Single;
    else if (media == CloudEventsBatchJson)
        shape = Shape::Batch;
    else if (!media.isEmpty() && media != QLatin1String("application/json"))
        return failure(QString(),
            QStringLiteral("unsupported content type %1 (expected %2 or %3; binary content mode is not supported)")
                .arg(quoted(contentType), CloudEventsJson, CloudEventsBatchJson));
    if (!charset.isEmpty() && charset != QLatin1String("utf-8"))
        return failure(QString(), QStringLiteral("unsupported charset %1 (JSON is UTF-8)").arg(quoted(charset)));

    if (body.trimmed().isEmpty())
        return failure(QString(), QStringLiteral("body is empty"));
    if (const qsizetype bad = Utf8::firstInvalidByte(body); bad >= 0)
        return failure(QString(), QStringLiteral("body is not valid UTF-8 at byte offset %1").arg(bad));
    if (const qsizetype at = tooDeepAt(body, MaxNestingDepth); at >= 0)
        return failure(QString(),
            QStringLiteral("JSON nested deeper than %1 levels at byte offset %2").arg(MaxNestingDepth).arg(at));

    QJsonParseError jsonError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &jsonError);
    if (jsonError.error != QJsonParseError::NoError) {
        return failure(QString(),
            QStringLiteral("body is not valid JSON: %1 at byte offset %2")
                .arg(jsonError.errorString())
                .arg(jsonError.offset));
    }

    QVector<CloudEvent> events;
    if (document.isObject()) {
        if (shape == Shape::Batch)
            return failure(QString(),
                QStringLiteral("expected a JSON array of events (%1), found an object").arg(CloudEventsBatchJson));
        CloudEvent event;
        if (auto error = readEvent(document.object(), QString(), event))
            return *error;
        events.append(std::move(event));
        return events;
    }

    if (shape == Shape::Single)
        return failure(QString(),
            QStringLiteral("expected one event as a JSON object (%1), found an array; send batches as %2")
                .arg(CloudEventsJson, CloudEventsBatchJson));
    const QJsonArray array = document.array();
    if (array.size() > MaxEventsPerBatch)
        return failure(QString(),
            QStringLiteral("batch holds %1 events, more than the limit of %2")
                .arg(array.size())
                .arg(MaxEventsPerBatch));
    events.reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i) {
        CloudEvent event;
        if (auto error = readEvent(array.at(i), QStringLiteral("[%1].").arg(i), event))
            return *error;
        events.append(std::move(event));
    }
    return events;
}

} // namespace firebreak
