#pragma once

#include <QByteArray>
#include <QString>
#include <variant>

namespace firebreak {

// Reads a secret from a file the way sshd treats private keys: a file that group or others can read
// is refused, because a leaked bearer token lets anyone inject or silence alerts.
class TokenFile {
public:
    // The token (surrounding whitespace and the trailing newline removed), or why it was refused.
    // The message names the path and never includes the file's content.
    static std::variant<QByteArray, QString> read(const QString& absolutePath);
};

} // namespace firebreak
