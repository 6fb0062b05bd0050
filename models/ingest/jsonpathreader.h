#pragma once

#include "apiparseerror.h"
#include "domain/labelset.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <optional>

namespace firebreak {

// Typed, path-aware access to a JSON document for the API parsers: each accessor checks the type
// and records the first error with the full path of the value, so that every parser reports bad
// input the same way ("gettableSilences[2].matchers[0].isRegex: expected a boolean, found a string").
// Accessors return false once an error is recorded.
class JsonPathReader {
public:
    // The document's top-level value, or an error (empty body, invalid JSON with its offset).
    // `document` names the definition for messages ("gettableAlerts").
    static std::optional<QJsonValue> parse(const QByteArray& body, const QString& document, ApiParseError& error);

    static QString typeName(const QJsonValue& value);
    // A value quoted for an error message: control characters escaped, long values cut.
    static QString quoted(const QString& text);

    bool fail(const QString& path, const QString& message);
    bool wrongType(const QString& path, const QString& expected, const QJsonValue& found);

    bool object(const QJsonValue& value, const QString& path, QJsonObject& out);
    bool array(const QJsonValue& value, const QString& path, QJsonArray& out);
    // Members of an object; `required` members that are absent are errors, optional ones that are
    // absent or null leave `out` untouched.
    bool member(const QJsonObject& object, const QString& key, const QString& path, bool required, QJsonValue& out);
    bool string(const QJsonObject& object, const QString& key, const QString& path, bool required, QString& out);
    bool boolean(const QJsonObject& object, const QString& key, const QString& path, bool required, bool& out);
    bool objectMember(const QJsonObject& object, const QString& key, const QString& path, QJsonObject& out);
    bool arrayMember(
        const QJsonObject& object, const QString& key, const QString& path, bool required, QJsonArray& out);
    bool stringArray(
        const QJsonObject& object, const QString& key, const QString& path, bool required, QStringList& out);
    // RFC 3339 time as UTC ms; Go's zero time (0001-01-01T00:00:00Z, "not set") becomes 0.
    bool time(const QJsonObject& object, const QString& key, const QString& path, bool required, qint64& out);
    bool labels(const QJsonObject& object, const QString& key, const QString& path, bool required, LabelSet& out);
    // A string that must be one of `allowed`.
    bool oneOf(
        const QJsonObject& object, const QString& key, const QString& path, const QStringList& allowed, QString& out);

    const std::optional<ApiParseError>& error() const { return m_error; }

private:
    std::optional<ApiParseError> m_error;
};

} // namespace firebreak
