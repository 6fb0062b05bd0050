#pragma once

#include <QByteArray>
#include <QString>

namespace firebreak {

// A secret read from a `token_file`: the file's absolute path (for messages) and its content, trimmed.
// The content is never printed anywhere; only the path is.
struct Credential {
    QString file;
    QByteArray token;
    bool isSet() const { return !file.isEmpty(); }
};

} // namespace firebreak
