#pragma once

#include <QByteArray>
#include <QString>

class QJsonObject;
class QJsonValue;

namespace firebreak {

// A JSON writer whose output does not depend on the Qt version or on the order keys were
// inserted in, so that audit details written twice from the same values are the same bytes.
//
// The form: no whitespace; object keys sorted by their UTF-8 bytes (= code point order);
// strings as UTF-8 with only '"', '\\' and U+0000..U+001F escaped ("\b", "\f", "\n", "\r", "\t",
// otherwise "\u00XX" with lower-case hex); numbers that are whole and within +-2^53 as plain
// integers, others in the shortest form that reads back to the same double; true, false, null.
class CanonicalJson {
public:
    static QByteArray write(const QJsonObject& object);
    static QByteArray write(const QJsonValue& value);
    // Parses `json` and writes it canonically; false with `error` set unless it is a JSON object.
    // An empty input is the empty object.
    static bool canonicalise(const QByteArray& json, QByteArray* out, QString* error);
    // Appends one string in the form above (also how LabelJson writes its strings).
    static void appendString(QByteArray& out, const QString& text);
};

} // namespace firebreak
