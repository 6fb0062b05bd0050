#pragma once

#include "config/configerror.h"
#include "roster.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <variant>

namespace firebreak {

// Reads the roster file, refusing anything doubtful with FILE:LINE: message, every problem at once.
// The roster decides who may approve changes to production, so nothing is guessed, and, like a token
// file, a roster on disk that group or others may read is refused: its hashes invite offline guessing.
// A ":/..." resource (the demo roster) has no permissions and is not checked.
//
// Schema (one YAML document):
//   users:           required non-empty list of
//     name:          required; 1-64 of [a-z0-9._-] starting with a letter; unique; not "firebreak",
//                    which names runs that Firebreak proposed itself
//     display:       optional display name; the name when absent
//     roles:         required non-empty list of viewer | responder | commander | admin, each at most once
//     passphrase:    required; pbkdf2-sha256$ITERATIONS$SALT_BASE64$HASH_BASE64, as printed by
//                    `firebreak roster hash` (PassphraseHash::create)
// Example:
//   users:
//     - {name: alice, display: Alice Ng, roles: [commander], passphrase: "pbkdf2-sha256$210000$...$..."}
class RosterLoader {
public:
    using Result = std::variant<Roster, QList<ConfigError>>;

    // `path` may be a ":/..." resource. Errors name the file as given (cleaned).
    static Result load(const QString& path);
    // The roster in `content`, errors naming `file`; no permission check. The roster's contentHash is
    // the SHA-256 of `content`.
    static Result parse(const QByteArray& content, const QString& file);

    // A roster is a short list of people; anything larger is the wrong file.
    static constexpr qint64 MaxFileBytes = 1024 * 1024;
};

} // namespace firebreak
