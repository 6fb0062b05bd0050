#pragma once

#include <QString>
#include <QStringList>

namespace firebreak {

// The checks ConfigLoader makes on single values, callable while someone is still typing, so that the
// settings dialog can say what is wrong next to the field instead of after a save. Each returns an empty
// string when the value is acceptable, otherwise the reason in words a person fixes it with.
class FieldCheck {
public:
    // An absolute URL with one of `schemes` (lower case) and a host, and no user or password in it.
    static QString url(const QString& text, const QStringList& schemes);
    // HOST:PORT as receiver.listen takes it: an IP address or localhost (IPv6 in brackets), port 1-65535.
    static QString listen(const QString& text);
    // A whole number of bytes, at least 1 and at most `max`.
    static QString positiveBytes(const QString& text, qint64 max);
    static QString existingFile(const QString& absolutePath);
    static QString existingDirectory(const QString& absolutePath);
};

} // namespace firebreak
