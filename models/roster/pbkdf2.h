#pragma once

#include <QByteArray>

namespace firebreak {

// PBKDF2 (RFC 8018 section 5.2) with HMAC-SHA256 as the pseudo-random function. Exists because the
// models library may not link QtNetwork, whose QPasswordDigestor would otherwise provide it; passphrase
// hashes in the roster are derived with it.
class Pbkdf2 {
public:
    // The first `length` bytes of the derived key. An empty result when `iterations` or `length` is
    // not positive, or `length` exceeds MaxLength.
    static QByteArray derive(const QByteArray& password, const QByteArray& salt, int iterations, int length);

    // RFC 8018 allows (2^32 - 1) blocks; nothing here needs more than a few, so a bound keeps a bad caller
    // from asking for gigabytes.
    static constexpr int MaxLength = 1024;
};

} // namespace firebreak
