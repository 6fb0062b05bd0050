#pragma once

#include <QByteArray>
#include <QString>
#include <variant>

namespace firebreak {

// A passphrase as the roster stores it: never the passphrase itself, only a salted, deliberately slow
// PBKDF2-HMAC-SHA256 hash of it, so that a copied roster file does not hand out approvals. The stored
// form is one line, "pbkdf2-sha256$ITERATIONS$SALT_BASE64$HASH_BASE64" (standard base64 with padding).
//
// Passphrases are normalised to Unicode NFKC and hashed as UTF-8 (NIST SP 800-63B section 5.1.1.2), so
// that the same characters typed on different keyboards or input methods verify alike.
class PassphraseHash {
public:
    static constexpr QLatin1StringView Scheme { "pbkdf2-sha256" };
    // OWASP Password Storage Cheat Sheet (2023): 210,000 iterations for PBKDF2-HMAC-SHA256.
    static constexpr int DefaultIterations = 210000;
    // Parsing refuses more, so that a hostile roster line cannot make each verification take minutes.
    static constexpr int MaxIterations = 10000000;
    static constexpr int SaltBytes = 16; // what create() uses; parse accepts 8 (RFC 8018 minimum) to 64
    static constexpr int MinSaltBytes = 8;
    static constexpr int MaxSaltBytes = 64;
    static constexpr int HashBytes = 32; // one SHA-256 output

    // An empty hash that no passphrase verifies against.
    PassphraseHash() = default;
    PassphraseHash(int iterations, const QByteArray& salt, const QByteArray& hash);

    // The stored form of `passphrase` with a fresh random 16-byte salt from the system generator; what
    // `firebreak roster hash` prints. An empty passphrase gives an empty string: it is never hashed.
    static QString create(const QString& passphrase);
    // As above with another iteration count (1 to MaxIterations); tests use small counts to stay fast.
    static QString create(const QString& passphrase, int iterations);
    // The hash of `passphrase` with a given salt, deterministic (for known-answer tests).
    static PassphraseHash derive(const QString& passphrase, const QByteArray& salt, int iterations);
    // The stored form read back, or why it is not one. The message never repeats the text.
    static std::variant<PassphraseHash, QString> parse(const QString& text);

    // Whether `passphrase` hashes to this hash, compared in constant time. Always false for an empty
    // passphrase or an empty hash.
    bool verify(const QString& passphrase) const;
    QString toString() const;
    bool isNull() const { return m_hash.isEmpty(); }

    int iterations() const { return m_iterations; }
    QByteArray salt() const { return m_salt; }
    QByteArray hash() const { return m_hash; }

    bool operator==(const PassphraseHash&) const = default;

private:
    static QByteArray key(const QString& passphrase, const QByteArray& salt, int iterations);

    int m_iterations = 0;
    QByteArray m_salt;
    QByteArray m_hash;
};

} // namespace firebreak
