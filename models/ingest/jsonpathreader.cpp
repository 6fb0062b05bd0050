#include "jsonpathreader.h"

#include "rfc3339.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace firebreak {

namespace {

// Go's zero time.Time: what Alertmanager writes for a time that is not set.
constexpr qint64 GoZeroTimeMs = -62135596800000LL;
constexpr int MaxQuotedChars = 64;

} // namespace

std::optional<QJsonValue> JsonPathReader::parse(const QByteArray& body, const QString& document, ApiParseError& error)
{
    if (body.trimmed().isEmpty()) {
        error = ApiParseError { document, QStringLiteral("response body is empty") };
        return std::nullopt;
    }
    // Qt only accepts an object or an array at the top level; wrapping lets a scalar through so
    // that the parser can say what it found instead of "illegal value".
    QJsonParseError jsonError;
    const QJsonDocument wrapped = QJsonDocument::fromJson('[' + body + ']', &jsonError);
    if (jsonError.error != QJsonParseError::NoError || wrapped.array().size() != 1) {
        const QJsonDocument plain = QJsonDocument::fromJson(body, &jsonError);
        Q_UNUSED(plain);
        error = ApiParseError { document,
            QStringLiteral("response is not valid JSON: %1 at byte offset %2")
                .arg(jsonError.errorString())
                .arg(jsonError.offset) };
        return std::nullopt;
    }
    return wrapped.array().at(0);
}

QString JsonPathReader::typeName(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

QString JsonPathReader::quoted(const QString& text)
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

bool JsonPathReader::fail(const QString& path, const QString& message)
{
    if (!m_error)
        m_error = ApiParseError { path, message };
    return false;
}

bool JsonPathReader::wrongType(const QString& path, const QString& expected, const QJsonValue& found)
{
    return fail(path, QStringLiteral("expected %1, found %2").arg(expected, typeName(found)));
}

bool JsonPathReader::object(const QJsonValue& value, const QString& path, QJsonObject& out)
{
    if (!value.isObject())
        return wrongType(path, QStringLiteral("an object"), value);
    out = value.toObject();
    return true;
}

bool JsonPathReader::array(const QJsonValue& value, const QString& path, QJsonArray& out)
{
    if (!value.isArray())
        return wrongType(path, QStringLiteral("an array"), value);
    out = value.toArray();
    return true;
}

bool JsonPathReader::member(
    const QJsonObject& object, const QString& key, const QString& path, bool required, QJsonValue& out)
{
    out = object.value(key);
    if (out.isUndefined() && required)
        return fail(path, QStringLiteral("required field is missing"));
    return true;
}

bool JsonPathReader::string(
    const QJsonObject& object, const QString& key, const QString& path, bool required, QString& out)
{
    QJsonValue value;
    if (!member(object, key, path, required, value))
        return false;
    if (value.isUndefined() || (value.isNull() && !required))
        return true;
    if (!value.isString())
        return wrongType(path, QStringLiteral("a string"), value);
    out = value.toString();
    return true;
}

bool JsonPathReader::boolean(
    const QJsonObject& object, const QString& key, const QString& path, bool required, bool& out)
{
    QJsonValue value;
    if (!member(object, key, path, required, value))
        return false;
    if (value.isUndefined() || (value.isNull() && !required))
        return true;
    if (!value.isBool())
        return wrongType(path, QStringLiteral("a boolean"), value);
    out = value.toBool();
    return true;
}

bool JsonPathReader::objectMember(const QJsonObject& object, const QString& key, const QString& path, QJsonObject& out)
{
    QJsonValue value;
    return member(object, key, path, true, value) && this->object(value, path, out);
}

bool JsonPathReader::arrayMember(
    const QJsonObject& object, const QString& key, const QString& path, bool required, QJsonArray& out)
{
    QJsonValue value;
    if (!member(object, key, path, required, value))
        return false;
    if (value.isUndefined() || (value.isNull() && !required))
        return true;
    return array(value, path, out);
}

bool JsonPathReader::stringArray(
    const QJsonObject& object, const QString& key, const QString& path, bool required, QStringList& out)
{
    QJsonArray items;
    if (!arrayMember(object, key, path, required, items))
        return false;
    for (qsizetype i = 0; i < items.size(); ++i) {
        if (!items.at(i).isString())
            return wrongType(QStringLiteral("%1[%2]").arg(path).arg(i), QStringLiteral("a string"), items.at(i));
        out.append(items.at(i).toString());
    }
    return true;
}

bool JsonPathReader::time(
    const QJsonObject& object, const QString& key, const QString& path, bool required, qint64& out)
{
    QString text;
    if (!string(object, key, path, required, text))
        return false;
    if (text.isNull())
        return true;
    QString reason;
    const std::optional<qint64> ms = Rfc3339::parse(text, &reason);
    if (!ms) {
        return fail(path,
            QStringLiteral("expected an RFC 3339 time such as 2026-03-01T10:00:00.123Z, found %1 (%2)")
                .arg(quoted(text), reason));
    }
    out = *ms == GoZeroTimeMs ? 0 : *ms;
    return true;
}

bool JsonPathReader::labels(
    const QJsonObject& object, const QString& key, const QString& path, bool required, LabelSet& out)
{
    QJsonValue value;
    if (!member(object, key, path, required, value))
        return false;
    if (value.isUndefined() || (value.isNull() && !required))
        return true;
    QJsonObject map;
    if (!this->object(value, path, map))
        return false;
    for (auto it = map.constBegin(); it != map.constEnd(); ++it) {
        if (it.key().isEmpty())
            return fail(path, QStringLiteral("a name is empty"));
        if (!it.value().isString())
            return wrongType(path + QLatin1Char('.') + it.key(), QStringLiteral("a string"), it.value());
        out.insert(it.key(), it.value().toString());
    }
    return true;
}

bool JsonPathReader::oneOf(
    const QJsonObject& object, const QString& key, const QString& path, const QStringList& allowed, QString& out)
{
    if (!string(object, key, path, true, out))
        return false;
    if (allowed.contains(out))
        return true;
    QStringList choices;
    for (const QString& choice : allowed)
        choices.append(quoted(choice));
    return fail(
        path, QStringLiteral("expected one of %1, found %2").arg(choices.join(QStringLiteral(", ")), quoted(out)));
}

} // namespace firebreak
