#pragma once

#include <QByteArray>
#include <QString>
#include <optional>
#include <variant>

namespace firebreak {

// Reads a secret from a file the way sshd treats private keys: a file that group or others can read
// is refused, because a leaked bearer token lets anyone inject or silence alerts. Writes one the same
// way: mode 0600 from the first byte, and never into a directory others may write to (they could
// swap the file for one holding a token they know).
class TokenFile {
public:
    // The token (surrounding whitespace and the trailing newline removed), or why it was refused.
    // The message names the path and never includes the file's content.
    static std::variant<QByteArray, QString> read(const QString& absolutePath);

    // Stores `token` (one line, at most 64 KiB, no line break) as `absolutePath`, replacing an existing
    // file atomically: a temporary file created with O_EXCL and mode 0600 in the same directory, written,
    // fsynced, renamed over the target, then the directory fsynced. The result is read back with read().
    // nullopt when written; otherwise why not, naming the path and never the token.
    static std::optional<QString> write(const QString& absolutePath, const QByteArray& token);
};

} // namespace firebreak
